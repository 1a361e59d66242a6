/**
 * Multiply–add–shift hashing of long keys (Dietzfelbinger's family):
 *
 *   h_{a,b}(x) = ((a·x + b) mod 2^w̄) div 2^(w̄−ℓ),   x ∈ [2^n), a, b ∈ [2^w̄), w̄ = n + ℓ − 1,
 *
 * where x is the key read as an integer (bit i of the packed key has weight
 * 2^i) and the output is bits w̄−ℓ .. w̄−1 = n−1 .. n+ℓ−2 of a·x + b mod 2^w̄,
 * output bit j being bit n−1+j. Seed: a = seed bits 0..w̄−1, b = seed bits
 * w̄..2w̄−1, so 2(n + ℓ − 1) bits.
 *
 * Proof relied on: M. Dietzfelbinger, "Universal hashing and k-wise
 * independent random variables via integer arithmetic without primes",
 * STACS 1996, LNCS 1046, pp. 569–580: for w̄ ≥ n + ℓ − 1 the family is
 * strongly universal (pairwise independent), hence Pr[h(x) = h(x')] = 2^−ℓ
 * for x ≠ x', which is what the leftover hash lemma asks of a 2-universal
 * family. (Restated with this exact condition as the "multiply-add-shift"
 * scheme in M. Thorup, "High speed hashing for integers and strings",
 * arXiv:1504.06804, §3.) Sketch: write x − x' = z·2^i with z odd, i ≤ n − 1.
 * a·z is uniform mod 2^(w̄−i), so the bits i..w̄−1 of a·(x − x') mod 2^w̄ are
 * uniform, and since w̄ − ℓ ≥ i the top ℓ of them are uniform and independent
 * of the lower ones; b makes a·x + b uniform independently of a. Then
 * h(x') = h(x) − top(a(x − x')) − borrow(lower bits): a uniform shift of h(x).
 *
 * Why it is faster than Toeplitz here: both are one convolution, but an
 * integer product carries between positions, so each FFT point can hold a
 * b-bit limb (b ≈ 8–12) instead of one bit; the carries are propagated
 * afterwards. Limbs are balanced (−2^(b−1) ≤ d < 2^(b−1)), which halves the
 * magnitudes the error bound has to cover. The product of the W-bit a and the
 * n-bit x has W + n bits; we need its low W bits, but carries from below and
 * wrap-around from above both matter, so the cyclic length must hold the whole
 * product: N ≥ (limbs of a) + (limbs of x) − 1. (a, N) is chosen so that
 * Percival's bound (error-bound.ts) with worst-case limb norms stays ≤ 1/4.
 */
import { wordsFor } from '../bits.ts';
import { readBits } from './bit-loading.ts';
import { convolutionErrorBound, precisionLost, ROUNDING_GUARD } from './error-bound.ts';
import { checkBuffers, checkLengths } from './parameters.ts';
import { RealCyclicConvolution } from './real-convolution.ts';

/** 2^25 points (≈ 1 GiB with root tables): enough for n + w̄ up to ≈ 3·10^8 bits (9-bit limbs). */
export const DEFAULT_MAS_MAX_CONVOLUTION = 2 ** 25;
const MAX_LIMB_BITS = 20;

export interface MultiplyAddShiftOptions {
  maxConvolutionLength?: number;
}

export class MultiplyAddShiftHasher {
  readonly inputBits: number;
  readonly outputBits: number;
  /** w̄ = n + ℓ − 1. */
  readonly wordBits: number;
  readonly seedBits: number;
  /** Bits per FFT limb. */
  readonly limbBits: number;
  readonly errorBound: number;
  /** Cyclic convolution length N (a power of two). */
  readonly convolutionLength: number;
  /** Limbs of the key x and of the multiplier a (each with one extra limb for the balanced carry). */
  readonly limbsX: number;
  readonly limbsA: number;
  /** Allocated on the first `hash` (a caller that runs the convolution elsewhere, e.g. on threads, never pays for it). */
  private conv: RealCyclicConvolution | null = null;
  /** Running state of `finish` handed between its loops (see ST_*): no allocation per call. */
  private readonly state = new Float64Array(6);

