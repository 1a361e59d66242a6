/**
 * Complex FFT of length M = 2^k on split real/imaginary Float64Arrays.
 *
 * The forward transform is decimation in frequency (natural order in,
 * bit-reversed order out) and the inverse is decimation in time (bit-reversed
 * in, natural out), so a convolution never pays for a bit-reversal pass: the
 * pointwise step works on bit-reversed spectra directly.
 *
 * Both are radix-2 butterflies, fused two stages at a time (radix-2^2) to halve
 * the passes over memory. Every twiddle factor is computed once, from its own
 * octant-reduced angle (roots.ts, no recurrence), so each is within
 * ROOT_ERROR of the true value; the error bound in `error-bound.ts` relies on it.
 *
 * Forward computes X[f] = Σ_j x[j]·e^{−2πi·j·f/M}; inverse computes the same
 * sum with e^{+2πi·…} and no 1/M scaling (the caller folds it into its own
 * scale factor).
 */
import { cos2Pi, sin2Pi } from './roots.ts';

export class ComplexFft {
  readonly size: number;
  readonly log2Size: number;
  /** cos/sin(2π j / M) for j < M/2: the twiddles of the largest stage; stage with half-length h uses stride M/(2h). */
  private readonly cosTable: Float64Array;
  private readonly sinTable: Float64Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1 || (size & (size - 1)) !== 0 || size > 2 ** 30) {
      throw new RangeError(`FFT size must be a power of two in [1, 2^30], got ${size}`);
    }
    this.size = size;
    this.log2Size = Math.round(Math.log2(size));
    const half = size >>> 1;
    this.cosTable = new Float64Array(Math.max(half, 1));
    this.sinTable = new Float64Array(Math.max(half, 1));
    for (let j = 0; j < half; j++) {
      this.cosTable[j] = cos2Pi(j, size);
      this.sinTable[j] = sin2Pi(j, size);
    }
    const lens: number[] = [];
    let len = size;
    for (; len >= 4; len >>>= 2) lens.push(len);
    this.passLengths = lens;
    this.needsRadix2 = len === 2;
    // Block of at most 2^14 points (256 KiB for re+im) for the short stages; it
    // must be one of the pass lengths (or the whole array) so that blocks align.
    let blk = size;
    const limit = 16384;
    for (const l of lens) if (l <= limit) { blk = l; break; }
    if (size <= limit) blk = size;
    this.blockLength = Math.max(blk, 1);
  }

  /**
   * Fused DIF stage lengths, longest first (len, then len/2 inside the same
   * pass), and whether a final radix-2 stage remains. Passes whose length is
   * at most `blockLength` run block by block (all short stages of one block
   * while it sits in cache) instead of sweeping the whole array each time.
   */
  private readonly passLengths: number[];
  private readonly needsRadix2: boolean;
  private readonly blockLength: number;

  /** In place; natural-order input, bit-reversed output. */
  forward(re: Float64Array, im: Float64Array): void {
    const n = this.size;
    const blk = this.blockLength;
    const lens = this.passLengths;
    let p = 0;
    for (; p < lens.length && lens[p] > blk; p++) this.difPass(re, im, 0, n, lens[p]);
    for (let s = 0; s < n; s += blk) {
      for (let q = p; q < lens.length; q++) this.difPass(re, im, s, s + blk, lens[q]);
      if (this.needsRadix2) radix2Pass(re, im, s, s + blk);
    }
  }

  /** In place; bit-reversed input, natural-order output, unscaled (result is M times the inverse DFT). */
  inverse(re: Float64Array, im: Float64Array): void {
    const n = this.size;
    const blk = this.blockLength;
    const lens = this.passLengths;
    let p = 0;
    while (p < lens.length && lens[p] > blk) p++;
    for (let s = 0; s < n; s += blk) {
      if (this.needsRadix2) radix2Pass(re, im, s, s + blk);
      for (let q = lens.length - 1; q >= p; q--) this.ditPass(re, im, s, s + blk, lens[q]);
    }
    for (let q = p - 1; q >= 0; q--) this.ditPass(re, im, 0, n, lens[q]);
  }

  /** DIF stages `len` and `len/2` fused, over blocks of length len in [from, to). */
  private difPass(re: Float64Array, im: Float64Array, from: number, to: number, len: number): void {
    if (len === 4) {
      difPass4(re, im, from, to);
      return;
    }
    const cosT = this.cosTable;
    const sinT = this.sinTable;
    const q = len >>> 2;
    const stride1 = this.size / len; // w_len^j = table[j * stride1]
    for (let s = from; s < to; s += len) {
      for (let j = 0; j < q; j++) {
        const i0 = s + j;
        const i1 = i0 + q;
        const i2 = i1 + q;
        const i3 = i2 + q;
        // Stage len: pairs (i0,i2) with w^j and (i1,i3) with w^{j+q} = w^j·(−i).
        const t1 = j * stride1;
        const c1 = cosT[t1];
        const s1 = sinT[t1];
        const a0r = re[i0], a0i = im[i0];
        const a1r = re[i1], a1i = im[i1];
        const a2r = re[i2], a2i = im[i2];
        const a3r = re[i3], a3i = im[i3];
        const b0r = a0r + a2r, b0i = a0i + a2i;
        const d0r = a0r - a2r, d0i = a0i - a2i;
        const b1r = a1r + a3r, b1i = a1i + a3i;
        const d1r = a1r - a3r, d1i = a1i - a3i;
        // b2 = d0·w^j with w^j = c1 − i·s1.
        const b2r = d0r * c1 + d0i * s1;
        const b2i = d0i * c1 - d0r * s1;
        // b3 = (−i·d1)·w^j; −i·d1 = (d1i, −d1r) is exact.
        const b3r = d1i * c1 - d1r * s1;
        const b3i = -d1r * c1 - d1i * s1;
        // Stage len/2 on (b0,b1) and (b2,b3) with w_{len/2}^j = w_len^{2j}.
        const t2 = 2 * t1;
        const c2 = cosT[t2];
        const s2 = sinT[t2];
        re[i0] = b0r + b1r; im[i0] = b0i + b1i;
        const f0r = b0r - b1r, f0i = b0i - b1i;
        re[i1] = f0r * c2 + f0i * s2; im[i1] = f0i * c2 - f0r * s2;
        re[i2] = b2r + b3r; im[i2] = b2i + b3i;
        const f1r = b2r - b3r, f1i = b2i - b3i;
        re[i3] = f1r * c2 + f1i * s2; im[i3] = f1i * c2 - f1r * s2;
      }
    }
  }

  /** DIT stages `len/2` and `len` fused (inverse of difPass, conjugate twiddles). */
  private ditPass(re: Float64Array, im: Float64Array, from: number, to: number, len: number): void {
    if (len === 4) {
      ditPass4(re, im, from, to);
      return;
    }
    const cosT = this.cosTable;
    const sinT = this.sinTable;
    const q = len >>> 2;
    const stride1 = this.size / len;
    for (let s = from; s < to; s += len) {
      for (let j = 0; j < q; j++) {
        const i0 = s + j;
        const i1 = i0 + q;
        const i2 = i1 + q;
        const i3 = i2 + q;
        const t1 = j * stride1;
        const c1 = cosT[t1];
        const s1 = sinT[t1];
        const t2 = 2 * t1;
        const c2 = cosT[t2];
        const s2 = sinT[t2];
        // Stage len/2: (i0,i1) and (i2,i3) with w_{len/2}^{−j} = c2 + i·s2.
        const r1 = re[i1], m1 = im[i1], r3 = re[i3], m3 = im[i3];
        const a0r = re[i0], a0i = im[i0];
        const a1r = r1 * c2 - m1 * s2, a1i = r1 * s2 + m1 * c2;
        const a2r = re[i2], a2i = im[i2];
        const a3r = r3 * c2 - m3 * s2, a3i = r3 * s2 + m3 * c2;
        const b0r = a0r + a1r, b0i = a0i + a1i;
        const b1r = a0r - a1r, b1i = a0i - a1i;
        const b2r = a2r + a3r, b2i = a2i + a3i;
        const b3r = a2r - a3r, b3i = a2i - a3i;
        // Stage len: (i0,i2) with w^{−j} = c1 + i·s1; (i1,i3) with w^{−j}·(+i).
        const e2r = b2r * c1 - b2i * s1, e2i = b2r * s1 + b2i * c1;
        const e3r = -(b3r * s1 + b3i * c1), e3i = b3r * c1 - b3i * s1;
        re[i0] = b0r + e2r; im[i0] = b0i + e2i;
        re[i2] = b0r - e2r; im[i2] = b0i - e2i;
        re[i1] = b1r + e3r; im[i1] = b1i + e3i;
        re[i3] = b1r - e3r; im[i3] = b1i - e3i;
      }
    }
  }
}

