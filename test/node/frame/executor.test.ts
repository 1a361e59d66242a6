/**
 * Frame executors: the worker-thread pool gives the same outcomes and keys as
 * the in-thread executor for the same seeded frames, keeps each frame's steps
 * in delivery order while frames interleave, moves its inputs instead of
 * copying them, and survives a worker killed mid-frame.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeEnvelope, encodeEnvelope, type DecodedEnvelope, type EnvelopeInit } from '../../../src/peer/messages.ts';
import type { FrameExecutor } from '../../../src/node/frame/frame-executor.ts';
import type { FrameOutcome } from '../../../src/node/frame/frame-outcome.ts';
import { InThreadFrameExecutor } from '../../../src/node/frame/in-thread-executor.ts';
import { WorkerFrameExecutor } from '../../../src/node/frame/worker-executor.ts';
import type { Xoshiro128 } from '../../../src/pipeline/prng.ts';
import { withSeed } from '../../support/seed.ts';
import { isNodeError, QkdErrorCode } from '../../../errors/index.ts';
import { BENCH_CHANNEL, copyInputs, paramsFor, runFrameOverExecutors, type FrameInputs } from '../../bench/postprocessing.bench.ts';
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
    ? { ok: true, secretBits: o.secretBits, key: Array.from(o.key), stats: o.stats }
    : { ok: false, reason: o.reason, stats: o.stats };
}

describe('frame executors', () => {
  it('in-thread and worker executors give identical outcomes and keys for the same seeded frames, frames interleaved on the workers', async () => {
    await withSeed('executor equal', async (rng) => {
      const inputs = [...frames(rng, 2), syntheticFrame(rng, { ...BENCH_CHANNEL, interceptFraction: 1 })];
      const seed = rng.nextU32();

      const inA = track(new InThreadFrameExecutor());
      const inB = track(new InThreadFrameExecutor({ randomness: { kind: 'seeded', seed } }));
      const reference: { alice: FrameOutcome; bob: FrameOutcome }[] = [];
      for (let i = 0; i < inputs.length; i++) reference.push(await runFrameOverExecutors(inA, inB, 10 + i, copyInputs(inputs[i]), PARAMS));

      const wA = track(new WorkerFrameExecutor({ workers: 2 }));
      const wB = track(new WorkerFrameExecutor({ workers: 2, seed }));
      const copies = inputs.map(copyInputs);
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

      for (let i = 0; i < inputs.length; i++) {
        expect(summary(viaWorkers[i].alice)).toEqual(summary(reference[i].alice));
        expect(summary(viaWorkers[i].bob)).toEqual(summary(reference[i].bob));
      }
      const [ok1, ok2, attacked] = viaWorkers;
      for (const r of [ok1, ok2]) {
        expect(r.alice.ok && r.bob.ok).toBe(true);
        if (r.alice.ok && r.bob.ok) expect(Array.from(r.alice.key)).toEqual(Array.from(r.bob.key));
      }
      expect(attacked.bob.ok ? 'ok' : attacked.bob.reason).toBe('qber-over-threshold');
      // Frames closed: nothing left on the workers.
      expect(wA.snapshot().workers.map((w) => w.frames)).toEqual([0, 0]);
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
      const answer = await alice.deliver(1, sift);
      const [match, classes] = wire(answer.send);
      expect([match.body, classes.body]).toEqual(['siftMatch', 'intensityClasses']);
      // Both delivered before either is answered; the second step (Bob's disclosure) must come second.
      const order: string[] = [];
      const p1 = bob.deliver(1, match).then((s) => order.push(`match:${s.send.length}`));
      const p2 = bob.deliver(1, classes).then((s) => order.push(`classes:${s.send.map((m) => m.body ?? '').join(',')}`));
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
      const pending = expect(alice.deliver(1, wire(start.send)[0])).rejects.toThrow(/terminated/);
      const before = alice.snapshot();
      await alice.killWorkerOf(1);
      await pending;
      // Later messages of the lost frame reject too, until the node closes it.
      await expect(alice.deliver(1, wire(start.send)[0])).rejects.toThrow(/terminated/);
      await expect(alice.deliver(1, wire(start.send)[0]).catch((e: unknown) => isNodeError(e, QkdErrorCode.ExecutorFailed))).resolves.toBe(
        true,
      );
      alice.close(1);
      bob.close(1);

      const after = alice.snapshot();
      expect(after.replaced).toBe(1);
      expect(after.workers).toHaveLength(2);
      expect(after.workers.map((w) => w.threadId)).not.toEqual(before.workers.map((w) => w.threadId));

      const r2 = await survivor;
      expect(r2.alice.ok && r2.bob.ok).toBe(true);
      // A frame opened after the crash runs on the pool as repaired.
      const r3 = await runFrameOverExecutors(alice, bob, 3, inputs[2], PARAMS);
      expect(r3.alice.ok && r3.bob.ok).toBe(true);
      if (r3.alice.ok && r3.bob.ok) expect(Array.from(r3.alice.key)).toEqual(Array.from(r3.bob.key));
    });
  }, 180_000);

  it('in-thread executor zeroes a closed frame’s pattern and detections', async () => {
    await withSeed('executor close', async (rng) => {
      const [f] = frames(rng, 1);
      const ex = new InThreadFrameExecutor();
      ex.openTransmitter(5, f.pattern, PARAMS);
      await ex.openReceiver(6, f.detections, PARAMS);
      ex.close(5);
      ex.close(6);
      expect(f.pattern.every((w) => w === 0)).toBe(true);
      expect(f.detections.bits.every((b) => b === 0)).toBe(true);
      expect(ex.openFrames).toBe(0);
      await expect(ex.deliver(5, { frameId: 5, body: 'abort', abort: { frameId: 5, reason: 'x' } })).rejects.toThrow(/not open/);
      await expect(
        ex
          .deliver(5, { frameId: 5, body: 'abort', abort: { frameId: 5, reason: 'x' } })
          .catch((e: unknown) => isNodeError(e, QkdErrorCode.ExecutorFailed)),
      ).resolves.toBe(true);
    });
  });
});
