/**
 * GF(2^64) elements as pairs of 32-bit words, and the plain bitwise multiply.
 *
 * Field: GF(2)[x] / P(x) with P(x) = x^64 + x^4 + x^3 + x + 1. P is the
 * lexicographically first irreducible pentanomial of degree 64 (it is the
 * reduction polynomial of the 64-bit block field in NIST SP 800-38B / CMAC,
 * "R_64 = 0^59 || 11011"); irreducibility is what makes GF(2)[x]/P a field,
 * which the polynomial-hash bounds (a nonzero polynomial of degree d has at
 * most d roots) rely on.
 *
 * Representation: an element a = Σ a_i x^i is held as `lo` (coefficients of
 * x^0..x^31, bit i = a_i) and `hi` (x^32..x^63). This matches the packed-bit
 * convention of `../bits.ts`: 64-bit block j of a packed key is the element
 * with lo = words[2j], hi = words[2j + 1]. Arrays holding several elements
 * store them as [lo, hi, lo, hi, ...].
 *
 * This file is the slow reference (64 shift-and-add steps per product); the
 * hot path is `Gf64TableMultiplier` in ./gf64-table-multiplier.ts.
 */

/** Low word of P(x) − x^64: x^4 + x^3 + x + 1. */
export const GF64_REDUCTION = 0x1b;

/**
 * Product a·b in GF(2^64), written as [lo, hi] into `out` at `offset`.
 * Horner over the bits of b, most significant first: r ← r·x, then r ← r + a
 * when the bit is set; r·x overflows x^64, which is replaced by x^4+x^3+x+1.
 */
export function gf64MulBitwise(aLo: number, aHi: number, bLo: number, bHi: number, out: Uint32Array, offset = 0): void {
  let rLo = 0;
  let rHi = 0;
  for (let i = 63; i >= 0; i--) {
    const carry = rHi >>> 31;
    rHi = (rHi << 1) | (rLo >>> 31);
    rLo = (rLo << 1) ^ (carry ? GF64_REDUCTION : 0);
    const bit = i >= 32 ? (bHi >>> (i - 32)) & 1 : (bLo >>> i) & 1;
    if (bit) {
      rLo ^= aLo;
      rHi ^= aHi;
    }
  }
  out[offset] = rLo;
  out[offset + 1] = rHi;
}
