import { describe, expect, it } from 'vitest';
import { MAX_TAG_OFFSET_PS, decodeTagRecords, encodeTagRecords } from '../../firmware-protocol/index.ts';
import { withSeed } from '../support/seed.ts';

describe('tag records', () => {
  it('matches the example in time_tagger.proto: channel 2 at 1000 ps', () => {
    // word = (1000 << 4) | 2 = 0x3E82, little-endian over 8 bytes
    expect(encodeTagRecords([2], [1000], 1)).toEqual(Uint8Array.of(0x82, 0x3e, 0, 0, 0, 0, 0, 0));
  });

  it('round-trips random tags exactly, up to the largest offset', async () => {
    await withSeed('tag-records', (rng) => {
      const n = 500;
      const ch = new Uint8Array(n);
      const t = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        ch[i] = rng.nextBelow(16);
        t[i] = rng.nextBelow(2 ** 20) * 2 ** 20 + rng.nextBelow(2 ** 20); // up to 2^40 - 1
      }
      t[0] = MAX_TAG_OFFSET_PS;
      const packed = encodeTagRecords(ch, t, n);
      const ch2 = new Uint8Array(n + 3);
      const t2 = new Float64Array(n + 3);
      expect(decodeTagRecords(packed, ch2, t2, 3)).toBe(n);
      expect(ch2.subarray(3)).toEqual(ch);
      expect(t2.subarray(3)).toEqual(t);
    });
  });

  it('refuses bad input without throwing on decode, with RangeError on encode', () => {
    expect(decodeTagRecords(new Uint8Array(9), new Uint8Array(2), new Float64Array(2))).toBe(-1);
    expect(decodeTagRecords(new Uint8Array(16), new Uint8Array(1), new Float64Array(1))).toBe(-1);
    const tooBig = Uint8Array.of(0, 0, 0, 0, 0, 0x10, 0, 0); // offset bit 44 set: ≥ 2^40
    expect(decodeTagRecords(tooBig, new Uint8Array(1), new Float64Array(1))).toBe(-1);
    expect(() => encodeTagRecords([16], [0], 1)).toThrow(RangeError);
    expect(() => encodeTagRecords([0], [MAX_TAG_OFFSET_PS + 1], 1)).toThrow(RangeError);
  });
});
