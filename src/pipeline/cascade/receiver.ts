/**
 * Bob's side of Cascade: holds the noisy key, asks Alice for parities and
 * corrects the key in place.
 *
 * Batching. Every top-level block parity of every pass is asked in the first
 * request: Alice's key never changes, so these answers do not depend on
 * anything Bob learns later, and the sequential protocol discloses exactly the
 * same bits. After that, the binary searches of all blocks currently known to
 * disagree advance in lockstep, one level per round trip; blocks of earlier
 * passes that a correction makes odd (the cascade effect) join the next batch.
 * A pass starts only when nothing is left to search in the passes before it,
 * as in the sequential protocol, so that errors are found in small blocks
 * (cheap) rather than in the large blocks of later passes; and within the
 * batch a search waits while its range overlaps the range of a search in an
 * earlier pass (see holdBackConflicts), the batched form of "smallest block
 * first". Round trips are dominated by the cascade effect's chains (each
 * correction exposes the next error of a chain), not by the batch size.
 *
 * Correctness under lockstep: a search only ever holds a range whose Alice
 * parity is known and differs from Bob's. Another search in the same round may
 * flip a bit inside that range; the flip marks the search dirty, the search
 * re-checks the range before going on, and gives up when it is no longer odd. Its block is re-examined
 * and searched again if still odd. So every flip lands on a bit where Bob's
 * and Alice's keys differ, and the run ends after at most (errors) flips.
 *
 * Subblock reuse: each internal node of a block's binary-search tree splits at
 * a distinct position, so Alice's parity of its left half is stored at that
 * position (two bits per position, per pass that searches). A later search of the same block
 * walks down through the known parities without asking, and the right half's
 * parity is always derived (parent XOR left), never asked.
 */
import { wordsFor as wordsForImported } from '../bits.ts';
import {
  blockOf as blockOfImported,
  CascadePlan,
  type CascadePlanCache,
  MODE_COPY as COPY_MODE,
  MODE_IDENTITY as IDENTITY_MODE,
  MODE_MASK as MASK_MODE,
} from './plan.ts';
import * as kernels from './parity.ts';
import { cascadeSchedule, type CascadeVariant } from './variants.ts';
import type { CascadeDone, CascadeReply, CascadeRequest } from './messages.ts';

// Module-local copies of imported bindings: transpilers that rewrite ESM
// imports (tsx, vitest) turn each use into a property getter call, which the
// hot loops below would otherwise pay on every iteration.
const { gatherParity, maskedParity, parity32, rangeParity, scatterBits } = kernels;
const wordsFor = wordsForImported;
const blockOf = blockOfImported;
const MODE_IDENTITY = IDENTITY_MODE;
const MODE_COPY = COPY_MODE;
const MODE_MASK_ = MASK_MODE;

export interface CascadeReceiverOptions {
  variant: CascadeVariant;
  /** Estimated QBER (from parameter estimation); sets the block sizes. */
  qber: number;
  /** Seed of the permutations; sent to Alice in the first request. */
  seed: number;
  /** Reuse permutations across frames that share a seed. */
  cache?: CascadePlanCache;
}

const EMPTY = new Uint32Array(0);

/** Left child of [s, e) is [s, mid), right child [mid, e); the split is canonical so both searches and reuse agree. */
function mid(s: number, e: number): number {
  return s + ((e - s + 1) >>> 1);
}

