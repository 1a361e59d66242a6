/**
 * What both nodes must agree on to post-process a frame. Both take it from
 * their bench configs; a disagreement shows up as a length mismatch and the
 * frame is aborted, never as different keys.
 */
import { type CascadeVariant, DEFAULT_CASCADE_VARIANT } from '../../pipeline/cascade/index.ts';
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
  /**
   * n_X: sifted key-basis bits per post-processing block (config postprocessing.blockBits). The
   * transmitter closes a block as soon as it holds this many, taking exactly this many; the
   * receiver takes the ranges the transmitter names, so only the transmitter's value is in force.
   */
  blockBits: number;
  /** Blocks whose post-processing may be in flight at once (config postprocessing.blocksInFlight). */
  blocksInFlight: number;
}

export const DEFAULT_FRAME_PARAMS: Omit<FrameParams, 'slots' | 'intensities' | 'probabilities'> = {
  epsSec: 1e-10,
  epsCor: 1e-15,
  qberMax: 0.11,
  // The most efficient variant (f ≤ 1.04 at QBER 1–5 %; config postprocessing.cascade.variant overrides it).
  // Its ~10^3 round trips per block cost no pad: Cascade messages are deferred (src/peer/message-auth-policy.ts).
  cascadeVariant: DEFAULT_CASCADE_VARIANT,
  privacyAmplification: 'multiply-add-shift',
  cascadeMinQber: 0.005,
  blockBits: 1_000_000,
  // Cascade's ~10^3 round trips per block make a block's time mostly waiting for the peer: the more blocks overlap,
  // the less the round-trip time caps throughput. A block in flight costs its key bits and a few copies of them
  // (n_X/8 bytes each; the permutations are one cached plan per thread, not per block): ~0.6 MB at n_X = 10^6.
  blocksInFlight: 8,
};

/** Source of public randomness for seeds (crypto in the node; seeded in tests). */
export type RandomWords = (count: number) => Uint32Array;
