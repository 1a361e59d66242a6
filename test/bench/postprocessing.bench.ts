/**
 * Whole post-processing throughput: sifting and the test-bit disclosure of
 * synthetic 2^22-slot frames, then estimation, Cascade, verification and
 * privacy amplification of blocks of n_X = 4·10^5 key-basis bits gathered
 * across them (about two frames per block), both nodes' sessions in this
 * process, every message encoded and decoded.
 *
 * value: WorkerFrameExecutor (its default worker count on each side) with two
 * frames in flight and each block run as soon as it closes, as the node runs them.
 * reference: InThreadFrameExecutor, one frame after the other (blocks as they
 * close, in the same thread), same frames, same run.
 *
 * Rows in frames/s, sifted Mbit/s (key- plus test-basis sifted bits at the
 * receiver) and secret Mbit/s. Wall time on a shared machine: the speed-up is
 * bounded by the cores actually free during the run, reported as `cores`.
 */
import { availableParallelism } from 'node:os';
import type { BenchContext, BenchResult, BenchSuite } from './harness.ts';
import { decodeEnvelope, encodeEnvelope, type DecodedEnvelope, type EnvelopeInit } from '../../src/peer/messages.ts';
import { Xoshiro128 } from '../../src/pipeline/prng.ts';
import type { FrameExecutor } from '../../src/node/frame/frame-executor.ts';
import { InThreadFrameExecutor } from '../../src/node/frame/in-thread-executor.ts';
import { WorkerFrameExecutor, defaultWorkerCount } from '../../src/node/frame/worker-executor.ts';
import { DEFAULT_FRAME_PARAMS, type FrameParams } from '../../src/node/frame/frame-params.ts';
import { isBlockOutcome, type BlockOutcome, type FrameOutcome, type SessionOutcome } from '../../src/node/frame/frame-outcome.ts';
import type { FrameStep } from '../../src/node/frame/frame-session.ts';
import { blockWork, frameWork, type WorkId } from '../../src/node/frame/work-id.ts';
import { BlockAccumulator, type BlockMaterial } from '../../src/node/block-accumulator.ts';
import type { ReceiverDetections } from '../../src/node/frame/receiver-frame.ts';
import { syntheticFrame, type SyntheticFrameOptions } from '../support/synthetic-frame.ts';

export const BENCH_CHANNEL: SyntheticFrameOptions = {
  slots: 1 << 22,
  intensities: [0.6, 0.2, 0.0002],
  probabilities: [0.5, 0.3, 0.2],
  keyBasisProbability: 0.7,
  eta: 0.3,
  misalignment: 0.01,
};

/** Frame parameters for `channel`; blocks of `blockBits` key-basis bits (default: about two of the bench channel's frames). */
export function paramsFor(channel: SyntheticFrameOptions, blockBits = 400_000): FrameParams {
  return {
    ...DEFAULT_FRAME_PARAMS,
    slots: channel.slots,
    intensities: channel.intensities,
    probabilities: channel.probabilities,
    blockBits,
  };
}

export interface FrameInputs {
  pattern: Uint32Array;
  detections: ReceiverDetections;
}

/** Fresh copies: executors take ownership of (and zero or move) what they are given. */
export function copyInputs(f: FrameInputs): FrameInputs {
  const d = f.detections;
  return {
    pattern: f.pattern.slice(),
    detections: { count: d.count, slots: d.slots.slice(), bases: d.bases.slice(), bits: d.bits.slice() },
  };
}

function wire(msgs: EnvelopeInit[]): DecodedEnvelope[] {
  return msgs.map((m) => decodeEnvelope(encodeEnvelope(m)));
}

/**
 * One frame between a transmitter executor and a receiver executor, the way
 * the two node loops run it (messages through the wire format): sifting and
 * the test-bit disclosure; each `ok` outcome carries the frame's segment.
 * Awaits each step, so frames interleave only when several of these run at once.
 */
