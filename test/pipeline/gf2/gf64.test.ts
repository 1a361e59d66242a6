import { describe, expect, it } from 'vitest';
import { gf64MulBitwise } from '../../../src/pipeline/gf2/gf64.ts';
import { Gf64TableMultiplier } from '../../../src/pipeline/gf2/gf64-table-multiplier.ts';
import { polyHashBytes, polyHashWords, polyHashWordsBitwise } from '../../../src/pipeline/gf2/poly-hash.ts';
import { unpackBits } from '../../../src/pipeline/bits.ts';
import { withSeed } from '../../support/seed.ts';
import { P, fromBig, mulRef, polyHashRef, toBig } from '../../support/gf64-reference.ts';

describe('GF(2^64) multiply', () => {
  it('matches the BigInt reference on fixed edge cases', () => {
    const out = new Uint32Array(2);
    const cases: Array<[number, number, number, number]> = [
      [0, 0, 0x12345678, 0x9abcdef0],
      [1, 0, 0x12345678, 0x9abcdef0],
      [0, 0x80000000, 2, 0], // x^63 · x = x^64 = x^4 + x^3 + x + 1
      [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    ];
    for (const [al, ah, bl, bh] of cases) {
      const want = fromBig(mulRef(toBig(al, ah), toBig(bl, bh)));
      gf64MulBitwise(al, ah, bl, bh, out);
      expect([out[0], out[1]]).toEqual(want);
      new Gf64TableMultiplier(bl, bh).mul(al, ah, out);
      expect([out[0], out[1]]).toEqual(want);
    }
    gf64MulBitwise(0, 0x80000000, 2, 0, out);
    expect([out[0], out[1]]).toEqual([0x1b, 0]);
  });

  it('bitwise and table multiply match the BigInt reference on random inputs', async () => {
    await withSeed('gf64 random multiply', (rng) => {
      const out = new Uint32Array(2);
      for (let n = 0; n < 300; n++) {
        const al = rng.nextU32(),
          ah = rng.nextU32(),
          bl = rng.nextU32(),
          bh = rng.nextU32();
        const want = fromBig(mulRef(toBig(al, ah), toBig(bl, bh)));
        gf64MulBitwise(al, ah, bl, bh, out);
        expect([out[0], out[1]]).toEqual(want);
        new Gf64TableMultiplier(bl, bh).mul(al, ah, out, 0);
        expect([out[0], out[1]]).toEqual(want);
      }
    });
  });

  it('P = x^64 + x^4 + x^3 + x + 1 is irreducible (Rabin test), so GF(2)[x]/P is a field', () => {
    // Rabin (1980): P of degree 64 is irreducible iff x^(2^64) ≡ x (mod P) and
    // gcd(x^(2^32) − x, P) = 1 (64 has the single prime divisor 2).
    const frob = (e: number): bigint => {
      let r = 2n; // the polynomial x
      for (let i = 0; i < e; i++) r = mulRef(r, r);
      return r;
    };
    expect(frob(64)).toBe(2n);
    const deg = (a: bigint): number => a.toString(2).length - 1;
    const polyMod = (a: bigint, m: bigint): bigint => {
      while (a !== 0n && deg(a) >= deg(m)) a ^= m << BigInt(deg(a) - deg(m));
      return a;
    };
    let a = P;
    let b = frob(32) ^ 2n;
    while (b !== 0n) [a, b] = [b, polyMod(a, b)];
    expect(a).toBe(1n);
  });
});

describe('polynomial hash', () => {
  it('table, bitwise and textbook-sum implementations agree, for lengths around word and block edges', async () => {
    await withSeed('poly hash agree', (rng) => {
      const out = new Uint32Array(2);
      const ref = new Uint32Array(2);
      for (const nBits of [0, 1, 31, 32, 33, 63, 64, 65, 127, 128, 129, 200, 1000]) {
        const words = rng.fillU32(new Uint32Array(((nBits + 31) >>> 5) + 1)); // includes junk past nBits
        const kl = rng.nextU32(),
          kh = rng.nextU32();
        polyHashWords(new Gf64TableMultiplier(kl, kh), words, nBits, out);
        polyHashWordsBitwise(kl, kh, words, nBits, ref);
        expect([out[0], out[1]], `nBits=${nBits}`).toEqual([ref[0], ref[1]]);
        expect([out[0], out[1]], `nBits=${nBits}`).toEqual(fromBig(polyHashRef(unpackBits(words, nBits), toBig(kl, kh))));
      }
    });
  });

  it('bytes and packed words with the same little-endian content hash alike', async () => {
    await withSeed('poly hash bytes', (rng) => {
      const a = new Uint32Array(2);
      const b = new Uint32Array(2);
      for (const nBytes of [0, 1, 5, 7, 8, 9, 16, 23, 100]) {
        const bytes = new Uint8Array(nBytes);
        for (let i = 0; i < nBytes; i++) bytes[i] = rng.nextBelow(256);
        const words = new Uint32Array(Math.ceil(nBytes / 4) + 1);
        for (let i = 0; i < nBytes; i++) words[i >> 2] |= bytes[i] << (8 * (i & 3));
        const m = new Gf64TableMultiplier(rng.nextU32(), rng.nextU32());
        polyHashBytes(m, bytes, a);
        polyHashWords(m, words, nBytes * 8, b);
        expect([a[0], a[1]]).toEqual([b[0], b[1]]);
      }
    });
  });

  it('refuses an array shorter than nBits', () => {
    expect(() => polyHashWords(new Gf64TableMultiplier(1, 0), new Uint32Array(1), 33, new Uint32Array(2))).toThrow(RangeError);
  });
});
