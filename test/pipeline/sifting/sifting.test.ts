import { describe, expect, it } from 'vitest';
import { getBit, packBits, unpackBits } from '../../../src/pipeline/bits.ts';
import { basisMatchMask, countMatched, matchedIntensities, packBases } from '../../../src/pipeline/sifting/exchange.ts';
import { allocPattern, packBasisBitIntensityNibbles, setSlot, slotNibble } from '../../../src/pipeline/sifting/pattern.ts';
import { bucketView, siftAlice, siftBob, type SiftedKeys } from '../../../src/pipeline/sifting/sifted-keys.ts';
import { withSeed } from '../../support/seed.ts';

function bucketBits(keys: SiftedKeys, basis: number, cls: number): number[] {
  const v = bucketView(keys, basis, cls);
  return Array.from(unpackBits(v.bits, v.nBits));
}

describe('pattern layout', () => {
  it('puts slot s in nibble s & 7 of word s >>> 3: bit, basis, 2-bit class', () => {
    const p = allocPattern(10);
    setSlot(p, 9, 1, 1, 2); // word 1, nibble 1: 1 | 1<<1 | 2<<2 = 0b1011
    setSlot(p, 0, 0, 1, 1); // word 0, nibble 0: 1 | 0 | 1<<2 = 0b0101
    expect(p[1]).toBe(0b1011 << 4);
    expect(p[0]).toBe(0b0101);
    expect(slotNibble(p, 9)).toBe(0b1011);
    setSlot(p, 9, 0, 0, 0);
    expect(p[1]).toBe(0);
  });
});

describe('sifting exchange', () => {
  it('matches a hand-worked frame', () => {
    // slot:        0  1  2  3  4  5  6  7  8
    const aBasis = [0, 1, 0, 1, 0, 0, 1, 1, 0];
    const aBit = [1, 0, 0, 1, 1, 0, 1, 0, 1];
    const aCls = [0, 1, 2, 0, 0, 1, 0, 2, 0];
    const pattern = packBasisBitIntensityNibbles(aBasis, aBit, aCls);
    // Bob detected slots 0, 2, 3, 5, 7, 8 with these bases and bits.
    const slots = Uint32Array.from([0, 2, 3, 5, 7, 8]);
    const bBasis = Uint8Array.from([0, 1, 1, 0, 1, 1]);
    const bBit = Uint8Array.from([1, 1, 0, 0, 0, 0]);
    const n = 6;
    const mask = basisMatchMask(pattern, slots, packBases(bBasis, n), n);
    // Bases agree at detections 0 (slot 0), 2 (slot 3), 3 (slot 5), 4 (slot 7).
    expect(Array.from(unpackBits(mask, n))).toEqual([1, 0, 1, 1, 1, 0]);
    expect(countMatched(mask, n)).toBe(4);
    const cls = matchedIntensities(pattern, slots, mask, n);
    // Classes of slots 0, 3, 5, 7 = 0, 0, 1, 2 → 2 bits each.
    expect(cls[0]).toBe(0 | (0 << 2) | (1 << 4) | (2 << 6));
    const alice = siftAlice(pattern, slots, mask, n);
    const bob = siftBob(bBasis, bBit, mask, cls, n);
    // Z signal: slot 0 (Alice 1, Bob 1). Z decoy: slot 5 (0, 0). X signal: slot 3 (Alice 1, Bob 0: an error). X vacuum: slot 7 (0, 0).
    expect(bucketBits(alice, 0, 0)).toEqual([1]);
    expect(bucketBits(bob, 0, 0)).toEqual([1]);
    expect(bucketBits(alice, 0, 1)).toEqual([0]);
    expect(bucketBits(alice, 1, 0)).toEqual([1]);
    expect(bucketBits(bob, 1, 0)).toEqual([0]);
    expect(bucketBits(alice, 1, 2)).toEqual([0]);
    expect(Array.from(alice.lengths)).toEqual([1, 1, 0, 1, 0, 1]);
    expect(Array.from(bob.lengths)).toEqual(Array.from(alice.lengths));
  });

  it('gives both sides the same ordering and equals a naive reference on random data', async () => {
    await withSeed('sifting-random', (rng) => {
      const slotsPerFrame = 50_000;
      const aBasis = new Uint8Array(slotsPerFrame);
      const aBit = new Uint8Array(slotsPerFrame);
      const aCls = new Uint8Array(slotsPerFrame);
      for (let s = 0; s < slotsPerFrame; s++) {
        aBasis[s] = rng.nextU32() & 1;
        aBit[s] = rng.nextU32() & 1;
        aCls[s] = rng.nextBelow(3);
      }
      const pattern = packBasisBitIntensityNibbles(aBasis, aBit, aCls);
      const det: number[] = [];
      for (let s = 0; s < slotsPerFrame; s++) if (rng.nextFloat() < 0.1) det.push(s);
      const n = det.length;
      const slots = Uint32Array.from(det);
      const bBasis = new Uint8Array(n);
      const bBit = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        bBasis[i] = rng.nextU32() & 1;
        // Same basis: Alice's bit flipped with 3 % probability; other basis: random.
        bBit[i] = bBasis[i] === aBasis[det[i]] ? aBit[det[i]] ^ (rng.nextFloat() < 0.03 ? 1 : 0) : rng.nextU32() & 1;
      }
      const mask = basisMatchMask(pattern, slots, packBases(bBasis, n), n);
      const cls = matchedIntensities(pattern, slots, mask, n);
      const alice = siftAlice(pattern, slots, mask, n);
      const bob = siftBob(bBasis, bBit, mask, cls, n);

      // Naive reference: objects per detection, arrays of numbers per bucket.
      const refA: number[][] = [[], [], [], [], [], []];
      const refB: number[][] = [[], [], [], [], [], []];
      det.forEach((slot, i) => {
        if (bBasis[i] !== aBasis[slot]) return;
        const b = aBasis[slot] * 3 + aCls[slot];
        refA[b].push(aBit[slot]);
        refB[b].push(bBit[i]);
      });
      for (let basis = 0; basis < 2; basis++) {
        for (let c = 0; c < 3; c++) {
          expect(bucketBits(alice, basis, c)).toEqual(refA[basis * 3 + c]);
          expect(bucketBits(bob, basis, c)).toEqual(refB[basis * 3 + c]);
        }
      }
      // The mask itself against the reference definition.
      for (let i = 0; i < n; i++) expect(getBit(mask, i)).toBe(bBasis[i] === aBasis[det[i]] ? 1 : 0);
      // Bits past each bucket's length stay zero (bits.ts convention).
      for (let b = 0; b < 6; b++) {
        const v = bucketView(alice, Math.floor(b / 3), b % 3);
        const full = packBits(refA[b]);
        for (let w = 0; w < v.bits.length; w++) expect(v.bits[w]).toBe(w < full.length ? full[w] : 0);
      }
    });
  });
});
