/**
 * Fast multiplication by a fixed element H of GF(2^64) (see ./gf64.ts for the
 * field and the word-pair representation).
 *
 * Multiplication by H is GF(2)-linear in the other factor X, so with X split
 * into bytes X = Σ_j b_j(x)·x^(8j) (j = 0..7),
 *     X·H = Σ_j T_j[b_j],   T_j[b] = b(x)·x^(8j)·H mod P.
 * The 8 tables of 256 entries (16 KiB as Int32Array, fits in L1) are the
 * byte-position variant of the table methods used for GHASH (McGrew & Viega,
 * "The Galois/Counter Mode of Operation", 2004, §4.1; Shoup's method); a
 * product then costs 8 table look-ups and 16 XORs, with no reduction step,
 * since the reductions are folded into the tables.
 *
 * Building the tables costs 64 doublings and 2048 XORs, so one multiplier per
 * hash key (per frame, per session) is cheap beside hashing a long key.
 */
import { GF64_REDUCTION } from './gf64.ts';

export class Gf64TableMultiplier {
  /**
   * Interleaved tables: entry (j, b) is at index j*512 + 2b (lo) and
   * j*512 + 2b + 1 (hi). Int32Array keeps every loaded value a small
   * integer for V8 (a Uint32Array load above 2^31 can become a heap number).
   */
  readonly table: Int32Array;

  constructor(hLo: number, hHi: number) {
    const t = new Int32Array(8 * 256 * 2);
    let lo = hLo | 0;
    let hi = hHi | 0;
    for (let j = 0; j < 8; j++) {
      const base = j * 512;
      // Single-bit entries: T_j[2^k] = x^(8j+k)·H, by successive doubling.
      for (let k = 0; k < 8; k++) {
        const idx = base + (2 << k);
        t[idx] = lo;
        t[idx + 1] = hi;
        const carry = hi >>> 31;
        hi = (hi << 1) | (lo >>> 31);
        lo = (lo << 1) ^ (carry ? GF64_REDUCTION : 0);
      }
      // Other entries by linearity: T[b] = T[b without its lowest bit] ^ T[lowest bit].
      for (let b = 3; b < 256; b++) {
        const low = b & -b;
        if (low === b) continue;
        const i = base + 2 * b;
        const i1 = base + 2 * (b ^ low);
        const i2 = base + 2 * low;
        t[i] = t[i1] ^ t[i2];
        t[i + 1] = t[i1 + 1] ^ t[i2 + 1];
      }
    }
    this.table = t;
  }

  /** X·H written as [lo, hi] into `out` at `offset`. */
  mul(xLo: number, xHi: number, out: Uint32Array, offset = 0): void {
    const t = this.table;
    let i = (xLo & 255) << 1;
    let zl = t[i];
    let zh = t[i + 1];
    i = 512 + (((xLo >>> 8) & 255) << 1);
    zl ^= t[i];
    zh ^= t[i + 1];
    i = 1024 + (((xLo >>> 16) & 255) << 1);
    zl ^= t[i];
    zh ^= t[i + 1];
    i = 1536 + ((xLo >>> 24) << 1);
    zl ^= t[i];
    zh ^= t[i + 1];
    i = 2048 + ((xHi & 255) << 1);
    zl ^= t[i];
    zh ^= t[i + 1];
    i = 2560 + (((xHi >>> 8) & 255) << 1);
    zl ^= t[i];
    zh ^= t[i + 1];
    i = 3072 + (((xHi >>> 16) & 255) << 1);
    zl ^= t[i];
    zh ^= t[i + 1];
    i = 3584 + ((xHi >>> 24) << 1);
    zl ^= t[i];
    zh ^= t[i + 1];
    out[offset] = zl;
    out[offset + 1] = zh;
  }
}
