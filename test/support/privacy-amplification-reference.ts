/**
 * Slow, obviously-correct references for the privacy-amplification tests:
 * straight from the definitions, no FFT, no word tricks.
 */
import { getBit } from '../../src/pipeline/bits.ts';

/** y_i = ⊕_j s[i − j + n − 1]·x_j, bit by bit. */
export function naiveToeplitz(key: Uint32Array, n: number, m: number, seed: Uint32Array): Uint32Array {
  const out = new Uint32Array((m + 31) >>> 5);
  for (let i = 0; i < m; i++) {
    let bit = 0;
    for (let j = 0; j < n; j++) bit ^= getBit(seed, i - j + n - 1) & getBit(key, j);
    if (bit) out[i >>> 5] |= 1 << (i & 31);
  }
  return out;
}

/** The `nBits` bits of `bits` starting at bit `from`, as a BigInt (bit from+i has weight 2^i). */
export function toBigInt(bits: Uint32Array, from: number, nBits: number): bigint {
  // Realign bit by bit (obviously right, fast enough for 10^8 bits), then hex by word.
  const words = new Uint32Array((nBits + 31) >>> 5);
  for (let i = 0; i < nBits; i++) if (getBit(bits, from + i)) words[i >>> 5] |= 1 << (i & 31);
  const parts: string[] = [];
  for (let w = words.length - 1; w >= 0; w--) parts.push(words[w].toString(16).padStart(8, '0'));
  return parts.length === 0 ? 0n : BigInt(`0x${parts.join('')}`);
}

/** The low `nBits` bits of v ≥ 0, packed. */
export function fromBigInt(v: bigint, nBits: number): Uint32Array {
  const words = (nBits + 31) >>> 5;
  const out = new Uint32Array(words);
  const hex = v.toString(16).padStart(words * 8, '0');
  const len = hex.length;
  for (let w = 0; w < words; w++) out[w] = parseInt(hex.slice(len - 8 * (w + 1), len - 8 * w), 16);
  if (nBits & 31) out[words - 1] &= (1 << (nBits & 31)) - 1;
  return out;
}

/** ((a·x + b) mod 2^w̄) div 2^(w̄−ℓ), with BigInt arithmetic. */
export function bigIntMultiplyAddShift(key: Uint32Array, n: number, l: number, seed: Uint32Array): Uint32Array {
  const W = n + l - 1;
  const x = toBigInt(key, 0, n);
  const a = toBigInt(seed, 0, W);
  const b = toBigInt(seed, W, W);
  const mask = (1n << BigInt(W)) - 1n;
  const h = ((a * x + b) & mask) >> BigInt(W - l);
  return fromBigInt(h, l);
}