export class CascadeReceiver {
  readonly n: number;
  readonly variant: CascadeVariant;
  private readonly key: Uint32Array;
  private readonly plan: CascadePlan;
  private readonly reuse: boolean;
  private readonly inferLast: boolean;
  private readonly concurrent: boolean;
  private readonly holdThreshold: number;
  private readonly holdWeight: Float64Array;
  private readonly passCount: Uint32Array;
  /** Number of ranges each waiting search asked in the outstanding request. */
  private waitCount: Uint32Array;
  private askCount: Uint32Array;
  private qPass: Uint32Array = new Uint32Array(64);
  private qStart: Uint32Array = new Uint32Array(64);
  private qEnd: Uint32Array = new Uint32Array(64);
  private readonly passOf: Uint8Array;
  private readonly aliceTop: Uint8Array;
  private readonly bobTop: Uint8Array;
  private readonly searching: Uint8Array;
  private readonly queued: Uint8Array;
  private readonly pending: Int32Array;
  private pendingLen = 0;
  // One search slot per top-level block (a block has at most one live search).
  private readonly sStart: Uint32Array;
  private readonly sEnd: Uint32Array;
  private readonly sAlice: Uint8Array;
  /** Set when a correction lands inside the search's current range: its parity must be checked again. */
  private readonly sDirty: Uint8Array;
  /** Searches waiting for the answer to the outstanding request, in request order. */
  private waiting: Int32Array;
  private waitingLen = 0;
  /** Parity bits asked in the outstanding request. */
  private waitingBits = 0;
  /** Searches that asked during the current step, to go in the next request. */
  private asking: Int32Array;
  private askingLen = 0;
  /** Searches held back from asking this round (see holdBackConflicts). */
  private readonly paused: Int32Array;
  private pausedLen = 0;
  private readonly held: Uint32Array;
  private readonly activePass: Uint8Array;
  /** Per pass, the range bits asked this round by that pass and all later ones (laterRangeBits). */
  private readonly laterSum: Float64Array;
  private laterStamp = -1;
  private readonly copies: (Uint32Array | null)[];
  /**
   * Two bits per split position m of pass p: 1 + Alice's parity of the left
   * child of the node split at m, or 0 while unknown. Allocated when a pass
   * first asks, so the late passes, which seldom search, cost nothing.
   */
  private readonly known: (Uint32Array | null)[];
  private started = 0;
  /** Parity of Bob's whole key as corrected so far (kept by flip()). */
  private bobTotal = 0;
  /** Bits corrected so far (see flip()). */
  private readonly flipped: Uint32Array;
  private phase: 'new' | 'top' | 'search' | 'done' = 'new';
  private round = 0;
  private leaked = 0;
  private corrections = 0;

  /** `key` is Bob's packed noisy key; it is copied, not modified. */
  constructor(key: Uint32Array, n: number, options: CascadeReceiverOptions) {
    const words = wordsFor(n);
    if (key.length < words) throw new RangeError('cascade receiver: key shorter than n bits');
    const schedule = cascadeSchedule(options.variant, options.qber, n);
    this.n = n;
    this.variant = options.variant;
    this.reuse = schedule.reuse;
    this.inferLast = schedule.inferLastBlock;
    this.concurrent = schedule.concurrent;
    this.holdThreshold = schedule.holdThreshold;
    this.key = key.slice(0, words);
    if (n & 31) this.key[words - 1] &= -1 >>> (32 - (n & 31));
    this.plan = options.cache
      ? options.cache.get(n, options.seed, schedule.blockSizes)
      : new CascadePlan(n, options.seed, schedule.blockSizes);
    const G = this.plan.totalBlocks;
    this.passOf = new Uint8Array(G);
    for (let p = 0; p < this.plan.passes; p++) {
      this.passOf.fill(p, this.plan.blockBase[p], this.plan.blockBase[p] + this.plan.blockCounts[p]);
    }
    this.aliceTop = new Uint8Array(G);
    this.bobTop = new Uint8Array(G);
    this.searching = new Uint8Array(G);
    this.queued = new Uint8Array(G);
    this.pending = new Int32Array(G);
    this.sStart = new Uint32Array(G);
    this.sEnd = new Uint32Array(G);
    this.sAlice = new Uint8Array(G);
    this.sDirty = new Uint8Array(G);
    this.waiting = new Int32Array(G);
    this.asking = new Int32Array(G);
    this.paused = new Int32Array(G);
    this.held = new Uint32Array(G);
    this.holdWeight = new Float64Array(G);
    this.passCount = new Uint32Array(this.plan.passes);
    this.waitCount = new Uint32Array(G);
    this.askCount = new Uint32Array(G);
    this.activePass = new Uint8Array(this.plan.passes);
    this.laterSum = new Float64Array(this.plan.passes);
    this.copies = new Array<Uint32Array | null>(this.plan.passes).fill(null);
    this.known = new Array<Uint32Array | null>(this.plan.passes).fill(null);
    let x = 0;
    for (let w = 0; w < words; w++) x ^= this.key[w];
    this.bobTotal = parity32(x);
    this.flipped = new Uint32Array(words);
  }

