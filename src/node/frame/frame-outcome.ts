/**
 * The results of post-processing on one node: of a frame (sifting and the
 * disclosure of its test-basis bits, giving a sifted segment), and of a
 * block (Cascade, verification and amplification of n_X key-basis bits
 * taken from the segments of one or more frames, giving secret key).
 */
import type { SiftedSegment } from './sifted-segment.ts';

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
  /** Detections Bob reported for the frame (0 for a block). */
  detections: number;
  /** Sifted bits (bases matched) in the key and test bases (for a block: n_X taken and the test bits of its frames). */
  siftedKeyBits: number;
  siftedTestBits: number;
  /** Observed test-basis QBER (all classes) and key-basis QBER (from Cascade's corrections; NaN when not reached). */
  qberTest: number;
  qberKey: number;
  /** Test-basis QBER per intensity class (signal, decoy, vacuum); NaN for a class without test bits or before the comparison. */
  qberTestByClass: [number, number, number];
  /** Parity bits disclosed by Cascade, and its round trips (blocks only). */
  cascadeLeakBits: number;
  cascadeRounds: number;
  /** Secret bits produced (0 on abort, and for frames). */
  secretBits: number;
}

/** A frame ends sifted (its segment goes to the block accumulator) or aborted. */
export type FrameOutcome =
  | { ok: true; frameId: number; segment: SiftedSegment; stats: FrameStatistics }
  | { ok: false; frameId: number; reason: FrameAbortReason; detail: string; stats: FrameStatistics };

/** A block ends with secret key (`key` belongs to the caller, who zeroes it) or aborted. */
export type BlockOutcome =
  | { ok: true; blockId: number; key: Uint32Array; secretBits: number; stats: FrameStatistics }
  | { ok: false; blockId: number; reason: FrameAbortReason; detail: string; stats: FrameStatistics };

export type SessionOutcome = FrameOutcome | BlockOutcome;

export function isBlockOutcome(o: SessionOutcome): o is BlockOutcome {
  return 'blockId' in o;
}

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
