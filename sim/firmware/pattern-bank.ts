/**
 * One pattern bank of a pattern board (common.proto, "Patterns"): 2-bit
 * symbols packed four per byte (firmware-protocol/patterns.ts, the codec the
 * host uses too), filled by chunks in any order, checked by CRC-32C when
 * armed. Keeps the byte ranges that have arrived, so an incomplete upload is
 * caught (STATUS_CHECKSUM_MISMATCH) rather than played.
 *
 * Or a drawn bank (DrawPatternRequest, FEATURE_ONBOARD_CHOICES): no bytes at
 * all, only the symbol weights; each frame played from it gets fresh symbols
 * from the board's random source (drawn-choices.ts).
 *
 * Lean by design (it runs in every test and demo): an upload into a bank of
 * the same length reuses its buffer, arrivals are tracked as byte ranges
 * (not per byte), and the symbol histogram the board needs (reserved-symbol
 * check, pulses per class) is counted once per upload, a byte at a time.
 */
import { crc32c, symbolAt as importedSymbolAt } from '../../firmware-protocol/index.ts';
import { symbolTable } from './drawn-choices.ts';

// Module-local copy: transpilers that rewrite ESM imports (tsx, vitest) turn
// each use of an imported binding into a getter call.
const symbolAt = importedSymbolAt;

/** Per byte value: how many of its 4 slots hold symbol s, at [byte * 4 + s]. */
const BYTE_SYMBOL_COUNTS = (() => {
  const t = new Uint8Array(256 * 4);
  for (let b = 0; b < 256; b++) for (let k = 0; k < 4; k++) t[b * 4 + ((b >>> (2 * k)) & 3)]++;
  return t;
})();

/** Adds to `out[s]` the number of slots of `packed[from, to)` (whole bytes) holding symbol s. */
export function countSymbolBytes(packed: Uint8Array, from: number, to: number, out: Float64Array): void {
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  let c3 = 0;
  const t = BYTE_SYMBOL_COUNTS;
  for (let i = from; i < to; i++) {
    const o = packed[i] << 2;
    c0 += t[o];
    c1 += t[o + 1];
    c2 += t[o + 2];
    c3 += t[o + 3];
  }
  out[0] += c0;
  out[1] += c1;
  out[2] += c2;
  out[3] += c3;
}

export interface DrawnBank {
  /** DrawPatternRequest.symbol_weights (sum 65536). */
  readonly weights: readonly number[];
  /** 2^16 entries: the symbol of a slot whose 16 random bits are the index. */
  readonly table: Uint8Array;
}

export class PatternBank {
  totalSlots = 0;
  packed = new Uint8Array(0);
  /** Set when the bank was drawn rather than uploaded. */
  drawn: DrawnBank | null = null;
  /** Byte ranges [start, end) received by the current upload, sorted, disjoint, merged. */
  private ranges: number[] = [];
  receivedSlots = 0;
  private histogram: Float64Array | null = null;

  /**
   * Store a chunk. The first chunk (offset 0) restarts the upload with its
   * total_slots; other chunks must agree with it. Returns an error text or null.
   */
  write(totalSlots: number, offsetSlots: number, chunk: Uint8Array): string | null {
    if (offsetSlots === 0 || this.totalSlots !== totalSlots || this.drawn) {
      if (offsetSlots !== 0 && this.totalSlots !== 0 && !this.drawn)
        return `total_slots ${totalSlots} differs from this upload's ${this.totalSlots}`;
      this.restart(totalSlots);
    }
    const at = offsetSlots / 4;
    this.packed.set(chunk, at);
    this.addRange(at, at + chunk.length);
    this.histogram = null;
    return null;
  }

  /** Make this a drawn bank of `totalSlots` with these symbol weights (already checked). */
  draw(totalSlots: number, weights: readonly number[]): void {
    this.clear();
    this.totalSlots = totalSlots;
    this.drawn = { weights: [...weights], table: symbolTable(weights) };
    this.receivedSlots = totalSlots;
  }

  complete(): boolean {
    return this.totalSlots > 0 && this.receivedSlots === this.totalSlots;
  }

  crc(): number {
    return crc32c(this.packed);
  }

  /** Symbol (0..3) of slot `i` (0 ≤ i < totalSlots) of an uploaded bank. */
  symbol(i: number): number {
    return symbolAt(this.packed, i);
  }

  /** Slots per symbol 0..3 over the whole bank (for a drawn bank: the expected numbers). */
  symbolCounts(): Float64Array {
    if (!this.histogram) {
      const h = new Float64Array(4);
      if (this.drawn) for (let s = 0; s < 4; s++) h[s] = (this.totalSlots * this.drawn.weights[s]) / 65536;
      else countSymbolBytes(this.packed, 0, this.packed.length, h);
      this.histogram = h;
    }
    return this.histogram;
  }

  contains(symbol: number): boolean {
    return this.symbolCounts()[symbol] > 0;
  }

  clear(): void {
    this.totalSlots = 0;
    this.packed = new Uint8Array(0);
    this.drawn = null;
    this.ranges = [];
    this.receivedSlots = 0;
    this.histogram = null;
  }

  private restart(totalSlots: number): void {
    const bytes = totalSlots / 4;
    // The same length as the last upload (every frame's pattern): keep the buffer; every byte is overwritten before it is armed.
    if (this.packed.length !== bytes) this.packed = new Uint8Array(bytes);
    this.totalSlots = totalSlots;
    this.drawn = null;
    this.ranges = [];
    this.receivedSlots = 0;
    this.histogram = null;
  }

  private addRange(start: number, end: number): void {
    const r = this.ranges;
    // Chunks come in order as a rule: the common case appends to or extends the last range.
    let i = r.length - 2;
    while (i >= 0 && r[i] > end) i -= 2;
    // Merge [start, end) with every range it touches, from index i down.
    let s = start;
    let e = end;
    let j = i;
    while (j >= 0 && r[j + 1] >= s) {
      s = Math.min(s, r[j]);
      e = Math.max(e, r[j + 1]);
      j -= 2;
    }
    r.splice(j + 2, i - j, s, e);
    let bytes = 0;
    for (let k = 0; k < r.length; k += 2) bytes += r[k + 1] - r[k];
    this.receivedSlots = bytes * 4;
  }
}
