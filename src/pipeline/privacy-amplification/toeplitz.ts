/**
 * Toeplitz hashing, y = T·x over GF(2), computed by FFT convolution.
 *
 * Definition (the reference tests use exactly this): the seed s has n + m − 1
 * bits and T is the m×n matrix T[i][j] = s[i − j + n − 1], so s[0..n−1]
 * read backwards is the first row and s[n−1..n+m−2] the first column.
 * Then y_i = ⊕_j s[i − j + n − 1]·x_j = (s ∗ x)[i + n − 1] mod 2, where ∗ is
 * the integer convolution of the 0/1 sequences.
 *
 * The family {x ↦ T·x} over uniform seeds is 2-universal (Carter & Wegman,
 * JCSS 18 (1979); Krawczyk, CRYPTO '94, LNCS 839, for Toeplitz matrices):
 * for x ≠ x', T·(x ⊕ x') is uniform over {0,1}^m, so collisions have
 * probability 2^−m, as the leftover hash lemma needs (Impagliazzo, Levin &
 * Luby 1989; against quantum side information: Tomamichel, Schaffner, Smith
 * & Renner, IEEE Trans. Inf. Theory 57 (2011) 5524).
 *
 * Why a cyclic convolution of length N ≥ n + m − 1 is enough: the linear
 * convolution has indices 0..2n+m−3 and a cyclic one of length N adds index
 * k + N onto k. For the outputs we read, k ∈ [n−1, n+m−2], so
 * k + N ≥ 2n + m − 2, past the last index: nothing wraps onto them.
 *
 * Exactness: the true sums are integers in [0, n]; we need their parity, so
 * the rounded float must be the exact integer. With 0/1 operands
 * ‖x‖·‖s‖ ≤ √n·√(n+m−1) < N, and Percival's bound (error-bound.ts) gives an
 * error below 2^−16 even at N = 2^30, so rounding is exact; each value is
 * still checked against the guard.
 *
 * Large inputs: one transform of length N ≥ n + m − 1 would need N = 2^28 at
 * n = 10^8 (4 GiB of buffers), so beyond `maxConvolutionLength` the matrix is
 * cut into R×C sub-blocks, each itself a Toeplitz product with seed window
 * s[r0 − c0 + n − C .. + R + C − 2], computed with one convolution of length
 * N ≥ R + C − 1, and the partial outputs are XORed (linearity over GF(2)).
 */
import { wordsFor } from '../bits.ts';
import { loadBitsAsReals } from './bit-loading.ts';
import { convolutionErrorBound, precisionLost, ROUNDING_GUARD } from './error-bound.ts';
import { checkBuffers, checkLengths } from './parameters.ts';
import { RealCyclicConvolution } from './real-convolution.ts';

/** 2^25 points: 4 × 128 MiB of operand buffers plus ≈ 512 MiB of root tables. */
export const DEFAULT_TOEPLITZ_MAX_CONVOLUTION = 2 ** 25;

export interface ToeplitzOptions {
  /** Longest convolution used; longer problems are cut into blocks (power of two ≥ 64). */
  maxConvolutionLength?: number;
}

export class ToeplitzHasher {
  readonly inputBits: number;
  readonly outputBits: number;
  readonly seedBits: number;
  /** Rows and columns per sub-block (the whole matrix when it fits one convolution). */
  readonly blockRows: number;
  readonly blockCols: number;
  /** The a priori error bound of one block's convolution (must be ≤ ROUNDING_GUARD). */
  readonly errorBound: number;
  private readonly conv: RealCyclicConvolution;

