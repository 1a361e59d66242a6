import { describe, expect, it } from 'vitest';
import { withSeed } from '../../support/seed.ts';
import { unpackBits } from '../../../src/pipeline/bits.ts';
import { gatherParity, maskedParity, permuteBits, rangeParity, scatterBits } from '../../../src/pipeline/cascade/parity.ts';
import { CascadePlan } from '../../../src/pipeline/cascade/plan.ts';
import { randomKey } from '../../support/cascade-frames.ts';

describe('cascade parity kernels agree with a bit-by-bit loop', () => {
  it('rangeParity, gatherParity, permuteBits, scatterBits and the two-block mask on random keys and ranges', async () => {
    await withSeed('cascade parity', (rng) => {
      for (const n of [1, 31, 32, 33, 1000, 4099]) {
        const key = randomKey(rng, n);
        const bits = unpackBits(key, n);
        const plan = new CascadePlan(n, rng.nextU32(), Uint32Array.of(8, 64, Math.ceil(n / 2)));
        for (let t = 0; t < 200; t++) {
          const a = rng.nextBelow(n + 1);
          const b = rng.nextBelow(n + 1);
          const s = Math.min(a, b);
          const e = Math.max(a, b);
          let x = 0;
          for (let i = s; i < e; i++) x ^= bits[i];
          expect(rangeParity(key, s, e)).toBe(x);
          const perm = plan.perm[1] as Uint32Array;
          let y = 0;
          for (let j = s; j < e; j++) y ^= bits[perm[j]];
          expect(gatherParity(key, perm, s, e)).toBe(y);
        }
        const perm = plan.perm[1] as Uint32Array;
        const copy = unpackBits(permuteBits(new Uint32Array(key.length), key, perm, n), n);
        for (let j = 0; j < n; j++) expect(copy[j]).toBe(bits[perm[j]]);
        // inverse really inverts
        const inv = plan.inv[1] as Uint32Array;
        for (let i = 0; i < n; i++) expect(perm[inv[i]]).toBe(i);
        // the scatter through the inverse builds the same words as the gather (what Cascade's copy-mode passes use)
        const scattered = scatterBits(new Uint32Array(key.length), key, inv, n);
        expect(Array.from(scattered)).toEqual(Array.from(permuteBits(new Uint32Array(key.length), key, perm, n)));
        const mask = plan.mask[2];
        if (mask) expect(maskedParity(key, mask)).toBe(gatherParity(key, plan.perm[2] as Uint32Array, 0, Math.ceil(n / 2)));
      }
    });
  });
});