export async function runFrameOverExecutors(
  alice: FrameExecutor,
  bob: FrameExecutor,
  frameId: number,
  inputs: FrameInputs,
  params: FrameParams,
): Promise<{ alice: FrameOutcome; bob: FrameOutcome }> {
  alice.openTransmitter(frameId, inputs.pattern, params);
  const work = frameWork(frameId);
  try {
    const first = await bob.openReceiver(frameId, inputs.detections, params);
    const out = await playPair(alice, bob, work, first);
    return { alice: out.alice as FrameOutcome, bob: out.bob as FrameOutcome };
  } finally {
    alice.close(work);
    bob.close(work);
  }
}

/** One block between the executors (Alice's BlockStored after her ok outcome, as the node sends it). */
export async function runBlockOverExecutors(
  alice: FrameExecutor,
  bob: FrameExecutor,
  aliceBlock: BlockMaterial,
  bobBlock: BlockMaterial,
  params: FrameParams,
): Promise<{ alice: BlockOutcome; bob: BlockOutcome }> {
  const work = blockWork(aliceBlock.blockId);
  alice.openTransmitterBlock(aliceBlock, params);
  try {
    const first = await bob.openReceiverBlock(bobBlock, params);
    const out = await playPair(alice, bob, work, first);
    return { alice: out.alice as BlockOutcome, bob: out.bob as BlockOutcome };
  } finally {
    alice.close(work);
    bob.close(work);
  }
}

async function playPair(
  alice: FrameExecutor,
  bob: FrameExecutor,
  work: WorkId,
  first: FrameStep,
): Promise<{ alice: SessionOutcome; bob: SessionOutcome }> {
  let aliceOut: SessionOutcome | undefined;
  let bobOut: SessionOutcome | undefined = first.outcome;
  const toAlice = wire(first.send);
  const toBob: DecodedEnvelope[] = [];
  for (let guard = 0; guard < 100_000 && (toAlice.length > 0 || toBob.length > 0); guard++) {
    const a = toAlice.shift();
    if (a) {
      const step = await alice.deliver(work, a);
      toBob.push(...wire(step.send));
      if (step.outcome) {
        aliceOut ??= step.outcome;
        if (step.outcome.ok && isBlockOutcome(step.outcome)) {
          const blockId = step.outcome.blockId;
          toBob.push(...wire([{ blockId, blockStored: { blockId: `block-${blockId}`, bits: step.outcome.secretBits } }]));
        }
      }
    }
    const b = toBob.shift();
    if (b) {
      const step = await bob.deliver(work, b);
      toAlice.push(...wire(step.send));
      if (step.outcome) bobOut ??= step.outcome;
    }
  }
  if (!aliceOut || !bobOut) throw new Error(`${work} ended without an outcome on both sides`);
  return { alice: aliceOut, bob: bobOut };
}

export interface LinkRun {
  seconds: number;
  /** Key- plus test-basis sifted bits at the receiver. */
  siftedBits: number;
  framesOk: number;
  blocks: { alice: BlockOutcome; bob: BlockOutcome }[];
  secretBits: number;
}

/**
 * Frames through both sides' block accumulators into blocks of
 * `params.blockBits`, as the two node loops do: at most `inFlight` frames
 * sifting at once, each block run as soon as Alice closes it (concurrently
 * with later frames). Block keys are zeroed unless `wipe` is false.
 */
