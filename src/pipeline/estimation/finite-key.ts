/**
 * Finite-key secret length of Lim et al., PRA 89, 022307 (2014), Eqs. (1)–(5)
 * (step 3 of the frame), with abort decisions returned as values.
 *
 * Convention map: the paper extracts key from its "X" basis and tests with
 * "Z". Here those are the `key` and `test` roles (by default our Z and X
 * bases, see sifting/pattern.ts `BasisRoles`):
 *   paper n_{X,k}  → observation.key.detections[k]
 *   paper n_{Z,k}  → observation.test.detections[k]
 *   paper m_{Z,k}  → observation.test.errors[k]
 *   s_{X,0}, s_{X,1} → sKey0, sKey1;  s_{Z,1}, v_{Z,1} → sTest1, vTest1;  φ_X → phaseErrorBound.
 *
 *   ℓ = ⌊ s_key,0 + s_key,1 (1 − h(φ)) − λ_EC − 6 log2(21/ε_sec) − log2(2/ε_cor) ⌋
 *   (log2(2/ε_cor) is the verification tag's charge; a tag longer than that is
 *   charged its length instead, once: `verificationTagBits`)
 *   φ ≤ v_test,1/s_test,1 + γ(ε_sec, v_test,1/s_test,1, s_test,1, s_key,1)
 *   γ(a,b,c,d) = sqrt( (c+d)(1−b)b / (c d ln 2) · log2( (c+d)/(c d (1−b) b) · 21²/a² ) )
 *
 * λ_EC is an input: before Cascade runs use `estimatedLeakEcBits` (f_EC·n·h(Q))
 * to decide whether the frame is worth correcting; after Cascade pass its
 * exact disclosed-parity count so the final length is exact.
 */
import { binaryEntropy } from './entropy.ts';
import {
  checkDecoySettings,
  singlePhotonErrorUpperBound,
  singlePhotonLowerBound,
  vacuumLowerBound,
  type DecoySettings,
  type PerIntensity,
} from './decoy-bounds.ts';

export interface DecoyObservation {
  key: {
    /** Sifted key-basis detections per intensity class [μ1, μ2, μ3]. */
    detections: PerIntensity;
    /** Bit errors in the key basis (all classes), when known: Cascade's corrected-error count. */
    errors?: number;
  };
  test: {
    /** Sifted test-basis detections per intensity class. */
    detections: PerIntensity;
    /** Bit errors per intensity class among them (all test bits are disclosed). */
    errors: PerIntensity;
  };
}

export interface FiniteKeyParams extends DecoySettings {
  /** Secrecy parameter ε_sec. */
  epsSec: number;
  /** Correctness parameter ε_cor (the verification hash's collision bound). */
  epsCor: number;
  /** Bits disclosed by error correction, λ_EC. */
  leakEcBits: number;
  /**
   * Length of the verification tag actually sent in the clear, if known. The
   * paper charges log2(2/ε_cor) for a tag of ⌈log2(1/ε_cor)⌉ bits (Appendix B:
   * H_min(X|E') ≥ H_min(X|E) − λ_EC − log2(2/ε_cor)); a longer tag (ours is 64
   * bits per evaluation point, see verification/bound.ts) leaks up to its
   * length, so the term is max(log2(2/ε_cor), verificationTagBits). Do not add
   * the tag to `leakEcBits` as well: that would charge it twice.
   */
  verificationTagBits?: number;
  /** Abort when an observed QBER (test basis, or key basis when its error count is known) exceeds this. */
  qberThreshold: number;
  /** Abort when the phase-error bound reaches this (φ_tol of the paper's step 4); default 0.5, where h(φ) = 1. */
  phaseErrorThreshold?: number;
}

export interface FiniteKeyBounds {
  sKey0: number;
  sKey1: number;
  sTest0: number;
  sTest1: number;
  vTest1: number;
  /** Upper bound on the key basis' single-photon phase-error rate φ. */
  phaseErrorBound: number;
  /** Observed test-basis QBER (all classes). */
  qberTest: number;
  /** Observed key-basis QBER, when the error count was given. */
  qberKey: number | undefined;
  /** ℓ before the floor (may be negative). */
  lengthRaw: number;
}

export type AbortReason = 'qber-over-threshold' | 'length-not-positive' | 'insufficient-statistics';

export type FiniteKeyResult =
  | { ok: true; lengthBits: number; bounds: FiniteKeyBounds }
  | { ok: false; reason: AbortReason; detail: string; bounds: Partial<FiniteKeyBounds> };

/** γ(a, b, c, d) of Eq. (5): the sampling-without-replacement term (Fung et al. via Lim et al.). */
export function phaseErrorGamma(a: number, b: number, c: number, d: number): number {
  // As b → 0, (1−b)b·log(1/b) → 0: zero observed single-photon errors give γ = 0.
  if (b <= 0) return 0;
  const v = ((c + d) * (1 - b) * b) / (c * d * Math.LN2);
  const arg = ((c + d) / (c * d * (1 - b) * b)) * ((21 * 21) / (a * a));
  return Math.sqrt(v * Math.log2(arg));
}

/**
 * The verification step's charge in ℓ: the paper's log2(2/ε_cor), or the tag's
 * length when the tag sent is longer (it is charged once, here, never in λ_EC).
 */
