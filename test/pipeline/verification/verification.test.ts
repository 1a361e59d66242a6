import { describe, expect, it } from 'vitest';
import { allocBits, flipBit } from '../../../src/pipeline/bits.ts';
import {
  verificationCollisionLog2,
  verificationPoints,
  verificationSeedWords,
  verificationTag,
  verificationTagBits,
  verificationTagsEqual,
} from '../../../src/pipeline/verification/index.ts';
import type { Xoshiro128 } from '../../../src/pipeline/prng.ts';
import { withSeed } from '../../support/seed.ts';

function randomKey(rng: Xoshiro128, nBits: number): Uint32Array {
  const key = rng.fillU32(allocBits(nBits));
  if (nBits & 31) key[key.length - 1] &= (1 << (nBits & 31)) - 1;
  return key;
}

function randomSeed(rng: Xoshiro128, words: number): Uint32Array {
  const seed = rng.fillU32(new Uint32Array(words));
  for (let p = 0; p < words; p += 2) if (seed[p] === 0 && seed[p + 1] === 0) seed[p] = 1;
  return seed;
}

describe('verification tag bound', () => {
  it('picks one 64-bit point up to ~10^6 bits and two (128 bits) at 10^8 bits for ε_cor = 1e-15', () => {
    expect(verificationTagBits(10_000, 1e-15)).toBe(64);
    expect(verificationTagBits(1_000_000, 1e-15)).toBe(64);
    expect(verificationTagBits(100_000_000, 1e-15)).toBe(128);
    expect(verificationSeedWords(100_000_000, 1e-15)).toBe(4);
    expect(verificationPoints(1e6, 1e-40)).toBe(3);
  });

  it('the chosen point count meets ε_cor and one point fewer would not', () => {
    for (const nBits of [1, 1000, 1e5, 1e7, 1e8, 1e9]) {
      for (const eps of [1e-6, 1e-10, 1e-15, 1e-30]) {
        const t = verificationPoints(nBits, eps);
        expect(verificationCollisionLog2(nBits, t)).toBeLessThanOrEqual(Math.log2(eps));
        if (t > 1) expect(verificationCollisionLog2(nBits, t - 1)).toBeGreaterThan(Math.log2(eps));
      }
    }
  });

  it('the bound is log2((⌈n/64⌉ + 1)/2^64) per point', () => {
    expect(verificationCollisionLog2(64 * 1023, 1)).toBeCloseTo(10 - 64, 10);
    expect(verificationCollisionLog2(64 * 1023, 2)).toBeCloseTo(2 * (10 - 64), 10);
  });

  it('rejects nonsense arguments', () => {
    expect(() => verificationTagBits(-1, 1e-15)).toThrow(RangeError);
    expect(() => verificationTagBits(100, 0)).toThrow(RangeError);
    expect(() => verificationTagBits(100, 1)).toThrow(RangeError);
  });
});

describe('verification tag', () => {
  it('equal keys give equal tags, with and without a pad', async () => {
    await withSeed('equal keys', (rng) => {
      for (const nBits of [1, 77, 1000, 4096, 100_003]) {
        const a = randomKey(rng, nBits);
        const b = a.slice();
        const seed = randomSeed(rng, 4);
        expect(verificationTag(a, nBits, seed)).toEqual(verificationTag(b, nBits, seed));
        const pad = rng.fillU32(new Uint32Array(4));
        expect(verificationTagsEqual(verificationTag(a, nBits, seed, pad), verificationTag(b, nBits, seed, pad))).toBe(true);
        expect(verificationTag(a, nBits, seed, pad)).not.toEqual(verificationTag(a, nBits, seed));
      }
    });
  });

  it('a single flipped bit anywhere changes the tag (first, last and random positions; n not a multiple of 32)', async () => {
    await withSeed('flipped bit', (rng) => {
      for (const nBits of [1, 33, 1000, 65_537, 1_000_003]) {
        const key = randomKey(rng, nBits);
        const seed = randomSeed(rng, 2);
        const tag = verificationTag(key, nBits, seed);
        const positions = [0, nBits - 1, nBits >>> 1];
        for (let i = 0; i < 20; i++) positions.push(rng.nextBelow(nBits));
        for (const pos of positions) {
          const other = key.slice();
          flipBit(other, pos);
          expect(verificationTagsEqual(tag, verificationTag(other, nBits, seed)), `nBits=${nBits} pos=${pos}`).toBe(false);
        }
      }
    });
  });

  it('the length counts: the same bits with trailing zero padding at another length hash differently', async () => {
    await withSeed('length', (rng) => {
      const nBits = 500;
      const key = randomKey(rng, nBits);
      const longer = new Uint32Array(64);
      longer.set(key);
      const seed = randomSeed(rng, 2);
      const tag = verificationTag(key, nBits, seed);
      for (const m of [501, 512, 564, 1024, 2048]) {
        expect(verificationTagsEqual(tag, verificationTag(longer, m, seed)), `length ${m}`).toBe(false);
      }
      // The all-zero keys of different lengths too.
      expect(verificationTag(new Uint32Array(2), 32, seed)).not.toEqual(verificationTag(new Uint32Array(2), 64, seed));
    });
  });

  it('bits past nBits are ignored (they are not part of the key)', async () => {
    await withSeed('tail junk', (rng) => {
      const nBits = 70;
      const key = randomKey(rng, nBits);
      const dirty = key.slice();
      dirty[2] |= 0xffffff00; // bits 72.. are past the key
      dirty[2] |= 1 << 7; // bit 71 too
      const seed = randomSeed(rng, 2);
      expect(verificationTag(dirty, nBits, seed)).toEqual(verificationTag(key, nBits, seed));
    });
  });

  it('refuses a zero evaluation point, an odd seed and a mismatched pad', () => {
    const key = new Uint32Array(4);
    expect(() => verificationTag(key, 100, new Uint32Array(2))).toThrow(/zero/);
    expect(() => verificationTag(key, 100, new Uint32Array([1, 0, 0, 0]))).toThrow(/point 1 is zero/);
    expect(() => verificationTag(key, 100, new Uint32Array([1]))).toThrow(RangeError);
    expect(() => verificationTag(key, 100, new Uint32Array([1, 0]), new Uint32Array(4))).toThrow(RangeError);
  });

  it('distinct keys under many seeds: no collision among random pairs (sanity, not the bound)', async () => {
    await withSeed('random pairs', (rng) => {
      const tags = new Set<string>();
      const seed = randomSeed(rng, 2);
      for (let i = 0; i < 2000; i++) tags.add(verificationTag(randomKey(rng, 256), 256, seed).join(','));
      expect(tags.size).toBe(2000);
    });
  });
});