  /** First request: the setup (seed, n, block sizes) and every top-level block parity of every pass. */
  start(): CascadeRequest {
    if (this.phase !== 'new') throw new Error('cascade receiver: start() called twice');
    const plan = this.plan;
    const P = plan.passes;
    const topPass = new Uint32Array(P);
    const topBlocks = new Uint32Array(P);
    for (let p = 0; p < P; p++) {
      topPass[p] = p;
      // Pass 1 gives the whole-key parity, which makes each later pass's last block free.
      topBlocks[p] = this.inferLast && p > 0 ? plan.blockCounts[p] - 1 : plan.blockCounts[p];
    }
    this.phase = 'top';
    this.round = 1;
    return {
      kind: 'request',
      round: 1,
      setup: { seed: plan.seed, n: this.n, blockSizes: plan.blockSizes.slice() },
      topPass,
      topBlocks,
      pass: EMPTY,
      start: EMPTY,
      end: EMPTY,
    };
  }

  /**
   * Feed Alice's reply; returns the next request, or the result when reconciliation is over.
   * A request's range arrays are views of the receiver's buffers: encode (or answer) it before the next onReply.
   */
  onReply(reply: CascadeReply): CascadeRequest | CascadeDone {
    if (this.phase !== 'top' && this.phase !== 'search') throw new Error('cascade receiver: no request outstanding');
    if (reply.round !== this.round) throw new Error(`cascade receiver: reply to round ${reply.round}, expected ${this.round}`);
    const bits = reply.parities;
    if (this.phase === 'top') {
      this.takeTopParities(reply);
      this.phase = 'search';
    } else {
      if (reply.count !== this.waitingBits || bits.length < wordsFor(reply.count)) {
        throw new RangeError(`cascade receiver: reply carries ${reply.count} parities, ${this.waitingBits} asked`);
      }
      this.leaked += reply.count;
      this.askingLen = 0;
      if (!this.reuse) {
        for (let r = 0; r < this.waitingLen; r++) this.resume(this.waiting[r], (bits[r >>> 5] >>> (r & 31)) & 1);
      } else {
        const qEnd = this.qEnd;
        let bit = 0;
        for (let r = 0; r < this.waitingLen; r++) {
          const g = this.waiting[r];
          const p = this.passOf[g];
          for (let c = this.waitCount[r]; c > 0; c--, bit++) this.remember(p, qEnd[bit], (bits[bit >>> 5] >>> (bit & 31)) & 1);
        }
        for (let r = 0; r < this.waitingLen; r++) this.resumeKnown(this.waiting[r]);
      }
    }
    return this.advance();
  }

  get leakedBits(): number {
    return this.leaked;
  }

  private takeTopParities(reply: CascadeReply): void {
    const plan = this.plan;
    let expected = 0;
    for (let p = 0; p < plan.passes; p++) expected += this.inferLast && p > 0 ? plan.blockCounts[p] - 1 : plan.blockCounts[p];
    if (reply.count !== expected || reply.parities.length < wordsFor(expected)) {
      throw new RangeError(`cascade receiver: reply carries ${reply.count} parities, ${expected} asked`);
    }
    this.leaked += reply.count;
    const bits = reply.parities;
    let bit = 0;
    let total = 0;
    for (let p = 0; p < plan.passes; p++) {
      const base = plan.blockBase[p];
      const blocks = plan.blockCounts[p];
      const asked = this.inferLast && p > 0 ? blocks - 1 : blocks;
      let x = 0;
      for (let b = 0; b < asked; b++, bit++) {
        const v = (bits[bit >>> 5] >>> (bit & 31)) & 1;
        this.aliceTop[base + b] = v;
        x ^= v;
      }
      if (p === 0) total = x;
      else if (asked < blocks) this.aliceTop[base + blocks - 1] = total ^ x;
    }
  }

  private advance(): CascadeRequest | CascadeDone {
    for (;;) {
      this.continuePaused();
      this.startPending();
      if (this.askingLen > 0) {
        this.holdBackConflicts();
        return this.emit();
      }
      if (this.started < this.plan.passes) {
        if (this.concurrent) while (this.started < this.plan.passes) this.startPass(this.started);
        else this.startPass(this.started);
        continue;
      }
      this.phase = 'done';
      return {
        kind: 'done',
        key: this.key,
        n: this.n,
        leakedBits: this.leaked,
        rounds: this.round,
        corrections: this.corrections,
      };
    }
  }

