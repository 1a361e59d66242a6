/**
 * Cyclic convolution of two real sequences of length N = 2^k (N ≥ 4) with
 * one complex FFT of length M = N/2 per operand and one inverse.
 *
 * Packing: the caller writes sequence v as z_j = v_{2j} + i·v_{2j+1} (real
 * part in `re`, imaginary in `im`, j < M). From Z = FFT_M(z) the length-N
 * spectrum of v is recovered ("split" step):
 *   E[f] = (Z[f] + conj Z[−f]) / 2,  O[f] = (Z[f] − conj Z[−f]) / (2i),
 *   V[f] = E[f] + w^f O[f],  V[f+M] = E[f] − w^f O[f],   w = e^{−2πi/N}.
 * The product spectrum P = X·Y is folded back into a length-M complex spectrum
 * of p_{2j} + i·p_{2j+1}:  Q[f] = (P[f] + P[f+M])/2 + i·conj(w^f)·(P[f] − P[f+M])/2,
 * and one inverse FFT_M gives the cyclic convolution p, packed the same way.
 *
 * Spectra stay in bit-reversed order (see fft.ts). Frequency f at position r
 * pairs with −f mod M, which sits at the mirror position inside r's octave
 * [2^j, 2^{j+1}): r̄ = 3·2^j − 1 − r (−f = ~f + 1 keeps f's bits up to its
 * lowest set bit and inverts the rest; reversed, that is a mirror). So the
 * split/multiply/fold pass walks each octave from both ends, sequentially.
 *
 * All buffers belong to the plan and are reused: `convolve()` allocates nothing.
 */
import { ComplexFft } from './fft.ts';
import { cos2Pi, sin2Pi } from './roots.ts';

export class RealCyclicConvolution {
  /** Convolution length N. */
  readonly length: number;
  /** Complex FFT length M = N/2. */
  readonly half: number;
  /** Number of radix-2 stages counted by the error bound: log2(M) FFT stages + 1 split/fold stage = log2 N. */
  readonly stages: number;
  /**
   * Operand 1, packed; after `convolve()` it holds the result, packed, times
   * 1/scale: readers multiply the few values they need by `scale` instead of
   * a pass over the whole buffer. (The fold leaves 8·Q and the inverse FFT is
   * unscaled, ×M.)
   */
  readonly re1: Float64Array;
  readonly im1: Float64Array;
  /** Operand 2, packed; clobbered by `convolve()`. */
  readonly re2: Float64Array;
  readonly im2: Float64Array;
  /** Multiply a result value by this to get the convolution value. */
  readonly scale: number;
  private readonly fft: ComplexFft;
  /** u_f = −i·w^f at bit-reversed position r (f = rev(r)), for the split and fold steps. */
  private readonly uRe: Float64Array;
  private readonly uIm: Float64Array;

  constructor(length: number) {
    if (!Number.isInteger(length) || length < 4 || (length & (length - 1)) !== 0) {
      throw new RangeError(`convolution length must be a power of two ≥ 4, got ${length}`);
    }
    this.length = length;
    const m = length >>> 1;
    this.half = m;
    this.fft = new ComplexFft(m);
    this.stages = this.fft.log2Size + 1;
    this.scale = 1 / (8 * m); // a power of two: exact
    this.re1 = new Float64Array(m);
    this.im1 = new Float64Array(m);
    this.re2 = new Float64Array(m);
    this.im2 = new Float64Array(m);
    this.uRe = new Float64Array(m);
    this.uIm = new Float64Array(m);
    const bits = this.fft.log2Size;
    for (let r = 0; r < m; r++) {
      let f = 0;
      for (let b = 0; b < bits; b++) f |= ((r >>> b) & 1) << (bits - 1 - b);
      // w^f = cos − i sin;  −i·w^f = −sin − i cos (exact negations of accurate roots).
      this.uRe[r] = -sin2Pi(f, length);
      this.uIm[r] = -cos2Pi(f, length);
    }
  }

  /**
   * p = operand1 ⊛ operand2 (cyclic, length N), left packed in re1/im1 (times 1/scale).
   * `nonzero1`, `nonzero2`: each operand is zero from this packed index on (see ComplexFft.forward:
   * at most M/2 lets the first pass skip the zero half, and the values there need not be zeroed).
   */
  convolve(nonzero1: number = this.half, nonzero2: number = this.half): void {
    const { re1, im1, re2, im2, fft } = this;
    fft.forward(re1, im1, nonzero1);
    fft.forward(re2, im2, nonzero2);
    this.splitMultiplyFold();
    fft.inverse(re1, im1);
  }

  private splitMultiplyFold(): void {
    multiplySpectra(this.re1, this.im1, this.re2, this.im2, this.uRe, this.uIm, 0, 0, this.half);
  }
}

