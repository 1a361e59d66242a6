/**
 * Pure bookkeeping of the detector's tag stream across reconnects: which
 * batch is next, which arriving batch is a duplicate (dropped), and which
 * batches are missing (reported, never silent). Batch numbers are uint32
 * and wrap, so comparisons use the signed 32-bit difference.
 */

/** A hole in the delivered stream. */
export interface TagGap {
  /**
   * 'sequence': batch_seq jumped within one stream (frames lost on the line,
   * or batches the board sent while the link was down); lostBatches exact.
   * 'stream-restarted': the board lost its stream (power cycle) and the
   * driver started a new one; how many batches the old stream would have
   * produced is unknown, so lostBatches is null. receivedSeq is 0, the
   * first batch_seq of the new stream `resumedStreamId`.
   */
  readonly cause: 'sequence' | 'stream-restarted';
  /** Stream in which the next batch was expected. */
  readonly streamId: number;
  /** batch_seq that was expected next in `streamId`. */
  readonly expectedSeq: number;
  /** batch_seq that came instead (for a restart: the new stream's first, in `resumedStreamId`). */
  readonly receivedSeq: number;
  readonly lostBatches: number | null;
  /** For a restart: the new stream id. */
  readonly resumedStreamId?: number;
}

export type SequenceVerdict =
  | { readonly kind: 'deliver'; readonly gap: TagGap | null }
  | { readonly kind: 'duplicate' }
  /** A batch of another stream (an old one still draining): not ours now. */
  | { readonly kind: 'foreign' };

const diff = (a: number, b: number): number => (a - b) | 0;

export class TagSequencer {
  private stream: number;
  private expected: number;

  constructor(streamId: number, firstSeq = 0) {
    this.stream = streamId;
    this.expected = firstSeq >>> 0;
  }

  get streamId(): number {
    return this.stream;
  }

  /** Next batch_seq expected. */
  get expectedSeq(): number {
    return this.expected;
  }

  accept(streamId: number, batchSeq: number): SequenceVerdict {
    if (streamId !== this.stream) return { kind: 'foreign' };
    const d = diff(batchSeq, this.expected);
    if (d < 0) return { kind: 'duplicate' };
    const gap: TagGap | null =
      d > 0 ? { cause: 'sequence', streamId, expectedSeq: this.expected, receivedSeq: batchSeq, lostBatches: d } : null;
    this.expected = (batchSeq + 1) >>> 0;
    return { kind: 'deliver', gap };
  }

  /**
   * The board says its next batch is `nextSeq` (GrantCredit after a
   * reconnect). Batches between are gone (sent into the dead link): returns
   * that gap now, so it is reported even if the stream then ends.
   */
  skipTo(nextSeq: number): TagGap | null {
    const d = diff(nextSeq, this.expected);
    if (d <= 0) return null;
    const gap: TagGap = {
      cause: 'sequence',
      streamId: this.stream,
      expectedSeq: this.expected,
      receivedSeq: nextSeq >>> 0,
      lostBatches: d,
    };
    this.expected = nextSeq >>> 0;
    return gap;
  }

  /**
   * The driver started a new board stream in place of a lost one (the
   * board lost power with it). Returns the gap to report at once: the new
   * stream's batches start at 0.
   */
  restart(newStreamId: number): TagGap {
    const gap: TagGap = {
      cause: 'stream-restarted',
      streamId: this.stream,
      expectedSeq: this.expected,
      receivedSeq: 0,
      lostBatches: null,
      resumedStreamId: newStreamId,
    };
    this.stream = newStreamId;
    this.expected = 0;
    return gap;
  }
}
