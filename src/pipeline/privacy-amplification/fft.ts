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
 * ROOT_ERROR of the true value; the error bound in `error-bound.ts` relies on
 * it. Each pass has its own table of (w^j, w^2j, w^3j) in the order the pass
 * reads them: one sequential stream instead of three strided ones, which was
 * worth about a third of the time at 2^20 points (memory-bound).
 *
 * A forward transform told that its input is zero from M/2 on (zero padding
 * of a convolution) runs its first pass without reading that half: the same
 * formulas with those inputs as the constant 0, hence the same values (x ± 0
 * = x exactly), so the error bound is unaffected (see error-bound.ts).
 *
 * Forward computes X[f] = Σ_j x[j]·e^{−2πi·j·f/M}; inverse computes the same
 * sum with e^{+2πi·…} and no 1/M scaling (the caller folds it into its own
 * scale factor).
 */
import { cos2Pi, sin2Pi } from './roots.ts';

export class ComplexFft {
  readonly size: number;
  readonly log2Size: number;
  /**
   * Fused DIF stage lengths, longest first (len, then len/2 inside the same
   * pass), and whether a final radix-2 stage remains. Passes whose length is
   * at most `blockLength` run block by block (all short stages of one block
   * while it sits in cache) instead of sweeping the whole array each time.
   */
  private readonly passLengths: number[];
  /** Per pass length (same order as passLengths): [cos, sin] of w^j, w^2j, w^3j for j < len/4, interleaved, read sequentially. */
  private readonly passTwiddles: Float64Array[];
  private readonly needsRadix2: boolean;
  private readonly blockLength: number;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1 || (size & (size - 1)) !== 0 || size > 2 ** 30) {
      throw new RangeError(`FFT size must be a power of two in [1, 2^30], got ${size}`);
    }
    this.size = size;
    this.log2Size = Math.round(Math.log2(size));
    const lens: number[] = [];
    let len = size;
    for (; len >= 4; len >>>= 2) lens.push(len);
    this.passLengths = lens;
    this.passTwiddles = lens.map((l) => {
      const q = l >>> 2;
      const stride = size / l;
      const t = new Float64Array(6 * q);
      for (let j = 0; j < q; j++) {
        for (let e = 1; e <= 3; e++) {
          t[6 * j + 2 * (e - 1)] = cos2Pi(e * j * stride, size);
          t[6 * j + 2 * (e - 1) + 1] = sin2Pi(e * j * stride, size);
        }
      }
      return t;
    });
    this.needsRadix2 = len === 2;
    // Block of at most 2^14 points (256 KiB for re+im) for the short stages; it
    // must be one of the pass lengths (or the whole array) so that blocks align.
    let blk = size;
    const limit = 16384;
    for (const l of lens)
      if (l <= limit) {
        blk = l;
        break;
      }
    if (size <= limit) blk = size;
    this.blockLength = Math.max(blk, 1);
  }

  /**
   * In place; natural-order input, bit-reversed output. `nonzero`: the input
   * is zero from this index on (the caller's promise; the values there are
   * not read, so they need not even be zeroed). When it is at most half the
   * size, the first pass skips the zero upper half (zero padding of a
   * convolution): the same operations on the same values, minus the reads.
   */
  forward(re: Float64Array, im: Float64Array, nonzero: number = this.size): void {
    const n = this.size;
    const blk = this.blockLength;
    const lens = this.passLengths;
    let p = 0;
    const tw = this.passTwiddles;
    if (nonzero <= n >>> 1) {
      if (n >= 8) {
        // lens[0] = n and, n ≥ 8, a general difPass (not difPass4): the pass this replaces.
        difPassUpperZero(re, im, n, tw[0]);
        p = 1;
      } else {
        re.fill(0, n >>> 1, n);
        im.fill(0, n >>> 1, n);
      }
    }
    for (; p < lens.length && lens[p] > blk; p++) this.difPass(re, im, 0, n, lens[p], tw[p]);
    for (let s = 0; s < n; s += blk) {
      for (let q = p; q < lens.length; q++) this.difPass(re, im, s, s + blk, lens[q], tw[q]);
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
      for (let q = lens.length - 1; q >= p; q--) this.ditPass(re, im, s, s + blk, lens[q], this.passTwiddles[q]);
    }
    for (let q = p - 1; q >= 0; q--) this.ditPass(re, im, 0, n, lens[q], this.passTwiddles[q]);
  }

  /**
   * DIF stages `len` and `len/2` fused into one radix-4 butterfly, over blocks
   * of length len in [from, to). Written out, the two radix-2 stages give
   *   i0 ← (a0+a2) + (a1+a3),             i1 ← ((a0+a2) − (a1+a3))·w^2j,
   *   i2 ← ((a0−a2) − i(a1−a3))·w^j,      i3 ← ((a0−a2) + i(a1−a3))·w^3j
   * (w = e^{−2πi/len}); merging the two twiddles of i3 into w^3j leaves three
   * complex products instead of four and no more roundings on any path.
   */
  private difPass(re: Float64Array, im: Float64Array, from: number, to: number, len: number, tw: Float64Array): void {
    if (len === 4) {
      difPass4(re, im, from, to);
      return;
    }
    const q = len >>> 2;
    for (let s = from; s < to; s += len) {
      for (let j = 0; j < q; j++) {
        const i0 = s + j;
        const i1 = i0 + q;
        const i2 = i1 + q;
        const i3 = i2 + q;
        const a0r = re[i0],
          a0i = im[i0];
        const a1r = re[i1],
          a1i = im[i1];
        const a2r = re[i2],
          a2i = im[i2];
        const a3r = re[i3],
          a3i = im[i3];
        const s02r = a0r + a2r,
          s02i = a0i + a2i;
        const d02r = a0r - a2r,
          d02i = a0i - a2i;
        const s13r = a1r + a3r,
          s13i = a1i + a3i;
        // −i·(a1 − a3), exact
        const tr = a1i - a3i,
          ti = a3r - a1r;
        re[i0] = s02r + s13r;
        im[i0] = s02i + s13i;
        // ·w^k with w^k = c − i·s: (x + iy)(c − is) = (xc + ys) + i(yc − xs)
        const c2 = tw[6 * j + 2],
          n2 = tw[6 * j + 3];
        const xr = s02r - s13r,
          xi = s02i - s13i;
        re[i1] = xr * c2 + xi * n2;
        im[i1] = xi * c2 - xr * n2;
        const c1 = tw[6 * j],
          n1 = tw[6 * j + 1];
        const yr = d02r + tr,
          yi = d02i + ti;
        re[i2] = yr * c1 + yi * n1;
        im[i2] = yi * c1 - yr * n1;
        const c3 = tw[6 * j + 4],
          n3 = tw[6 * j + 5];
        const zr = d02r - tr,
          zi = d02i - ti;
        re[i3] = zr * c3 + zi * n3;
        im[i3] = zi * c3 - zr * n3;
      }
    }
  }

  /** Inverse of difPass up to the factor 4 (conjugate twiddles, DIT order). */
  private ditPass(re: Float64Array, im: Float64Array, from: number, to: number, len: number, tw: Float64Array): void {
    if (len === 4) {
      ditPass4(re, im, from, to);
      return;
    }
    const q = len >>> 2;
    for (let s = from; s < to; s += len) {
      for (let j = 0; j < q; j++) {
        const i0 = s + j;
        const i1 = i0 + q;
        const i2 = i1 + q;
        const i3 = i2 + q;
        // ·conj(w^k) = ·(c + is): (x + iy)(c + is) = (xc − ys) + i(xs + yc)
        const c2 = tw[6 * j + 2],
          n2 = tw[6 * j + 3];
        const x1r = re[i1],
          x1i = im[i1];
        const u1r = x1r * c2 - x1i * n2,
          u1i = x1r * n2 + x1i * c2;
        const c1 = tw[6 * j],
          n1 = tw[6 * j + 1];
        const x2r = re[i2],
          x2i = im[i2];
        const u2r = x2r * c1 - x2i * n1,
          u2i = x2r * n1 + x2i * c1;
        const c3 = tw[6 * j + 4],
          n3 = tw[6 * j + 5];
        const x3r = re[i3],
          x3i = im[i3];
        const u3r = x3r * c3 - x3i * n3,
          u3i = x3r * n3 + x3i * c3;
        const y0r = re[i0],
          y0i = im[i0];
        const ar = y0r + u1r,
          ai = y0i + u1i; // 2(a0+a2)
        const br = y0r - u1r,
          bi = y0i - u1i; // 2(a1+a3)
        const cr = u2r + u3r,
          ci = u2i + u3i; // 2(a0−a2)
        const dr = u2r - u3r,
          di = u2i - u3i; // −2i(a1−a3)
        re[i0] = ar + cr;
        im[i0] = ai + ci;
        re[i2] = ar - cr;
        im[i2] = ai - ci;
        // i·d = (−di, dr)
        re[i1] = br - di;
        im[i1] = bi + dr;
        re[i3] = br + di;
        im[i3] = bi - dr;
      }
    }
  }
}

