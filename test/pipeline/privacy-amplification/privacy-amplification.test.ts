import { describe, expect, it } from 'vitest';
import { wordsFor } from '../../../src/pipeline/bits.ts';
import type { Xoshiro128 } from '../../../src/pipeline/prng.ts';
import {
  createPrivacyAmplifier,
  DirectToeplitz,
  MultiplyAddShiftHasher,
  privacyAmplify,
  seedBitsFor,
  ToeplitzHasher,
} from '../../../src/pipeline/privacy-amplification/index.ts';
import { withSeed } from '../../support/seed.ts';
import { bigIntMultiplyAddShift, naiveToeplitz } from '../../support/privacy-amplification-reference.ts';

function randomBits(rng: Xoshiro128, nBits: number): Uint32Array {
  const out = rng.fillU32(new Uint32Array(wordsFor(nBits)));
  if (nBits & 31) out[out.length - 1] &= (1 << (nBits & 31)) - 1;
  return out;
}

/** Random (n, m) pairs in 1..maxN, plus the edges m = 1, m = n, multiples of 32 and neighbours. */
function sizes(rng: Xoshiro128, count: number, maxN: number): Array<[number, number]> {
  const out: Array<[number, number]> = [
    [1, 1],
    [2, 1],
    [2, 2],
    [31, 1],
    [32, 32],
    [33, 17],
    [64, 64],
    [65, 1],
    [96, 95],
    [maxN, 1],
    [maxN, maxN],
    [maxN - 1, 33],
  ];
  for (let i = 0; i < count; i++) {
    const n = 1 + rng.nextBelow(maxN);
    out.push([n, 1 + rng.nextBelow(n)]);
  }
  return out;
}

const expectSameBits = (got: Uint32Array, want: Uint32Array, label: string): void => {
  expect(got.length, label).toBe(want.length);
  for (let w = 0; w < want.length; w++)
    if (got[w] !== want[w]) expect(`${label} word ${w}: ${got[w]}`).toBe(`${label} word ${w}: ${want[w]}`);
};

describe('seedBitsFor and argument checks', () => {
  it('states the seed lengths of each family', () => {
    expect(seedBitsFor('toeplitz', 1000, 300)).toBe(1299);
    expect(seedBitsFor('multiply-add-shift', 1000, 300)).toBe(2598);
    expect(seedBitsFor('toeplitz', 1, 1)).toBe(1);
  });

  it('rejects impossible lengths', () => {
    expect(() => seedBitsFor('toeplitz', 0, 1)).toThrow(RangeError);
    expect(() => seedBitsFor('toeplitz', 10, 11)).toThrow(RangeError);
    expect(() => seedBitsFor('toeplitz', 10, 0)).toThrow(RangeError);
    expect(() => seedBitsFor('multiply-add-shift', 10.5, 3)).toThrow(RangeError);
    expect(() => seedBitsFor('nope' as 'toeplitz', 10, 3)).toThrow(RangeError);
  });

  it('rejects a seed one word short, a short key and a short output buffer, for both families', async () => {
    await withSeed('seed validation', (rng) => {
      for (const family of ['toeplitz', 'multiply-add-shift'] as const) {
        const n = 1000;
        const m = 400;
        const need = seedBitsFor(family, n, m);
        const amp = createPrivacyAmplifier(family, n, m);
        const key = randomBits(rng, n);
        const seed = randomBits(rng, need);
        expect(amp.seedBits).toBe(need);
        expect(() => amp.hash(key, seed.subarray(0, wordsFor(need) - 1))).toThrow(/seed holds/);
        expect(() => amp.hash(key.subarray(0, wordsFor(n) - 1), seed)).toThrow(/key holds/);
        expect(() => amp.hash(key, seed, new Uint32Array(wordsFor(m) - 1))).toThrow(/output buffer/);
        expect(() => privacyAmplify(key, n, m, seed.subarray(0, 3), family)).toThrow(RangeError);
        // A seed with spare words is fine: only the first seedBits bits are used.
        const longer = new Uint32Array(seed.length + 4);
        longer.set(seed);
        longer[seed.length + 1] = 0xdeadbeef;
        expectSameBits(amp.hash(key, longer), amp.hash(key, seed), family);
      }
    });
  });
});

