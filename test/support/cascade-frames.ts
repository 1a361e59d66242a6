/**
 * Test frames for Cascade: a uniformly random key for Alice and Bob's copy
 * with exactly `errors` bit flips at distinct, uniformly random positions,
 * all drawn from the caller's seeded generator.
 */
import type { Xoshiro128 } from '../../src/pipeline/prng.ts';
import { wordsFor } from '../../src/pipeline/bits.ts';

export interface TestFrame {
  alice: Uint32Array;
  bob: Uint32Array;
  n: number;
  errors: number;
}

export function randomKey(rng: Xoshiro128, n: number): Uint32Array {
  const key = rng.fillU32(new Uint32Array(wordsFor(n)));
  if (n & 31) key[key.length - 1] &= -1 >>> (32 - (n & 31));
  return key;
}

/** Exactly `errors` distinct flipped positions (rejection of repeats keeps them uniform). */
export function frameWithErrors(rng: Xoshiro128, n: number, errors: number): TestFrame {
  if (errors > n) throw new RangeError('more errors than bits');
  const alice = randomKey(rng, n);
  const bob = alice.slice();
  let placed = 0;
  while (placed < errors) {
    const i = rng.nextBelow(n);
    const m = 1 << (i & 31);
    if ((alice[i >>> 5] ^ bob[i >>> 5]) & m) continue;
    bob[i >>> 5] ^= m;
    placed++;
  }
  return { alice, bob, n, errors };
}

/** Bob's key with the given positions flipped. */
export function frameWithErrorsAt(rng: Xoshiro128, n: number, positions: number[]): TestFrame {
  const alice = randomKey(rng, n);
  const bob = alice.slice();
  for (const i of positions) bob[i >>> 5] ^= 1 << (i & 31);
  return { alice, bob, n, errors: positions.length };
}
