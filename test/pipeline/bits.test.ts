import { describe, expect, it } from 'vitest';
import { allocBits, appendBits, getBit, hammingDistance, packBits, popcount32, unpackBits } from '../../src/pipeline/bits.ts';
import { withSeed } from '../support/seed.ts';

describe('packed bits', () => {
  it('popcount32 matches a bit loop', async () => {
    await withSeed('popcount32', (rng) => {
      for (let t = 0; t < 2000; t++) {
        const x = rng.nextU32();
        let c = 0;
        for (let k = 0; k < 32; k++) c += (x >>> k) & 1;
        expect(popcount32(x)).toBe(c);
      }
    });
  });

  it('appendBits concatenates at every alignment and leaves tail bits zero', async () => {
    await withSeed('appendBits', (rng) => {
      for (let t = 0; t < 300; t++) {
        const parts: number[][] = [];
        const total = [] as number[];
        const nParts = 1 + rng.nextBelow(5);
        for (let p = 0; p < nParts; p++) {
          const len = rng.nextBelow(150);
          const bits = Array.from({ length: len }, () => rng.nextBelow(2));
          parts.push(bits);
          total.push(...bits);
        }
        const dst = allocBits(total.length + 64);
        let n = 0;
        for (const p of parts) {
          // Garbage past the source length must not leak into the destination.
          const src = packBits(p);
          if (p.length & 31) src[src.length - 1] |= ~((1 << (p.length & 31)) - 1);
          n = appendBits(dst, n, src, p.length);
        }
        expect(n).toBe(total.length);
        expect(Array.from(unpackBits(dst, n))).toEqual(total);
        for (let i = n; i < dst.length * 32; i++) expect(getBit(dst, i)).toBe(0);
        expect(hammingDistance(dst, packBits(total), n)).toBe(0);
      }
    });
  });
});