  constructor(nBits: number, outBits: number, options: MultiplyAddShiftOptions = {}) {
    checkLengths(nBits, outBits);
    const maxN = options.maxConvolutionLength ?? DEFAULT_MAS_MAX_CONVOLUTION;
    this.inputBits = nBits;
    this.outputBits = outBits;
    const W = nBits + outBits - 1;
    this.wordBits = W;
    this.seedBits = 2 * W;
    // Smallest N first (cost), then the widest limb that fits and meets the bound.
    for (let N = 4; N <= maxN; N *= 2) {
      const stages = Math.log2(N);
      for (let b = MAX_LIMB_BITS; b >= 1; b--) {
        // One extra limb each for the carry out of the balanced top limb.
        const lx = Math.ceil(nBits / b) + 1;
        const la = Math.ceil(W / b) + 1;
        if (lx + la - 1 > N) break; // narrower limbs only need more room
        const half = 2 ** (b - 1);
        const bound = convolutionErrorBound(stages, Math.sqrt(lx) * half, Math.sqrt(la) * half);
        if (bound <= ROUNDING_GUARD) {
          this.limbBits = b;
          this.limbsX = lx;
          this.limbsA = la;
          this.errorBound = bound;
          this.convolutionLength = N;
          return;
        }
      }
    }
    throw new RangeError(`multiply-add-shift: n=${nBits}, ℓ=${outBits} needs a convolution longer than ${maxN}; use 'toeplitz'`);
  }

  /** out ← h_{a,b}(key) with (a, b) taken from seed; returns out. */
  hash(key: Uint32Array, seed: Uint32Array, out: Uint32Array = new Uint32Array(wordsFor(this.outputBits))): Uint32Array {
    checkBuffers(key, this.inputBits, seed, this.seedBits, out, this.outputBits);
    if (this.conv === null) this.conv = new RealCyclicConvolution(this.convolutionLength);
    const conv = this.conv;
    // Packed values in use; when at most M/2, the transform skips the zero upper half, so it is not zeroed.
    const usedX = (this.limbsX + 1) >>> 1;
    const usedA = (this.limbsA + 1) >>> 1;
    const half = conv.half;
    loadBalancedLimbs(key, 0, this.inputBits, this.limbBits, this.limbsX, conv.re1, conv.im1, usedX <= half >>> 1 ? half >>> 1 : half);
    loadBalancedLimbs(seed, 0, this.wordBits, this.limbBits, this.limbsA, conv.re2, conv.im2, usedA <= half >>> 1 ? half >>> 1 : half);
    conv.convolve(usedX, usedA);
    return this.finish(seed, conv.re1, conv.im1, conv.scale, out);
  }

  /**
   * Stage 1a of `hash`, for callers that run the convolution themselves: the
   * key's balanced limbs, packed (limb 2h in re[h], 2h+1 in im[h]), zeros up to
   * N/2 values each (up to `zeroTo` when given: a transform that knows the rest is
   * zero need not read it). re and im must hold N/2 values.
   */
  loadKey(key: Uint32Array, re: Float64Array, im: Float64Array, zeroTo: number = re.length): void {
    this.checkOperand(re, im);
    if (key.length < wordsFor(this.inputBits))
      throw new RangeError(`key holds ${key.length * 32} bits, fewer than the ${this.inputBits} to hash`);
    loadBalancedLimbs(key, 0, this.inputBits, this.limbBits, this.limbsX, re, im, Math.max(zeroTo, (this.limbsX + 1) >>> 1));
  }

  /** Stage 1b: the multiplier a (seed bits 0..w̄−1; `seed` may hold just those), as loadKey. */
  loadMultiplier(seed: Uint32Array, re: Float64Array, im: Float64Array, zeroTo: number = re.length): void {
    this.checkOperand(re, im);
    if (seed.length < wordsFor(this.wordBits))
      throw new RangeError(`seed holds ${seed.length * 32} bits, the multiplier needs ${this.wordBits}`);
    loadBalancedLimbs(seed, 0, this.wordBits, this.limbBits, this.limbsA, re, im, Math.max(zeroTo, (this.limbsA + 1) >>> 1));
  }

