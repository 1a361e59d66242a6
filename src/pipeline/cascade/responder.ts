/**
 * Alice's side of Cascade: holds the reference key and answers parity
 * questions. It keeps no protocol state besides the plan and its permuted
 * copies, so it answers whatever it is asked; the receiver decides what to ask
 * and counts what was disclosed.
 */
import { wordsFor as wordsForImported } from '../bits.ts';
import {
  CascadePlan,
  type CascadePlanCache,
  MODE_COPY as COPY_MODE,
  MODE_IDENTITY as IDENTITY_MODE,
  MODE_MASK as MASK_MODE,
} from './plan.ts';
import * as kernels from './parity.ts';
import type { CascadeReply, CascadeRequest } from './messages.ts';

// Module-local copies of imported bindings: transpilers that rewrite ESM
// imports (tsx, vitest) turn each use into a property getter call, which the
// hot loops below would otherwise pay on every iteration.
const { gatherParity, maskedParity, parity32, rangeParity, scatterBits } = kernels;
const wordsFor = wordsForImported;
const MODE_IDENTITY = IDENTITY_MODE;
const MODE_COPY = COPY_MODE;
const MODE_MASK = MASK_MODE;

export interface CascadeResponderOptions {
  /** Reuse permutations across frames that share a seed. */
  cache?: CascadePlanCache;
}

export class CascadeResponder {
  private readonly key: Uint32Array;
  private readonly n: number;
  private readonly cache: CascadePlanCache | undefined;
  private plan: CascadePlan | null = null;
  /** Alice's permuted packed copies (copy-mode passes only). */
  private copies: (Uint32Array | null)[] = [];
  private totalParity = 0;
  private disclosed = 0;

  /** `key` is packed (see bits.ts); it is not modified. */
  constructor(key: Uint32Array, n: number, options: CascadeResponderOptions = {}) {
    if (key.length < wordsFor(n)) throw new RangeError('cascade responder: key shorter than n bits');
    this.key = key;
    this.n = n;
    this.cache = options.cache;
  }

  answer(req: CascadeRequest): CascadeReply {
    if (req.setup) this.setUp(req.setup.seed, req.setup.n, req.setup.blockSizes);
    const plan = this.plan;
    if (!plan) throw new Error('cascade responder: the first request must carry the setup');
    const T = req.topPass.length;
    let count = req.pass.length;
    for (let t = 0; t < T; t++) {
      const p = req.topPass[t];
      if (p >= plan.passes || req.topBlocks[t] > plan.blockCounts[p])
        throw new RangeError('cascade responder: top-level request out of range');
      count += req.topBlocks[t];
    }
    const out = new Uint32Array(wordsFor(count));
    let bit = 0;
    for (let t = 0; t < T; t++) {
      const p = req.topPass[t];
      const blocks = req.topBlocks[t];
      const k = plan.blockSizes[p];
      for (let b = 0; b < blocks; b++, bit++) {
        const s = b * k;
        const e = Math.min(this.n, s + k);
        out[bit >>> 5] |= this.parity(p, s, e) << (bit & 31);
      }
    }
    const R = req.pass.length;
    for (let r = 0; r < R; r++, bit++) {
      const p = req.pass[r];
      const s = req.start[r];
      const e = req.end[r];
      if (p >= plan.passes || s >= e || e > this.n) throw new RangeError('cascade responder: range out of bounds');
      out[bit >>> 5] |= this.parity(p, s, e) << (bit & 31);
    }
    this.disclosed += count;
    return { kind: 'reply', round: req.round, count, parities: out };
  }

  /**
   * Parity bits disclosed so far. Alice's node needs the leak for privacy
   * amplification as much as Bob's does; counted here from what was actually
   * answered, it must equal the receiver's `leakedBits`.
   */
  get disclosedBits(): number {
    return this.disclosed;
  }

  private setUp(seed: number, n: number, blockSizes: Uint32Array): void {
    if (n !== this.n) throw new RangeError(`cascade responder: frame is ${this.n} bits, receiver says ${n}`);
    const plan = this.cache ? this.cache.get(n, seed, blockSizes) : new CascadePlan(n, seed, blockSizes);
    this.plan = plan;
    this.copies = [];
    for (let p = 0; p < plan.passes; p++) {
      const inv = plan.inv[p];
      this.copies.push(plan.modes[p] === MODE_COPY && inv ? scatterBits(new Uint32Array(wordsFor(n)), this.key, inv, n) : null);
    }
    let x = 0;
    const words = wordsFor(n);
    for (let w = 0; w < words; w++) x ^= this.key[w];
    this.totalParity = parity32(x);
  }

  /** Parity of positions [s, e) of pass p. */
  private parity(p: number, s: number, e: number): number {
    const plan = this.plan as CascadePlan;
    const mode = plan.modes[p];
    if (mode === MODE_IDENTITY) return rangeParity(this.key, s, e);
    if (mode === MODE_COPY) return rangeParity(this.copies[p] as Uint32Array, s, e);
    if (mode === MODE_MASK) {
      // Whole top-level blocks of the two-block passes come from the mask.
      const k = plan.blockSizes[p];
      if (s === 0 && e === Math.min(k, this.n)) return maskedParity(this.key, plan.mask[p] as Uint32Array);
      if (s === k && e === this.n) return this.totalParity ^ maskedParity(this.key, plan.mask[p] as Uint32Array);
    }
    return gatherParity(this.key, plan.perm[p] as Uint32Array, s, e);
  }
}