  private emit(): CascadeRequest {
    const R = this.askingLen;
    let q = 0;
    for (let r = 0; r < R; r++) {
      const g = this.asking[r];
      const s = this.sStart[g];
      this.push(q++, this.passOf[g], s, mid(s, this.sEnd[g]));
      this.askCount[r] = 1;
    }
    // Views of the receiver's own buffers, valid until the next onReply (the caller encodes or answers the request first).
    const pass = this.qPass.subarray(0, q);
    const start = this.qStart.subarray(0, q);
    const end = this.qEnd.subarray(0, q);
    const t = this.waiting;
    this.waiting = this.asking;
    this.asking = t;
    const tc = this.waitCount;
    this.waitCount = this.askCount;
    this.askCount = tc;
    this.waitingLen = R;
    this.waitingBits = q;
    this.askingLen = 0;
    this.round++;
    return { kind: 'request', round: this.round, setup: null, topPass: EMPTY, topBlocks: EMPTY, pass, start, end };
  }

  private push(q: number, p: number, s: number, e: number): void {
    if (q === this.qPass.length) {
      const grow = (a: Uint32Array): Uint32Array => {
        const b = new Uint32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.qPass = grow(this.qPass);
      this.qStart = grow(this.qStart);
      this.qEnd = grow(this.qEnd);
    }
    this.qPass[q] = p;
    this.qStart[q] = s;
    this.qEnd[q] = e;
  }

  private startPass(p: number): void {
    const plan = this.plan;
    const n = this.n;
    const k = plan.blockSizes[p];
    const base = plan.blockBase[p];
    const blocks = plan.blockCounts[p];
    const mode = plan.modes[p];
    if (mode === MODE_IDENTITY || mode === MODE_COPY) {
      let words = this.key;
      if (mode === MODE_COPY) {
        // Built now, from the key as corrected so far; kept in step by flip().
        words = scatterBits(new Uint32Array(wordsFor(n)), this.key, plan.inv[p] as Uint32Array, n);
        this.copies[p] = words;
      }
      for (let b = 0, s = 0; b < blocks; b++, s += k) this.bobTop[base + b] = rangeParity(words, s, Math.min(n, s + k));
    } else {
      const total = this.bobTotal;
      const first = blocks > 1 ? maskedParity(this.key, plan.mask[p] as Uint32Array) : total;
      this.bobTop[base] = first;
      if (blocks > 1) this.bobTop[base + 1] = total ^ first;
    }
    this.started = p + 1;
    for (let b = blocks - 1; b >= 0; b--) {
      const g = base + b;
      if (this.bobTop[g] !== this.aliceTop[g]) this.enqueue(g);
    }
  }

  /** Start a search in every odd block that has none (the cascade effect included). */
  private startPending(): void {
    while (this.pendingLen > 0) {
      const g = this.pending[--this.pendingLen];
      this.queued[g] = 0;
      if (this.searching[g] || this.bobTop[g] === this.aliceTop[g]) continue;
      this.startSearch(g);
    }
  }

  /** Searches held back last round: drop those whose range went even, walk the others on. */
  private continuePaused(): void {
    const len = this.pausedLen;
    this.pausedLen = 0;
    for (let r = 0; r < len; r++) {
      const g = this.paused[r];
      if (this.sDirty[g] && this.bobParity(this.passOf[g], this.sStart[g], this.sEnd[g]) === this.sAlice[g]) {
        this.searching[g] = 0;
        this.enqueue(g);
        continue;
      }
      this.sDirty[g] = 0;
      this.descend(g);
    }
  }

  /**
   * Smallest block first, without serialising: a search in pass q waits (asks
   * nothing this round) while the current range of a search in an earlier
   * pass — smaller blocks, cheaper to finish — shares a bit with its own
   * current range. The correction that earlier search will make may land in
   * the shared bits and turn this range even, and every parity asked of it
   * meanwhile would be wasted. Searches whose ranges are disjoint from all
   * earlier-pass ranges proceed in the same round.
   */
  private holdBackConflicts(): void {
    const asking = this.asking;
    const len = this.askingLen;
    let minPass = 255;
    let maxPass = 0;
    const activePass = this.activePass;
    activePass.fill(0);
    for (let r = 0; r < len; r++) {
      const p = this.passOf[asking[r]];
      activePass[p] = 1;
      if (p < minPass) minPass = p;
      if (p > maxPass) maxPass = p;
    }
    if (minPass === maxPass) return;
    const stamp = this.round + 1;
    if (this.holdThreshold === 0) {
      this.holdBackExact(maxPass, stamp);
      return;
    }
    const plan = this.plan;
    const held = this.held;
    const sStart = this.sStart;
    const sEnd = this.sEnd;
    const searching = this.searching;
    const threshold = this.holdThreshold;
    const weight = this.holdWeight;
    for (let r = 0; r < len; r++) {
      const g = asking[r];
      const q0 = this.passOf[g];
      if (q0 >= maxPass) continue;
      const perm = plan.perm[q0];
      const end = sEnd[g];
      const w = 1 / (end - sStart[g]);
      if (threshold > 0 && end - sStart[g] > 1024) {
        // Permutations are random: expect |h| / n of g's error inside h's range.
        for (let r2 = 0; r2 < len; r2++) {
          const h = asking[r2];
          if (this.passOf[h] <= q0) continue;
          if (held[h] !== stamp && held[h] !== stamp + 0x80000000) {
            held[h] = stamp + 0x80000000;
            weight[h] = 0;
          }
          weight[h] += (sEnd[h] - sStart[h]) / this.n;
          if (weight[h] >= threshold) held[h] = stamp;
        }
        continue;
      }
      for (let q = q0 + 1; q <= maxPass; q++) {
        if (!activePass[q]) continue;
        // Two-block passes (ranges up to n/2 bits) are weighed below, from the expected share.
        if (threshold > 0 && plan.modes[q] === MODE_MASK_) continue;
        const inv = plan.inv[q] as Uint32Array;
        const base = plan.blockBase[q];
        const sh = plan.blockShift[q];
        const k = plan.blockSizes[q];
        for (let j = sStart[g]; j < end; j++) {
          const pos = inv[perm ? perm[j] : j];
          const h = base + (sh >= 0 ? pos >>> sh : Math.floor(pos / k));
          if (searching[h] && pos >= sStart[h] && pos < sEnd[h]) {
            if (threshold === 0) held[h] = stamp;
            else {
              if (held[h] !== stamp && held[h] !== stamp + 0x80000000) {
                held[h] = stamp + 0x80000000;
                weight[h] = 0;
              }
              weight[h] += w;
              if (weight[h] >= threshold) held[h] = stamp;
            }
          }
        }
      }
    }
    if (threshold > 0) {
      // A search h of a two-block pass expects |h| / n of each earlier-pass search's error inside its range (random permutations).
      const before = this.passCount;
      before.fill(0);
      for (let r = 0; r < len; r++) before[this.passOf[asking[r]]]++;
      for (let p = 0, acc = 0; p < before.length; p++) {
        const c = before[p];
        before[p] = acc;
        acc += c;
      }
      for (let r = 0; r < len; r++) {
        const h = asking[r];
        const q = this.passOf[h];
        if (plan.modes[q] !== MODE_MASK_ || before[q] === 0) continue;
        if (held[h] !== stamp && held[h] !== stamp + 0x80000000) weight[h] = 0;
        weight[h] += (before[q] * (sEnd[h] - sStart[h])) / this.n;
        held[h] = weight[h] >= threshold ? stamp : stamp + 0x80000000;
      }
    }
    let kept = 0;
    for (let r = 0; r < len; r++) {
      const g = asking[r];
      if (held[g] === stamp) this.paused[this.pausedLen++] = g;
      else asking[kept++] = g;
    }
    this.askingLen = kept;
  }

  /**
   * holdBackConflicts with threshold 0 (the sequential variants): hold a later-pass search when its
   * current range shares any key bit with the current range of an earlier-pass search. Each
   * earlier-pass range is walked bit by bit through the later passes' inverse permutations, or,
   * when the later passes' ranges are shorter in total, the other way round.
   */
  private holdBackExact(maxPass: number, stamp: number): void {
    const plan = this.plan;
    const asking = this.asking;
    const len = this.askingLen;
    const passOf = this.passOf;
    const sStart = this.sStart;
    const sEnd = this.sEnd;
    const searching = this.searching;
    const held = this.held;
    const activePass = this.activePass;
    for (let r = 0; r < len; r++) {
      const g = asking[r];
      const q0 = passOf[g];
      if (q0 >= maxPass) continue;
      const s0 = sStart[g];
      const e0 = sEnd[g];
      if ((e0 - s0) * (maxPass - q0) > this.laterRangeBits(q0)) {
        // Cheaper from the other side: walk the later passes' ranges and look each bit up in g's range.
        this.holdLaterOverlapping(g, q0, stamp);
        continue;
      }
      const perm = plan.perm[q0];
      for (let q = q0 + 1; q <= maxPass; q++) {
        if (!activePass[q]) continue;
        const inv = plan.inv[q] as Uint32Array;
        const base = plan.blockBase[q];
        const sh = plan.blockShift[q];
        const k = plan.blockSizes[q];
        if (perm === null) {
          if (sh >= 0) {
            for (let j = s0; j < e0; j++) {
              const pos = inv[j];
              const h = base + (pos >>> sh);
              if (searching[h] !== 0 && pos >= sStart[h] && pos < sEnd[h]) held[h] = stamp;
            }
            continue;
          }
          for (let j = s0; j < e0; j++) {
            const pos = inv[j];
            const h = base + Math.floor(pos / k);
            if (searching[h] !== 0 && pos >= sStart[h] && pos < sEnd[h]) held[h] = stamp;
          }
          continue;
        }
        for (let j = s0; j < e0; j++) {
          const pos = inv[perm[j]];
          const h = base + (sh >= 0 ? pos >>> sh : Math.floor(pos / k));
          if (searching[h] !== 0 && pos >= sStart[h] && pos < sEnd[h]) held[h] = stamp;
        }
      }
    }
    let kept = 0;
    for (let r = 0; r < len; r++) {
      const g = asking[r];
      if (held[g] === stamp) this.paused[this.pausedLen++] = g;
      else asking[kept++] = g;
    }
    this.askingLen = kept;
  }

  /** Total range length of the searches asking this round in passes after q0 (computed once per round). */
  private laterRangeBits(q0: number): number {
    if (this.laterStamp !== this.round) {
      this.laterStamp = this.round;
      const sum = this.laterSum;
      sum.fill(0);
      for (let r = 0; r < this.askingLen; r++) {
        const h = this.asking[r];
        sum[this.passOf[h]] += this.sEnd[h] - this.sStart[h];
      }
      for (let p = sum.length - 2; p >= 0; p--) sum[p] += sum[p + 1];
    }
    return q0 + 1 < this.laterSum.length ? this.laterSum[q0 + 1] : 0;
  }

  /** Hold every later-pass search whose current range shares a key bit with search g's (g in pass q0). */
  private holdLaterOverlapping(g: number, q0: number, stamp: number): void {
    const plan = this.plan;
    const inv0 = plan.inv[q0];
    const s0 = this.sStart[g];
    const e0 = this.sEnd[g];
    for (let r = 0; r < this.askingLen; r++) {
      const h = this.asking[r];
      const q = this.passOf[h];
      if (q <= q0 || this.held[h] === stamp) continue;
      const perm = plan.perm[q];
      const end = this.sEnd[h];
      for (let pos = this.sStart[h]; pos < end; pos++) {
        const i = perm ? perm[pos] : pos;
        const at = inv0 ? inv0[i] : i;
        if (at >= s0 && at < e0) {
          this.held[h] = stamp;
          break;
        }
      }
    }
  }

  private enqueue(g: number): void {
    if (this.queued[g]) return;
    this.queued[g] = 1;
    this.pending[this.pendingLen++] = g;
  }

  /** Bob's current parity of positions [s, e) of pass p. */
  private bobParity(p: number, s: number, e: number): number {
    const mode = this.plan.modes[p];
    if (mode === MODE_IDENTITY) return rangeParity(this.key, s, e);
    if (mode === MODE_COPY) return rangeParity(this.copies[p] as Uint32Array, s, e);
    return gatherParity(this.key, this.plan.perm[p] as Uint32Array, s, e);
  }

  private startSearch(g: number): void {
    const p = this.passOf[g];
    const k = this.plan.blockSizes[p];
    const s = (g - this.plan.blockBase[p]) * k;
    this.searching[g] = 1;
    this.sStart[g] = s;
    this.sEnd[g] = Math.min(this.n, s + k);
    this.sAlice[g] = this.aliceTop[g];
    this.sDirty[g] = 0;
    this.descend(g);
  }

  /** Continue search g after the parities it asked were remembered. */
  private resumeKnown(g: number): void {
    if (this.sDirty[g] && this.bobParity(this.passOf[g], this.sStart[g], this.sEnd[g]) === this.sAlice[g]) {
      this.searching[g] = 0;
      this.enqueue(g);
      return;
    }
    this.sDirty[g] = 0;
    this.descend(g);
  }

  /** Continue search g with Alice's parity of the left half of its current range. */
  private resume(g: number, aliceLeft: number): void {
    const p = this.passOf[g];
    const s = this.sStart[g];
    const e = this.sEnd[g];
    if (this.sDirty[g] && this.bobParity(p, s, e) === this.sAlice[g]) {
      // Another search of this round corrected a bit inside our range: it may hold no error now.
      this.searching[g] = 0;
      this.enqueue(g);
      return;
    }
    const m = mid(s, e);
    if (this.bobParity(p, s, m) !== aliceLeft) {
      this.sEnd[g] = m;
      this.sAlice[g] = aliceLeft;
    } else {
      this.sStart[g] = m;
      this.sAlice[g] ^= aliceLeft;
    }
    this.sDirty[g] = 0;
    this.descend(g);
  }

  /** Walk down through known parities; stop at the first unknown one (ask it) or at the erroneous bit (flip it). */
  private descend(g: number): void {
    const p = this.passOf[g];
    const known = this.known[p];
    let s = this.sStart[g];
    let e = this.sEnd[g];
    let a = this.sAlice[g];
    while (e - s > 1) {
      const m = mid(s, e);
      const kv = known ? (known[m >>> 4] >>> ((m & 15) << 1)) & 3 : 0;
      if (kv === 0) {
        this.sStart[g] = s;
        this.sEnd[g] = e;
        this.sAlice[g] = a;
        this.asking[this.askingLen++] = g;
        return;
      }
      const left = kv - 1;
      if (this.bobParity(p, s, m) !== left) {
        e = m;
        a = left;
      } else {
        s = m;
        a ^= left;
      }
    }
    const perm = this.plan.perm[p];
    this.searching[g] = 0;
    this.flip(perm ? perm[s] : s);
    this.enqueue(g); // the block may hold another odd set of errors
  }

  private remember(p: number, m: number, parity: number): void {
    let known = this.known[p];
    if (!known) {
      known = new Uint32Array((this.n + 15) >>> 4);
      this.known[p] = known;
    }
    known[m >>> 4] |= (1 + parity) << ((m & 15) << 1);
  }

  /** Correct key bit i, and update every started pass's block parity and copy. */
  private flip(i: number): void {
    // Honest answers make every flip land on an error, so no bit is flipped twice. Inconsistent ones
    // (a corrupted or forged reply) can make the searches flip a bit and flip it back forever — with
    // reused parities without a single round trip — so a second flip ends the run.
    const m = 1 << (i & 31);
    if (this.flipped[i >>> 5] & m) {
      throw new RangeError(`cascade receiver: inconsistent parities from the responder (key bit ${i} would be corrected twice)`);
    }
    this.flipped[i >>> 5] |= m;
    this.key[i >>> 5] ^= 1 << (i & 31);
    this.bobTotal ^= 1;
    this.corrections++;
    const plan = this.plan;
    for (let q = 0; q < this.started; q++) {
      const inv = plan.inv[q];
      const pos = inv ? inv[i] : i;
      const g = blockOf(plan, q, pos);
      this.bobTop[g] ^= 1;
      const copy = this.copies[q];
      if (copy) copy[pos >>> 5] ^= 1 << (pos & 31);
      if (this.searching[g]) {
        if (pos >= this.sStart[g] && pos < this.sEnd[g]) this.sDirty[g] = 1;
      } else if (this.bobTop[g] !== this.aliceTop[g]) {
        this.enqueue(g);
      }
    }
  }
}