export async function runLinkOverExecutors(
  alice: FrameExecutor,
  bob: FrameExecutor,
  frames: FrameInputs[],
  inFlight: number,
  params: FrameParams,
  firstId: number,
  wipe = true,
): Promise<LinkRun> {
  const accA = new BlockAccumulator(params.blockBits);
  const accB = new BlockAccumulator(params.blockBits);
  const blocks: Promise<{ alice: BlockOutcome; bob: BlockOutcome }>[] = [];
  let next = 0;
  let siftedBits = 0;
  let framesOk = 0;
  let blockId = firstId;
  const t0 = process.hrtime.bigint();
  const lane = async (): Promise<void> => {
    while (next < frames.length) {
      const i = next++;
      const r = await runFrameOverExecutors(alice, bob, firstId + i, frames[i], params);
      siftedBits += r.bob.stats.siftedKeyBits + r.bob.stats.siftedTestBits;
      if (!r.alice.ok || !r.bob.ok) continue;
      framesOk++;
      accA.add(r.alice.segment);
      accB.add(r.bob.segment);
      for (let c = accA.closeNext(blockId); c; c = accA.closeNext(blockId)) {
        const mine = accB.take(blockId, c.ranges);
        if (!mine.ok) throw new Error(`block ${blockId}: ${mine.detail}`);
        blocks.push(runBlockOverExecutors(alice, bob, c.material, mine.material, params));
        blockId++;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const done = await Promise.all(blocks);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  accA.clear();
  accB.clear();
  let secretBits = 0;
  for (const b of done) {
    if (b.alice.ok && b.bob.ok) {
      secretBits += b.alice.secretBits;
      if (wipe) {
        b.alice.key.fill(0);
        b.bob.key.fill(0);
      }
    }
  }
  return { seconds, siftedBits, framesOk, blocks: done, secretBits };
}

const suite: BenchSuite = async (ctx: BenchContext): Promise<BenchResult[]> => {
  const count = ctx.quick ? 4 : 10;
  const params = paramsFor(BENCH_CHANNEL);
  const rng = new Xoshiro128(0x90570c);
  ctx.progress(`postprocessing: generating ${count} synthetic frames of ${BENCH_CHANNEL.slots} slots`);
  const pool: FrameInputs[] = Array.from({ length: count }, () => syntheticFrame(rng, BENCH_CHANNEL));

  const inThreadA = new InThreadFrameExecutor();
  const inThreadB = new InThreadFrameExecutor({ randomness: { kind: 'seeded', seed: 1 } });
  const workers = defaultWorkerCount();
  const workerA = new WorkerFrameExecutor({ workers });
  const workerB = new WorkerFrameExecutor({ workers, seed: 1 });
  try {
    // Warm-up: thread start-up, and the JIT of every isolate. Each worker is its own isolate and
    // needs several frames of its own before Cascade runs optimized (one frame left it ~2x slower).
    ctx.progress('postprocessing: warm-up');
    const warm = ctx.quick ? 2 : 4;
    const warmFrames = (n: number): FrameInputs[] => Array.from({ length: n }, (_, i) => copyInputs(pool[i % pool.length]));
    await runLinkOverExecutors(inThreadA, inThreadB, warmFrames(warm), 1, params, 1_000_000);
    await runLinkOverExecutors(workerA, workerB, warmFrames(warm * workers), 2, params, 1_000_000);

    ctx.progress(`postprocessing: in-thread, ${count} frames one after the other`);
    const ref = await runLinkOverExecutors(inThreadA, inThreadB, pool.map(copyInputs), 1, params, 1);
    ctx.progress(`postprocessing: ${workers} worker(s) per side, ${count} frames, 2 in flight`);
    const ours = await runLinkOverExecutors(workerA, workerB, pool.map(copyInputs), 2, params, 1);

    const common = {
      referenceName: 'InThreadFrameExecutor, frames one after the other, blocks as they close',
      frames: count,
      framesOk: ours.framesOk,
      referenceFramesOk: ref.framesOk,
      blockBits: params.blockBits,
      blocksOk: ours.blocks.filter((b) => b.alice.ok).length,
      slots: BENCH_CHANNEL.slots,
      inFlight: 2,
      workersPerSide: workers,
      cores: availableParallelism(),
      siftedBitsPerFrame: Math.round(ours.siftedBits / count),
    };
    return [
      { bench: 'postprocessing', unit: 'frames/s', value: count / ours.seconds, reference: count / ref.seconds, ...common },
      {
        bench: 'postprocessing',
        unit: 'Mbit/s sifted',
        value: ours.siftedBits / ours.seconds / 1e6,
        reference: ref.siftedBits / ref.seconds / 1e6,
        ...common,
      },
      {
        bench: 'postprocessing',
        unit: 'Mbit/s secret',
        value: ours.secretBits / ours.seconds / 1e6,
        reference: ref.secretBits / ref.seconds / 1e6,
        ...common,
      },
    ];
  } finally {
    await Promise.all([workerA.shutdown(), workerB.shutdown(), inThreadA.shutdown(), inThreadB.shutdown()]);
  }
};

export default suite;
