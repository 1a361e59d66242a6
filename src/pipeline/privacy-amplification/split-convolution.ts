/**
 * The cyclic convolution of real-convolution.ts, cut into phases that two
 * threads can run at once on shared buffers (privacy amplification of very
 * long keys, n = 10^8: src/node/pa-parallel.ts runs the phases on worker
 * threads; this file only does arithmetic and never starts a thread).
 *
 * Why it splits: the forward transform is decimation in frequency, so its
 * first radix-2 stage (length M)
 *   u_j = z_j + z_{j+M/2},   v_j = (z_j − z_{j+M/2})·w_M^j,   j < M/2,
 * leaves two independent transforms of length M/2: FFT(u) is the even
 * frequencies, FFT(v) the odd ones, and in bit-reversed order they are the
 * lower and the upper half of the array. The split/multiply/fold step pairs
 * frequency f with −f, which has f's parity, and in bit-reversed positions
 * pairs r with its mirror inside r's octave: the top octave [M/2, M) is the
 * upper half and every other octave lies in the lower half. The inverse
 * (decimation in time) undoes the same way: two half-length inverse
 * transforms, then one radix-2 stage. So a convolution is
 *   1. `forwardTop(from, to)`  — the first stage on both operands, j ∈ [from, to);
 *   2. `half(h)`              — h = 0 or 1: both half transforms, the pointwise
 *                               step and the half inverse transform, on half h only;
 *   3. `inverseTop(from, to)` — the last stage of the inverse, j ∈ [from, to);
 * with a barrier between the steps; phase 1 and 3 ranges and the two halves
 * touch disjoint memory, so threads need no locks inside a phase.
 *
 * Exactness: the same radix-2 stages as RealCyclicConvolution (log2 M FFT
 * stages plus the split/fold stage, every root within ROOT_ERROR), only
 * grouped differently, so the Percival bound of error-bound.ts with `stages`
 * holds unchanged; a first stage that skips an operand's zero upper half
 * (forwardTop's nonzero arguments) computes the same values, since x − 0 = x
 * exactly. The split/multiply/fold kernel is RealCyclicConvolution's own
 * (multiplySpectra). Values differ from RealCyclicConvolution's in the last
 * bits (other operation order); the rounded integers are the same.
 *
 * Buffers: `buffers` may be views of a SharedArrayBuffer (one per operand
 * component, length M each). The plan computes only the tables its phases
 * need (`needs`), since at M = 2^24 each table is tens of MiB.
 */
import { ComplexFft } from './fft.ts';
import { multiplySpectra } from './real-convolution.ts';
import { cos2Pi, sin2Pi } from './roots.ts';

export interface SplitBuffers {
  re1: Float64Array;
  im1: Float64Array;
  re2: Float64Array;
  im2: Float64Array;
}

export interface SplitNeeds {
  /** Tables for forwardTop/inverseTop over j ∈ [from, to) (default: all of [0, M/2)). */
  top?: { from: number; to: number } | null;
  /** The halves this plan runs (default: both). */
  halves?: Array<0 | 1>;
}

export class SplitRealConvolution {
  /** Convolution length N. */
  readonly length: number;
  /** Complex FFT length M = N/2. */
  readonly half: number;
  /** Radix-2 stages counted by the error bound, as RealCyclicConvolution. */
  readonly stages: number;
  /** Multiply a result value (re1/im1 after the last phase) by this; see RealCyclicConvolution. */
  readonly scale: number;
  readonly re1: Float64Array;
  readonly im1: Float64Array;
  readonly re2: Float64Array;
  readonly im2: Float64Array;
  private readonly fftHalf: ComplexFft;
  private readonly topFrom: number;
  /** [cos, sin] of w_M^j for j ∈ [topFrom, topTo), interleaved. */
  private readonly topTw: Float64Array;
  /** u = −i·w_N^f at bit-reversed position r, for positions [uFrom, uFrom + uRe.length). */
  private readonly uFrom: number;
  private readonly uRe: Float64Array;
  private readonly uIm: Float64Array;

  constructor(length: number, buffers?: SplitBuffers, needs: SplitNeeds = {}) {
    if (!Number.isInteger(length) || length < 8 || (length & (length - 1)) !== 0) {
      throw new RangeError(`split convolution length must be a power of two ≥ 8, got ${length}`);
    }
    this.length = length;
    const m = length >>> 1;
    this.half = m;
    this.fftHalf = new ComplexFft(m >>> 1);
    this.stages = this.fftHalf.log2Size + 2;
    this.scale = 1 / (8 * m);
    const b = buffers ?? {
      re1: new Float64Array(m),
      im1: new Float64Array(m),
      re2: new Float64Array(m),
      im2: new Float64Array(m),
    };
    for (const a of [b.re1, b.im1, b.re2, b.im2]) {
      if (a.length !== m) throw new RangeError(`split convolution buffers must hold ${m} values, got ${a.length}`);
    }
    this.re1 = b.re1;
    this.im1 = b.im1;
    this.re2 = b.re2;
    this.im2 = b.im2;
    const top = needs.top === undefined ? { from: 0, to: m >>> 1 } : needs.top;
    this.topFrom = top ? top.from : 0;
    const topCount = top ? top.to - top.from : 0;
    this.topTw = new Float64Array(2 * topCount);
    for (let k = 0; k < topCount; k++) {
      this.topTw[2 * k] = cos2Pi(this.topFrom + k, m);
      this.topTw[2 * k + 1] = sin2Pi(this.topFrom + k, m);
    }
    const halves = needs.halves ?? [0, 1];
    const uFrom = halves.includes(0) ? 0 : m >>> 1;
    const uTo = halves.includes(1) ? m : halves.includes(0) ? m >>> 1 : 0;
    this.uFrom = uFrom;
    this.uRe = new Float64Array(Math.max(0, uTo - uFrom));
    this.uIm = new Float64Array(Math.max(0, uTo - uFrom));
    const bits = Math.round(Math.log2(m));
    for (let r = uFrom; r < uTo; r++) {
      let f = 0;
      for (let k = 0; k < bits; k++) f |= ((r >>> k) & 1) << (bits - 1 - k);
      this.uRe[r - uFrom] = -sin2Pi(f, length);
      this.uIm[r - uFrom] = -cos2Pi(f, length);
    }
  }

