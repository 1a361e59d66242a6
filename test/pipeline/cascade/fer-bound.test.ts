/** The FER upper bound the cascade bench prints (test/support/cascade-fer.ts). */
import { describe, expect, it } from 'vitest';
import { ferUpper95 } from '../../support/cascade-fer.ts';

describe('ferUpper95 (one-sided 95 % Clopper–Pearson)', () => {
  it('with no failure it is 1 − 0.05^(1/N): ≈ 3/N', () => {
    expect(ferUpper95(0, 200)).toBeCloseTo(1 - 0.05 ** (1 / 200), 6);
    expect(ferUpper95(0, 30_000)).toBeCloseTo(9.986e-5, 7);
  });

  it('matches tabulated bounds with failures and is monotone', () => {
    // Exact one-sided 95 % upper limits for k = 1, 2 in 100 trials.
    expect(ferUpper95(1, 100)).toBeCloseTo(0.04656, 4);
    expect(ferUpper95(2, 100)).toBeCloseTo(0.06161, 4);
    expect(ferUpper95(3, 100)).toBeGreaterThan(ferUpper95(2, 100));
    expect(ferUpper95(5, 5)).toBe(1);
  });
});