  private checkOperand(re: Float64Array, im: Float64Array): void {
    const h = this.convolutionLength >>> 1;
    if (re.length < h || im.length < h) throw new RangeError(`operand buffers must hold ${h} values`);
  }

  /**
   * Stage 3: from the convolution a·x (packed in re/im, each value times
   * 1/scale), add b (seed bits w̄..2w̄−1), propagate the carries and write the
   * output bits n−1..w̄−1 to out. Checks every value against the rounding guard.
   */
  finish(seed: Uint32Array, re: Float64Array, im: Float64Array, scale: number, out: Uint32Array): Uint32Array {
    const n = this.inputBits;
    const l = this.outputBits;
    const W = this.wordBits;
    const b = this.limbBits;
    checkBuffers(new Uint32Array(0), 0, seed, this.seedBits, out, l);
    this.checkOperand(re, im);
    out.fill(0, 0, wordsFor(l));
    const limbs = Math.ceil(W / b); // limbs covering bits 0..W−1
    const shiftOut = n - 1; // output bit j = bit n−1+j
    // Limbs wholly below bit n−1 only feed the carry; `firstOut` is the first limb with output bits.
    const firstOut = Math.floor(shiftOut / b);
    const lastFull = Math.floor(W / b); // limbs before this one are b bits wide
    // |r| ≤ ‖x‖·‖a‖ (Cauchy–Schwarz) < 2^49, which the error-bound choice of b forces, and b's limb and the
    // carry are small, so every step below is exact in doubles. The long runs (carry-only limbs, whole output
    // limbs) are separate small functions, each run whole on every call: as one long function, its optimized
    // (on-stack-replaced) code met the not-yet-run code after a loop and was thrown away on every call, and
    // the loops ran interpreted (a fifth of the hash at n = 10^7).
    const st = this.state;
    st[ST_CARRY] = 0;
    st[ST_BPOS] = W; // b's limbs are read from seed bit W + k·b
    st[ST_ACC] = 0;
    st[ST_ACC_BITS] = 0;
    st[ST_WORD] = 0;
    st[ST_DEV] = 0;
    if (!carryLimbs(re, im, scale, seed, b, 0, firstOut, st)) this.precisionFailure(st[ST_DEV]);
    // Output limbs. Their digits go through a bit accumulator (acc holds accBits < 32 pending bits) instead of a
    // read-modify-write of out per limb. Limb k's bit 0 is output bit k·b − (n − 1): the first output limb may
    // start below output bit 0 and the last may be narrower, so those two take the general step.
    if (!limbStep(re, im, scale, seed, b, firstOut, firstOut < lastFull ? b : W - firstOut * b, firstOut * b - shiftOut, out, st))
      this.precisionFailure(st[ST_DEV]);
    let k = firstOut + 1;
    if (lastFull > k) {
      if (!outputLimbs(re, im, scale, seed, b, k, lastFull, out, st)) this.precisionFailure(st[ST_DEV]);
      k = lastFull;
    }
    for (; k < limbs; k++) {
      if (!limbStep(re, im, scale, seed, b, k, k < lastFull ? b : W - k * b, k * b - shiftOut, out, st)) this.precisionFailure(st[ST_DEV]);
    }
    if (st[ST_ACC_BITS] > 0) out[st[ST_WORD]] = st[ST_ACC];
    return out;
  }

  private precisionFailure(deviation: number): never {
    throw precisionLost(`multiply-add-shift convolution value ${deviation} away from an integer (a priori bound ${this.errorBound})`, {
      deviation,
      errorBound: this.errorBound,
    });
  }
}

/** Slots of the running state of `finish`: carry, next seed bit of b, bit accumulator, its bit count, output word, failed deviation. */
const ST_CARRY = 0;
const ST_BPOS = 1;
const ST_ACC = 2;
const ST_ACC_BITS = 3;
const ST_WORD = 4;
const ST_DEV = 5;

/**
 * Carry-only limbs k0 .. k1−1 (limb k in re[k/2] when k is even, im[(k−1)/2] when odd): rounds each value,
 * checks the guard, adds b's limb and keeps only the carry. False (deviation in st[ST_DEV]) if the guard trips.
 */
