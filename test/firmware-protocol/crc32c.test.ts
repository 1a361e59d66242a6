import { describe, expect, it } from 'vitest';
import { crc32c } from '../../firmware-protocol/index.ts';
import { withSeed } from '../support/seed.ts';

/** Bit-at-a-time CRC-32C, straight from the definition, as the reference. */
function crc32cBitwise(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return ~c >>> 0;
}

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('crc32c', () => {
  it('matches the check value "123456789" → 0xE3069283', () => {
    expect(crc32c(ascii('123456789'))).toBe(0xe3069283);
  });

  it('matches the iSCSI vectors of RFC 3720 B.4', () => {
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i))).toBe(0x113fdb5c);
  });

  it('is 0 for no bytes', () => {
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });

  it('agrees with the bitwise reference on random data of every length 0..100 and at odd offsets', async () => {
    await withSeed('crc32c-random', (rng) => {
      const buf = new Uint8Array(140);
      for (let i = 0; i < buf.length; i++) buf[i] = rng.nextBelow(256);
      for (let len = 0; len <= 100; len++) {
        for (const start of [0, 1, 3, 7]) {
          expect(crc32c(buf, start, start + len)).toBe(crc32cBitwise(buf.subarray(start, start + len)));
        }
      }
    });
  });

  it('continues over a message split in two pieces', async () => {
    await withSeed('crc32c-split', (rng) => {
      const buf = new Uint8Array(200);
      for (let i = 0; i < buf.length; i++) buf[i] = rng.nextBelow(256);
      const whole = crc32c(buf);
      for (const cut of [0, 1, 8, 9, 100, 199, 200]) {
        expect(crc32c(buf, cut, buf.length, crc32c(buf, 0, cut))).toBe(whole);
      }
    });
  });
});