export function verificationLeakBits(params: Pick<FiniteKeyParams, 'epsCor' | 'verificationTagBits'>): number {
  return Math.max(Math.log2(2 / params.epsCor), params.verificationTagBits ?? 0);
}

/** λ_EC estimate f_EC · n · h(Q) used by the paper and for a pre-Cascade go/no-go. */
export function estimatedLeakEcBits(nKeyBits: number, qber: number, fEc = 1.16): number {
  return fEc * nKeyBits * binaryEntropy(Math.min(qber, 0.5));
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function sum3(a: PerIntensity): number {
  return a[0] + a[1] + a[2];
}

/**
 * All bounds and ℓ before the floor, with no abort decisions: φ is capped at
 * 1/2 (where h(φ) = 1) when the test-basis statistics give no bound, so the
 * value stays continuous for the parameter optimizer. `finiteKeyLength` is
 * the checked entry point the node uses.
 */
export function lim2014Bounds(obs: DecoyObservation, params: FiniteKeyParams): FiniteKeyBounds {
  const eps = params.epsSec;
  const nKey = sum3(obs.key.detections);
  const nTest = sum3(obs.test.detections);
  const qberTest = nTest > 0 ? sum3(obs.test.errors) / nTest : NaN;
  const qberKey = obs.key.errors === undefined || nKey === 0 ? undefined : obs.key.errors / nKey;
  // A vacuum lower bound below zero carries no information; s ≥ 0 holds regardless
  // (and enters ℓ as s_X,0 and Eq. (3) as s_X,0/τ0). The caps s0 ≤ n and
  // s1 ≤ n − s0 keep the lower bounds valid (the true counts obey them) and
  // matter only for degenerate settings (μ1 → μ2 + μ3) where the denominator
  // of Eq. (3) vanishes; they never bind at the paper's operating points.
  // v_Z,1 is Eq. (4) as printed, with no cap (decoy-bounds.ts widenedCounts
  // says how its m−_{Z,μ3} is floored at an expected count of zero).
  const sKey0 = clamp(vacuumLowerBound(params, obs.key.detections, eps), 0, nKey);
  const sKey1 = Math.min(singlePhotonLowerBound(params, obs.key.detections, eps, sKey0), nKey - sKey0);
  const sTest0 = clamp(vacuumLowerBound(params, obs.test.detections, eps), 0, nTest);
  const sTest1 = Math.min(singlePhotonLowerBound(params, obs.test.detections, eps, sTest0), nTest - sTest0);
  const vTest1 = singlePhotonErrorUpperBound(params, obs.test.errors, eps);
  let phaseErrorBound = 0.5;
  if (sTest1 > 0 && sKey1 > 0) {
    const b = Math.max(0, vTest1 / sTest1);
    phaseErrorBound = b >= 0.5 ? 0.5 : Math.min(0.5, b + phaseErrorGamma(eps, b, sTest1, sKey1));
  }
  const lengthRaw =
    sKey0 + sKey1 * (1 - binaryEntropy(phaseErrorBound)) - params.leakEcBits - 6 * Math.log2(21 / eps) - verificationLeakBits(params);
  return { sKey0, sKey1, sTest0, sTest1, vTest1, phaseErrorBound, qberTest, qberKey, lengthRaw };
}

export function finiteKeyLength(obs: DecoyObservation, params: FiniteKeyParams): FiniteKeyResult {
  checkDecoySettings(params);
  if (!(params.epsSec > 0 && params.epsSec < 1) || !(params.epsCor > 0 && params.epsCor < 1)) {
    throw new RangeError('ε_sec and ε_cor must be in (0, 1)');
  }
  const phaseTol = params.phaseErrorThreshold ?? 0.5;
  const nKey = sum3(obs.key.detections);
  const nTest = sum3(obs.test.detections);
  if (nKey === 0 || nTest === 0) {
    return { ok: false, reason: 'insufficient-statistics', detail: `no detections (key ${nKey}, test ${nTest})`, bounds: {} };
  }
  const bounds = lim2014Bounds(obs, params);
  const { qberTest, qberKey, sKey1, sTest1, phaseErrorBound, lengthRaw } = bounds;
  if (qberTest > params.qberThreshold || (qberKey !== undefined && qberKey > params.qberThreshold)) {
    return {
      ok: false,
      reason: 'qber-over-threshold',
      detail: `QBER test ${qberTest.toFixed(4)}${qberKey === undefined ? '' : `, key ${qberKey.toFixed(4)}`} > ${params.qberThreshold}`,
      bounds,
    };
  }
  if (!(sKey1 > 0) || !(sTest1 > 0)) {
    return {
      ok: false,
      reason: 'insufficient-statistics',
      detail: `single-photon lower bounds not positive (key ${sKey1.toFixed(1)}, test ${sTest1.toFixed(1)})`,
      bounds,
    };
  }
  if (!(phaseErrorBound < phaseTol)) {
    return {
      ok: false,
      reason: 'qber-over-threshold',
      detail: `single-photon phase-error bound ${phaseErrorBound.toFixed(4)} ≥ ${phaseTol}`,
      bounds,
    };
  }
  const lengthBits = Math.floor(lengthRaw);
  if (!(lengthBits > 0)) {
    return { ok: false, reason: 'length-not-positive', detail: `ℓ = ${lengthRaw.toFixed(1)}`, bounds };
  }
  return { ok: true, lengthBits, bounds };
}
