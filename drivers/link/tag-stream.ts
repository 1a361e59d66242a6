/**
 * A tag stream with credit-based flow control (FRAMING.md §8) on top of a
 * BoardLink. The board may send TagBatch events only while it holds credit;
 * the consumer calls `release()` once per batch it has finished with, and
 * credit goes back to the board in half-window steps. A slow consumer thus
 * stops the board (which buffers or drops and reports `dropped_tags`)
 * instead of flooding the host.
 */
import { TypedEvents } from '../typed-events.ts';
import type { RequestOf } from '../../firmware-protocol/index.ts';
import type { qkd } from '../../firmware-protocol/index.ts';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import type { BoardLink } from './board-link.ts';
import { CreditWindow } from './credit-window.ts';

export interface TagStreamOptions {
  /** Batches the host lets the board send ahead of consumption. Default 8. */
  windowBatches?: number;
}

export interface TagStreamStats {
  batches: number;
  /** Batches missing from batch_seq gaps (corrupted frames). */
  lostBatches: number;
  /** Batches the board sent without credit (a firmware bug). */
  overCreditBatches: number;
  /** Sum of the board's `dropped_tags` (its FIFO overflowed while waiting for credit). */
  droppedTags: number;
  creditGrants: number;
}

export interface TagStreamEvents {
  batch: (batch: qkd.TagBatch) => void;
  /** The board sent the batch marked `last`. */
  end: () => void;
  /** A GrantCredit failed or the board broke the credit rule. */
  error: (err: QkdError) => void;
}

export class TagStream extends TypedEvents<TagStreamEvents> {
  private readonly window: CreditWindow;
  private readonly counters: TagStreamStats = { batches: 0, lostBatches: 0, overCreditBatches: 0, droppedTags: 0, creditGrants: 0 };
  private unsubscribe: () => void = () => undefined;
  private ended = false;

  private constructor(
    private readonly link: BoardLink,
    readonly streamId: number,
    readonly startFrame: qkd.StartTagStreamResponse['startFrame'],
    windowBatches: number,
  ) {
    super();
    this.window = new CreditWindow(windowBatches, 0);
  }

  /**
   * Start a stream: subscribe first (the board may send its first batches in
   * the same chunk as the response), then StartTagStream with the initial
   * credit, then deliver batches of our stream id.
   */
  static async start(
    link: BoardLink,
    request: Omit<RequestOf<'startTagStream'>, 'initialCreditLimitSeq'>,
    options: TagStreamOptions = {},
  ): Promise<TagStream> {
    const windowBatches = options.windowBatches ?? 8;
    const early: qkd.TagBatch[] = [];
    let stream: TagStream | null = null;
    const unsubscribe = link.onEvent('tagBatch', (batch) => {
      if (stream) stream.receive(batch);
      else early.push(batch);
    });
    try {
      const res = await link.call('startTagStream', { ...request, initialCreditLimitSeq: windowBatches });
      stream = new TagStream(link, res.streamId, res.startFrame, windowBatches);
      stream.unsubscribe = unsubscribe;
      for (const b of early) stream.receive(b);
      return stream;
    } catch (err) {
      unsubscribe();
      throw err;
    }
  }

  get stats(): TagStreamStats {
    return { ...this.counters };
  }

  /** Batches received and not yet released. */
  get outstanding(): number {
    return this.window.outstanding;
  }

  /** The consumer is done with one batch; may send a GrantCredit. */
  release(): void {
    const limit = this.window.consume();
    if (limit === null || this.ended) return;
    this.counters.creditGrants++;
    this.link.call('grantCredit', { streamId: this.streamId, creditLimitSeq: limit }).catch((err: unknown) => {
      if (err instanceof QkdError) this.emitter.emit('error', err);
    });
  }

  /** StopTagStream; batches still on the board arrive, then `end`. */
  async stop(): Promise<void> {
    await this.link.call('stopTagStream', {});
  }

  /** Stop listening (after `end`, or when abandoning the stream). */
  detach(): void {
    this.unsubscribe();
  }

  private receive(batch: qkd.TagBatch): void {
    if (batch.streamId !== this.streamId) return;
    const v = this.window.receive(batch.batchSeq);
    if (v.kind === 'stale') return;
    if (v.kind === 'gap') this.counters.lostBatches += v.lost;
    if (v.kind === 'over-credit') {
      this.counters.overCreditBatches++;
      this.emitter.emit(
        'error',
        new QkdError(QkdErrorCode.Backpressure, `stream ${this.streamId}: batch ${batch.batchSeq} sent beyond credit ${this.window.limit}`),
      );
    }
    this.counters.batches++;
    this.counters.droppedTags += batch.droppedTags;
    this.emitter.emit('batch', batch);
    if (batch.last) {
      this.ended = true;
      this.emitter.emit('end');
    }
  }
}
