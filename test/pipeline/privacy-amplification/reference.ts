/**
 * Slow, obviously-correct references for the privacy-amplification tests:
 * straight from the definitions, no FFT, no word tricks.
 */
import { getBit } from '../../../src/pipeline/bits.ts';

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

/** The first `nBits` bits of `bits` as a BigInt (bit i has weight 2^i). */
export function toBigInt(bits: Uint32Array, from: number, nBits: number): bigint {
  let hex = '';
  for (let i = from + nBits - 1 - ((nBits - 1) % 4); i >= from; i -= 4) {
    let digit = 0;
    for (let d = 3; d >= 0; d--) {
      const p = i + d;
      digit = (digit << 1) | (p < from + nBits ? getBit(bits, p) : 0);
    }
    hex += digit.toString(16);
  }
  return hex === '' ? 0n : BigInt('0x' + hex);
}

/** The low `nBits` bits of v, packed. */
export function fromBigInt(v: bigint, nBits: number): Uint32Array {
  const out = new Uint32Array((nBits + 31) >>> 5);
  const hex = v.toString(16);
  for (let i = 0; i < nBits; i++) {
    const pos = hex.length - 1 - (i >> 2);
    if (pos < 0) break;
    if ((parseInt(hex[pos], 16) >> (i & 3)) & 1) out[i >>> 5] |= 1 << (i & 31);
  }
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