  constructor(nBits: number, outBits: number, options: ToeplitzOptions = {}) {
    checkLengths(nBits, outBits);
    this.inputBits = nBits;
    this.outputBits = outBits;
    this.seedBits = nBits + outBits - 1;
    const maxN = options.maxConvolutionLength ?? DEFAULT_TOEPLITZ_MAX_CONVOLUTION;
    if (!Number.isInteger(maxN) || maxN < 64 || (maxN & (maxN - 1)) !== 0) {
      throw new RangeError(`maxConvolutionLength must be a power of two ≥ 64, got ${maxN}`);
    }
    let n = 4;
    while (n < nBits + outBits - 1) n *= 2;
    if (n <= maxN) {
      this.blockRows = outBits;
      this.blockCols = nBits;
    } else {
      n = maxN;
      // Rows per block a multiple of 32 (maxN/2 is), so each block's output starts on a word.
      this.blockRows = Math.min(outBits, n / 2);
      this.blockCols = Math.min(nBits, n - this.blockRows + 1);
    }
    this.conv = new RealCyclicConvolution(n);
    this.errorBound = convolutionErrorBound(this.conv.stages, Math.sqrt(this.blockCols), Math.sqrt(this.blockRows + this.blockCols - 1));
    if (!(this.errorBound <= ROUNDING_GUARD)) {
      throw precisionLost(`Toeplitz convolution error bound ${this.errorBound} exceeds ${ROUNDING_GUARD}`, {
        errorBound: this.errorBound,
        guard: ROUNDING_GUARD,
      });
    }
  }

  /** out ← T(seed)·key over the first `inputBits` bits of key; returns out. */
  hash(key: Uint32Array, seed: Uint32Array, out: Uint32Array = new Uint32Array(wordsFor(this.outputBits))): Uint32Array {
    const n = this.inputBits;
    const m = this.outputBits;
    checkBuffers(key, n, seed, this.seedBits, out, m);
    out.fill(0, 0, wordsFor(m));
    const R = this.blockRows;
    const C = this.blockCols;
    for (let r0 = 0; r0 < m; r0 += R) {
      const rows = Math.min(R, m - r0);
      for (let c0 = 0; c0 < n; c0 += C) {
        const cols = Math.min(C, n - c0);
        this.block(key, seed, out, r0, rows, c0, cols);
      }
    }
    return out;
  }

  /**
   * out[r0 .. r0+rows) ^= T_sub·key[c0 .. c0+cols), where T_sub[i][j] = s[(r0+i) − (c0+j) + n − 1]
   * = s'[i − j + cols − 1] with s' = s shifted by off = r0 − c0 + n − cols (≥ 0 since c0 + cols ≤ n).
   */
  private block(key: Uint32Array, seed: Uint32Array, out: Uint32Array, r0: number, rows: number, c0: number, cols: number): void {
    const conv = this.conv;
    const off = r0 - c0 + this.inputBits - cols;
    loadBitsAsReals(key, c0, cols, conv.re1, conv.im1);
    loadBitsAsReals(seed, off, rows + cols - 1, conv.re2, conv.im2);
    conv.convolve((cols + 1) >>> 1, (rows + cols) >>> 1);
    const re = conv.re1;
    const im = conv.im1;
    const scale = conv.scale;
    const guard = ROUNDING_GUARD; // a local: where tsx loads this module as CommonJS, each read of the import is a getter call
    let acc = 0;
    let word = r0 >>> 5;
    let t = cols - 1;
    for (let i = 0; i < rows; i++, t++) {
      const v = (t & 1 ? im[t >>> 1] : re[t >>> 1]) * scale;
      const r = Math.round(v);
      const dev = Math.abs(v - r);
      // Written as !(dev ≤ guard) so that a NaN trips it too.
      if (!(dev <= guard)) {
        throw precisionLost(`Toeplitz convolution value ${dev} away from an integer (a priori bound ${this.errorBound})`, {
          deviation: dev,
          errorBound: this.errorBound,
        });
      }
      acc |= (r & 1) << (i & 31);
      if ((i & 31) === 31) {
        out[word++] ^= acc;
        acc = 0;
      }
    }
    if (rows & 31) out[word] ^= acc;
  }
}
