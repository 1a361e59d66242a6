/**
 * Whole-frame post-processing throughput: sifting, estimation, Cascade,
 * verification and privacy amplification of synthetic 2^22-slot frames, both
 * nodes' sessions in this process, every message encoded and decoded.
 *
 * value: WorkerFrameExecutor (its default worker count on each side) with two
 * frames in flight, as the node runs them with `inFlight: 2`.
 * reference: InThreadFrameExecutor, one frame after the other (the node
 * before worker threads), same frames, same run.
 *
 * One row in frames/s and one in sifted Mbit/s (key- plus test-basis sifted
 * bits at the receiver). Wall time on a shared machine: the speed-up is
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
import type { FrameOutcome } from '../../src/node/frame/frame-outcome.ts';
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

export function paramsFor(channel: SyntheticFrameOptions): FrameParams {
  return { ...DEFAULT_FRAME_PARAMS, slots: channel.slots, intensities: channel.intensities, probabilities: channel.probabilities };
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
 * the two node loops run it (messages through the wire format, Alice's
 * BlockStored after her ok outcome). Awaits each step, so frames interleave
 * only when several of these run at once.
 */
export async function runFrameOverExecutors(
  alice: FrameExecutor,
  bob: FrameExecutor,
  frameId: number,
  inputs: FrameInputs,
  params: FrameParams,
): Promise<{ alice: FrameOutcome; bob: FrameOutcome }> {
  alice.openTransmitter(frameId, inputs.pattern, params);
  try {
    let aliceOut: FrameOutcome | undefined;
    let bobOut: FrameOutcome | undefined;
    const first = await bob.openReceiver(frameId, inputs.detections, params);
    const toAlice = wire(first.send);
    const toBob: DecodedEnvelope[] = [];
    bobOut = first.outcome;
    for (let guard = 0; guard < 100_000 && (toAlice.length > 0 || toBob.length > 0); guard++) {
      const a = toAlice.shift();
      if (a) {
        const step = await alice.deliver(frameId, a);
        toBob.push(...wire(step.send));
        if (step.outcome) {
          aliceOut ??= step.outcome;
          if (step.outcome.ok)
            toBob.push(...wire([{ frameId, blockStored: { blockId: `frame-${frameId}`, bits: step.outcome.secretBits } }]));
        }
      }
      const b = toBob.shift();
      if (b) {
        const step = await bob.deliver(frameId, b);
        toAlice.push(...wire(step.send));
        if (step.outcome) bobOut ??= step.outcome;
      }
    }
    if (!aliceOut || !bobOut) throw new Error(`frame ${frameId} ended without an outcome on both sides`);
    return { alice: aliceOut, bob: bobOut };
  } finally {
    alice.close(frameId);
    bob.close(frameId);
  }
}

/** Runs `frames` with at most `inFlight` at once; returns wall seconds and sifted bits at the receiver. */
async function runAll(
  alice: FrameExecutor,
  bob: FrameExecutor,
  frames: FrameInputs[],
  inFlight: number,
  params: FrameParams,
  firstId: number,
): Promise<{ seconds: number; siftedBits: number; ok: number }> {
  let next = 0;
  let siftedBits = 0;
  let ok = 0;
  const t0 = process.hrtime.bigint();
  const lane = async (): Promise<void> => {
    while (next < frames.length) {
      const i = next++;
      const r = await runFrameOverExecutors(alice, bob, firstId + i, frames[i], params);
      siftedBits += r.bob.stats.siftedKeyBits + r.bob.stats.siftedTestBits;
      if (r.alice.ok && r.bob.ok) {
        ok++;
        r.alice.key.fill(0);
        r.bob.key.fill(0);
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, siftedBits, ok };
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
    await runAll(inThreadA, inThreadB, warmFrames(warm), 1, params, 1_000_000);
    await runAll(workerA, workerB, warmFrames(warm * workers), 2, params, 1_000_000);

    ctx.progress(`postprocessing: in-thread, ${count} frames one after the other`);
    const ref = await runAll(inThreadA, inThreadB, pool.map(copyInputs), 1, params, 1);
    ctx.progress(`postprocessing: ${workers} worker(s) per side, ${count} frames, 2 in flight`);
    const ours = await runAll(workerA, workerB, pool.map(copyInputs), 2, params, 1);

    const common = {
      referenceName: 'InThreadFrameExecutor, frames one after the other',
      frames: count,
      framesOk: ours.ok,
      referenceFramesOk: ref.ok,
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
    ];
  } finally {
    await Promise.all([workerA.shutdown(), workerB.shutdown(), inThreadA.shutdown(), inThreadB.shutdown()]);
  }
};

export default suite;
