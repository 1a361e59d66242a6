/**
 * The pre-shared authentication key stream of the test link, derived from a
 * seed so that two processes hold the same bytes without writing secret
 * material to a file. Test-only: a real link uses PreSharedKeyFileSource and
 * then key from the store.
 */
import { Xoshiro128 } from '../../src/pipeline/prng.ts';

export function authStream(seed: number, bytes = 4 << 20): Uint8Array {
  const rng = new Xoshiro128(seed ^ 0x5eed);
  const out = new Uint8Array(bytes);
  const words = new Uint32Array(out.buffer);
  rng.fillU32(words);
  return out;
}
