/**
 * Privacy amplification: compress the reconciled, verified n-bit key to the
 * ℓ bits allowed by the finite-key analysis, with a hash drawn from a
 * 2-universal family by a public random seed (leftover hash lemma).
 *
 * Families:
 * - 'toeplitz' (seed n + ℓ − 1 bits): y = T·x over GF(2), see toeplitz.ts;
 * - 'multiply-add-shift' (seed 2(n + ℓ − 1) bits): Dietzfelbinger's strongly
 *   universal family on big integers, see multiply-add-shift.ts; several
 *   times faster here because each FFT point carries a multi-bit limb.
 *
 * For a stream of frames of one size, create the amplifier once and call
 * `hash(key, seed, out)`: twiddles, scratch buffers and the output are reused
 * and the call allocates nothing.
 */
import { MultiplyAddShiftHasher, type MultiplyAddShiftOptions } from './multiply-add-shift.ts';
import { seedBitsFor, type PrivacyAmplificationFamily } from './parameters.ts';
import { ToeplitzHasher, type ToeplitzOptions } from './toeplitz.ts';

export { seedBitsFor, type PrivacyAmplificationFamily } from './parameters.ts';
export { ToeplitzHasher } from './toeplitz.ts';
export { MultiplyAddShiftHasher } from './multiply-add-shift.ts';
export { DirectToeplitz } from './toeplitz-direct.ts';

export interface PrivacyAmplifier {
  readonly family: PrivacyAmplificationFamily;
  readonly inputBits: number;
  readonly outputBits: number;
  readonly seedBits: number;
  /**
   * Hash the first `inputBits` bits of `key` with the first `seedBits` bits of
   * `seed` into `out` (allocated when omitted; tail bits past `outputBits` zeroed).
   * Throws RangeError on short buffers (a bug), QkdError `PrecisionLost` if the float guard trips.
   */
  hash(key: Uint32Array, seed: Uint32Array, out?: Uint32Array): Uint32Array;
}

export interface AmplifierOptions {
  /** Longest FFT convolution (power of two); Toeplitz cuts longer problems into blocks. */
  maxConvolutionLength?: number;
}

export function createPrivacyAmplifier(
  family: PrivacyAmplificationFamily,
  nBits: number,
  outBits: number,
  options: AmplifierOptions = {},
): PrivacyAmplifier {
  const seedBits = seedBitsFor(family, nBits, outBits);
  const hasher =
    family === 'toeplitz'
      ? new ToeplitzHasher(nBits, outBits, options satisfies ToeplitzOptions)
      : new MultiplyAddShiftHasher(nBits, outBits, options satisfies MultiplyAddShiftOptions);
  return {
    family,
    inputBits: nBits,
    outputBits: outBits,
    seedBits,
    hash: (key, seed, out) => hasher.hash(key, seed, out),
  };
}

/**
 * One-shot convenience: builds a plan, hashes, drops the plan. For repeated
 * frames of the same size use `createPrivacyAmplifier` instead.
 */
export function privacyAmplify(
  key: Uint32Array,
  nBits: number,
  outBits: number,
  seed: Uint32Array,
  family: PrivacyAmplificationFamily,
): Uint32Array {
  return createPrivacyAmplifier(family, nBits, outBits).hash(key, seed);
}
