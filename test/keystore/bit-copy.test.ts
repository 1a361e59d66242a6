import { describe, expect, it } from 'vitest';
import { alignedRange, copyBits, sliceBits } from '../../src/keystore/bit-copy.ts';
import { withSeed } from '../support/seed.ts';
import { bitsOf, randomBlock } from '../support/key-store.ts';

describe('copyBits', () => {
  it('matches a per-bit reference for random offsets and lengths', async () => {
    await withSeed('copyBits', (rng) => {
      for (let trial = 0; trial < 500; trial++) {
        const src = randomBlock(rng, 8 * (1 + rng.nextBelow(64)));
        const n = rng.nextBelow(src.length * 8 + 1);
        const srcBit = rng.nextBelow(src.length * 8 - n + 1);
        const dst = randomBlock(rng, 8 * (1 + rng.nextBelow(64)) + n);
        const dstBit = rng.nextBelow(dst.length * 8 - n + 1);
        const before = bitsOf(dst, 0, dst.length * 8);
        copyBits(src, srcBit, dst, dstBit, n);
        const expected = [...before.slice(0, dstBit), ...bitsOf(src, srcBit, srcBit + n), ...before.slice(dstBit + n)];
        expect(bitsOf(dst, 0, dst.length * 8)).toEqual(expected);
      }
    });
  });

  it('sliceBits re-bases a range to bit 0', () => {
    const src = new Uint8Array([0b1011_0000, 0b0000_0101]);
    // bits 4..10 of src (LSB first): 1,1,0,1,1,0,1
    expect(bitsOf(sliceBits(src, 4, 11), 0, 7)).toEqual([1, 1, 0, 1, 1, 0, 1]);
  });

  it('alignedRange keeps bit positions and zeroes bits outside the range', () => {
    const src = new Uint8Array([0xff, 0xff, 0xff]);
    const r = alignedRange(src, 3, 13);
    expect([...r]).toEqual([0b1111_1000, 0b0001_1111]);
    const single = alignedRange(src, 9, 12);
    expect([...single]).toEqual([0b0000_1110]);
  });
});