  /** All phases in this thread: the same result as RealCyclicConvolution.convolve(). */
  convolve(): void {
    const q = this.half >>> 1;
    this.forwardTop(0, q);
    this.halfPhase(0);
    this.halfPhase(1);
    this.inverseTop(0, q);
  }

  /**
   * Phase 1: the first DIF stage (length M) of both operands, j ∈ [from, to) ⊂ [0, M/2).
   * `nonzero1`, `nonzero2`: each operand is zero from this packed index on; at most M/2, the
   * stage reads only the lower half (z_{j+M/2} = 0: u_j = z_j stays, v_j = z_j·w^j, the same
   * roundings), so the upper half need not be zeroed.
   */
  forwardTop(from: number, to: number, nonzero1: number = this.half, nonzero2: number = this.half): void {
    this.checkTop(from, to);
    const q = this.half >>> 1;
    if (nonzero1 <= q) difTopUpperZero(this.re1, this.im1, from, to, q, this.topTw, this.topFrom);
    else difTop(this.re1, this.im1, from, to, q, this.topTw, this.topFrom);
    if (nonzero2 <= q) difTopUpperZero(this.re2, this.im2, from, to, q, this.topTw, this.topFrom);
    else difTop(this.re2, this.im2, from, to, q, this.topTw, this.topFrom);
  }

  /** Phase 2 on half h: half-length forward transforms, pointwise step, half-length inverse (operand 1 only). */
  halfPhase(h: 0 | 1): void {
    const q = this.half >>> 1;
    const lo = h * q;
    if (lo < this.uFrom || lo + q > this.uFrom + this.uRe.length) throw new RangeError(`this plan has no tables for half ${h}`);
    const r1 = this.re1.subarray(lo, lo + q);
    const i1 = this.im1.subarray(lo, lo + q);
    this.fftHalf.forward(r1, i1);
    this.fftHalf.forward(this.re2.subarray(lo, lo + q), this.im2.subarray(lo, lo + q));
    // Half 0 holds positions 0, 1 and the octaves below q; half 1 is the top octave [q, 2q).
    multiplySpectra(this.re1, this.im1, this.re2, this.im2, this.uRe, this.uIm, this.uFrom, lo, lo + q);
    this.fftHalf.inverse(r1, i1);
  }

  /** Phase 3: the last DIT stage (length M) of operand 1, j ∈ [from, to) ⊂ [0, M/2). */
  inverseTop(from: number, to: number): void {
    this.checkTop(from, to);
    ditTop(this.re1, this.im1, from, to, this.half >>> 1, this.topTw, this.topFrom);
  }

  private checkTop(from: number, to: number): void {
    if (!(from >= this.topFrom && to <= this.topFrom + (this.topTw.length >>> 1) && from <= to)) {
      throw new RangeError(`this plan has no top-stage tables for [${from}, ${to})`);
    }
  }
}

/** z_j, z_{j+q} ← z_j + z_{j+q}, (z_j − z_{j+q})·w^j with w^j = c − i·s from tw (offset tw0). */
function difTop(re: Float64Array, im: Float64Array, from: number, to: number, q: number, tw: Float64Array, tw0: number): void {
  for (let j = from; j < to; j++) {
    const k = 2 * (j - tw0);
    const c = tw[k],
      s = tw[k + 1];
    const ar = re[j],
      ai = im[j],
      br = re[j + q],
      bi = im[j + q];
    re[j] = ar + br;
    im[j] = ai + bi;
    const dr = ar - br,
      di = ai - bi;
    re[j + q] = dr * c + di * s;
    im[j + q] = di * c - dr * s;
  }
}

/** difTop when z_{j+q} = 0: z_j stays (z_j + 0), z_{j+q} ← (z_j − 0)·w^j, written as difTop computes it. */
function difTopUpperZero(re: Float64Array, im: Float64Array, from: number, to: number, q: number, tw: Float64Array, tw0: number): void {
  for (let j = from; j < to; j++) {
    const k = 2 * (j - tw0);
    const c = tw[k],
      s = tw[k + 1];
    const dr = re[j],
      di = im[j];
    re[j + q] = dr * c + di * s;
    im[j + q] = di * c - dr * s;
  }
}

/** The inverse of difTop up to the factor 2: z_j, z_{j+q} ← u_j ± v_j·conj(w^j). */
function ditTop(re: Float64Array, im: Float64Array, from: number, to: number, q: number, tw: Float64Array, tw0: number): void {
  for (let j = from; j < to; j++) {
    const k = 2 * (j - tw0);
    const c = tw[k],
      s = tw[k + 1];
    const vr0 = re[j + q],
      vi0 = im[j + q];
    const vr = vr0 * c - vi0 * s,
      vi = vr0 * s + vi0 * c;
    const ur = re[j],
      ui = im[j];
    re[j] = ur + vr;
    im[j] = ui + vi;
    re[j + q] = ur - vr;
    im[j + q] = ui - vi;
  }
}
