/**
 * Argument checks shared by every privacy-amplification family: lengths,
 * seed length, buffer sizes. They throw instead of truncating because a
 * short seed or key silently hashed would break the leftover-hash-lemma
 * guarantee without anyone noticing.
 */
import { wordsFor } from '../bits.ts';

export type PrivacyAmplificationFamily = 'toeplitz' | 'multiply-add-shift';

/** Largest input accepted (bits); the FFT index arithmetic stays in int32 well below it. */
export const MAX_INPUT_BITS = 2 ** 30;

export function checkLengths(nBits: number, outBits: number): void {
  if (!Number.isInteger(nBits) || nBits < 1 || nBits > MAX_INPUT_BITS) {
    throw new RangeError(`input length must be an integer in [1, 2^30] bits, got ${nBits}`);
  }
  if (!Number.isInteger(outBits) || outBits < 1 || outBits > nBits) {
    throw new RangeError(`output length must be an integer in [1, ${nBits}] bits, got ${outBits}`);
  }
}

/**
 * Seed bits each family consumes for an n-bit input and an ℓ-bit output.
 * - toeplitz: n + ℓ − 1 (first column and first row of the ℓ×n matrix);
 * - multiply-add-shift: 2·(n + ℓ − 1) (multiplier a, then addend b, each
 *   w̄ = n + ℓ − 1 bits; see multiply-add-shift.ts).
 */
export function seedBitsFor(family: PrivacyAmplificationFamily, nBits: number, outBits: number): number {
  checkLengths(nBits, outBits);
  switch (family) {
    case 'toeplitz':
      return nBits + outBits - 1;
    case 'multiply-add-shift':
      return 2 * (nBits + outBits - 1);
    default:
      throw new RangeError(`unknown privacy-amplification family ${String(family)}`);
  }
}

export function checkBuffers(
  key: Uint32Array,
  nBits: number,
  seed: Uint32Array,
  seedBits: number,
  out: Uint32Array,
  outBits: number,
): void {
  if (key.length < wordsFor(nBits)) {
    throw new RangeError(`key holds ${key.length * 32} bits, fewer than the ${nBits} to hash`);
  }
  if (seed.length < wordsFor(seedBits)) {
    throw new RangeError(`seed holds ${seed.length * 32} bits, the family needs ${seedBits}`);
  }
  if (out.length < wordsFor(outBits)) {
    throw new RangeError(`output buffer holds ${out.length * 32} bits, ${outBits} are needed`);
  }
}
