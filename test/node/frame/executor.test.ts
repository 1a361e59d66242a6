/**
 * Frame executors: the worker-thread pool gives the same outcomes and keys as
 * the in-thread executor for the same seeded frames and blocks, keeps each
 * frame's steps in delivery order while frames interleave, moves its inputs
 * (patterns, detections, a block's key bits) instead of copying them, and
 * survives a worker killed mid-frame. Blocks run on the calling thread by
 * default (INLINE_BLOCK_BITS) and on a worker with inlineBlockBits 0; both
 * are checked against the in-thread keys.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeEnvelope, encodeEnvelope, type DecodedEnvelope, type EnvelopeInit } from '../../../src/peer/messages.ts';
import type { FrameExecutor } from '../../../src/node/frame/frame-executor.ts';
import type { BlockOutcome, FrameOutcome } from '../../../src/node/frame/frame-outcome.ts';
import { frameWork } from '../../../src/node/frame/work-id.ts';
import { InThreadFrameExecutor } from '../../../src/node/frame/in-thread-executor.ts';
import { WorkerFrameExecutor } from '../../../src/node/frame/worker-executor.ts';
import type { Xoshiro128 } from '../../../src/pipeline/prng.ts';
import { withSeed } from '../../support/seed.ts';
import { isNodeError, QkdErrorCode } from '../../../errors/index.ts';
import {
  BENCH_CHANNEL,
  copyInputs,
  paramsFor,
  runFrameOverExecutors,
  runLinkOverExecutors,
  type FrameInputs,
} from '../../bench/postprocessing.bench.ts';
import { syntheticFrame } from '../../support/synthetic-frame.ts';

const PARAMS = paramsFor(BENCH_CHANNEL);

const executors: FrameExecutor[] = [];
function track<T extends FrameExecutor>(e: T): T {
  executors.push(e);
  return e;
}
afterEach(async () => {
  await Promise.all(executors.splice(0).map((e) => e.shutdown()));
});

function frames(rng: Xoshiro128, n: number): FrameInputs[] {
  return Array.from({ length: n }, () => syntheticFrame(rng, BENCH_CHANNEL));
}

function wire(msgs: EnvelopeInit[]): DecodedEnvelope[] {
  return msgs.map((m) => decodeEnvelope(encodeEnvelope(m)));
}

/** What must agree between two runs of the same frame. */
function summary(o: FrameOutcome): Record<string, unknown> {
  return o.ok
    ? { ok: true, keyCount: o.segment.keyCount, key: Array.from(o.segment.keyBits), test: o.segment.testErrors, stats: o.stats }
    : { ok: false, reason: o.reason, stats: o.stats };
}

/** What must agree between two runs of the same block. */
function blockSummary(o: BlockOutcome): Record<string, unknown> {
  return o.ok
    ? { ok: true, secretBits: o.secretBits, key: Array.from(o.key), stats: o.stats }
    : { ok: false, reason: o.reason, stats: o.stats };
}

