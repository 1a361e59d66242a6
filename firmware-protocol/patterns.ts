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

// ---- On-board choices (FEATURE_ONBOARD_CHOICES, FRAMING.md §11) -------------

/** DrawPatternRequest.symbol_weights sum to this: a symbol's probability is weight / 65536. */
export const SYMBOL_WEIGHT_TOTAL = 65536;
/** Most slots one ReadChoicesRequest may name. */
export const MAX_READ_CHOICES_SLOTS = 8192;
/** Largest encoded slot_deltas field the host puts in one ReadChoicesRequest (the frame holds 16 KiB). */
export const MAX_READ_CHOICES_DELTA_BYTES = 12288;

/**
 * The four DrawPatternRequest weights for symbol probabilities `p` (any
 * non-negative numbers, normalised here), rounded by largest remainder so
 * that they sum to exactly 65536 and each is within 1 of p_s · 65536.
 */
export function symbolWeights(p: readonly [number, number, number, number]): number[] {
  const sum = p[0] + p[1] + p[2] + p[3];
  if (!(sum > 0) || p.some((x) => !(x >= 0)))
    throw new RangeError(`symbol probabilities must be ≥ 0 with a positive sum, got ${p.join(', ')}`);
  const exact = p.map((x) => (x / sum) * SYMBOL_WEIGHT_TOTAL);
  const w = exact.map(Math.floor);
  let left = SYMBOL_WEIGHT_TOTAL - (w[0] + w[1] + w[2] + w[3]);
  const order = [0, 1, 2, 3].filter((s) => p[s] > 0).sort((a, b) => exact[b] - w[b] - (exact[a] - w[a]) || a - b);
  for (let i = 0; left > 0; i++, left--) w[order[i % order.length]]++;
  return w;
}

/** Checks DrawPatternRequest.symbol_weights; an error text, or null when they are 4 weights summing to 65536. */
export function checkSymbolWeights(weights: readonly number[]): string | null {
  if (weights.length !== 4) return `symbol_weights must hold 4 weights, got ${weights.length}`;
  let sum = 0;
  for (const w of weights) {
    if (!Number.isInteger(w) || w < 0 || w > SYMBOL_WEIGHT_TOTAL) return `symbol weight ${w} outside 0..${SYMBOL_WEIGHT_TOTAL}`;
    sum += w;
  }
  return sum === SYMBOL_WEIGHT_TOTAL ? null : `symbol_weights sum to ${sum}, not ${SYMBOL_WEIGHT_TOTAL}`;
}

function varintBytes(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

/**
 * The ReadChoicesRequests that name `slots[0..count)` (strictly ascending
 * slots of one frame), each within MAX_READ_CHOICES_SLOTS slots and
 * MAX_READ_CHOICES_DELTA_BYTES of encoded deltas; every request's first
 * delta is its first slot itself. Answers come back in request order.
 */
export function readChoicesRequests(frame: number, slots: Uint32Array, count: number = slots.length): qkd.ReadChoicesRequest.$Properties[] {
  const requests: qkd.ReadChoicesRequest.$Properties[] = [];
  let i = 0;
  while (i < count) {
    let bytes = 0;
    let n = 0;
    let prev = 0;
    const start = i;
    while (i < count && n < MAX_READ_CHOICES_SLOTS) {
      const d = n === 0 ? slots[i] : slots[i] - prev;
      if (n > 0 && d <= 0) throw new RangeError(`slots must be strictly ascending (index ${i}: ${slots[i]} after ${prev})`);
      const b = varintBytes(d);
      if (bytes + b > MAX_READ_CHOICES_DELTA_BYTES) break;
      bytes += b;
      prev = slots[i];
      n++;
      i++;
    }
    const deltas = new Array<number>(n);
    deltas[0] = slots[start];
    for (let k = 1; k < n; k++) deltas[k] = slots[start + k] - slots[start + k - 1];
    requests.push({ frame, slotDeltas: deltas });
  }
  return requests;
}

/**
 * Slots named by ReadChoicesRequest.slot_deltas, checked: strictly ascending,
 * below `frameSlots`, at most MAX_READ_CHOICES_SLOTS. An error text instead
 * when they are not.
 */
export function slotsFromDeltas(deltas: readonly number[], frameSlots: number): Uint32Array | string {
  if (deltas.length > MAX_READ_CHOICES_SLOTS) return `${deltas.length} slots asked, at most ${MAX_READ_CHOICES_SLOTS}`;
  const slots = new Uint32Array(deltas.length);
  let s = 0;
  for (let i = 0; i < deltas.length; i++) {
    const d = deltas[i];
    if (i > 0 && d < 1) return `slot delta ${d} at index ${i}: slots must be strictly ascending`;
    s = i === 0 ? d : s + d;
    if (s >= frameSlots) return `slot ${s} outside the frame (${frameSlots} slots)`;
    slots[i] = s;
  }
  return slots;
}