/**
 * ComplexFft's first DIF pass (length n, j < n/4) when a2 = z[j + n/2] and
 * a3 = z[j + 3n/4] are zero: difPass's formulas with those terms written as
 * the constant 0 (x ± 0 = x exactly; 0 − x is kept as written), so every
 * output is computed by the same roundings as in the full pass.
 */
function difPassUpperZero(re: Float64Array, im: Float64Array, n: number, tw: Float64Array): void {
  const q = n >>> 2;
  for (let j = 0; j < q; j++) {
    const i0 = j;
    const i1 = i0 + q;
    const i2 = i1 + q;
    const i3 = i2 + q;
    const a0r = re[i0],
      a0i = im[i0];
    const a1r = re[i1],
      a1i = im[i1];
    // s02 = d02 = a0; s13 = a1; −i·(a1 − a3) = (a1i, 0 − a1r)
    const tr = a1i,
      ti = 0 - a1r;
    re[i0] = a0r + a1r;
    im[i0] = a0i + a1i;
    const c2 = tw[6 * j + 2],
      n2 = tw[6 * j + 3];
    const xr = a0r - a1r,
      xi = a0i - a1i;
    re[i1] = xr * c2 + xi * n2;
    im[i1] = xi * c2 - xr * n2;
    const c1 = tw[6 * j],
      n1 = tw[6 * j + 1];
    const yr = a0r + tr,
      yi = a0i + ti;
    re[i2] = yr * c1 + yi * n1;
    im[i2] = yi * c1 - yr * n1;
    const c3 = tw[6 * j + 4],
      n3 = tw[6 * j + 5];
    const zr = a0r - tr,
      zi = a0i - ti;
    re[i3] = zr * c3 + zi * n3;
    im[i3] = zi * c3 - zr * n3;
  }
}