/** Radix-2 stage of length 2 (no twiddles); it is its own inverse up to scale. */
function radix2Pass(re: Float64Array, im: Float64Array, from: number, to: number): void {
  for (let s = from; s < to; s += 2) {
    const ar = re[s], ai = im[s], br = re[s + 1], bi = im[s + 1];
    re[s] = ar + br; im[s] = ai + bi;
    re[s + 1] = ar - br; im[s + 1] = ai - bi;
  }
}

/** difPass for len = 4: twiddles are 1 and −i, so no multiplications. */
function difPass4(re: Float64Array, im: Float64Array, from: number, to: number): void {
  for (let s = from; s < to; s += 4) {
    const a0r = re[s], a0i = im[s], a1r = re[s + 1], a1i = im[s + 1];
    const a2r = re[s + 2], a2i = im[s + 2], a3r = re[s + 3], a3i = im[s + 3];
    const b0r = a0r + a2r, b0i = a0i + a2i, b2r = a0r - a2r, b2i = a0i - a2i;
    const b1r = a1r + a3r, b1i = a1i + a3i;
    const b3r = a1i - a3i, b3i = a3r - a1r; // −i·(a1 − a3)
    re[s] = b0r + b1r; im[s] = b0i + b1i;
    re[s + 1] = b0r - b1r; im[s + 1] = b0i - b1i;
    re[s + 2] = b2r + b3r; im[s + 2] = b2i + b3i;
    re[s + 3] = b2r - b3r; im[s + 3] = b2i - b3i;
  }
}

/** ditPass for len = 4. */
function ditPass4(re: Float64Array, im: Float64Array, from: number, to: number): void {
  for (let s = from; s < to; s += 4) {
    const a0r = re[s], a0i = im[s], a1r = re[s + 1], a1i = im[s + 1];
    const a2r = re[s + 2], a2i = im[s + 2], a3r = re[s + 3], a3i = im[s + 3];
    const b0r = a0r + a1r, b0i = a0i + a1i, b1r = a0r - a1r, b1i = a0i - a1i;
    const b2r = a2r + a3r, b2i = a2i + a3i;
    const e3r = a3i - a2i, e3i = a2r - a3r; // +i·(a2 − a3)
    re[s] = b0r + b2r; im[s] = b0i + b2i;
    re[s + 2] = b0r - b2r; im[s + 2] = b0i - b2i;
    re[s + 1] = b1r + e3r; im[s + 1] = b1i + e3i;
    re[s + 3] = b1r - e3r; im[s + 3] = b1i - e3i;
  }
}
