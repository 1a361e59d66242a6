/**
 * How long the verification tag must be for a target ε_cor.
 *
 * One evaluation point k of the polynomial hash of ../gf2/poly-hash.ts gives,
 * for two distinct keys of at most nBits bits,
 *     Pr_k[h_k(K_A) = h_k(K_B)] ≤ (L + 1)/2^64,   L = ⌈nBits/64⌉,
 * (a nonzero polynomial of degree ≤ L + 1 has at most L + 1 roots; the proof
 * is in poly-hash.ts). The bound also holds with k uniform over the nonzero
 * elements, which is how seeds are drawn: the difference polynomial is k·q(k)
 * with q ≠ 0 of degree ≤ L, so at most L nonzero roots, and
 * L/(2^64 − 1) ≤ (L + 1)/2^64.
 *
 * With t independent points the tag is the t hashes side by side and
 *     Pr[tags equal | K_A ≠ K_B] ≤ ((L + 1)/2^64)^t,
 * because the points are independent and the keys are fixed before the seed is
 * drawn (the seed is drawn after Cascade, so errors cannot depend on it).
 * This is the ε_cor of the correctness definition in Lim et al., PRA 89,
 * 022307 (2014), §II: Pr[K_A ≠ K_B and not aborted] ≤ ε_cor.
 *
 * Example: ε_cor = 1e-15 (log2 ≈ −49.8). For n = 10^6 bits, L + 1 = 15 626,
 * one point gives 2^−50.1: t = 1, 64-bit tag. For n = 10^8 bits, one point
 * gives 2^−43.4, so t = 2 (2^−86.8), a 128-bit tag.
 *
 * The tag is sent in clear on the (authenticated, not encrypted) peer
 * channel, so it discloses up to `verificationTagBits` bits about the key:
 * privacy amplification must count them as leakage (or the node one-time-pads
 * the tag with that much key; see tag.ts).
 */
import { polyHashBoundLog2 } from '../gf2/poly-hash.ts';

/** Bits of one evaluation point (and of one tag part). */
export const VERIFICATION_POINT_BITS = 64;

function checkArgs(nBits: number, epsCor: number): void {
  if (!Number.isSafeInteger(nBits) || nBits < 0) throw new RangeError(`nBits must be a non-negative integer, got ${nBits}`);
  if (!(epsCor > 0 && epsCor < 1)) throw new RangeError(`epsCor must be in (0, 1), got ${epsCor}`);
}

/** log2 of the collision bound ((L + 1)/2^64)^points for keys of nBits bits. */
export function verificationCollisionLog2(nBits: number, points: number): number {
  if (!Number.isSafeInteger(points) || points < 1) throw new RangeError(`points must be a positive integer, got ${points}`);
  return points * polyHashBoundLog2(nBits);
}

/** Smallest number of independent evaluation points t with ((L + 1)/2^64)^t ≤ epsCor. */
export function verificationPoints(nBits: number, epsCor: number): number {
  checkArgs(nBits, epsCor);
  const perPoint = polyHashBoundLog2(nBits); // < 0 for any nBits a Uint32Array can hold
  let t = Math.max(1, Math.ceil(Math.log2(epsCor) / perPoint));
  // Guard the float division: step until the bound truly holds.
  while (verificationCollisionLog2(nBits, t) > Math.log2(epsCor)) t++;
  return t;
}

/** Tag length in bits (64 per evaluation point) so that the collision bound is ≤ epsCor. */
export function verificationTagBits(nBits: number, epsCor: number): number {
  return verificationPoints(nBits, epsCor) * VERIFICATION_POINT_BITS;
}

/** Seed length in 32-bit words: two per evaluation point ([lo, hi] of each point). */
export function verificationSeedWords(nBits: number, epsCor: number): number {
  return verificationPoints(nBits, epsCor) * 2;
}
