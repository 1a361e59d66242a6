/**
 * The one pattern codec of the wire contract (common.proto, "Patterns"):
 * 2-bit symbols, slot i in byte i / 4 at bits 2·(i % 4), least significant
 * pair first; a pattern is named by its length in slots and the CRC-32C of
 * its packed bytes (ArmPattern checks it); and a packed pattern is cut into
 * UploadPattern chunks that each fit one frame. The host drivers and the
 * simulated firmware both use this file, as real firmware would follow it.
 */
import type { qkd } from './generated/qkd.js';
import { crc32c } from './framing/crc32c.ts';

/** Largest `packed` field per UploadPatternRequest (common.proto): 49152 slots. */
export const MAX_PATTERN_CHUNK_BYTES = 12288;

/** A pattern ready to upload: packed bytes (4 slots per byte), its length in slots and its CRC-32C. */
export interface PackedPattern {
  readonly packed: Uint8Array;
  readonly totalSlots: number;
  readonly crc32c: number;
}

/** Pack one 2-bit symbol (0..3) per slot; the length must be a positive multiple of 4. */
export function packSymbols(symbols: Uint8Array): Uint8Array {
  if (symbols.length === 0 || symbols.length % 4 !== 0) {
    throw new RangeError(`pattern length must be a positive multiple of 4 slots, got ${symbols.length}`);
  }
  const out = new Uint8Array(symbols.length >> 2);
  for (let i = 0, s = 0; i < out.length; i++, s += 4) {
    const a = symbols[s];
    const b = symbols[s + 1];
    const c = symbols[s + 2];
    const d = symbols[s + 3];
    if ((a | b | c | d) > 3) {
      const bad = [a, b, c, d].findIndex((v) => v > 3);
      throw new RangeError(`slot ${s + bad}: symbol ${symbols[s + bad]} is not 0..3`);
    }
    out[i] = a | (b << 2) | (c << 4) | (d << 6);
  }
  return out;
}

/** Unpack `packed` into one symbol per slot (4 per byte). */
export function unpackSymbols(packed: Uint8Array): Uint8Array {
  const out = new Uint8Array(packed.length * 4);
  for (let i = 0, s = 0; i < packed.length; i++, s += 4) {
    const v = packed[i];
    out[s] = v & 3;
    out[s + 1] = (v >> 2) & 3;
    out[s + 2] = (v >> 4) & 3;
    out[s + 3] = v >> 6;
  }
  return out;
}

/** Symbol (0..3) of slot `i` of a packed pattern. */
export function symbolAt(packed: Uint8Array, i: number): number {
  return (packed[i >>> 2] >>> ((i & 3) << 1)) & 3;
}

/** Name already packed bytes (4 slots per byte) by their length in slots and CRC-32C. */
export function packedPattern(packed: Uint8Array): PackedPattern {
  if (packed.length === 0) throw new RangeError('empty pattern');
  return { packed, totalSlots: packed.length * 4, crc32c: crc32c(packed) };
}

/**
 * The UploadPattern requests that carry `packed` into `bank`, each within
 * `maxChunkBytes` (a multiple of 1 byte = 4 slots). Chunks are subarrays of
 * `packed`, not copies.
 */
export function patternUploadChunks(
  bank: number,
  packed: Uint8Array,
  maxChunkBytes: number = MAX_PATTERN_CHUNK_BYTES,
): qkd.UploadPatternRequest.$Properties[] {
  if (!Number.isInteger(maxChunkBytes) || maxChunkBytes < 1 || maxChunkBytes > MAX_PATTERN_CHUNK_BYTES) {
    throw new RangeError(`maxChunkBytes must be 1..${MAX_PATTERN_CHUNK_BYTES}, got ${maxChunkBytes}`);
  }
  if (packed.length === 0) throw new RangeError('empty pattern');
  const totalSlots = packed.length * 4;
  const chunks: qkd.UploadPatternRequest.$Properties[] = [];
  for (let o = 0; o < packed.length; o += maxChunkBytes) {
    chunks.push({ bank, totalSlots, offsetSlots: o * 4, packed: packed.subarray(o, o + maxChunkBytes) });
  }
  return chunks;
}