function carryLimbs(
  re: Float64Array,
  im: Float64Array,
  scale: number,
  seed: Uint32Array,
  b: number,
  k0: number,
  k1: number,
  st: Float64Array,
): boolean {
  const guard = ROUNDING_GUARD; // a local: where tsx loads this module as CommonJS, each read of the import is a getter call
  const mask = (1 << b) - 1;
  const invRadix = 1 / 2 ** b;
  let carry = st[ST_CARRY];
  let bPos = st[ST_BPOS];
  for (let k = k0; k < k1; k++) {
    const v = (k & 1 ? im[k >>> 1] : re[k >>> 1]) * scale;
    const r = Math.round(v);
    const e = Math.abs(v - r);
    const wi = bPos >>> 5;
    const sh = bPos & 31;
    let bv = seed[wi] >>> sh;
    if (sh + b > 32) bv |= seed[wi + 1] << (32 - sh);
    bPos += b;
    carry = Math.floor((r + (bv & mask) + carry) * invRadix);
    // Written as !(e ≤ guard) so that a NaN trips it too.
    if (!(e <= guard)) {
      st[ST_DEV] = e;
      return false;
    }
  }
  st[ST_CARRY] = carry;
  st[ST_BPOS] = bPos;
  return true;
}

/**
 * Whole output limbs k0 .. k1−1 (each b bits wide, starting at or above output bit 0): round, guard, add b's
 * limb and the carry, append the digit to the bit accumulator.
 */
function outputLimbs(
  re: Float64Array,
  im: Float64Array,
  scale: number,
  seed: Uint32Array,
  b: number,
  k0: number,
  k1: number,
  out: Uint32Array,
  st: Float64Array,
): boolean {
  const guard = ROUNDING_GUARD; // a local: where tsx loads this module as CommonJS, each read of the import is a getter call
  const mask = (1 << b) - 1;
  const radix = 2 ** b;
  const invRadix = 1 / radix;
  let carry = st[ST_CARRY];
  let bPos = st[ST_BPOS];
  let acc = st[ST_ACC] | 0;
  let accBits = st[ST_ACC_BITS];
  let word = st[ST_WORD];
  for (let k = k0; k < k1; k++) {
    const v = (k & 1 ? im[k >>> 1] : re[k >>> 1]) * scale;
    const r = Math.round(v);
    const e = Math.abs(v - r);
    if (!(e <= guard)) {
      st[ST_DEV] = e;
      return false;
    }
    const wi = bPos >>> 5;
    const sh = bPos & 31;
    let bv = seed[wi] >>> sh;
    if (sh + b > 32) bv |= seed[wi + 1] << (32 - sh);
    bPos += b;
    const total = r + (bv & mask) + carry;
    carry = Math.floor(total * invRadix);
    const digit = total - carry * radix; // exact, in [0, 2^b)
    acc |= digit << accBits;
    accBits += b;
    if (accBits >= 32) {
      out[word++] = acc;
      accBits -= 32;
      acc = digit >>> (b - accBits); // 0 when accBits = 0 (b < 32)
    }
  }
  st[ST_CARRY] = carry;
  st[ST_BPOS] = bPos;
  st[ST_ACC] = acc;
  st[ST_ACC_BITS] = accBits;
  st[ST_WORD] = word;
  return true;
}

/**
 * One limb k of `width` bits (≤ b) whose bit 0 is output bit o (o < 0: its lowest −o bits are not output):
 * the general step for the few limbs the pair loops do not take. out = null: carry only.
 */
