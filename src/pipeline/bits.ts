/**
 * Bit-packed key material, shared by every pipeline stage.
 *
 * Convention: bit i of a key lives in word `i >>> 5` at bit position `i & 31`
 * (least significant bit first). Bits past the key's length in the last word
 * are always zero, so a word-wise XOR + popcount over whole words counts only
 * real bits. Lengths travel beside the array (a `Uint32Array` can hold more
 * words than needed).
 */

/** Number of 32-bit words needed to hold `nBits` bits. */
export function wordsFor(nBits: number): number {
  return (nBits + 31) >>> 5;
}

/** A zeroed packed bit array able to hold `nBits` bits. */
export function allocBits(nBits: number): Uint32Array {
  return new Uint32Array(wordsFor(nBits));
}

export function getBit(bits: Uint32Array, i: number): number {
  return (bits[i >>> 5] >>> (i & 31)) & 1;
}

export function setBit(bits: Uint32Array, i: number, value: number): void {
  const w = i >>> 5;
  const m = 1 << (i & 31);
  bits[w] = value & 1 ? bits[w] | m : bits[w] & ~m;
}

export function flipBit(bits: Uint32Array, i: number): void {
  bits[i >>> 5] ^= 1 << (i & 31);
}

/** Population count of a 32-bit word (SWAR; no tables, no allocation). */
export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Number of positions where `a` and `b` differ over their first `nBits` bits. */
export function hammingDistance(a: Uint32Array, b: Uint32Array, nBits: number): number {
  const full = nBits >>> 5;
  let d = 0;
  for (let w = 0; w < full; w++) d += popcount32(a[w] ^ b[w]);
  const rest = nBits & 31;
  if (rest) d += popcount32((a[full] ^ b[full]) & (((1 << rest) - 1) >>> 0));
  return d;
}

/** Pack an array of 0/1 values (reference helper for tests and slow paths). */
export function packBits(values: ArrayLike<number>): Uint32Array {
  const out = allocBits(values.length);
  for (let i = 0; i < values.length; i++) if (values[i] & 1) out[i >>> 5] |= 1 << (i & 31);
  return out;
}

/** Unpack `nBits` bits to one byte per bit (reference helper for tests and slow paths). */
export function unpackBits(bits: Uint32Array, nBits: number): Uint8Array {
  const out = new Uint8Array(nBits);
  for (let i = 0; i < nBits; i++) out[i] = (bits[i >>> 5] >>> (i & 31)) & 1;
  return out;
}

/**
 * Append the first `srcBits` bits of `src` to `dst`, which already holds
 * `dstBits` bits; returns the new length. Word-at-a-time (shift and merge),
 * so concatenating sifted buckets costs O(words), not O(bits).
 */
export function appendBits(dst: Uint32Array, dstBits: number, src: Uint32Array, srcBits: number): number {
  if (wordsFor(dstBits + srcBits) > dst.length) throw new RangeError('appendBits: destination too small');
  const fullSrc = srcBits >>> 5;
  const rest = srcBits & 31;
  const shift = dstBits & 31;
  let w = dstBits >>> 5;
  if (shift === 0) {
    for (let i = 0; i < fullSrc; i++) dst[w + i] = src[i];
    if (rest) dst[w + fullSrc] = src[fullSrc] & ((1 << rest) - 1);
    return dstBits + srcBits;
  }
  const keep = (1 << shift) - 1;
  dst[w] &= keep; // tail bits past dstBits are zero by convention, but be safe
  for (let i = 0; i < fullSrc; i++, w++) {
    const s = src[i];
    dst[w] |= s << shift;
    dst[w + 1] = s >>> (32 - shift);
  }
  if (rest) {
    const s = src[fullSrc] & ((1 << rest) - 1);
    dst[w] |= s << shift;
    if (shift + rest > 32) dst[w + 1] = s >>> (32 - shift);
  }
  return dstBits + srcBits;
}
