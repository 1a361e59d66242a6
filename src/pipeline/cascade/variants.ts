/**
 * Cascade variants: the block-size schedule of each pass, and whether known
 * parities are reused. Names follow "Demystifying the information
 * reconciliation protocol Cascade" (Martinez-Mateo et al., arXiv:1407.3257).
 *
 * - `original`: Brassard–Salvail, k1 = ⌈0.73/Q⌉, doubling, 4 passes; every
 *   binary-search parity is asked, even when it was asked before.
 * - `option8`: the paper's best schedule (k1 = 2^⌈α⌉ with α = log2(1/Q) − 0.5,
 *   k2 = 2^⌈(α+12)/2⌉, k3 = 4096, then n/2; 14 passes) with subblock reuse:
 *   a parity Alice has already disclosed, or that follows from disclosed ones,
 *   is never asked again.
 * - `option8-bpi`: option 8 plus block-parity inference. The parities of
 *   pass 1's blocks give Alice's whole-key parity; every later pass is a
 *   permutation of the same key, so its last block's parity is that total XOR
 *   the other blocks' and costs nothing. Saves one bit per pass after the first.
 * - `option8-bpi-scaled`: option8-bpi with the third pass's block scaled with
 *   the frame — k3 = the largest power of two ≤ n/6, at least 4096 — instead of
 *   the paper's fixed 4096 (tuned at n = 10^4). At n = 2^17 (k3 = 16384), on
 *   the same seeded frames: f = 1.028 / 1.030 / 1.038 / 1.053 at Q = 1 / 2 / 5 /
 *   10 % against option8-bpi's 1.033 / 1.033 / 1.039 / 1.055, for ~4 % more
 *   round trips. The node's default.
 * - `original-lockstep`: built for few round trips, since each peer message
 *   costs authentication key. Original's blocks (k1 = ⌈0.73/Q⌉, doubling, 4
 *   passes) then 6 passes of n/2, with reuse and block-parity inference; all
 *   passes search at once from the second message on. A search waits only
 *   while earlier-pass searches are expected to correct ≥ 0.2 errors inside
 *   its range (see the receiver). At n = 2^17: ~37/32/27/23 round trips at
 *   Q = 1/2/5/10 %, f ≈ 1.19–1.25 — more leak than original but a quarter
 *   less to half the round trips, so more net key once each round trip costs
 *   256 bits of pad.
 */

export const CASCADE_VARIANTS = ['original', 'option8', 'option8-bpi', 'option8-bpi-scaled', 'original-lockstep'] as const;
export type CascadeVariant = (typeof CASCADE_VARIANTS)[number];

/** The node's default: the most efficient variant (config postprocessing.cascade.variant overrides it). */
export const DEFAULT_CASCADE_VARIANT: CascadeVariant = 'option8-bpi-scaled';

export interface CascadeSchedule {
  /** Block size of each pass (clamped to [1, ⌈n/2⌉]). */
  blockSizes: Uint32Array;
  /** Reuse parities known from earlier binary searches instead of asking again. */
  reuse: boolean;
  /** Infer the last top-level block parity of passes ≥ 2 from the whole-key parity. */
  inferLastBlock: boolean;
  /** Start every pass's searches after the first reply instead of pass by pass. */
  concurrent: boolean;
  /**
   * A search waits while the searches of earlier passes are expected to
   * correct at least this many errors inside its range (0: any shared bit).
   */
  holdThreshold: number;
}

/** Block sizes and flags for `variant` at estimated QBER `qber` on an `n`-bit frame. */
export function cascadeSchedule(variant: CascadeVariant, qber: number, n: number): CascadeSchedule {
  if (!(qber > 0 && qber < 0.5)) throw new RangeError(`cascade: QBER must be in (0, 0.5), got ${qber}`);
  if (!(Number.isInteger(n) && n >= 1 && n <= 0xffffffff)) throw new RangeError(`cascade: bad frame length ${n}`);
  const sizes: number[] = [];
  switch (variant) {
    case 'original': {
      let k = Math.ceil(0.73 / qber);
      for (let p = 0; p < 4; p++, k *= 2) sizes.push(k);
      break;
    }
    case 'original-lockstep': {
      // Original's blocks (they keep each search shallow: few rounds per cascade link), then n/2 passes for the frame error rate.
      let k = Math.ceil(0.73 / qber);
      for (let p = 0; p < 4; p++, k *= 2) sizes.push(k);
      while (sizes.length < 10) sizes.push(Math.ceil(n / 2));
      break;
    }
    case 'option8':
    case 'option8-bpi':
    case 'option8-bpi-scaled': {
      const alpha = Math.log2(1 / qber) - 0.5;
      const k3 = variant === 'option8-bpi-scaled' ? 2 ** Math.max(12, Math.floor(Math.log2(n / 6))) : 4096;
      sizes.push(2 ** Math.ceil(alpha), 2 ** Math.ceil((alpha + 12) / 2), k3);
      while (sizes.length < 14) sizes.push(Math.ceil(n / 2));
      break;
    }
    default: {
      const never: never = variant;
      throw new RangeError(`cascade: unknown variant ${String(never)}`);
    }
  }
  // A block as large as the frame would only repeat the whole-key parity,
  // which can never locate an error; ⌈n/2⌉ keeps at least two blocks.
  const cap = Math.max(1, Math.ceil(n / 2));
  const blockSizes = Uint32Array.from(sizes, (k) => Math.max(1, Math.min(k, cap)));
  const lockstep = variant === 'original-lockstep';
  return {
    blockSizes,
    reuse: variant !== 'original',
    inferLastBlock: variant === 'option8-bpi' || variant === 'option8-bpi-scaled' || lockstep,
    concurrent: lockstep,
    holdThreshold: lockstep ? 0.2 : 0,
  };
}

/** Binary entropy h(q) in bits. */
export function binaryEntropy(q: number): number {
  if (q <= 0 || q >= 1) return 0;
  return -q * Math.log2(q) - (1 - q) * Math.log2(1 - q);
}

/** Reconciliation efficiency f = leakedBits / (n · h(Q)); 1 is the Shannon limit. */
export function cascadeEfficiency(leakedBits: number, n: number, qber: number): number {
  return leakedBits / (n * binaryEntropy(qber));
}
