import { describe, expect, it } from 'vitest';
import { withSeed } from '../../support/seed.ts';
import { hammingDistance, wordsFor } from '../../../src/pipeline/bits.ts';
import { CASCADE_VARIANTS, CascadeReceiver, CascadeResponder, reconcile } from '../../../src/pipeline/cascade/index.ts';
import { frameWithErrors, frameWithErrorsAt } from '../../support/cascade-frames.ts';

describe('cascade: small cases', () => {
  for (const variant of CASCADE_VARIANTS) {
    describe(variant, () => {
      it('corrects a 10^4-bit frame at 3 % QBER', async () => {
        await withSeed(`cascade ${variant} 3%`, (rng) => {
          for (let t = 0; t < 20; t++) {
            const f = frameWithErrors(rng, 10_000, 300);
            const r = reconcile(f.alice, f.bob, f.n, { variant, qber: 0.03, seed: rng.nextU32() });
            expect(hammingDistance(f.alice, r.key, f.n)).toBe(0);
            expect(r.corrections).toBe(300);
            expect(r.leakedBits).toBeGreaterThan(0);
          }
        });
      });

      it('zero errors: no correction, only top-level parities disclosed', async () => {
        await withSeed(`cascade ${variant} zero`, (rng) => {
          const f = frameWithErrors(rng, 5000, 0);
          const bob = new CascadeReceiver(f.bob, f.n, { variant, qber: 0.02, seed: 1 });
          const first = bob.start();
          let topBits = 0;
          for (const b of first.topBlocks) topBits += b;
          const alice = new CascadeResponder(f.alice, f.n);
          const done = bob.onReply(alice.answer(first));
          expect(done.kind).toBe('done');
          if (done.kind !== 'done') return;
          expect(done.corrections).toBe(0);
          expect(done.rounds).toBe(1);
          expect(done.leakedBits).toBe(topBits);
          expect(hammingDistance(f.alice, done.key, f.n)).toBe(0);
        });
      });

      it('a single error, at the first bit, at the last bit, on a length that is not a multiple of 32', async () => {
        await withSeed(`cascade ${variant} edges`, (rng) => {
          for (const n of [1000, 1001, 4099, 12_345]) {
            for (const positions of [[0], [n - 1], [0, n - 1], [rng.nextBelow(n)]]) {
              const f = frameWithErrorsAt(rng, n, positions);
              const r = reconcile(f.alice, f.bob, n, { variant, qber: 0.01, seed: rng.nextU32() });
              expect(hammingDistance(f.alice, r.key, n)).toBe(0);
              expect(r.corrections).toBe(positions.length);
              // Bits past n stay zero.
              if (n & 31) expect(r.key[wordsFor(n) - 1] >>> (n & 31)).toBe(0);
            }
          }
        });
      });
    });
  }

  it('does not modify the caller’s keys', async () => {
    await withSeed('cascade no-mutate', (rng) => {
      const f = frameWithErrors(rng, 3000, 60);
      const a = f.alice.slice();
      const b = f.bob.slice();
      reconcile(f.alice, f.bob, f.n, { variant: 'option8-bpi', qber: 0.02, seed: 3 });
      expect(f.alice).toEqual(a);
      expect(f.bob).toEqual(b);
    });
  });
});
