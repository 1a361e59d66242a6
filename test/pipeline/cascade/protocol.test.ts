import { describe, expect, it } from 'vitest';
import { withSeed } from '../../support/seed.ts';
import { hammingDistance } from '../../../src/pipeline/bits.ts';
import { CascadeReceiver, CascadeResponder, binaryEntropy, cascadeSchedule, reconcile } from '../../../src/pipeline/cascade/index.ts';
import { frameWithErrors } from '../../support/cascade-frames.ts';

describe('cascade protocol', () => {
  it('batches: the first request asks every top-level parity of every pass, later rounds carry many questions', async () => {
    await withSeed('cascade batching', (rng) => {
      const n = 10_000;
      const f = frameWithErrors(rng, n, 200);
      const bob = new CascadeReceiver(f.bob, n, { variant: 'option8-bpi', qber: 0.02, seed: rng.nextU32() });
      const alice = new CascadeResponder(f.alice, n);
      const first = bob.start();
      const sched = cascadeSchedule('option8-bpi', 0.02, n);
      expect(first.setup?.blockSizes).toEqual(sched.blockSizes);
      expect(first.topPass.length).toBe(sched.blockSizes.length);
      // Block-parity inference: pass 1 asks all its blocks, later passes all but the last.
      expect(first.topBlocks[0]).toBe(Math.ceil(n / sched.blockSizes[0]));
      for (let p = 1; p < sched.blockSizes.length; p++) expect(first.topBlocks[p]).toBe(Math.ceil(n / sched.blockSizes[p]) - 1);
      let msg = bob.onReply(alice.answer(first));
      let maxBatch = 0;
      while (msg.kind === 'request') {
        maxBatch = Math.max(maxBatch, msg.pass.length);
        msg = bob.onReply(alice.answer(msg));
      }
      expect(hammingDistance(f.alice, msg.key, n)).toBe(0);
      // Both sides agree on the leak.
      expect(alice.disclosedBits).toBe(msg.leakedBits);
      // Pass 1's binary searches all go in one message: about half of its 157 blocks are odd.
      expect(maxBatch).toBeGreaterThan(40);
      expect(msg.leakedBits / msg.rounds).toBeGreaterThan(3);
    });
  });

  it('rejects out-of-order use and replies that do not match the request', async () => {
    await withSeed('cascade misuse', (rng) => {
      const n = 2000;
      const f = frameWithErrors(rng, n, 40);
      const bob = new CascadeReceiver(f.bob, n, { variant: 'option8', qber: 0.02, seed: 9 });
      const alice = new CascadeResponder(f.alice, n);
      expect(() => bob.onReply({ kind: 'reply', round: 1, count: 0, parities: new Uint32Array(0) })).toThrow();
      const first = bob.start();
      expect(() => bob.start()).toThrow();
      const reply = alice.answer(first);
      expect(() => bob.onReply({ ...reply, round: 7 })).toThrow();
      expect(() => bob.onReply({ ...reply, count: reply.count - 1 })).toThrow(RangeError);
      // A responder needs the setup first, and checks ranges.
      const fresh = new CascadeResponder(f.alice, n);
      expect(() => fresh.answer({ ...first, setup: null })).toThrow();
      expect(() =>
        alice.answer({
          ...first,
          setup: null,
          topPass: new Uint32Array(0),
          topBlocks: new Uint32Array(0),
          pass: Uint32Array.of(0),
          start: Uint32Array.of(10),
          end: Uint32Array.of(n + 1),
        }),
      ).toThrow(RangeError);
      expect(() => new CascadeResponder(f.alice, n + 1).answer(first)).toThrow(RangeError);
    });
  });

  it('rejects QBER outside (0, 0.5)', () => {
    const key = new Uint32Array(4);
    for (const qber of [0, -0.1, 0.5, Number.NaN]) {
      expect(() => new CascadeReceiver(key, 100, { variant: 'option8', qber, seed: 1 })).toThrow(RangeError);
    }
  });

  it('option 8 block sizes follow the paper (Q = 2 %: 64, 512, 4096, then n/2)', () => {
    const s = cascadeSchedule('option8', 0.02, 100_000);
    expect([...s.blockSizes]).toEqual([64, 512, 4096, ...new Array(11).fill(50_000)]);
    expect(cascadeSchedule('original', 0.02, 100_000).blockSizes).toEqual(Uint32Array.of(37, 74, 148, 296));
  });

  it('corrects a frame of 10^6 + 3 bits', async () => {
    await withSeed('cascade 1e6', (rng) => {
      const n = 1_000_003;
      const f = frameWithErrors(rng, n, Math.round(n * 0.02));
      const r = reconcile(f.alice, f.bob, n, { variant: 'option8-bpi', qber: 0.02, seed: rng.nextU32() });
      expect(hammingDistance(f.alice, r.key, n)).toBe(0);
      const efficiency = r.leakedBits / (n * binaryEntropy(f.errors / n));
      console.log(`cascade n=${n} QBER=0.02: efficiency=${efficiency.toFixed(4)} rounds=${r.rounds}`);
      expect(efficiency).toBeLessThan(1.1);
    });
  }, 240_000);
});
