/**
 * What both nodes must agree on to post-process a frame. Both take it from
 * their bench configs; a disagreement shows up as a length mismatch and the
 * frame is aborted, never as different keys.
 */
import type { CascadeVariant } from '../../pipeline/cascade/index.ts';
import type { PrivacyAmplificationFamily } from '../../pipeline/privacy-amplification/index.ts';
import type { PerIntensity } from '../../pipeline/estimation/decoy-bounds.ts';

export interface FrameParams {
  /** Pulse slots per frame. */
  slots: number;
  /** Mean photon numbers [signal μ1, decoy μ2, vacuum μ3]. */
  intensities: PerIntensity;
  /** Probabilities of each intensity class per slot (sum 1). */
  probabilities: PerIntensity;
  epsSec: number;
  epsCor: number;
  /** Abort when an observed QBER is above this. */
  qberMax: number;
  cascadeVariant: CascadeVariant;
  privacyAmplification: PrivacyAmplificationFamily;
  /** Cascade's block sizes need a QBER estimate > 0; a clean test basis uses this floor. */
  cascadeMinQber: number;
}

export const DEFAULT_FRAME_PARAMS: Omit<FrameParams, 'slots' | 'intensities' | 'probabilities'> = {
  epsSec: 1e-10,
  epsCor: 1e-15,
  qberMax: 0.11,
  // Option 8 leaks ~10 % less but needs ~900 round trips at n = 2·10^5 against ~60: every
  // message spends a Wegman–Carter pad, so its authentication cost exceeds its gain.
  cascadeVariant: 'original',
  privacyAmplification: 'multiply-add-shift',
  cascadeMinQber: 0.005,
};

/** Source of public randomness for seeds (crypto in the node; seeded in tests). */
export type RandomWords = (count: number) => Uint32Array;
