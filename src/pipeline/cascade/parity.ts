/**
 * Parity kernels over packed bits. The XOR of several words has the parity of
 * their concatenation, so a range parity is one XOR per word and a single
 * fold at the end.
 */

/** Parity (0 or 1) of a 32-bit word. */
export function parity32(x: number): number {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  return (0x6996 >>> (x & 0xf)) & 1;
}

/** Parity of bits [start, end) of packed `words`. */
export function rangeParity(words: Uint32Array, start: number, end: number): number {
  if (start >= end) return 0;
  const ws = start >>> 5;
  const we = (end - 1) >>> 5;
  const headMask = -1 << (start & 31);
  const tailMask = -1 >>> (31 - ((end - 1) & 31));
  if (ws === we) return parity32(words[ws] & headMask & tailMask);
  let x = words[ws] & headMask;
  for (let w = ws + 1; w < we; w++) x ^= words[w];
  return parity32(x ^ (words[we] & tailMask));
}

/** Parity of key bits perm[start..end) (bits read through an index map). */
export function gatherParity(key: Uint32Array, perm: Uint32Array, start: number, end: number): number {
  let x = 0;
  for (let j = start; j < end; j++) {
    const i = perm[j];
    x ^= key[i >>> 5] >>> (i & 31);
  }
  return x & 1;
}

/** Parity of the bits of `key` selected by packed `mask` (same length). */
export function maskedParity(key: Uint32Array, mask: Uint32Array): number {
  let x = 0;
  for (let w = 0; w < mask.length; w++) x ^= key[w] & mask[w];
  return parity32(x);
}

/** out[j] = key[perm[j]] for j < n, packed; `out` must hold ⌈n/32⌉ words. */
export function permuteBits(out: Uint32Array, key: Uint32Array, perm: Uint32Array, n: number): Uint32Array {
  const full = n >>> 5;
  let j = 0;
  for (let w = 0; w < full; w++) {
    let acc = 0;
    for (let b = 0; b < 32; b++, j++) {
      const i = perm[j];
      acc |= ((key[i >>> 5] >>> (i & 31)) & 1) << b;
    }
    out[w] = acc;
  }
  if (j < n) {
    let acc = 0;
    for (let b = 0; j < n; b++, j++) {
      const i = perm[j];
      acc |= ((key[i >>> 5] >>> (i & 31)) & 1) << b;
    }
    out[full] = acc;
  }
  return out;
}

/**
 * The same packed copy as `permuteBits` (out[j] = key[perm[j]]), built from
 * the inverse permutation by scattering the key's set bits: out[inv[i]] = 1
 * for each 1 in key[0..n). Half the work of the gather on a random key, and
 * its random writes land in the n/8-byte output. `out` must be zero.
 */
export function scatterBits(out: Uint32Array, key: Uint32Array, inv: Uint32Array, n: number): Uint32Array {
  const words = (n + 31) >>> 5;
  for (let w = 0; w < words; w++) {
    let m = key[w];
    if (w === words - 1 && (n & 31) !== 0) m &= (1 << (n & 31)) - 1;
    const base = w << 5;
    while (m !== 0) {
      const low = m & -m;
      m ^= low;
      const pos = inv[base + 31 - Math.clz32(low)];
      out[pos >>> 5] |= 1 << (pos & 31);
    }
  }
  return out;
}
