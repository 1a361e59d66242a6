import { describe, expect, it } from 'vitest';
import { expectedObservables, lim2014Channel } from '../../../src/pipeline/estimation/channel-model.ts';
import { binaryEntropy } from '../../../src/pipeline/estimation/entropy.ts';
import {
  estimatedLeakEcBits,
  finiteKeyLength,
  phaseErrorGamma,
  type DecoyObservation,
  type FiniteKeyParams,
} from '../../../src/pipeline/estimation/finite-key.ts';
import { detectionsPerIntensity, errorsPerIntensity } from '../../../src/pipeline/estimation/observed-counts.ts';
import { lim2014Options, optimizeKeyRate } from '../../../src/pipeline/estimation/optimize-key-rate.ts';
import { allocSiftedKeys, bucketOf } from '../../../src/pipeline/sifting/sifted-keys.ts';

const settings = { keyBasisProbability: 0.85, intensities: [0.45, 0.15, 2e-4] as const, probabilities: [0.6, 0.3, 0.1] as const };

function params(over: Partial<FiniteKeyParams> = {}): FiniteKeyParams {
  return {
    intensities: settings.intensities,
    probabilities: settings.probabilities,
    epsSec: 1e-10,
    epsCor: 1e-15,
    leakEcBits: 0,
    qberThreshold: 0.11,
    ...over,
  };
}