describe('Toeplitz hashing', () => {
  it('equals the bit-by-bit matrix–vector product on random sizes 1..2000 (single block and forced small blocks)', async () => {
    await withSeed('toeplitz small', (rng) => {
      for (const [n, m] of sizes(rng, 60, 2000)) {
        const key = randomBits(rng, n);
        const seed = randomBits(rng, n + m - 1);
        const want = naiveToeplitz(key, n, m, seed);
        expectSameBits(new ToeplitzHasher(n, m).hash(key, seed), want, `n=${n} m=${m}`);
        expectSameBits(new ToeplitzHasher(n, m, { maxConvolutionLength: 64 }).hash(key, seed), want, `blocked n=${n} m=${m}`);
        expectSameBits(new DirectToeplitz(key, n, m, seed).hashAll(), want, `direct n=${n} m=${m}`);
      }
    });
  });

  it('ignores key bits past n and leaves output tail bits zero', async () => {
    await withSeed('toeplitz tails', (rng) => {
      const n = 77;
      const m = 45;
      const key = randomBits(rng, n);
      const dirty = key.slice();
      dirty[dirty.length - 1] |= 0xffffffff << (n & 31);
      const seed = randomBits(rng, n + m - 1);
      const out = new ToeplitzHasher(n, m).hash(dirty, seed, new Uint32Array(2).fill(0xffffffff));
      expectSameBits(out, naiveToeplitz(key, n, m, seed), 'dirty tail');
      expect(out[1] >>> (m & 31)).toBe(0);
    });
  });

  it('reuses one plan across frames without stale state', async () => {
    await withSeed('toeplitz reuse', (rng) => {
      const n = 1500;
      const m = 700;
      const plan = createPrivacyAmplifier('toeplitz', n, m);
      const out = new Uint32Array(wordsFor(m));
      for (let f = 0; f < 4; f++) {
        const key = randomBits(rng, n);
        const seed = randomBits(rng, n + m - 1);
        expect(plan.hash(key, seed, out)).toBe(out);
        expectSameBits(out, naiveToeplitz(key, n, m, seed), `frame ${f}`);
      }
    });
  });

  it('on 10^7 bits, agrees with a word-parallel direct product on 300 random output bits', async () => {
    await withSeed('toeplitz 1e7', (rng) => {
      const n = 10_000_000;
      const m = 5_000_001; // odd, not a multiple of 32
      const key = randomBits(rng, n);
      const seed = randomBits(rng, n + m - 1);
      const out = createPrivacyAmplifier('toeplitz', n, m).hash(key, seed);
      const direct = new DirectToeplitz(key, n, m, seed);
      const rows = [0, 1, 31, 32, m - 2, m - 1];
      for (let i = 0; i < 294; i++) rows.push(rng.nextBelow(m));
      let ones = 0;
      for (const i of rows) {
        const got = (out[i >>> 5] >>> (i & 31)) & 1;
        ones += got;
        if (got !== direct.bit(i)) expect(`row ${i}: ${got}`).toBe(`row ${i}: ${direct.bit(i)}`);
      }
      // A stuck-at-zero output would agree on ~half the rows only; guard against trivial output too.
      expect(ones).toBeGreaterThan(100);
      expect(ones).toBeLessThan(200);
    });
  }, 120_000);

  it('is linear over GF(2) on 2·10^6 bits, through the block decomposition', async () => {
    await withSeed('toeplitz linearity', (rng) => {
      const n = 2_000_000;
      const m = 1_300_007;
      // 2^20-point blocks: 3 row blocks × 4 column blocks.
      const plan = new ToeplitzHasher(n, m, { maxConvolutionLength: 2 ** 20 });
      expect(plan.blockRows).toBeLessThan(m);
      expect(plan.blockCols).toBeLessThan(n);
      const x = randomBits(rng, n);
      const y = randomBits(rng, n);
      const xy = x.map((w, i) => w ^ y[i]);
      const seed = randomBits(rng, n + m - 1);
      const hx = plan.hash(x, seed);
      const hy = plan.hash(y, seed);
      const hxy = plan.hash(xy, seed);
      expectSameBits(
        hxy,
        hx.map((w, i) => w ^ hy[i]),
        'h(x^y)',
      );
      // And the blocks agree with the one-convolution plan.
      expectSameBits(new ToeplitzHasher(n, m).hash(x, seed), hx, 'blocked vs single');
    });
  }, 120_000);
});

