/**
 * The detector's tag stream as the host consumes it: an async iterator of
 * decoded batches (typed arrays) under credit flow control, that survives
 * reconnects. Credit goes back to the board as the consumer pulls batches,
 * so a slow consumer pauses the board instead of flooding the host.
 *
 * Across a reconnect (detector-driver.ts decides which):
 *  - resume: the board kept the stream (link dropped, board kept power):
 *    GrantCredit on the same stream id; its next_batch_seq tells which
 *    batches went into the dead link, reported as a 'sequence' gap;
 *  - restart: the board lost it (power cycle): a new StartTagStream with the
 *    same request, reported as a 'stream-restarted' gap.
 * Duplicates (a batch_seq already delivered) are dropped and counted. Every
 * hole is a 'gap' event; none is silent.
 */
import { TypedEvents } from '../typed-events.ts';
import type { RequestOf, qkd } from '../../firmware-protocol/index.ts';
import { QkdError, QkdErrorCode, isDeviceError } from '../../errors/index.ts';
import type { BoardLink } from '../link/board-link.ts';
import { CreditWindow } from '../link/credit-window.ts';
import { decodeTagBatch, type DecodedTagBatch } from './tag-batch.ts';
import { TagSequencer, type TagGap } from './tag-sequencer.ts';
import { u64 } from './u64.ts';

export type TagStreamRequest = Omit<RequestOf<'startTagStream'>, 'initialCreditLimitSeq'>;

export interface DetectorStreamStats {
  batches: number;
  tags: number;
  duplicates: number;
  /** Batches known lost (sum of exact gaps); restarts count in `restarts`. */
  lostBatches: number;
  gaps: number;
  restarts: number;
  resumes: number;
  /** Sum of the board's dropped_tags. */
  droppedTags: number;
  /** Batches of another stream id, ignored. */
  foreign: number;
  malformed: number;
}

export interface DetectorTagStreamEvents {
  gap: (gap: TagGap) => void;
  /** The final batch was delivered to the iterator's queue. */
  end: () => void;
  /** Non-fatal trouble (credit grant failed, over-credit batch, malformed batch). */
  warning: (err: QkdError) => void;
}

export class DetectorTagStream extends TypedEvents<DetectorTagStreamEvents> implements AsyncIterable<DecodedTagBatch> {
  private readonly queue: DecodedTagBatch[] = [];
  private waiter: (() => void) | null = null;
  private sequencer: TagSequencer;
  private window: CreditWindow;
  private link: BoardLink | null = null;
  private unsubscribe: () => void = () => undefined;
  private nextDeliverySeq = 0;
  private ended = false;
  private failure: QkdError | null = null;
  readonly stats: DetectorStreamStats = {
    batches: 0,
    tags: 0,
    duplicates: 0,
    lostBatches: 0,
    gaps: 0,
    restarts: 0,
    resumes: 0,
    droppedTags: 0,
    foreign: 0,
    malformed: 0,
  };

  private constructor(
    readonly request: TagStreamRequest,
    readonly windowBatches: number,
    streamId: number,
    readonly startFrame: number,
  ) {
    super();
    this.sequencer = new TagSequencer(streamId);
    this.window = new CreditWindow(windowBatches, 0);
  }

  /** StartTagStream on `link`; batches arriving before the response are kept. */
  static async start(link: BoardLink, request: TagStreamRequest, windowBatches: number): Promise<DetectorTagStream> {
    const { early, stop, response } = await startOnBoard(link, request, windowBatches);
    const stream = new DetectorTagStream(request, windowBatches, response.streamId, u64(response.startFrame));
    stream.attach(link, stop, early);
    return stream;
  }

  get streamId(): number {
    return this.sequencer.streamId;
  }

  /** True once the final batch was queued or the stream failed. */
  get finished(): boolean {
    return this.ended || this.failure !== null;
  }

  /** StopTagStream; the batches still on the board follow, then the iterator ends. */
  async stop(): Promise<void> {
    if (this.finished) return;
    const link = this.link;
    if (!link) throw new QkdError(QkdErrorCode.NotConnected, 'tag stream: stop while disconnected');
    await link.call('stopTagStream', {});
  }

