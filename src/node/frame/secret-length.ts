/**
 * The finite-key length both nodes compute from the same disclosed
 * statistics. Both sides run it: the receiver proposes ℓ, the transmitter
 * recomputes it from its own view and aborts on any difference.
 */
import { finiteKeyLength, type FiniteKeyResult } from '../../pipeline/estimation/finite-key.ts';
import type { PerIntensity } from '../../pipeline/estimation/decoy-bounds.ts';
import { verificationTagBits } from '../../pipeline/verification/index.ts';
import type { FrameParams } from './frame-params.ts';

export interface FrameObservation {
  keyDetections: PerIntensity;
  testDetections: PerIntensity;
  testErrors: PerIntensity;
  /** Key-basis errors found by Cascade (undefined before Cascade). */
  keyErrors?: number;
  /** Parity bits Cascade disclosed. */
  cascadeLeakBits: number;
  /** Length of the reconciled key. */
  keyBits: number;
}

/**
 * ℓ of Lim et al. (2014) with λ_EC = Cascade's disclosed parities. The
 * verification tag also travels in the clear (authenticated but not
 * encrypted), so it is leakage too, charged once: Eq. (1)'s log2(2/ε_cor)
 * term is that charge, raised to the tag's length when the tag is longer.
 */
export function frameSecretLength(obs: FrameObservation, params: FrameParams): FiniteKeyResult {
  const tagBits = verificationTagBits(Math.max(1, obs.keyBits), params.epsCor);
  return namedCause(
    finiteKeyLength(
      {
        key: { detections: obs.keyDetections, errors: obs.keyErrors },
        test: { detections: obs.testDetections, errors: obs.testErrors },
      },
      {
        intensities: params.intensities,
        probabilities: params.probabilities,
        epsSec: params.epsSec,
        epsCor: params.epsCor,
        leakEcBits: obs.cascadeLeakBits,
        verificationTagBits: tagBits,
        qberThreshold: params.qberMax,
      },
    ),
    params.qberMax,
  );
}

/**
 * The abort's real cause. The estimation reports a single-photon phase-error
 * bound of 0.5 or more as `qber-over-threshold`, but with the observed QBERs
 * within the threshold that bound is wide only because the block holds too
 * few counts (its statistical fluctuation terms): `insufficient-statistics`,
 * which is no eavesdropping alarm. A QBER alarm stays for an observed QBER
 * over the threshold.
 */
function namedCause(r: FiniteKeyResult, qberMax: number): FiniteKeyResult {
  if (r.ok || r.reason !== 'qber-over-threshold') return r;
  const observed = Math.max(r.bounds.qberTest ?? 0, r.bounds.qberKey ?? 0);
  if (observed > qberMax) return r;
  return {
    ...r,
    reason: 'insufficient-statistics',
    detail: `${r.detail} with the observed QBER ${observed.toFixed(4)} ≤ ${qberMax}: too few counts`,
  };
}
