/**
 * SplitRealConvolution (the phases the parallel runner puts on threads) against
 * the exact integer convolution and against RealCyclicConvolution, and
 * multiply-add-shift run through its stages with the split plan against the
 * BigInt reference.
 */
import { describe, expect, it } from 'vitest';
import { wordsFor } from '../../../src/pipeline/bits.ts';
import type { Xoshiro128 } from '../../../src/pipeline/prng.ts';
import { convolutionErrorBound } from '../../../src/pipeline/privacy-amplification/error-bound.ts';
import { MultiplyAddShiftHasher } from '../../../src/pipeline/privacy-amplification/multiply-add-shift.ts';
import { RealCyclicConvolution } from '../../../src/pipeline/privacy-amplification/real-convolution.ts';
import { SplitRealConvolution } from '../../../src/pipeline/privacy-amplification/split-convolution.ts';
import { bigIntMultiplyAddShift } from '../../support/privacy-amplification-reference.ts';
import { withSeed } from '../../support/seed.ts';

function randomBits(rng: Xoshiro128, nBits: number): Uint32Array {
  const out = rng.fillU32(new Uint32Array(wordsFor(nBits)));
  if (nBits & 31) out[out.length - 1] &= (1 << (nBits & 31)) - 1;
  return out;
}

describe('SplitRealConvolution', () => {
  it('computes integer cyclic convolutions exactly (sizes 8..4096), within the Percival bound', async () => {
    await withSeed('split convolution', (rng) => {
      for (let bits = 3; bits <= 12; bits++) {
        const n = 1 << bits;
        const split = new SplitRealConvolution(n);
        const whole = new RealCyclicConvolution(n);
        const limit = 1 << 12;
        const x = Array.from({ length: n }, () => rng.nextBelow(limit) - limit / 2);
        const y = Array.from({ length: n }, () => rng.nextBelow(limit) - limit / 2);
        for (const c of [split, whole]) {
          for (let j = 0; j < n / 2; j++) {
            c.re1[j] = x[2 * j];
            c.im1[j] = x[2 * j + 1];
            c.re2[j] = y[2 * j];
            c.im2[j] = y[2 * j + 1];
          }
        }
        // Phases in pieces, as two threads would run them: ranges in either order, halves in reverse.
        const q = n / 4;
        const cut = rng.nextBelow(q + 1);
        split.forwardTop(cut, q);
        split.forwardTop(0, cut);
        split.halfPhase(1);
        split.halfPhase(0);
        split.inverseTop(0, cut);
        split.inverseTop(cut, q);
        whole.convolve();
        expect(split.stages).toBe(whole.stages);
        expect(split.scale).toBe(whole.scale);
        const norm = (v: number[]): number => Math.sqrt(v.reduce((s, e) => s + e * e, 0));
        const bound = convolutionErrorBound(split.stages, norm(x), norm(y));
        for (let k = 0; k < n; k++) {
          let exact = 0;
          for (let j = 0; j < n; j++) exact += x[j] * y[(k - j + n) % n];
          const got = (k & 1 ? split.im1[k >>> 1] : split.re1[k >>> 1]) * split.scale;
          const ref = (k & 1 ? whole.im1[k >>> 1] : whole.re1[k >>> 1]) * whole.scale;
          expect(Math.abs(got - exact), `n=${n} k=${k}`).toBeLessThanOrEqual(bound);
          expect(Math.round(got), `n=${n} k=${k}`).toBe(exact);
          expect(Math.round(ref)).toBe(exact);
        }
      }
    });
  });

  it('with operands zero past M/2, reads neither upper half (NaN there) and still gives the exact convolution', async () => {
    await withSeed('split zero upper half', (rng) => {
      for (let bits = 3; bits <= 11; bits++) {
        const n = 1 << bits;
        const m = n / 2;
        const split = new SplitRealConvolution(n);
        const whole = new RealCyclicConvolution(n);
        const limit = 1 << 10;
        // Nonzero only in the first m/2 packed values (n/2 reals) of each operand, as multiply-add-shift loads them.
        const used1 = 1 + rng.nextBelow(m / 2);
        const used2 = 1 + rng.nextBelow(m / 2);
        const x = Array.from({ length: n }, (_, k) => (k < 2 * used1 ? rng.nextBelow(limit) - limit / 2 : 0));
        const y = Array.from({ length: n }, (_, k) => (k < 2 * used2 ? rng.nextBelow(limit) - limit / 2 : 0));
        for (const c of [split, whole]) {
          for (let j = 0; j < m; j++) {
            const up = j >= m / 2;
            c.re1[j] = up ? Number.NaN : x[2 * j];
            c.im1[j] = up ? Number.NaN : x[2 * j + 1];
            c.re2[j] = up ? Number.NaN : y[2 * j];
            c.im2[j] = up ? Number.NaN : y[2 * j + 1];
          }
        }
        const q = m / 2;
        const cut = rng.nextBelow(q + 1);
        split.forwardTop(cut, q, used1, used2);
        split.forwardTop(0, cut, used1, used2);
        split.halfPhase(0);
        split.halfPhase(1);
        split.inverseTop(0, q);
        whole.convolve(used1, used2);
        for (let k = 0; k < n; k++) {
          let exact = 0;
          for (let j = 0; j < n; j++) exact += x[j] * y[(k - j + n) % n];
          const got = (k & 1 ? split.im1[k >>> 1] : split.re1[k >>> 1]) * split.scale;
          const ref = (k & 1 ? whole.im1[k >>> 1] : whole.re1[k >>> 1]) * whole.scale;
          // + 0: a zero may come out as −0 (Object.is tells them apart; its parity does not).
          expect(Math.round(got) + 0, `split n=${n} k=${k}`).toBe(exact);
          expect(Math.round(ref) + 0, `whole n=${n} k=${k}`).toBe(exact);
        }
      }
    });
  });

  it('refuses phases it has no tables for', () => {
    const c = new SplitRealConvolution(64, undefined, { top: { from: 0, to: 8 }, halves: [1] });
    expect(() => c.halfPhase(0)).toThrow(RangeError);
    expect(() => c.forwardTop(0, 16)).toThrow(RangeError);
    expect(() => c.halfPhase(1)).not.toThrow();
    expect(() => c.forwardTop(2, 8)).not.toThrow();
  });

  it('runs multiply-add-shift through its stages to the BigInt result (n up to 3·10^5)', async () => {
    await withSeed('split mas', (rng) => {
      for (const [n, m] of [
        [64, 1],
        [1000, 500],
        [4097, 4097],
        [300_000, 150_000],
      ] as const) {
        const plan = new MultiplyAddShiftHasher(n, m);
        const key = randomBits(rng, n);
        const seed = randomBits(rng, 2 * (n + m - 1));
        const N = Math.max(8, plan.convolutionLength);
        const c = new SplitRealConvolution(N);
        plan.loadKey(key, c.re1, c.im1);
        plan.loadMultiplier(seed, c.re2, c.im2);
        c.convolve();
        const got = plan.finish(seed, c.re1, c.im1, c.scale, new Uint32Array(wordsFor(m)));
        const want = bigIntMultiplyAddShift(key, n, m, seed);
        expect(Array.from(got), `n=${n}`).toEqual(Array.from(want));
        expect(Array.from(plan.hash(key, seed)), `n=${n} hash`).toEqual(Array.from(want));
      }
    });
  }, 60_000);
});
