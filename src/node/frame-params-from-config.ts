/** The post-processing parameters both nodes derive from their bench configs. */
import type { BenchConfig } from './bench-config.ts';
import { DEFAULT_FRAME_PARAMS, type FrameParams } from './frame/frame-params.ts';

export function frameParamsFromConfig(cfg: BenchConfig): FrameParams {
  const s = cfg.source;
  return {
    ...DEFAULT_FRAME_PARAMS,
    slots: cfg.frame.slots,
    intensities: [s.intensities.signal, s.intensities.decoy, s.intensities.vacuum],
    probabilities: [s.intensityProbabilities.signal, s.intensityProbabilities.decoy, s.intensityProbabilities.vacuum],
    epsSec: cfg.security.epsSec,
    epsCor: cfg.security.epsCor,
    qberMax: cfg.thresholds.qberMax,
  };
}
