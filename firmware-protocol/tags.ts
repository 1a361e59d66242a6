/**
 * The packed tag layout of `TagBatch.tags` (time_tagger.proto): 8 bytes per
 * tag, one little-endian 64-bit word `(offset_ps << 4) | channel`, offset in
 * ps after the batch's base_time_ps and below 2^40. Firmware writes it, the
 * host reads it straight into typed arrays (DESIGN.md hot-path rules: no
 * object per tag, no BigInt).
 */

export const TAG_RECORD_BYTES = 8;
export const MAX_TAG_CHANNEL = 15;
/** A batch spans less than 2^40 ps (≈ 1.1 s), which keeps offsets exact in a double. */
export const MAX_TAG_OFFSET_PS = 2 ** 40 - 1;

const TWO_POW_28 = 2 ** 28;

/**
 * Pack `count` tags. Throws RangeError on a channel over 15 or an offset
 * outside 0..MAX_TAG_OFFSET_PS (a caller bug: the simulator or a test).
 */
export function encodeTagRecords(channels: ArrayLike<number>, offsetsPs: ArrayLike<number>, count: number): Uint8Array {
  const out = new Uint8Array(count * TAG_RECORD_BYTES);
  for (let i = 0; i < count; i++) {
    const ch = channels[i];
    const t = offsetsPs[i];
    if (!(ch >= 0 && ch <= MAX_TAG_CHANNEL) || !Number.isInteger(ch)) throw new RangeError(`tag ${i}: channel ${ch}`);
    if (!(t >= 0 && t <= MAX_TAG_OFFSET_PS) || !Number.isInteger(t)) throw new RangeError(`tag ${i}: offset ${t} ps`);
    const hi = Math.floor(t / TWO_POW_28);
    const lo = ((t - hi * TWO_POW_28) * 16 + ch) >>> 0;
    const o = i * TAG_RECORD_BYTES;
    out[o] = lo & 0xff;
    out[o + 1] = (lo >>> 8) & 0xff;
    out[o + 2] = (lo >>> 16) & 0xff;
    out[o + 3] = lo >>> 24;
    out[o + 4] = hi & 0xff;
    out[o + 5] = (hi >>> 8) & 0xff;
    out[o + 6] = (hi >>> 16) & 0xff;
    out[o + 7] = (hi >>> 24) & 0xff;
  }
  return out;
}

/**
 * Unpack tags into `channelsOut[outOffset..]` and `offsetsPsOut[outOffset..]`.
 * Returns the number of tags, or -1 when `tags` is not a whole number of
 * records, the outputs are too small, or a record's offset is ≥ 2^40 (a
 * board bug the caller counts as a protocol error). Never throws.
 */
export function decodeTagRecords(tags: Uint8Array, channelsOut: Uint8Array, offsetsPsOut: Float64Array, outOffset = 0): number {
  if (tags.length % TAG_RECORD_BYTES !== 0) return -1;
  const n = tags.length / TAG_RECORD_BYTES;
  if (outOffset + n > channelsOut.length || outOffset + n > offsetsPsOut.length) return -1;
  for (let i = 0, o = 0; i < n; i++, o += TAG_RECORD_BYTES) {
    const lo = (tags[o] | (tags[o + 1] << 8) | (tags[o + 2] << 16) | (tags[o + 3] << 24)) >>> 0;
    const hi = (tags[o + 4] | (tags[o + 5] << 8) | (tags[o + 6] << 16) | (tags[o + 7] << 24)) >>> 0;
    if (hi >= 4096) return -1; // offset ≥ 2^40
    channelsOut[outOffset + i] = lo & 15;
    offsetsPsOut[outOffset + i] = hi * TWO_POW_28 + (lo >>> 4);
  }
  return n;
}