function limbStep(
  re: Float64Array,
  im: Float64Array,
  scale: number,
  seed: Uint32Array,
  b: number,
  k: number,
  width: number,
  o: number,
  out: Uint32Array | null,
  st: Float64Array,
): boolean {
  const guard = ROUNDING_GUARD; // a local: where tsx loads this module as CommonJS, each read of the import is a getter call
  const mask = (1 << b) - 1;
  const radix = 2 ** b;
  const v = (k & 1 ? im[k >>> 1] : re[k >>> 1]) * scale;
  const r = Math.round(v);
  const dev = Math.abs(v - r);
  if (!(dev <= guard)) {
    st[ST_DEV] = dev;
    return false;
  }
  const bPos = st[ST_BPOS];
  const wi = bPos >>> 5;
  const sh = bPos & 31;
  let bv = seed[wi] >>> sh;
  if (sh + width > 32) bv |= seed[wi + 1] << (32 - sh);
  st[ST_BPOS] = bPos + b;
  const total = r + (bv & mask & ((1 << width) - 1)) + st[ST_CARRY];
  const carry = Math.floor(total / radix);
  st[ST_CARRY] = carry;
  if (out === null) return true;
  let digit = (total - carry * radix) & ((1 << width) - 1); // bits ≥ w̄ are reduced away (mod 2^w̄)
  let w = width;
  if (o < 0) {
    digit >>>= -o;
    w += o;
  }
  // Append w bits of digit at the accumulator's top.
  let acc = st[ST_ACC] | (digit << st[ST_ACC_BITS]);
  let accBits = st[ST_ACC_BITS] + w;
  if (accBits >= 32) {
    out[st[ST_WORD]] = acc;
    st[ST_WORD] += 1;
    accBits -= 32;
    acc = accBits === 0 ? 0 : digit >>> (w - accBits);
  }
  st[ST_ACC] = acc;
  st[ST_ACC_BITS] = accBits;
  return true;
}

/**
 * Limb k of the `nBits`-bit number at bit `from` of src, balanced to
 * [−2^(b−1), 2^(b−1)) with the borrow carried into limb k+1, for k < count
 * (the last limb takes the final carry); elements from there up to zeroTo zeroed. Limb k
 * goes to element k of the packed real sequence (re for even k, im for odd).
 */
function loadBalancedLimbs(
  src: Uint32Array,
  from: number,
  nBits: number,
  b: number,
  count: number,
  re: Float64Array,
  im: Float64Array,
  zeroTo: number,
): void {
  const half = 1 << (b - 1);
  const full = Math.floor(nBits / b); // limbs lying wholly inside the number
  // The whole limbs in pairs, in their own function (see finish: one long function's optimized code was thrown
  // away on every call at the code after its loop).
  const pairs = full >>> 1;
  let carry = loadLimbPairs(src, from, b, pairs, re, im);
  let k = 2 * pairs;
  // The rest: at most one whole limb, the partial top limb, and the final carry.
  for (; k < count; k++) {
    const lo = k * b;
    const width = Math.min(b, nBits - lo);
    const t = (width > 0 ? readBits(src, from + lo, width) : 0) + carry;
    carry = (t + half) >>> b;
    const d = t - (carry << b);
    if (k & 1) im[k >>> 1] = d;
    else re[k >>> 1] = d;
  }
  if (count & 1) im[count >>> 1] = 0;
  const used = (count + 1) >>> 1;
  re.fill(0, used, zeroTo);
  im.fill(0, used, zeroTo);
}

/**
 * Whole limbs 0 .. 2·pairs−1 of the number at bit `from` of src, balanced, limb 2h to re[h] and 2h+1 to im[h];
 * returns the borrow carried into limb 2·pairs. Branch-free balancing: t ∈ [0, 2^b]; t ≥ 2^(b−1) ⇔
 * (t + 2^(b−1)) >>> b = 1, and then the limb is t − 2^b.
 */
function loadLimbPairs(src: Uint32Array, from: number, b: number, pairs: number, re: Float64Array, im: Float64Array): number {
  const half = 1 << (b - 1);
  const mask = (1 << b) - 1;
  let carry = 0;
  let pos = from;
  for (let h = 0; h < pairs; h++) {
    let w = pos >>> 5;
    let sh = pos & 31;
    let v = src[w] >>> sh;
    if (sh + b > 32) v |= src[w + 1] << (32 - sh);
    let t = (v & mask) + carry;
    carry = (t + half) >>> b;
    re[h] = t - (carry << b);
    pos += b;
    w = pos >>> 5;
    sh = pos & 31;
    v = src[w] >>> sh;
    if (sh + b > 32) v |= src[w + 1] << (32 - sh);
    t = (v & mask) + carry;
    carry = (t + half) >>> b;
    im[h] = t - (carry << b);
    pos += b;
  }
  return carry;
}
