import { describe, expect, it } from 'vitest';
import { convolutionErrorBound, percivalFactor } from '../../../src/pipeline/privacy-amplification/error-bound.ts';
import { ComplexFft } from '../../../src/pipeline/privacy-amplification/fft.ts';
import { RealCyclicConvolution } from '../../../src/pipeline/privacy-amplification/real-convolution.ts';
import { cos2Pi, sin2Pi } from '../../../src/pipeline/privacy-amplification/roots.ts';
import { withSeed } from '../../support/seed.ts';

function bitReverse(i: number, bits: number): number {
  let r = 0;
  for (let b = 0; b < bits; b++) r |= ((i >>> b) & 1) << (bits - 1 - b);
  return r;
}

describe('roots of unity', () => {
  it('are exact at the octant points and within 2 ulp of Math.cos/Math.sin elsewhere', async () => {
    expect(cos2Pi(0, 8)).toBe(1);
    expect(sin2Pi(0, 8)).toBe(0);
    expect(Math.abs(cos2Pi(2, 8))).toBe(0); // −0 is fine
    expect(sin2Pi(2, 8)).toBe(1);
    expect(cos2Pi(4, 8)).toBe(-1);
    expect(sin2Pi(6, 8)).toBe(-1);
    expect(Math.abs(cos2Pi(1, 8) - Math.SQRT1_2)).toBeLessThanOrEqual(2 ** -53);
    expect(Math.abs(sin2Pi(1, 8) - Math.SQRT1_2)).toBeLessThanOrEqual(2 ** -53);
    await withSeed('roots', (rng) => {
      for (let t = 0; t < 2000; t++) {
        const size = 2 ** (1 + rng.nextBelow(28));
        const j = rng.nextBelow(size);
        const angle = (2 * Math.PI * j) / size;
        expect(Math.abs(cos2Pi(j, size) - Math.cos(angle))).toBeLessThan(1e-15);
        expect(Math.abs(sin2Pi(j, size) - Math.sin(angle))).toBeLessThan(1e-15);
        const c = cos2Pi(j, size);
        const s = sin2Pi(j, size);
        expect(Math.abs(c * c + s * s - 1)).toBeLessThan(5e-16);
      }
    });
  });
});

describe('ComplexFft', () => {
  it('matches a naive DFT (output in bit-reversed order) and inverts it, sizes 1..2048', async () => {
    await withSeed('fft dft', (rng) => {
      for (let bits = 0; bits <= 11; bits++) {
        const m = 1 << bits;
        const fft = new ComplexFft(m);
        const xr = Float64Array.from({ length: m }, () => rng.nextFloat() - 0.5);
        const xi = Float64Array.from({ length: m }, () => rng.nextFloat() - 0.5);
        const re = xr.slice();
        const im = xi.slice();
        fft.forward(re, im);
        for (let f = 0; f < m; f++) {
          let sr = 0;
          let si = 0;
          for (let j = 0; j < m; j++) {
            const a = (-2 * Math.PI * ((j * f) % m)) / m;
            sr += xr[j] * Math.cos(a) - xi[j] * Math.sin(a);
            si += xr[j] * Math.sin(a) + xi[j] * Math.cos(a);
          }
          const p = bitReverse(f, bits);
          expect(Math.abs(re[p] - sr), `m=${m} f=${f}`).toBeLessThan(1e-11);
          expect(Math.abs(im[p] - si), `m=${m} f=${f}`).toBeLessThan(1e-11);
        }
        fft.inverse(re, im);
        for (let j = 0; j < m; j++) {
          expect(Math.abs(re[j] / m - xr[j])).toBeLessThan(1e-14);
          expect(Math.abs(im[j] / m - xi[j])).toBeLessThan(1e-14);
        }
      }
    });
  });

  it('rejects sizes that are not powers of two', () => {
    expect(() => new ComplexFft(12)).toThrow(RangeError);
    expect(() => new RealCyclicConvolution(2)).toThrow(RangeError);
  });
});

describe('RealCyclicConvolution', () => {
  it('computes integer cyclic convolutions exactly, with observed error under the Percival bound', async () => {
    await withSeed('real convolution', (rng) => {
      for (let bits = 2; bits <= 12; bits++) {
        const n = 1 << bits;
        const conv = new RealCyclicConvolution(n);
        const limit = 1 << 12; // values in [−2^11, 2^11)
        const x = Array.from({ length: n }, () => rng.nextBelow(limit) - limit / 2);
        const y = Array.from({ length: n }, () => rng.nextBelow(limit) - limit / 2);
        for (let j = 0; j < n / 2; j++) {
          conv.re1[j] = x[2 * j];
          conv.im1[j] = x[2 * j + 1];
          conv.re2[j] = y[2 * j];
          conv.im2[j] = y[2 * j + 1];
        }
        conv.convolve();
        const norm = (v: number[]): number => Math.sqrt(v.reduce((s, e) => s + e * e, 0));
        const bound = convolutionErrorBound(conv.stages, norm(x), norm(y));
        let worst = 0;
        for (let k = 0; k < n; k++) {
          let exact = 0;
          for (let j = 0; j < n; j++) exact += x[j] * y[(k - j + n) % n];
          const got = (k & 1 ? conv.im1[k >>> 1] : conv.re1[k >>> 1]) * conv.scale;
          worst = Math.max(worst, Math.abs(got - exact));
          expect(Math.round(got), `n=${n} k=${k}`).toBe(exact);
        }
        expect(worst).toBeLessThanOrEqual(bound);
      }
    });
  });

  it('has a Percival factor that grows with the number of stages and exceeds the first-order terms', () => {
    const eps = 2 ** -53;
    for (let k = 1; k < 30; k++) {
      expect(percivalFactor(k + 1)).toBeGreaterThan(percivalFactor(k));
      expect(percivalFactor(k)).toBeGreaterThan((3 * k + Math.sqrt(5) * (3 * k + 1)) * eps);
    }
  });
});
