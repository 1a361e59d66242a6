import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { COBS_INVALID, COBS_TOO_LONG, cobsDecode, cobsDecodeInto, cobsEncode, cobsMaxEncodedBytes } from '../../firmware-protocol/index.ts';

const u8 = (...b: number[]): Uint8Array => Uint8Array.from(b);
const run = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

// Vectors from Cheshire & Baker and the usual COBS examples (without the trailing delimiter).
const vectors: Array<[string, Uint8Array, Uint8Array]> = [
  ['empty', u8(), u8(0x01)],
  ['one zero', u8(0x00), u8(0x01, 0x01)],
  ['two zeros', u8(0x00, 0x00), u8(0x01, 0x01, 0x01)],
  ['zero inside', u8(0x11, 0x22, 0x00, 0x33), u8(0x03, 0x11, 0x22, 0x02, 0x33)],
  ['no zero', u8(0x11, 0x22, 0x33, 0x44), u8(0x05, 0x11, 0x22, 0x33, 0x44)],
  ['trailing zeros', u8(0x11, 0x00, 0x00, 0x00), u8(0x02, 0x11, 0x01, 0x01, 0x01)],
  // 254 non-zero bytes fill one group exactly: no empty group after it.
  ['254 bytes', u8(...run(0x01, 0xfe)), u8(0xff, ...run(0x01, 0xfe))],
  ['00 + 254 bytes', u8(0x00, ...run(0x01, 0xfe)), u8(0x01, 0xff, ...run(0x01, 0xfe))],
  ['255 bytes', u8(...run(0x01, 0xff)), u8(0xff, ...run(0x01, 0xfe), 0x02, 0xff)],
  ['254 bytes + 00', u8(...run(0x01, 0xfe), 0x00), u8(0xff, ...run(0x01, 0xfe), 0x01, 0x01)],
];

describe('cobs', () => {
  it.each(vectors)('encodes and decodes %s', (_name, plain, stuffed) => {
    expect(cobsEncode(plain)).toEqual(stuffed);
    expect(cobsDecode(stuffed)).toEqual(plain);
  });

  it('rejects a group that runs past the end and a zero inside', () => {
    expect(cobsDecode(u8(0x05, 0x11, 0x22))).toBeNull();
    expect(cobsDecode(u8(0x03, 0x11, 0x00))).toBeNull();
    expect(cobsDecode(u8(0x00))).toBeNull();
  });

  it('reports COBS_TOO_LONG instead of writing past the limit', () => {
    const dst = new Uint8Array(8);
    expect(cobsDecodeInto(u8(0x05, 1, 2, 3, 4), 0, 5, dst, 0, 3)).toBe(COBS_TOO_LONG);
    expect(cobsDecodeInto(u8(0x05, 1, 2, 3), 0, 4, dst, 0)).toBe(COBS_INVALID);
  });

  it('round-trips any bytes, never emits 0x00 and stays within the size bound (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1200 }), (plain) => {
        const stuffed = cobsEncode(plain);
        expect(stuffed.includes(0)).toBe(false);
        expect(stuffed.length).toBeLessThanOrEqual(cobsMaxEncodedBytes(plain.length));
        expect(cobsDecode(stuffed)).toEqual(plain);
      }),
      { numRuns: 500 },
    );
  });
});