describe('finite-key length (Lim et al. 2014, Eqs. 1 and 5)', () => {
  it('binary entropy and γ on hand-checked values', () => {
    expect(binaryEntropy(0.5)).toBe(1);
    expect(binaryEntropy(0)).toBe(0);
    expect(binaryEntropy(0.11)).toBeCloseTo(0.4999, 3);
    // γ(1e-10, 0.05, 1e4, 1e4): (c+d)/(cd) = 2e-4, (1−b)b = 0.0475,
    // sqrt(2e-4·0.0475/ln 2 · log2(2e-4/0.0475 · 441e20)) = sqrt(1.37051e-5 · 67.331) ≈ 0.030377.
    expect(phaseErrorGamma(1e-10, 0.05, 1e4, 1e4)).toBeCloseTo(0.030377, 5);
    expect(phaseErrorGamma(1e-10, 0, 1e4, 1e4)).toBe(0);
  });

  it('extracts a key from the expected observables of a 50 km link and matches Eq. (1) term by term', () => {
    const ex = expectedObservables(lim2014Channel(50), settings, 1e7);
    const leak = estimatedLeakEcBits(1e7, ex.qberKey, 1.16);
    expect(leak).toBeCloseTo(1.16 * 1e7 * binaryEntropy(ex.qberKey), 6);
    const r = finiteKeyLength(ex.observation, params({ leakEcBits: leak }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const b = r.bounds;
    const expected = b.sKey0 + b.sKey1 * (1 - binaryEntropy(b.phaseErrorBound)) - leak - 6 * Math.log2(21 / 1e-10) - Math.log2(2 / 1e-15);
    expect(r.lengthBits).toBe(Math.floor(expected));
    expect(r.lengthBits).toBeLessThan(1e7);
    // φ bound sits above the single-photon error ratio it starts from.
    expect(b.phaseErrorBound).toBeGreaterThan(b.vTest1 / b.sTest1);
    expect(b.qberKey).toBeCloseTo(ex.qberKey, 12);
  });

  it('aborts with qber-over-threshold on a noisy test basis or key basis', () => {
    const obs: DecoyObservation = {
      key: { detections: [60000, 30000, 100] },
      test: { detections: [6000, 3000, 10], errors: [900, 450, 5] },
    };
    const r = finiteKeyLength(obs, params());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe('qber-over-threshold');
    const clean: DecoyObservation = {
      key: { detections: [60000, 30000, 100], errors: 12000 },
      test: { detections: [6000, 3000, 10], errors: [60, 30, 5] },
    };
    const k = finiteKeyLength(clean, params());
    expect(!k.ok && k.reason).toBe('qber-over-threshold');
  });

  it('aborts with insufficient-statistics on empty or tiny blocks', () => {
    const empty = finiteKeyLength({ key: { detections: [100, 50, 1] }, test: { detections: [0, 0, 0], errors: [0, 0, 0] } }, params());
    expect(!empty.ok && empty.reason).toBe('insufficient-statistics');
    // 150 key detections: Hoeffding's δ ≈ 43 per class swamps the decoy counts, so s1 ≤ 0.
    const tiny = finiteKeyLength({ key: { detections: [100, 48, 2] }, test: { detections: [100, 48, 2], errors: [1, 1, 1] } }, params());
    expect(!tiny.ok && tiny.reason).toBe('insufficient-statistics');
  });

  it('aborts with length-not-positive when error correction leaked too much', () => {
    // Same block that yields a key in the test above, now with λ_EC = n_key.
    const ex = expectedObservables(lim2014Channel(50), settings, 1e7);
    const r = finiteKeyLength(ex.observation, params({ leakEcBits: 1e7 }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe('length-not-positive');
      expect(r.bounds.lengthRaw).toBeLessThan(0);
    }
  });

  it('rejects decoy settings the bounds are not valid for', () => {
    const obs: DecoyObservation = { key: { detections: [1, 1, 1] }, test: { detections: [1, 1, 1], errors: [0, 0, 0] } };
    expect(() => finiteKeyLength(obs, params({ intensities: [0.2, 0.15, 0.1] }))).toThrow(RangeError);
  });

  it('counts per intensity class from sifted keys', () => {
    const a = allocSiftedKeys(64);
    const b = allocSiftedKeys(64);
    // X (test) decoy bucket: 40 bits, Alice all zero, Bob with ones at 3 positions.
    const bx = bucketOf(1, 1);
    a.lengths[bx] = 40;
    b.lengths[bx] = 40;
    b.words[bx * b.strideWords] = (1 << 0) | (1 << 31);
    b.words[bx * b.strideWords + 1] = 1 << 7;
    a.lengths[bucketOf(1, 0)] = b.lengths[bucketOf(1, 0)] = 5;
    expect(errorsPerIntensity(a, b, 1)).toEqual([0, 3, 0]);
    expect(detectionsPerIntensity(a, 1)).toEqual([5, 40, 0]);
  });
});

describe('reproduces Lim et al. 2014, Fig. 1 / Sec. IV (dedicated fibre)', () => {
  // Parameters from the paper: μ3 = 2e-4, η_Bob = 0.1, p_dc = 6e-7, p_ap = 0.04,
  // e_mis = 5e-3, α = 0.2 dB/km, f_EC = 1.16, ε_cor = 1e-15, ε_sec = 1e-10;
  // q, p_μ1, p_μ2, μ1, μ2 optimized per point as in the paper.

  it('n_X = 10^4 distributes keys up to about 135 km', () => {
    // Paper, Sec. I and IV: "even if we use a block size of 10^4, cryptographic
    // keys can still be distributed over a fiber length of 135 km". Our optimum
    // crosses zero at ≈ 135 km. Tolerance ±4 km: the paper quotes a rounded
    // figure read off its plot (ticks every 20 km), and our Nelder–Mead
    // optimum of five parameters is not the paper's exact optimizer.
    const inside = optimizeKeyRate(lim2014Channel(131), lim2014Options(1e4));
    const outside = optimizeKeyRate(lim2014Channel(139), lim2014Options(1e4));
    expect(inside.ratePerPulse).toBeGreaterThan(0);
    expect(outside.ratePerPulse).toBeLessThanOrEqual(0);
  });

  it('at 100 km the rate for n_X = 10^9 is about 1.75 times the rate for n_X = 10^7', () => {
    // Paper, Sec. IV: "at a fiber length of 100 km, the secret key rate obtained
    // with n_X = 10^9 is about 1.75 times the one based on n_X = 10^7". We get
    // ≈ 1.70 (1.78 before v_Z,1 stopped counting a negative expected error
    // count in the weak class, which cost n_X = 10^7 more than 10^9). Tolerance ±0.15 (≈ 9 %): "about" is a two-digit reading, and
    // each rate comes from its own numerical optimization (a 3–4 % shift in
    // either optimum moves the ratio by ~0.07).
    const r7 = optimizeKeyRate(lim2014Channel(100), lim2014Options(1e7));
    const r9 = optimizeKeyRate(lim2014Channel(100), lim2014Options(1e9));
    expect(r7.ratePerPulse).toBeGreaterThan(0);
    expect(r9.ratePerPulse / r7.ratePerPulse).toBeGreaterThan(1.6);
    expect(r9.ratePerPulse / r7.ratePerPulse).toBeLessThan(1.9);
    // And the optimum is the paper's kind of operating point: key basis biased, μ1 below 1.
    expect(r9.settings.keyBasisProbability).toBeGreaterThan(0.5);
    expect(r9.settings.intensities[0]).toBeLessThan(1);
  });
});
