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
  return finiteKeyLength(
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
  );
}
