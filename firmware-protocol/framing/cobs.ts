/**
 * Consistent Overhead Byte Stuffing (Cheshire & Baker, 1999): removes every
 * 0x00 from a block so 0x00 can delimit frames. Each group starts with a
 * code byte c (1..255): c−1 data bytes follow, then an implied 0x00 unless
 * c is 255 or the group is the last one.
 */
import { cobsMaxEncodedBytes } from './constants.ts';

/**
 * Encode `src[start, end)` into `dst` at `dstOffset` (room for
 * cobsMaxEncodedBytes(end − start) bytes). Returns the bytes written. No
 * delimiter is written.
 */
export function cobsEncodeInto(src: Uint8Array, start: number, end: number, dst: Uint8Array, dstOffset: number): number {
  let codeAt = dstOffset;
  let o = dstOffset + 1;
  let code = 1;
  for (let i = start; i < end; i++) {
    const b = src[i];
    if (b === 0) {
      dst[codeAt] = code;
      codeAt = o++;
      code = 1;
    } else {
      dst[o++] = b;
      if (++code === 0xff) {
        dst[codeAt] = code;
        // A full group at the very end needs no empty group after it (canonical COBS).
        if (i + 1 === end) return o - dstOffset;
        codeAt = o++;
        code = 1;
      }
    }
  }
  dst[codeAt] = code;
  return o - dstOffset;
}

/** COBS-encode a whole block (no delimiter). */
export function cobsEncode(src: Uint8Array): Uint8Array {
  const dst = new Uint8Array(cobsMaxEncodedBytes(src.length));
  return dst.slice(0, cobsEncodeInto(src, 0, src.length, dst, 0));
}

/** Decoding failed: a 0x00 inside the block or a group running past its end. */
export const COBS_INVALID = -1;
/** Decoding would write past `dstLimit`. */
export const COBS_TOO_LONG = -2;

/**
 * Decode `src[start, end)` (one block, without its delimiter) into `dst`
 * from `dstOffset`, never writing at or past `dstLimit`. Returns the decoded
 * length, COBS_INVALID or COBS_TOO_LONG. Never throws.
 */
export function cobsDecodeInto(
  src: Uint8Array,
  start: number,
  end: number,
  dst: Uint8Array,
  dstOffset: number,
  dstLimit: number = dst.length,
): number {
  let i = start;
  let o = dstOffset;
  while (i < end) {
    const code = src[i++];
    if (code === 0) return COBS_INVALID;
    const groupEnd = i + code - 1;
    if (groupEnd > end) return COBS_INVALID;
    if (o + (groupEnd - i) > dstLimit) return COBS_TOO_LONG;
    while (i < groupEnd) {
      const b = src[i++];
      if (b === 0) return COBS_INVALID;
      dst[o++] = b;
    }
    if (code !== 0xff && i < end) {
      if (o >= dstLimit) return COBS_TOO_LONG;
      dst[o++] = 0;
    }
  }
  return o - dstOffset;
}

/** Decode a whole block; null when it is not valid COBS. */
export function cobsDecode(src: Uint8Array): Uint8Array | null {
  const dst = new Uint8Array(src.length);
  const n = cobsDecodeInto(src, 0, src.length, dst, 0);
  return n < 0 ? null : dst.slice(0, n);
}
