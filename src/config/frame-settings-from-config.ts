/**
 * The post-processing parameters that both nodes take from their bench
 * configs (frame size, intensities, ε, QBER threshold). The node adds its
 * own defaults for the rest (Cascade variant, privacy amplification family)
 * to make its FrameParams; keeping that type in src/node keeps src/config
 * below the node layer.
 */
import type { PerIntensity } from '../pipeline/estimation/decoy-bounds.ts';
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
  };
}
