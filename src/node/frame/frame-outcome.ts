/** The result of one frame's post-processing on one node. */

export type FrameAbortReason =
  | 'qber-over-threshold'
  | 'length-not-positive'
  | 'insufficient-statistics'
  | 'verification-failed'
  | 'length-mismatch'
  | 'protocol-error'
  /** The receiver held key generation (operator stop or a safety condition) and dropped the frame. */
  | 'generation-held'
  | 'peer-abort';

export interface FrameStatistics {
  /** Detections Bob reported for the frame. */
  detections: number;
  /** Sifted bits (bases matched) in the key and test bases. */
  siftedKeyBits: number;
  siftedTestBits: number;
  /** Observed test-basis QBER (all classes) and key-basis QBER (from Cascade's corrections; NaN when not reached). */
  qberTest: number;
  qberKey: number;
  /** Test-basis QBER per intensity class (signal, decoy, vacuum); NaN for a class without test bits or before the comparison. */
  qberTestByClass: [number, number, number];
  /** Parity bits disclosed by Cascade, and its round trips. */
  cascadeLeakBits: number;
  cascadeRounds: number;
  /** Secret bits produced (0 on abort). */
  secretBits: number;
}

export type FrameOutcome =
  | { ok: true; frameId: number; key: Uint32Array; secretBits: number; stats: FrameStatistics }
  | { ok: false; frameId: number; reason: FrameAbortReason; detail: string; stats: FrameStatistics };

export function emptyStatistics(): FrameStatistics {
  return {
    detections: 0,
    siftedKeyBits: 0,
    siftedTestBits: 0,
    qberTest: NaN,
    qberKey: NaN,
    qberTestByClass: [NaN, NaN, NaN],
    cascadeLeakBits: 0,
    cascadeRounds: 0,
    secretBits: 0,
  };
}