  /** The next batch, or null once the stream ended. Rejects when the stream failed. */
  async next(): Promise<DecodedTagBatch | null> {
    for (;;) {
      const b = this.queue.shift();
      if (b) {
        this.release();
        return b;
      }
      if (this.failure) throw this.failure;
      if (this.ended) return null;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<DecodedTagBatch> {
    return {
      next: async () => {
        const b = await this.next();
        return b ? { value: b, done: false } : { value: undefined, done: true };
      },
      // Leaving a for-await early stops the board's stream.
      return: async () => {
        if (!this.finished && this.link) await this.stop().catch(() => undefined);
        return { value: undefined, done: true };
      },
    };
  }

  // ---- used by the detector driver ---------------------------------------------

  /** The link died: stop listening; credit and batches wait for resume/restart. */
  detach(): void {
    this.unsubscribe();
    this.unsubscribe = () => undefined;
    this.link = null;
  }

  /** The board kept the stream: carry on with it on the new link. Returns false when it did not. */
  async resume(link: BoardLink): Promise<boolean> {
    const expected = this.sequencer.expectedSeq;
    let early: qkd.TagBatch[] = [];
    const stop = link.onEvent('tagBatch', (b) => early.push(b));
    let res: qkd.GrantCreditResponse;
    try {
      // A limit the board already holds is ignored, so this only asks where the stream is.
      res = await link.call('grantCredit', { streamId: this.streamId, creditLimitSeq: expected });
    } catch (err) {
      stop();
      if (isDeviceError(err)) return false; // the board does not know the stream any more
      throw err;
    }
    this.stats.resumes++;
    // Batches before next_batch_seq went into the dead link (or came early on this one).
    const gap = this.sequencer.skipTo(res.nextBatchSeq);
    if (gap) this.reportGap(gap);
    const next = this.sequencer.expectedSeq;
    this.window = new CreditWindow(this.windowBatches, next);
    this.attach(link, stop, early);
    await link.call('grantCredit', { streamId: this.streamId, creditLimitSeq: (next + this.room()) >>> 0 });
    early = [];
    return true;
  }

  /** The board lost the stream: start it again with the same request; the hole is reported. */
  async restart(link: BoardLink): Promise<void> {
    const { early, stop, response } = await startOnBoard(link, { ...this.request, startFrame: 0 }, this.room());
    this.stats.restarts++;
    this.reportGap(this.sequencer.restart(response.streamId));
    this.window = new CreditWindow(this.windowBatches, 0);
    this.attach(link, stop, early);
  }

  /** The driver gave up (session failed or closed): the iterator rejects with `err` once drained. */
  fail(err: QkdError): void {
    if (this.finished) return;
    this.detach();
    this.failure = err;
    this.wake();
  }

  // ---- internals ---------------------------------------------------------------

  /** Credit to offer: the window minus what the consumer has not taken yet (at least 1). */
  private room(): number {
    return Math.max(1, this.windowBatches - this.queue.length);
  }

  private attach(link: BoardLink, unsubscribeEarly: () => void, early: readonly qkd.TagBatch[]): void {
    // A restore attempt that failed after attaching left a subscription on its (dead) link.
    this.detach();
    this.link = link;
    // Re-route the subscription from the early buffer to receive().
    unsubscribeEarly();
    this.unsubscribe = link.onEvent('tagBatch', (b) => this.receive(b));
    for (const b of early) this.receive(b);
  }

  private receive(batch: qkd.TagBatch): void {
    if (this.ended) return;
    const v = this.sequencer.accept(batch.streamId, batch.batchSeq);
    if (v.kind === 'foreign') {
      this.stats.foreign++;
      return;
    }
    if (v.kind === 'duplicate') {
      this.stats.duplicates++;
      return;
    }
    if (v.gap) this.reportGap(v.gap);
    if (this.window.receive(batch.batchSeq).kind === 'over-credit') {
      this.warn(QkdErrorCode.Backpressure, `stream ${batch.streamId}: batch ${batch.batchSeq} beyond credit ${this.window.limit}`);
    }
    const decoded = decodeTagBatch(batch, this.nextDeliverySeq);
    if (typeof decoded === 'string') {
      this.stats.malformed++;
      this.warn(QkdErrorCode.ProtocolError, decoded);
      this.reportGap({
        cause: 'sequence',
        streamId: batch.streamId,
        expectedSeq: batch.batchSeq,
        receivedSeq: (batch.batchSeq + 1) >>> 0,
        lostBatches: 1,
      });
      this.release(); // the slot is free: no consumer will take it
    } else {
      this.nextDeliverySeq++;
      this.stats.batches++;
      this.stats.tags += decoded.channels.length;
      this.stats.droppedTags += decoded.droppedTags;
      this.queue.push(decoded);
    }
    if (batch.last) {
      this.ended = true;
      this.detach();
      this.emitter.emit('end');
    }
    this.wake();
  }

  private reportGap(gap: TagGap): void {
    this.stats.gaps++;
    if (gap.lostBatches !== null) this.stats.lostBatches += gap.lostBatches;
    this.emitter.emit('gap', gap);
  }

  private release(): void {
    const limit = this.window.consume();
    const link = this.link;
    if (limit === null || link === null || this.ended) return;
    link.call('grantCredit', { streamId: this.streamId, creditLimitSeq: limit }).catch((err: unknown) => {
      // A lost link is handled by the reconnect; anything else is worth a warning.
      if (err instanceof QkdError && err.code !== QkdErrorCode.LinkClosed) this.emitter.emit('warning', err);
    });
  }

  private warn(code: QkdErrorCode, message: string): void {
    this.emitter.emit('warning', new QkdError(code, `tag stream: ${message}`));
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }
}

/** Subscribe first (the first batches may share a chunk with the response), then StartTagStream. */
async function startOnBoard(
  link: BoardLink,
  request: TagStreamRequest,
  initialCredit: number,
): Promise<{ early: qkd.TagBatch[]; stop: () => void; response: qkd.StartTagStreamResponse }> {
  const early: qkd.TagBatch[] = [];
  const stop = link.onEvent('tagBatch', (b) => early.push(b));
  try {
    const response = await link.call('startTagStream', { ...request, initialCreditLimitSeq: initialCredit });
    return { early, stop, response };
  } catch (err) {
    stop();
    throw err;
  }
}
