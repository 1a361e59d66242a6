/**
 * A plain, straightforward Cascade, the yardstick for the benchmark: one byte
 * per bit, one parity question per message (a function call standing in for
 * a round trip), every parity recomputed by looping over the bits, passes
 * and the cascade effect processed one block at a time. Same block sizes and
 * permutations as the optimized implementation, so the two do the same
 * reconciliation work; it is only there to be measured against.
 */
import type { CascadePlan } from '../../src/pipeline/cascade/plan.ts';

/** Alice's side: answers one parity question per call. */
export class ReferenceAlice {
  questions = 0;
  constructor(
    private readonly bits: Uint8Array,
    private readonly plan: CascadePlan,
  ) {}

  parity(pass: number, start: number, end: number): number {
    this.questions++;
    return rangeParity(this.bits, this.plan.perm[pass], start, end);
  }
}

function rangeParity(bits: Uint8Array, perm: Uint32Array | null, start: number, end: number): number {
  let x = 0;
  for (let j = start; j < end; j++) x ^= bits[perm ? perm[j] : j];
  return x;
}

/** Bob's side: corrects `bits` (one byte per bit) in place; returns the number of parities asked. */
export function referenceCascade(bits: Uint8Array, plan: CascadePlan, alice: ReferenceAlice): number {
  const n = bits.length;
  const before = alice.questions;
  const aliceTop: number[][] = [];
  const stack: number[] = []; // pass, block pairs
  for (let p = 0; p < plan.passes; p++) {
    const k = plan.blockSizes[p];
    const blocks = plan.blockCounts[p];
    const top: number[] = [];
    for (let b = 0; b < blocks; b++) top.push(alice.parity(p, b * k, Math.min(n, (b + 1) * k)));
    aliceTop.push(top);
    for (let b = 0; b < blocks; b++) {
      stack.push(p, b);
      while (stack.length > 0) {
        const bb = stack.pop() as number;
        const pp = stack.pop() as number;
        const kk = plan.blockSizes[pp];
        const perm = plan.perm[pp];
        let s = bb * kk;
        let e = Math.min(n, s + kk);
        if (rangeParity(bits, perm, s, e) === aliceTop[pp][bb]) continue;
        while (e - s > 1) {
          const m = s + ((e - s + 1) >>> 1);
          if (rangeParity(bits, perm, s, m) !== alice.parity(pp, s, m)) e = m;
          else s = m;
        }
        const i = perm ? perm[s] : s;
        bits[i] ^= 1;
        // Cascade: the flipped bit's blocks in every pass so far may now be odd.
        for (let q = p; q >= 0; q--) {
          const inv = plan.inv[q];
          const pos = inv ? inv[i] : i;
          stack.push(q, Math.floor(pos / plan.blockSizes[q]));
        }
      }
    }
  }
  return alice.questions - before;
}
