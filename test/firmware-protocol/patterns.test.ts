import { describe, expect, it } from 'vitest';
import {
  MAX_PATTERN_CHUNK_BYTES,
  MAX_PAYLOAD_BYTES,
  crc32c,
  packSymbols,
  packedPattern,
  patternUploadChunks,
  qkd,
  symbolAt,
  unpackSymbols,
} from '../../firmware-protocol/index.ts';
import { withSeed } from '../support/seed.ts';

describe('pattern packing', () => {
  it('puts slot 0 in the least significant bit pair', () => {
    // slots: H V D A → 0 | 1<<2 | 2<<4 | 3<<6 = 0xE4
    expect(packSymbols(Uint8Array.of(0, 1, 2, 3))).toEqual(Uint8Array.of(0xe4));
    expect(unpackSymbols(Uint8Array.of(0xe4))).toEqual(Uint8Array.of(0, 1, 2, 3));
  });

  it('refuses lengths not a multiple of 4 and symbols over 3', () => {
    expect(() => packSymbols(new Uint8Array(5))).toThrow(RangeError);
    expect(() => packSymbols(Uint8Array.of(0, 4, 0, 0))).toThrow(RangeError);
  });

  it('cuts a large pattern into chunks that each fit one frame and reassemble exactly', async () => {
    await withSeed('pattern-chunks', (rng) => {
      const slots = 4 * (2 * MAX_PATTERN_CHUNK_BYTES + 1000);
      const symbols = new Uint8Array(slots);
      for (let i = 0; i < slots; i++) symbols[i] = rng.nextBelow(3);
      const packed = packSymbols(symbols);
      const chunks = patternUploadChunks(1, packed);
      expect(chunks).toHaveLength(3);
      const board = new Uint8Array(packed.length);
      for (const c of chunks) {
        expect(c.totalSlots).toBe(slots);
        const wire = qkd.Request.encode({ seq: 0xffffffff, uploadPattern: c }).finish();
        expect(wire.length).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES - 16); // envelope overhead to spare
        board.set(c.packed ?? new Uint8Array(0), (c.offsetSlots ?? 0) / 4);
      }
      expect(crc32c(board)).toBe(crc32c(packed));
      expect(unpackSymbols(board)).toEqual(symbols);
    });
  });
});

describe('pattern packing with CRC-32C (what the host uploads and arms)', () => {
  it('packs slot i at bits 2·(i % 4) of byte i / 4 and carries the CRC-32C', async () => {
    const p = packedPattern(packSymbols(new Uint8Array([1, 2, 3, 0, 3, 3, 3, 3])));
    // byte 0 = s0 | s1<<2 | s2<<4 | s3<<6 = 1 | 8 | 48 | 0
    expect([...p.packed]).toEqual([0x39, 0xff]);
    expect(p.totalSlots).toBe(8);
    expect(p.crc32c).toBe(crc32c(p.packed));
    await withSeed('pack round trip', (rng) => {
      const symbols = new Uint8Array(4 * 1000).map(() => rng.nextBelow(4));
      const q = packedPattern(packSymbols(symbols));
      for (let i = 0; i < symbols.length; i++) expect(symbolAt(q.packed, i)).toBe(symbols[i]);
    });
  });
  it('refuses lengths that are not whole bytes and symbols over 3', () => {
    expect(() => packSymbols(new Uint8Array(6))).toThrow(/multiple of 4/);
    expect(() => packSymbols(new Uint8Array(0))).toThrow(/multiple of 4/);
    expect(() => packSymbols(new Uint8Array([0, 0, 4, 0]))).toThrow(/slot 2/);
  });
});
