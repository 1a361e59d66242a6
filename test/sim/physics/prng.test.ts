import { describe, expect, it } from 'vitest';
import { PhysicsRng, invLogOneMinus } from '../../../sim/physics/index.ts';
import { withSeed } from '../../support/seed.ts';

describe('PhysicsRng samplers', () => {
  it('is reproducible from its seed and differs between seeds', () => {
    const a = new PhysicsRng(42);
    const b = new PhysicsRng(42);
    const c = new PhysicsRng(43);
    const xa = Array.from({ length: 8 }, () => a.nextU32());
    expect(Array.from({ length: 8 }, () => b.nextU32())).toEqual(xa);
    expect(Array.from({ length: 8 }, () => c.nextU32())).not.toEqual(xa);
  });

  it('matches the means and variances of Poisson, geometric, exponential and normal laws', async () => {
    await withSeed('physics samplers', (_r, seed) => {
      const rng = new PhysicsRng(seed);
      const n = 200_000;
      // Poisson(0.5): mean 0.5, sd of the sample mean sqrt(0.5/n).
      let s = 0;
      for (let i = 0; i < n; i++) s += rng.nextPoisson(0.5);
      expect(Math.abs(s / n - 0.5)).toBeLessThan(5 * Math.sqrt(0.5 / n));
      // Geometric failures before success, p = 0.01: mean (1−p)/p = 99, variance (1−p)/p² = 9900.
      const inv = invLogOneMinus(0.01);
      s = 0;
      for (let i = 0; i < n; i++) s += rng.nextGeometric(inv);
      expect(Math.abs(s / n - 99)).toBeLessThan(5 * Math.sqrt(9900 / n));
      // Exponential(1): mean 1, variance 1.
      s = 0;
      for (let i = 0; i < n; i++) s += rng.nextExponential();
      expect(Math.abs(s / n - 1)).toBeLessThan(5 / Math.sqrt(n));
      // Normal: mean 0 (sd 1/√n), second moment 1 (sd √(2/n)).
      let m1 = 0;
      let m2 = 0;
      for (let i = 0; i < n; i++) {
        const z = rng.nextNormal();
        m1 += z;
        m2 += z * z;
      }
      expect(Math.abs(m1 / n)).toBeLessThan(5 / Math.sqrt(n));
      expect(Math.abs(m2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    });
  });
});