/** Radix-2 stage of length 2 (no twiddles); it is its own inverse up to scale. */
function radix2Pass(re: Float64Array, im: Float64Array, from: number, to: number): void {
  for (let s = from; s < to; s += 2) {
    const ar = re[s],
      ai = im[s],
      br = re[s + 1],
      bi = im[s + 1];
    re[s] = ar + br;
    im[s] = ai + bi;
    re[s + 1] = ar - br;
    im[s + 1] = ai - bi;
  }
}

/** difPass for len = 4: twiddles are 1 and −i, so no multiplications. */
function difPass4(re: Float64Array, im: Float64Array, from: number, to: number): void {
  for (let s = from; s < to; s += 4) {
    const a0r = re[s],
      a0i = im[s],
      a1r = re[s + 1],
      a1i = im[s + 1];
    const a2r = re[s + 2],
      a2i = im[s + 2],
      a3r = re[s + 3],
      a3i = im[s + 3];
    const b0r = a0r + a2r,
      b0i = a0i + a2i,
      b2r = a0r - a2r,
      b2i = a0i - a2i;
    const b1r = a1r + a3r,
      b1i = a1i + a3i;
    const b3r = a1i - a3i,
      b3i = a3r - a1r; // −i·(a1 − a3)
    re[s] = b0r + b1r;
    im[s] = b0i + b1i;
    re[s + 1] = b0r - b1r;
    im[s + 1] = b0i - b1i;
    re[s + 2] = b2r + b3r;
    im[s + 2] = b2i + b3i;
    re[s + 3] = b2r - b3r;
    im[s + 3] = b2i - b3i;
  }
}

/** ditPass for len = 4. */
function ditPass4(re: Float64Array, im: Float64Array, from: number, to: number): void {
  for (let s = from; s < to; s += 4) {
    const a0r = re[s],
      a0i = im[s],
      a1r = re[s + 1],
      a1i = im[s + 1];
    const a2r = re[s + 2],
      a2i = im[s + 2],
      a3r = re[s + 3],
      a3i = im[s + 3];
    const b0r = a0r + a1r,
      b0i = a0i + a1i,
      b1r = a0r - a1r,
      b1i = a0i - a1i;
    const b2r = a2r + a3r,
      b2i = a2i + a3i;
    const e3r = a3i - a2i,
      e3i = a2r - a3r; // +i·(a2 − a3)
    re[s] = b0r + b2r;
    im[s] = b0i + b2i;
    re[s + 2] = b0r - b2r;
    im[s + 2] = b0i - b2i;
    re[s + 1] = b1r + e3r;
    im[s + 1] = b1i + e3i;
    re[s + 3] = b1r - e3r;
    im[s + 3] = b1i - e3i;
  }
}
