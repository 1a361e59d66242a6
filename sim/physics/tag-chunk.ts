/**
 * What one call of the bench returns: the time tags of a stretch of simulated
 * time, sorted by timestamp, in typed arrays (no object per tag).
 */

/** Ground-truth origin of a tag (`truth.kind`). */
export const TAG_SIGNAL = 0;
/** A photon resent by the eavesdropper. */
export const TAG_EVE = 1;
export const TAG_DARK = 2;
export const TAG_AFTERPULSE = 3;

export interface TagTruth {
  /** Global slot index of the pulse that caused the tag; −1 for dark counts and afterpulses. */
  slot: Float64Array;
  /** TAG_SIGNAL, TAG_EVE, TAG_DARK or TAG_AFTERPULSE. */
  kind: Uint8Array;
  /** Detection time on the source clock (before the tagger's clock offset and binning). */
  detectionTimePs: Float64Array;
}

export interface TagChunk {
  count: number;
  /** 0..3 = H, V, D, A. */
  channels: Uint8Array;
  /** Tagger timestamps: integer ps (exact below 2^53), non-decreasing. */
  timestampsPs: Float64Array;
  /** Present when the bench was built with `groundTruth: true`. */
  truth?: TagTruth;
}
