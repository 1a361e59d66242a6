/**
 * The part of a Cascade run that both sides derive from the shared seed and
 * the block sizes alone: one permutation per pass, its inverse, and how each
 * pass's parities are computed. It does not depend on either key, so a
 * `CascadePlanCache` lets consecutive frames that share a seed skip the
 * Fisher–Yates shuffles (Cascade's permutations need not be secret or fresh;
 * only both sides must agree on them).
 */
import { Xoshiro128 } from '../prng.ts';
import { wordsFor } from '../bits.ts';

/**
 * How a pass computes block parities.
 * - identity: pass 1 is unpermuted; parities come straight from the key's words.
 * - copy: a permuted packed copy of the key is kept, so any range parity is a
 *   word XOR over contiguous words; a flipped bit is flipped in the copy too.
 * - mask: passes with at most two blocks (the n/2 passes) keep no copy: the
 *   first block's parity is key AND a precomputed membership mask, the second
 *   follows from the whole-key parity, and the rare binary search inside them
 *   reads bits through the permutation.
 */
export const MODE_IDENTITY = 0;
export const MODE_COPY = 1;
export const MODE_MASK = 2;

export class CascadePlan {
  readonly n: number;
  readonly seed: number;
  readonly passes: number;
  readonly blockSizes: Uint32Array;
  /** Number of top-level blocks in each pass. */
  readonly blockCounts: Uint32Array;
  /** Index of each pass's first block in a flat numbering of all blocks of all passes. */
  readonly blockBase: Uint32Array;
  readonly totalBlocks: number;
  readonly modes: Uint8Array;
  /** log2 of each block size when it is a power of two, else -1 (block index by shift instead of division). */
  readonly blockShift: Int8Array;
  /** perm[p][j] = key index at position j of pass p (null for the identity pass). */
  readonly perm: (Uint32Array | null)[];
  /** inv[p][i] = position of key index i in pass p (null for the identity pass). */
  readonly inv: (Uint32Array | null)[];
  /** Packed membership mask of block 0, for mask-mode passes. */
  readonly mask: (Uint32Array | null)[];

  /**
   * `share`: a plan of the same n and seed whose permutations this one takes
   * instead of shuffling again. A pass's permutation depends on (n, seed, pass)
   * alone, not on the block sizes, so plans for another QBER estimate (other
   * k1, k2) share them: the expensive ~104 bytes per key bit are held once.
   */
  constructor(n: number, seed: number, blockSizes: Uint32Array, share?: CascadePlan) {
    if (!(Number.isInteger(n) && n >= 1 && n <= 0xffffffff)) throw new RangeError(`cascade plan: bad length ${n}`);
    if (blockSizes.length < 1 || blockSizes.length > 255) throw new RangeError('cascade plan: 1..255 passes');
    this.n = n;
    this.seed = seed >>> 0;
    this.passes = blockSizes.length;
    this.blockSizes = Uint32Array.from(blockSizes);
    this.blockCounts = new Uint32Array(this.passes);
    this.blockBase = new Uint32Array(this.passes);
    this.modes = new Uint8Array(this.passes);
    this.blockShift = new Int8Array(this.passes);
    this.perm = [];
    this.inv = [];
    this.mask = [];
    let base = 0;
    for (let p = 0; p < this.passes; p++) {
      const k = this.blockSizes[p];
      if (k < 1) throw new RangeError('cascade plan: block size must be ≥ 1');
      const blocks = Math.ceil(n / k);
      this.blockShift[p] = (k & (k - 1)) === 0 ? 31 - Math.clz32(k) : -1;
      this.blockCounts[p] = blocks;
      this.blockBase[p] = base;
      base += blocks;
      if (p === 0) {
        this.modes[p] = MODE_IDENTITY;
        this.perm.push(null);
        this.inv.push(null);
        this.mask.push(null);
        continue;
      }
      const from = share && share.n === n && share.seed === this.seed && p < share.passes ? share : null;
      const perm = from?.perm[p] ?? shuffledIdentity(n, passSeed(this.seed, p));
      let inv = from?.perm[p] ? from.inv[p] : null;
      if (!inv) {
        inv = new Uint32Array(n);
        for (let j = 0; j < n; j++) inv[perm[j]] = j;
      }
      this.perm.push(perm);
      this.inv.push(inv);
      if (blocks <= 2) {
        this.modes[p] = MODE_MASK;
        const mask = new Uint32Array(wordsFor(n));
        const end = Math.min(k, n);
        for (let j = 0; j < end; j++) mask[perm[j] >>> 5] |= 1 << (perm[j] & 31);
        this.mask.push(mask);
      } else {
        this.modes[p] = MODE_COPY;
        this.mask.push(null);
      }
    }
    this.totalBlocks = base;
  }
}

/** Each pass gets its own generator so that a pass's permutation does not depend on how many passes precede it. */
function passSeed(seed: number, pass: number): number {
  return (seed ^ Math.imul(pass, 0x9e3779b9)) >>> 0;
}

/**
 * Random permutation of 0..n-1 (Fisher–Yates). The index is drawn by
 * multiply-shift, floor(u · (i+1) / 2^32), rather than by rejection: it is
 * several times faster, and its bias (below n / 2^32 per draw) does not
 * matter here — the permutation only has to scatter errors, and both sides
 * compute the same one.
 */
function shuffledIdentity(n: number, seed: number): Uint32Array {
  const rng = new Xoshiro128(seed);
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  const r = new Uint32Array(Math.min(n, 4096));
  let at = r.length;
  for (let i = n - 1; i > 0; i--) {
    if (at === r.length) {
      rng.fillU32(r);
      at = 0;
    }
    const j = Math.floor((r[at++] * (i + 1)) / 4294967296);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

/** Index of the top-level block holding position `pos` of pass `p`. */
export function blockOf(plan: CascadePlan, p: number, pos: number): number {
  const sh = plan.blockShift[p];
  return plan.blockBase[p] + (sh >= 0 ? pos >>> sh : Math.floor(pos / plan.blockSizes[p]));
}

/**
 * A small most-recently-used cache of plans, keyed by (n, seed, block sizes).
 * Plans are immutable, so one cache may serve frames in flight at the same time.
 * A miss for an (n, seed) already cached under other block sizes shares that
 * plan's permutations (see CascadePlan's `share`).
 */
export class CascadePlanCache {
  /** Most recent last; a linear scan beats hashing a string key at this size. */
  private readonly entries: CascadePlan[] = [];
  constructor(private readonly capacity = 8) {}

  get(n: number, seed: number, blockSizes: Uint32Array): CascadePlan {
    const entries = this.entries;
    for (let e = entries.length - 1; e >= 0; e--) {
      const plan = entries[e];
      if (plan.n === n && plan.seed === seed >>> 0 && sameSizes(plan.blockSizes, blockSizes)) {
        if (e !== entries.length - 1) {
          entries.splice(e, 1);
          entries.push(plan);
        }
        return plan;
      }
    }
    let share: CascadePlan | undefined;
    for (let e = entries.length - 1; e >= 0 && !share; e--) if (entries[e].n === n && entries[e].seed === seed >>> 0) share = entries[e];
    const plan = new CascadePlan(n, seed, blockSizes, share);
    if (entries.length >= this.capacity) entries.shift();
    entries.push(plan);
    return plan;
  }
}

function sameSizes(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
