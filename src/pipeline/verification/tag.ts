/**
 * The verification tag both nodes compute over their corrected key after
 * Cascade (ε_cor; the bound and its proof are in ./bound.ts and
 * ../gf2/poly-hash.ts).
 *
 * Seed: t nonzero elements of GF(2^64), [lo, hi] per point, drawn by one node
 * from a cryptographic RNG after Cascade has finished and sent to the other
 * over the peer channel. What this relies on: the peer channel authenticates
 * the seed and the tag (Wegman–Carter, src/peer/), so the adversary can
 * neither choose the seed nor alter a tag; it does not hide them, so the tag
 * bits count as leakage in privacy amplification. A zero point is refused:
 * it would make every tag zero, and an all-zero seed is the typical sign of a
 * forgotten random fill.
 *
 * Optional pad: when given (as many words as the tag), it is XORed onto the
 * tag. Both nodes use the same pad so the comparison is unchanged; with a
 * fresh secret pad the tag reveals nothing about the key (one-time pad) and,
 * sent over an unauthenticated channel, it also becomes a Wegman–Carter
 * authenticator of the key. The node layer picks one: count tag bits as
 * leakage, or spend as many bits of key on the pad.
 */
import { Gf64TableMultiplier } from '../gf2/gf64-table-multiplier.ts';
import { polyHashWords } from '../gf2/poly-hash.ts';

/**
 * Tag of the first nBits bits of `key` (packed, ../bits.ts layout) under
 * `seed` (2 words per evaluation point). Returns 2 words per point.
 */
export function verificationTag(key: Uint32Array, nBits: number, seed: Uint32Array, pad?: Uint32Array): Uint32Array {
  if (seed.length === 0 || seed.length % 2 !== 0)
    throw new RangeError(`seed must hold 2 words per evaluation point, got ${seed.length} words`);
  if (pad !== undefined && pad.length !== seed.length) throw new RangeError(`pad must hold ${seed.length} words, got ${pad.length}`);
  const tag = new Uint32Array(seed.length);
  for (let p = 0; p < seed.length; p += 2) {
    if (seed[p] === 0 && seed[p + 1] === 0) throw new RangeError(`verification seed point ${p >>> 1} is zero`);
    polyHashWords(new Gf64TableMultiplier(seed[p], seed[p + 1]), key, nBits, tag, p);
  }
  if (pad !== undefined) for (let i = 0; i < tag.length; i++) tag[i] ^= pad[i];
  return tag;
}

/** Whether two tags are equal; examines every word (no early exit). */
export function verificationTagsEqual(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