describe('multiply-add-shift hashing', () => {
  it('equals ((a·x + b) mod 2^w̄) div 2^(w̄−ℓ) computed with BigInt, on random sizes 1..2000', async () => {
    await withSeed('mas small', (rng) => {
      for (const [n, m] of sizes(rng, 80, 2000)) {
        const key = randomBits(rng, n);
        const seed = randomBits(rng, 2 * (n + m - 1));
        expectSameBits(new MultiplyAddShiftHasher(n, m).hash(key, seed), bigIntMultiplyAddShift(key, n, m, seed), `n=${n} m=${m}`);
      }
    });
  });

  it('handles carries through all-ones and all-zeros operands', () => {
    for (const [n, m] of [
      [1000, 500],
      [4096, 4096],
      [333, 1],
    ] as const) {
      const W = n + m - 1;
      for (const fill of [0, 0xffffffff]) {
        const key = new Uint32Array(wordsFor(n)).fill(0xffffffff);
        if (n & 31) key[key.length - 1] = (1 << (n & 31)) - 1;
        const seed = new Uint32Array(wordsFor(2 * W)).fill(fill);
        seed[0] |= 1;
        expectSameBits(new MultiplyAddShiftHasher(n, m).hash(key, seed), bigIntMultiplyAddShift(key, n, m, seed), `n=${n} fill=${fill}`);
      }
    }
  });

  it('on 10^7 bits equals the BigInt computation, and stays within its error bound', async () => {
    await withSeed('mas 1e7', (rng) => {
      const n = 10_000_000;
      const m = 5_000_001;
      const plan = new MultiplyAddShiftHasher(n, m);
      expect(plan.errorBound).toBeLessThanOrEqual(0.25);
      expect(plan.limbBits).toBeGreaterThanOrEqual(8);
      const key = randomBits(rng, n);
      const seed = randomBits(rng, 2 * (n + m - 1));
      expectSameBits(plan.hash(key, seed), bigIntMultiplyAddShift(key, n, m, seed), 'n=1e7');
    });
  }, 120_000);
});

describe('plans', () => {
  it('picks 12-bit limbs and a 2^21-point convolution for n = 10^7, ℓ = n/2, within the bound', () => {
    const plan = new MultiplyAddShiftHasher(10_000_000, 5_000_000);
    expect(plan.limbBits).toBe(12);
    expect(plan.errorBound).toBeLessThanOrEqual(0.25);
  });

  it('refuses multiply-add-shift inputs too long for the largest allowed convolution', () => {
    expect(() => new MultiplyAddShiftHasher(10_000, 5_000, { maxConvolutionLength: 1024 })).toThrow(/use 'toeplitz'/);
  });

  it('privacyAmplify (one shot) equals the reusable plan', async () => {
    await withSeed('one shot', (rng) => {
      for (const family of ['toeplitz', 'multiply-add-shift'] as const) {
        const n = 3001;
        const m = 1234;
        const key = randomBits(rng, n);
        const seed = randomBits(rng, seedBitsFor(family, n, m));
        expectSameBits(privacyAmplify(key, n, m, seed, family), createPrivacyAmplifier(family, n, m).hash(key, seed), family);
      }
    });
  });
});

describe('10^8-bit input (long: set QKDD_LONG_TESTS=1)', () => {
  // About 25 s of CPU (FFT hash plus a BigInt product of 10^8 × 1.5·10^8 bits), well over a
  // minute of wall time on the shared 2-core machine, so it is opt-in; the default suite
  // covers 10^7 and the benchmark runs 10^8.
  it.runIf(process.env.QKDD_LONG_TESTS === '1')(
    'multiply-add-shift on 10^8 bits equals the BigInt computation',
    async () => {
      await withSeed('mas 1e8', (rng) => {
        const n = 100_000_000;
        const m = 50_000_000;
        const key = randomBits(rng, n);
        const seed = randomBits(rng, 2 * (n + m - 1));
        const got = new MultiplyAddShiftHasher(n, m).hash(key, seed);
        expectSameBits(got, bigIntMultiplyAddShift(key, n, m, seed), 'n=1e8');
      });
    },
    600_000,
  );
});
