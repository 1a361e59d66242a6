/**
 * Host side of tag-stream flow control (FRAMING.md §8), pure: tracks the
 * cumulative credit limit granted, checks arriving batch sequence numbers
 * and decides when to grant more. Sequence numbers are uint32 and wrap, so
 * every comparison is on the signed 32-bit difference.
 */

export type BatchVerdict =
  | { kind: 'ok' }
  /** `lost` batches were skipped (their frames were corrupted on the line). */
  | { kind: 'gap'; lost: number }
  /** Sent beyond the credit granted: a board bug, counted, batch still delivered. */
  | { kind: 'over-credit' }
  /** An old sequence number: dropped. */
  | { kind: 'stale' };

/** Signed distance a − b on the uint32 circle. */
const diff = (a: number, b: number): number => (a - b) | 0;

export class CreditWindow {
  /** Credit limit last granted: the board may send batch_seq < limit. */
  limit: number;
  /** Next batch_seq expected from the board. */
  private expected: number;
  /** Batches received but not yet consumed. */
  outstanding = 0;
  /** Consumed since the last grant. */
  private consumedSinceGrant = 0;

  constructor(
    readonly windowBatches: number,
    firstSeq = 0,
  ) {
    if (!Number.isInteger(windowBatches) || windowBatches < 1 || windowBatches > 65536) {
      throw new RangeError(`windowBatches must be an integer 1..65536, got ${windowBatches}`);
    }
    this.expected = firstSeq >>> 0;
    this.limit = (firstSeq + windowBatches) >>> 0;
  }

  /** Check an arriving batch. Stale batches are not counted as outstanding. */
  receive(batchSeq: number): BatchVerdict {
    const d = diff(batchSeq, this.expected);
    if (d < 0) return { kind: 'stale' };
    this.expected = (batchSeq + 1) >>> 0;
    this.outstanding++;
    if (diff(this.limit, batchSeq) <= 0) return { kind: 'over-credit' };
    return d === 0 ? { kind: 'ok' } : { kind: 'gap', lost: d };
  }

  /**
   * The consumer is done with one batch. Returns the new limit to grant, or
   * null: credit goes back in half-window steps so that a busy stream costs
   * one GrantCredit per windowBatches/2 batches, not one per batch.
   */
  consume(): number | null {
    if (this.outstanding === 0) return null;
    this.outstanding--;
    this.consumedSinceGrant++;
    if (this.consumedSinceGrant < Math.max(1, this.windowBatches >> 1)) return null;
    this.consumedSinceGrant = 0;
    // Never let credit run past what the consumer can hold: expected + room left.
    this.limit = (this.expected + this.windowBatches - this.outstanding) >>> 0;
    return this.limit;
  }
}
