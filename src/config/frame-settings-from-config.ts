/**
 * The post-processing parameters that both nodes take from their bench
 * configs (frame size, intensities, ε, QBER threshold). The node adds its
 * own defaults for the rest (privacy amplification family; the Cascade
 * variant when the config does not name one)
 * to make its FrameParams; keeping that type in src/node keeps src/config
 * below the node layer.
 */
import type { PerIntensity } from '../pipeline/estimation/decoy-bounds.ts';
import type { CascadeVariant } from '../pipeline/cascade/variants.ts';
import type { BenchConfig } from './bench-config.ts';

export interface FrameSettings {
  /** Pulse slots per frame. */
  slots: number;
  /** Mean photon numbers [signal μ1, decoy μ2, vacuum μ3]. */
  intensities: PerIntensity;
  /** Probabilities of each intensity class per slot (sum 1). */
  probabilities: PerIntensity;
  epsSec: number;
  epsCor: number;
  /** Abort a frame when an observed QBER is above this. */
  qberMax: number;
  /** postprocessing.blockBits (n_X) and blocksInFlight; absent when the config leaves them to the node's defaults. */
  blockBits?: number;
  blocksInFlight?: number;
  /** postprocessing.cascade.variant; absent when the config leaves it to the node's default. */
  cascadeVariant?: CascadeVariant;
}

export function frameSettingsFromConfig(cfg: BenchConfig): FrameSettings {
  const s = cfg.source;
  return {
    slots: cfg.frame.slots,
    // The measured mean photon numbers when calibrated (source.actualIntensities), else the set points.
    intensities: s.actualIntensities
      ? [s.actualIntensities.signal, s.actualIntensities.decoy, s.actualIntensities.vacuum]
      : [s.intensities.signal, s.intensities.decoy, s.intensities.vacuum],
    probabilities: [s.intensityProbabilities.signal, s.intensityProbabilities.decoy, s.intensityProbabilities.vacuum],
    epsSec: cfg.security.epsSec,
    epsCor: cfg.security.epsCor,
    qberMax: cfg.thresholds.qberMax,
    // Only when set: the node spreads these settings over its defaults.
    ...(cfg.postprocessing?.cascade?.variant ? { cascadeVariant: cfg.postprocessing.cascade.variant } : {}),
    ...(cfg.postprocessing?.blockBits ? { blockBits: cfg.postprocessing.blockBits } : {}),
    ...(cfg.postprocessing?.blocksInFlight ? { blocksInFlight: cfg.postprocessing.blocksInFlight } : {}),
  };
}
