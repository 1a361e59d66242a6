/**
 * Seeds for randomized tests. A test takes `testSeed()`; the seed comes from
 * QKDD_SEED when set (to replay a failure) or is drawn fresh, and
 * `withSeed` prints it when the body throws so a failure can be replayed.
 */
import { Xoshiro128 } from '../../src/pipeline/prng.ts';

export function testSeed(): number {
  const fromEnv = process.env.QKDD_SEED;
  if (fromEnv !== undefined && fromEnv !== '') return Number(fromEnv) >>> 0;
  return (Math.random() * 4294967296) >>> 0;
}

/** Run `body` with a seeded generator; on failure, report the seed to replay it. */
export async function withSeed<T>(name: string, body: (rng: Xoshiro128, seed: number) => T | Promise<T>): Promise<T> {
  const seed = testSeed();
  try {
    return await body(new Xoshiro128(seed), seed);
  } catch (err) {
    console.error(`[${name}] failed with seed ${seed}; replay with QKDD_SEED=${seed}`);
    throw err;
  }
}
