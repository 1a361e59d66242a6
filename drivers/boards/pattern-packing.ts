/**
 * Pattern symbols ⇄ the packed wire layout (common.proto): 2 bits per slot,
 * slot i in byte i / 4 at bits 2·(i % 4), least significant pair first.
 */
import { crc32c } from '../../firmware-protocol/index.ts';

/** A pattern ready to upload: packed bytes, its length in slots and CRC-32C. */
export interface PackedPattern {
  readonly packed: Uint8Array;
  readonly totalSlots: number;
  readonly crc32c: number;
}

/** Pack one symbol (0..3) per slot; the length must be a positive multiple of 4. */
export function packPattern(symbols: Uint8Array): PackedPattern {
  if (symbols.length === 0 || symbols.length % 4 !== 0) {
    throw new RangeError(`pattern length must be a positive multiple of 4 slots, got ${symbols.length}`);
  }
  const packed = new Uint8Array(symbols.length / 4);
  for (let i = 0; i < symbols.length; i++) {
    const s = symbols[i];
    if (s > 3) throw new RangeError(`slot ${i}: symbol ${s} is not 0..3`);
    packed[i >> 2] |= s << ((i & 3) * 2);
  }
  return { packed, totalSlots: symbols.length, crc32c: crc32c(packed) };
}

/** Wrap already packed bytes (4 slots per byte). */
export function packedPattern(packed: Uint8Array): PackedPattern {
  if (packed.length === 0) throw new RangeError('empty pattern');
  return { packed, totalSlots: packed.length * 4, crc32c: crc32c(packed) };
}

/** Symbol of slot `i` of a packed pattern. */
export function symbolAt(packed: Uint8Array, i: number): number {
  return (packed[i >> 2] >> ((i & 3) * 2)) & 3;
}
