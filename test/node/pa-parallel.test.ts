/**
 * The two-thread privacy-amplification runner (src/node/pa-parallel.ts) gives
 * bit for bit what MultiplyAddShiftHasher gives in one thread, across several
 * blocks on one runner, and fails cleanly once closed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import { wordsFor } from '../../src/pipeline/bits.ts';
import type { Xoshiro128 } from '../../src/pipeline/prng.ts';
import { MultiplyAddShiftHasher } from '../../src/pipeline/privacy-amplification/multiply-add-shift.ts';
import { ParallelMultiplyAddShift } from '../../src/node/pa-parallel.ts';
import { withSeed } from '../support/seed.ts';

function randomBits(rng: Xoshiro128, nBits: number): Uint32Array {
  const out = rng.fillU32(new Uint32Array(wordsFor(nBits)));
  if (nBits & 31) out[out.length - 1] &= (1 << (nBits & 31)) - 1;
  return out;
}

describe('ParallelMultiplyAddShift', () => {
  const runners: ParallelMultiplyAddShift[] = [];
  afterAll(async () => {
    await Promise.all(runners.map((r) => r.close()));
  });

  it('equals the one-thread hash on several blocks of one size, and on a second size', async () => {
    await withSeed('pa-parallel', async (rng) => {
      for (const [n, m] of [
        [300_007, 120_001],
        [5000, 5000],
      ] as const) {
        const runner = await ParallelMultiplyAddShift.create(n, m);
        runners.push(runner);
        const one = new MultiplyAddShiftHasher(n, m);
        for (let block = 0; block < 3; block++) {
          const key = randomBits(rng, n);
          const seed = randomBits(rng, 2 * (n + m - 1));
          const got = await runner.hash(key, seed);
          const want = one.hash(key, seed);
          expect(got.length).toBe(want.length);
          let differing = 0;
          for (let w = 0; w < want.length; w++) if (got[w] !== want[w]) differing++;
          expect(differing, `n=${n} block ${block}`).toBe(0);
        }
      }
    });
  }, 60_000);

  it('serves another output length on the same convolution, and refuses a size that needs another one', async () => {
    await withSeed('pa-parallel sized', async (rng) => {
      const runner = await ParallelMultiplyAddShift.create(300_007, 120_001);
      runners.push(runner);
      for (const [n, m] of [
        [300_007, 119_001],
        [299_000, 100_000],
      ] as const) {
        const one = new MultiplyAddShiftHasher(n, m);
        expect(one.convolutionLength).toBe(new MultiplyAddShiftHasher(300_007, 120_001).convolutionLength);
        const key = randomBits(rng, n);
        const seed = randomBits(rng, 2 * (n + m - 1));
        expect(Array.from(await runner.hashSized(n, m, key, seed)), `n=${n} m=${m}`).toEqual(Array.from(one.hash(key, seed)));
      }
      const n = 5000;
      await expect(runner.hashSized(n, n, new Uint32Array(wordsFor(n)), new Uint32Array(wordsFor(4 * n)))).rejects.toThrow(RangeError);
    });
  }, 60_000);

  // About 1.5 GiB and a minute of CPU on the shared machine: opt-in, as the pipeline's 10^8 test.
  it.runIf(process.env.QKDD_LONG_TESTS === '1')(
    'equals the one-thread hash at n = 10^8 (long: QKDD_LONG_TESTS=1)',
    async () => {
      await withSeed('pa-parallel 1e8', async (rng) => {
        const n = 100_000_000;
        const m = 50_000_000;
        const key = randomBits(rng, n);
        const seed = randomBits(rng, 2 * (n + m - 1));
        const runner = await ParallelMultiplyAddShift.create(n, m);
        runners.push(runner);
        const got = await runner.hash(key, seed);
        const want = new MultiplyAddShiftHasher(n, m).hash(key, seed);
        let differing = 0;
        for (let w = 0; w < want.length; w++) if (got[w] !== want[w]) differing++;
        expect(differing).toBe(0);
      });
    },
    600_000,
  );

  it('refuses a second hash while one runs, and rejects with ExecutorFailed once closed', async () => {
    const n = 20_000;
    const m = 10_000;
    const runner = await ParallelMultiplyAddShift.create(n, m);
    const key = new Uint32Array(wordsFor(n)).fill(0x5a5a5a5a);
    const seed = new Uint32Array(wordsFor(2 * (n + m - 1))).fill(0x3c3c3c3c);
    const first = runner.hash(key, seed);
    await expect(runner.hash(key, seed)).rejects.toThrow(RangeError);
    expect(Array.from(await first)).toEqual(Array.from(new MultiplyAddShiftHasher(n, m).hash(key, seed)));
    await runner.close();
    const err = await runner.hash(key, seed).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QkdError);
    expect((err as QkdError).code).toBe(QkdErrorCode.ExecutorFailed);
  }, 60_000);
});
