/**
 * Bit-level copying between byte arrays.
 *
 * Convention: bit i of a byte array lives in byte `i >>> 3` at bit position
 * `i & 7` (least significant bit first). On a little-endian machine this is the
 * same bit order as the pipeline's packed `Uint32Array` (bit i in word
 * `i >>> 5`, position `i & 31`), so the node layer can hand a privacy
 * amplification output to the store as `new Uint8Array(words.buffer, ...)`.
 *
 * Key sizes are multiples of 8, but block lengths and the auth/application
 * split need not be, so a key may start at any bit of a block.
 */

/** Copy `n` bits from `src` starting at bit `srcBit` into `dst` starting at bit `dstBit`. */
export function copyBits(src: Uint8Array, srcBit: number, dst: Uint8Array, dstBit: number, n: number): void {
  if (n <= 0) return;
  let i = 0;
  if ((dstBit & 7) === 0) {
    // Destination byte-aligned (the usual case: keys are whole bytes): move a
    // byte per step, assembling it from at most two source bytes.
    const shift = srcBit & 7;
    let s = srcBit >>> 3;
    let d = dstBit >>> 3;
    const whole = n >>> 3;
    if (shift === 0) {
      dst.set(src.subarray(s, s + whole), d);
    } else {
      for (let k = 0; k < whole; k++, s++, d++) {
        const lo = src[s] >>> shift;
        const hi = s + 1 < src.length ? src[s + 1] << (8 - shift) : 0;
        dst[d] = (lo | hi) & 0xff;
      }
    }
    i = whole << 3;
  }
  // Remaining bits (or the whole copy when the destination is unaligned).
  for (; i < n; i++) {
    const sb = srcBit + i;
    const db = dstBit + i;
    const bit = (src[sb >>> 3] >>> (sb & 7)) & 1;
    const m = 1 << (db & 7);
    dst[db >>> 3] = bit ? dst[db >>> 3] | m : dst[db >>> 3] & ~m;
  }
}

/** A fresh array holding bits [fromBit, toBit) of `src`, re-based to start at bit 0. */
export function sliceBits(src: Uint8Array, fromBit: number, toBit: number): Uint8Array {
  const out = new Uint8Array((toBit - fromBit + 7) >>> 3);
  copyBits(src, fromBit, out, 0, toBit - fromBit);
  return out;
}

/**
 * The bytes of `src` that cover bits [fromBit, toBit), keeping each bit at its
 * position within its byte: the result's bit `j` is `src` bit `(fromBit & ~7) + j`.
 * Bits of the first and last byte outside the range are zeroed so that no
 * bit is stored in two places (e.g. in both the auth and the application chunk).
 */
export function alignedRange(src: Uint8Array, fromBit: number, toBit: number): Uint8Array {
  const first = fromBit >>> 3;
  const end = (toBit + 7) >>> 3;
  const out = new Uint8Array(end - first);
  out.set(src.subarray(first, end));
  out[0] &= (0xff << (fromBit & 7)) & 0xff;
  if ((toBit & 7) !== 0) out[out.length - 1] &= (1 << (toBit & 7)) - 1;
  return out;
}
