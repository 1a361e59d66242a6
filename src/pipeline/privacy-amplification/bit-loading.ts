/**
 * Moving packed bits into and out of the packed real sequences of
 * real-convolution.ts (element t at re[t>>1] when t is even, im[t>>1] when odd).
 */

/** Element t ← bit (from + t) of `src`, for t < count; elements count..2·re.length−1 ← 0. */
export function loadBitsAsReals(src: Uint32Array, from: number, count: number, re: Float64Array, im: Float64Array): void {
  const pairs = count >>> 1;
  let pos = from;
  for (let j = 0; j < pairs; j++) {
    re[j] = (src[pos >>> 5] >>> (pos & 31)) & 1;
    pos++;
    im[j] = (src[pos >>> 5] >>> (pos & 31)) & 1;
    pos++;
  }
  let next = pairs;
  if (count & 1) {
    re[pairs] = (src[pos >>> 5] >>> (pos & 31)) & 1;
    im[pairs] = 0;
    next++;
  }
  re.fill(0, next);
  im.fill(0, next);
}

/**
 * `width` (≤ 24) bits of `src` starting at bit `pos`, as an unsigned number;
 * the caller guarantees that bits pos..pos+width−1 lie inside `src`.
 */
export function readBits(src: Uint32Array, pos: number, width: number): number {
  const w = pos >>> 5;
  const sh = pos & 31;
  let v = src[w] >>> sh;
  if (sh + width > 32) v |= src[w + 1] << (32 - sh);
  return (v & ((1 << width) - 1)) >>> 0;
}
