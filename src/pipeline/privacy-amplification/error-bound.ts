/**
 * A priori bound on the rounding error of our floating-point FFT convolution.
 *
 * Percival, "Rapid multiplication modulo the sum and difference of highly
 * composite numbers", Math. Comp. 72 (2003) 387–395, Theorem 5.1: if the
 * cyclic convolution z = x ⊛ y of length N = 2^k is computed by two forward
 * radix-2 FFTs, a pointwise product and an inverse FFT in binary floating
 * point with unit roundoff ε, using precomputed roots of unity that are each
 * within β of the true value, then
 *
 *   ‖z' − z‖_∞ < ‖x‖·‖y‖·((1+ε)^{3k} (1+ε√5)^{3k+1} (1+β)^{3k} − 1)
 *
 * (‖·‖ the Euclidean norm). Our transform of length N is a complex FFT of
 * length N/2 (k−1 radix-2 stages; fusing two stages in one pass changes no
 * operation) plus one split/fold stage that, like a butterfly, adds or
 * subtracts pairs and multiplies by one precomputed root; we count it as the
 * k-th stage. That step is our adaptation of the theorem, not part of it, so
 * we also guard every result a posteriori (distance of each value to the
 * nearest integer) and throw if the guard trips.
 *
 * Roots: β = ROOT_ERROR = 2^−51, justified in roots.ts.
 *
 * Zero padding: when an operand is zero in the upper half, the first forward
 * pass (fft.ts difPassUpperZero, split-convolution.ts difTopUpperZero) skips
 * reading it. It evaluates the same butterfly formulas with those inputs as
 * the constant 0, and x ± 0 = x exactly in binary floating point, so every
 * value it produces is the one the full pass produces from stored zeros
 * (up to the sign of a zero): the operation sequence the theorem charges is
 * unchanged, and so is the bound.
 *
 * A tripped guard throws `QkdError` with code `PrecisionLost` (errors/): it
 * means a bug or an unexpected platform, never bad luck, and the frame's key
 * must not be used.
 */
import { QkdError, QkdErrorCode, type QkdErrorDetails } from '../../../errors/index.ts';
import { ROOT_ERROR } from './roots.ts';

const EPSILON = 2 ** -53;
const BETA = ROOT_ERROR;

/** Percival's relative factor for k radix-2 stages, rounded up generously. */
export function percivalFactor(stages: number): number {
  const k = stages;
  // (1+a)^p − 1 ≤ p·a·(1 + p·a) for p·a ≤ 1; all terms here are ≪ 1.
  const sum = 3 * k * EPSILON + (3 * k + 1) * 2.2361 * EPSILON + 3 * k * BETA; // 2.2361 > √5
  return sum * (1 + sum) * 1.001;
}

/** Upper bound on max |computed − exact| of a convolution with operand norms `normX`, `normY`. */
export function convolutionErrorBound(stages: number, normX: number, normY: number): number {
  return normX * normY * percivalFactor(stages);
}

/**
 * Largest distance from an integer that the a posteriori guard accepts. The
 * a priori bound is kept ≤ this, so a value beyond it means the bound's
 * assumptions failed (a bug or an unexpected platform), never bad luck.
 */
export const ROUNDING_GUARD = 0.25;

/**
 * The error thrown when a convolution value strays too far from an integer to
 * be rounded safely, or when an a priori bound already exceeds the guard.
 * `details` holds the numbers (deviation, bound), never key bits.
 */
export function precisionLost(message: string, details: QkdErrorDetails): QkdError {
  return new QkdError(QkdErrorCode.PrecisionLost, message, details);
}
