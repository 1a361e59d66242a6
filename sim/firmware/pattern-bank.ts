/**
 * One pattern bank of a pattern board (common.proto, "Patterns"): 2-bit
 * symbols packed four per byte (firmware-protocol/patterns.ts, the codec the
 * host uses too), filled by chunks in any order, checked by CRC-32C when
 * armed. Keeps a map of which bytes have arrived, so an incomplete upload is
 * caught (STATUS_CHECKSUM_MISMATCH) rather than played.
 */
import { crc32c, symbolAt as importedSymbolAt } from '../../firmware-protocol/index.ts';

// Module-local copy: transpilers that rewrite ESM imports (tsx, vitest) turn
// each use of an imported binding into a getter call, and symbol() runs once
// per slot of every simulated frame.
const symbolAt = importedSymbolAt;

export class PatternBank {
  totalSlots = 0;
  packed = new Uint8Array(0);
  /** 1 per packed byte received by the current upload. */
  private received = new Uint8Array(0);
  receivedSlots = 0;

  /**
   * Store a chunk. The first chunk (offset 0) restarts the upload with its
   * total_slots; other chunks must agree with it. Returns an error text or null.
   */
  write(totalSlots: number, offsetSlots: number, chunk: Uint8Array): string | null {
    if (offsetSlots === 0 || this.totalSlots !== totalSlots) {
      if (offsetSlots !== 0 && this.totalSlots !== 0) return `total_slots ${totalSlots} differs from this upload's ${this.totalSlots}`;
      this.totalSlots = totalSlots;
      this.packed = new Uint8Array(totalSlots / 4);
      this.received = new Uint8Array(totalSlots / 4);
      this.receivedSlots = 0;
    }
    const at = offsetSlots / 4;
    this.packed.set(chunk, at);
    for (let i = at; i < at + chunk.length; i++) {
      if (this.received[i] === 0) {
        this.received[i] = 1;
        this.receivedSlots += 4;
      }
    }
    return null;
  }

  complete(): boolean {
    return this.totalSlots > 0 && this.receivedSlots === this.totalSlots;
  }

  crc(): number {
    return crc32c(this.packed);
  }

  /** Symbol (0..3) of slot `i` (0 ≤ i < totalSlots). */
  symbol(i: number): number {
    return symbolAt(this.packed, i);
  }

  contains(symbol: number): boolean {
    for (let i = 0; i < this.totalSlots; i++) if (this.symbol(i) === symbol) return true;
    return false;
  }

  clear(): void {
    this.totalSlots = 0;
    this.packed = new Uint8Array(0);
    this.received = new Uint8Array(0);
    this.receivedSlots = 0;
  }
}