describe('frame executors', () => {
  it('in-thread and worker executors give identical outcomes and keys for the same seeded frames and blocks, frames interleaved on the workers', async () => {
    await withSeed('executor equal', async (rng) => {
      const inputs = frames(rng, 4);
      const seed = rng.nextU32();

      const inA = track(new InThreadFrameExecutor());
      const inB = track(new InThreadFrameExecutor({ randomness: { kind: 'seeded', seed } }));
      const reference: { alice: FrameOutcome; bob: FrameOutcome }[] = [];
      for (let i = 0; i < 3; i++) reference.push(await runFrameOverExecutors(inA, inB, 10 + i, copyInputs(inputs[i]), PARAMS));

      const wA = track(new WorkerFrameExecutor({ workers: 2 }));
      const wB = track(new WorkerFrameExecutor({ workers: 2, seed }));
      const copies = inputs.slice(0, 3).map(copyInputs);
      const running = copies.map((f, i) => runFrameOverExecutors(wA, wB, 10 + i, f, PARAMS));
      // All three frames are open at once, spread over both workers of each side.
      expect(
        wA
          .snapshot()
          .workers.map((w) => w.frames)
          .sort(),
      ).toEqual([1, 2]);
      expect(
        wB
          .snapshot()
          .workers.map((w) => w.frames)
          .sort(),
      ).toEqual([1, 2]);
      // Inputs were moved to the workers, not copied.
      expect(copies[0].pattern.length).toBe(0);
      expect(copies[0].detections.bits.length).toBe(0);
      const viaWorkers = await Promise.all(running);
      for (let i = 0; i < 3; i++) {
        expect(summary(viaWorkers[i].alice)).toEqual(summary(reference[i].alice));
        expect(summary(viaWorkers[i].bob)).toEqual(summary(reference[i].bob));
      }
      // Frames closed: nothing left on the workers.
      expect(wA.snapshot().workers.map((w) => w.frames)).toEqual([0, 0]);

      // Whole blocks (n_X spanning two frames) from the same frames in the same order give the same keys on both
      // executors (block seeds depend on the seed and the block ID alone).
      const linkIn = await runLinkOverExecutors(inA, inB, inputs.map(copyInputs), 1, PARAMS, 100, false);
      expect(linkIn.blocks.length).toBeGreaterThanOrEqual(1);
      // Blocks on the workers (inlineBlockBits 0: Cascade's round trips cross the threads): the first block, from
      // the same first frames with the same ID, gives the same key as in one thread. (Only the first: each block's
      // ~10^3 round trips through the threads take seconds on a loaded machine.)
      const wA0 = track(new WorkerFrameExecutor({ workers: 1, inlineBlockBits: 0 }));
      const wB0 = track(new WorkerFrameExecutor({ workers: 1, seed, inlineBlockBits: 0 }));
      // The frames the first block needs (their key bits from the in-thread frames above; all four if those fall short).
      let firstFrames = 0;
      for (let bits = 0; firstFrames < reference.length && bits < PARAMS.blockBits; firstFrames++) {
        const o = reference[firstFrames].bob;
        bits += o.ok ? o.segment.keyCount : 0;
      }
      if (reference.slice(0, firstFrames).reduce((t, r) => t + (r.bob.ok ? r.bob.segment.keyCount : 0), 0) < PARAMS.blockBits) {
        firstFrames = inputs.length;
      }
      const linkW0 = await runLinkOverExecutors(wA0, wB0, inputs.slice(0, firstFrames).map(copyInputs), 1, PARAMS, 100, false);
      expect(linkW0.blocks.length).toBeGreaterThanOrEqual(1);
      expect(blockSummary(linkW0.blocks[0].bob)).toEqual(blockSummary(linkIn.blocks[0].bob));
      expect(wA0.snapshot().workers.map((w) => w.frames)).toEqual([0]);
      // Blocks of up to INLINE_BLOCK_BITS run beside the pool on the calling thread (the default): frames sifting two
      // at a time finish in any order, so blocks may take other frames; each still agrees on both sides.
      const linkW2 = await runLinkOverExecutors(wA, wB, inputs.map(copyInputs), 2, PARAMS, 200, false);
      expect(linkW2.blocks.length).toBe(linkIn.blocks.length);
      for (const b of [...linkW0.blocks, ...linkW2.blocks]) {
        expect(b.alice.ok && b.bob.ok).toBe(true);
        if (b.alice.ok && b.bob.ok) expect(Array.from(b.alice.key)).toEqual(Array.from(b.bob.key));
      }
      expect(wA.snapshot().workers.map((w) => w.frames)).toEqual([0, 0]);
      expect(wA.snapshot().inlineBlocks).toBe(0);
    });
  }, 180_000);

  it("resolves one frame's steps in delivery order", async () => {
    await withSeed('executor order', async (rng) => {
      const [f] = frames(rng, 1);
      const alice = track(new WorkerFrameExecutor({ workers: 1 }));
      const bob = track(new WorkerFrameExecutor({ workers: 1, seed: rng.nextU32() }));
      alice.openTransmitter(1, f.pattern, PARAMS);
      const start = await bob.openReceiver(1, f.detections, PARAMS);
      const [sift] = wire(start.send);
      const answer = await alice.deliver(frameWork(1), sift);
      const [match, classes] = wire(answer.send);
      expect([match.body, classes.body]).toEqual(['siftMatch', 'intensityClasses']);
      // Both delivered before either is answered; the second step (Bob's disclosure) must come second.
      const order: string[] = [];
      const p1 = bob.deliver(frameWork(1), match).then((s) => order.push(`match:${s.send.length}`));
      const p2 = bob.deliver(frameWork(1), classes).then((s) => order.push(`classes:${s.send.map((m) => m.body ?? '').join(',')}`));
      await Promise.all([p1, p2]);
      expect(order).toEqual(['match:0', 'classes:estimationDisclosure']);
    });
  }, 120_000);

  it('rejects the steps of a frame whose worker is killed, replaces the worker, and runs later frames', async () => {
    await withSeed('executor kill', async (rng) => {
      const inputs = frames(rng, 3);
      const alice = track(new WorkerFrameExecutor({ workers: 2 }));
      const bob = track(new InThreadFrameExecutor({ randomness: { kind: 'seeded', seed: rng.nextU32() } }));

      // Frame 1: Alice's session on worker 0 gets Bob's detections, and the worker dies before answering.
      alice.openTransmitter(1, inputs[0].pattern, PARAMS);
      const start = await bob.openReceiver(1, inputs[0].detections, PARAMS);
      // Frame 2 is open on the other worker when the first one dies.
      const survivor = runFrameOverExecutors(alice, bob, 2, inputs[1], PARAMS);
      const pending = expect(alice.deliver(frameWork(1), wire(start.send)[0])).rejects.toThrow(/terminated/);
      const before = alice.snapshot();
      await alice.killWorkerOf(1);
      await pending;
      // Later messages of the lost frame reject too, until the node closes it.
      await expect(alice.deliver(frameWork(1), wire(start.send)[0])).rejects.toThrow(/terminated/);
      await expect(
        alice.deliver(frameWork(1), wire(start.send)[0]).catch((e: unknown) => isNodeError(e, QkdErrorCode.ExecutorFailed)),
      ).resolves.toBe(true);
      alice.close(frameWork(1));
      bob.close(frameWork(1));

      const after = alice.snapshot();
      expect(after.replaced).toBe(1);
      expect(after.workers).toHaveLength(2);
      expect(after.workers.map((w) => w.threadId)).not.toEqual(before.workers.map((w) => w.threadId));

      const r2 = await survivor;
      expect(r2.alice.ok && r2.bob.ok).toBe(true);
      // A frame opened after the crash runs on the pool as repaired.
      const r3 = await runFrameOverExecutors(alice, bob, 3, inputs[2], PARAMS);
      expect(r3.alice.ok && r3.bob.ok).toBe(true);
      if (r3.alice.ok && r3.bob.ok) expect(r3.alice.segment.keyCount).toBe(r3.bob.segment.keyCount);
    });
  }, 180_000);

  it('in-thread executor zeroes a closed frame’s pattern and detections', async () => {
    await withSeed('executor close', async (rng) => {
      const [f] = frames(rng, 1);
      const ex = new InThreadFrameExecutor();
      ex.openTransmitter(5, f.pattern, PARAMS);
      await ex.openReceiver(6, f.detections, PARAMS);
      ex.close(frameWork(5));
      ex.close(frameWork(6));
      expect(f.pattern.every((w) => w === 0)).toBe(true);
      expect(f.detections.bits.every((b) => b === 0)).toBe(true);
      expect(ex.openFrames).toBe(0);
      await expect(ex.deliver(frameWork(5), { frameId: 5, body: 'abort', abort: { frameId: 5, reason: 'x' } })).rejects.toThrow(/not open/);
      await expect(
        ex
          .deliver(frameWork(5), { frameId: 5, body: 'abort', abort: { frameId: 5, reason: 'x' } })
          .catch((e: unknown) => isNodeError(e, QkdErrorCode.ExecutorFailed)),
      ).resolves.toBe(true);
    });
  });
});
