/**
 * The per-thread Cascade plan cache the block sessions use (receiver-block.ts,
 * in-thread-executor.ts): a plan for other block sizes (another QBER
 * estimate) with the same n and seed shares the permutations instead of
 * shuffling again, and is otherwise the plan built from scratch; the cache
 * holds at most its capacity.
 */
import { describe, expect, it } from 'vitest';
import { CascadePlan, CascadePlanCache, cascadeSchedule, DEFAULT_CASCADE_VARIANT } from '../../../src/pipeline/cascade/index.ts';
import { withSeed } from '../../support/seed.ts';

describe('Cascade plan cache', () => {
  it('shares permutations across block sizes of the same n and seed, and equals a plan built from scratch', async () => {
    await withSeed('plan cache', (rng) => {
      const n = 50_000 + (rng.nextU32() % 1000);
      const seed = rng.nextU32();
      const cache = new CascadePlanCache(2);
      const at1 = cascadeSchedule(DEFAULT_CASCADE_VARIANT, 0.01, n).blockSizes;
      const at5 = cascadeSchedule(DEFAULT_CASCADE_VARIANT, 0.05, n).blockSizes;
      expect(Array.from(at1)).not.toEqual(Array.from(at5));
      const a = cache.get(n, seed, at1);
      expect(cache.get(n, seed, at1)).toBe(a);
      const b = cache.get(n, seed, at5);
      const fresh = new CascadePlan(n, seed, at5);
      expect(b.passes).toBe(fresh.passes);
      for (let p = 1; p < b.passes; p++) {
        expect(b.perm[p]).toBe(a.perm[p]);
        expect(b.inv[p]).toBe(a.inv[p]);
        expect(Array.from(b.perm[p] ?? [])).toEqual(Array.from(fresh.perm[p] ?? []));
        expect(b.modes[p]).toBe(fresh.modes[p]);
        expect(Array.from(b.mask[p] ?? [])).toEqual(Array.from(fresh.mask[p] ?? []));
      }
      expect(Array.from(b.blockCounts)).toEqual(Array.from(fresh.blockCounts));
      // Another seed is another plan; with capacity 2 the least recently used one goes.
      const c = cache.get(n, seed ^ 1, at1);
      expect(c.perm[1]).not.toBe(a.perm[1]);
      expect(cache.get(n, seed, at5)).toBe(b);
      expect(cache.get(n, seed, at1)).not.toBe(a);
    });
  });
});