/**
 * The split/multiply/fold step over the bit-reversed positions [from, to) of
 * operand 1 (result) and 2 (clobbered), where [from, to) is either [0, 2^k)
 * (positions 0 and 1, then whole octaves) or one whole octave [2^k, 2^{k+1}):
 * the one kernel both RealCyclicConvolution and SplitRealConvolution run.
 */
export function multiplySpectra(
  re1: Float64Array,
  im1: Float64Array,
  re2: Float64Array,
  im2: Float64Array,
  uRe: Float64Array,
  uIm: Float64Array,
  u0: number,
  from: number,
  to: number,
): void {
  let oct = from;
  if (from === 0) {
    // Positions 0 and 1 (f = 0 and f = M/2) are their own partners.
    productPair(0, 0, re1, im1, re2, im2, uRe, uIm, u0);
    if (to > 1) productPair(1, 1, re1, im1, re2, im2, uRe, uIm, u0);
    oct = 2;
  }
  for (; oct < to; oct <<= 1) {
    const top = 3 * oct - 1;
    const end = oct + (oct >>> 1);
    for (let r = oct; r < end; r++) productPair(r, top - r, re1, im1, re2, im2, uRe, uIm, u0);
  }
}

/**
 * Handles frequencies f (at r) and −f (at s) together, since each needs the
 * other's Z. u holds −i·w^f for bit-reversed positions from u0 on (uRe[r − u0]). Works with doubled quantities to skip the halvings:
 *   S = A + B, D = A − B with A = Z[f], B = conj Z[−f];
 *   2V[f] = S + u·D, 2V[f+M] = S − u·D, u = −i·w^f;
 *   8Q[f] = 4(P[f] + P[f+M]) + conj(u)·4(P[f] − P[f+M]).
 * For −f: A' = conj B, B' = conj A, so S' = conj S, D' = −conj D, u' = conj u.
 */
export function productPair(
  r: number,
  s: number,
  re1: Float64Array,
  im1: Float64Array,
  re2: Float64Array,
  im2: Float64Array,
  uRe: Float64Array,
  uIm: Float64Array,
  u0: number,
): void {
  // Operand 1 at f and −f.
  const ar = re1[r],
    ai = im1[r],
    cr = re1[s],
    ci = im1[s];
  // A = (ar, ai), B = conj(Z[−f]) = (cr, −ci)
  const sxr = ar + cr,
    sxi = ai - ci;
  const dxr = ar - cr,
    dxi = ai + ci;
  const a2r = re2[r],
    a2i = im2[r],
    c2r = re2[s],
    c2i = im2[s];
  const syr = a2r + c2r,
    syi = a2i - c2i;
  const dyr = a2r - c2r,
    dyi = a2i + c2i;
  // Frequency f, then −f (S' = conj S, D' = −conj D, u' from position s), each written to its position.
  foldFrequency(r, sxr, sxi, dxr, dxi, syr, syi, dyr, dyi, uRe[r - u0], uIm[r - u0], re1, im1);
  if (r !== s) foldFrequency(s, sxr, -sxi, -dxr, dxi, syr, -syi, -dyr, dyi, uRe[s - u0], uIm[s - u0], re1, im1);
}

/**
 * One frequency of productPair: from S, D of both operands and u, writes
 * 8Q = (X1·Y1 + X2·Y2) + conj(u)·(X1·Y1 − X2·Y2), X1,2 = S ± u·D, at position `at`.
 */
function foldFrequency(
  at: number,
  sxr: number,
  sxi: number,
  dxr: number,
  dxi: number,
  syr: number,
  syi: number,
  dyr: number,
  dyi: number,
  ur: number,
  ui: number,
  re1: Float64Array,
  im1: Float64Array,
): void {
  const udxr = ur * dxr - ui * dxi,
    udxi = ur * dxi + ui * dxr;
  const udyr = ur * dyr - ui * dyi,
    udyi = ur * dyi + ui * dyr;
  const x1r = sxr + udxr,
    x1i = sxi + udxi,
    x2r = sxr - udxr,
    x2i = sxi - udxi;
  const y1r = syr + udyr,
    y1i = syi + udyi,
    y2r = syr - udyr,
    y2i = syi - udyi;
  const p1r = x1r * y1r - x1i * y1i,
    p1i = x1r * y1i + x1i * y1r;
  const p2r = x2r * y2r - x2i * y2i,
    p2i = x2r * y2i + x2i * y2r;
  const er = p1r + p2r,
    ei = p1i + p2i,
    gr = p1r - p2r,
    gi = p1i - p2i;
  // conj(u)·g
  re1[at] = er + ur * gr + ui * gi;
  im1[at] = ei + ur * gi - ui * gr;
}
