/**
 * One tag stream of the time tagger (time_tagger.proto, TagBatch): packs
 * tags into batches (never one message per tag) and sends them under the
 * host's cumulative credit (batch_seq < credit_limit_seq, compared on the
 * uint32 circle). Batches close after `maxTags` tags or `maxLatencyPs` of
 * bench time since their first tag, or when the bench stalls (on hardware
 * the latency timer would fire then). Preallocated per batch; no object per tag.
 */
import { encodeTagRecords, type qkd } from '../../firmware-protocol/index.ts';

export interface TagBatcherOptions {
  streamId: number;
  maxTags: number;
  maxLatencyPs: number;
  slotPeriodPs: number;
  initialCreditLimitSeq: number;
  /** Batches the board holds waiting for credit before it drops tags. */
  fifoBatches: number;
}

type BatchBody = qkd.TagBatch.$Properties;

export class TagBatcher {
  readonly streamId: number;
  private readonly channels: Uint8Array;
  private readonly offsetsPs: Float64Array;
  private count = 0;
  private baseSlot = 0;
  private baseTimePs = 0;
  private firstTagPs = 0;
  private nextSeq = 0;
  private creditLimit: number;
  private readonly queue: BatchBody[] = [];
  private droppedSinceLast = 0;
  droppedTotal = 0;
  /** StopTagStream received: no more tags; the final batch is queued. */
  stopping = false;
  /** The final batch has gone out. */
  ended = false;

  constructor(private readonly o: TagBatcherOptions) {
    this.streamId = o.streamId;
    this.channels = new Uint8Array(o.maxTags);
    this.offsetsPs = new Float64Array(o.maxTags);
    this.creditLimit = o.initialCreditLimitSeq >>> 0;
  }

  get queued(): number {
    return this.queue.length;
  }

  get nextBatchSeq(): number {
    return this.queue.length > 0 ? (this.queue[0].batchSeq as number) : this.nextSeq;
  }

  add(timePs: number, channel: number): void {
    if (this.stopping) return;
    if (this.count > 0 && (this.count === this.o.maxTags || timePs - this.firstTagPs >= this.o.maxLatencyPs)) this.close();
    if (this.count === 0) {
      if (this.queue.length >= this.o.fifoBatches) {
        // FIFO full while the host withholds credit: the tag is lost and reported.
        this.droppedSinceLast++;
        this.droppedTotal++;
        return;
      }
      this.baseSlot = Math.floor(timePs / this.o.slotPeriodPs);
      this.baseTimePs = this.baseSlot * this.o.slotPeriodPs;
      this.firstTagPs = timePs;
    }
    this.channels[this.count] = channel;
    this.offsetsPs[this.count] = timePs - this.baseTimePs;
    this.count++;
  }

  /** Close the open batch, if it holds any tag. */
  close(): void {
    if (this.count === 0) return;
    const n = this.count;
    this.enqueue({
      baseTimePs: this.baseTimePs,
      baseSlot: this.baseSlot,
      tagCount: n,
      tags: encodeTagRecords(this.channels, this.offsetsPs, n),
    });
    this.count = 0;
  }

  /** StopTagStream: close what is open and queue the final, empty batch marked `last`. */
  stop(nowPs: number): void {
    if (this.stopping) return;
    this.close();
    const baseSlot = Math.max(0, Math.floor(nowPs / this.o.slotPeriodPs));
    this.enqueue({ baseTimePs: baseSlot * this.o.slotPeriodPs, baseSlot, tagCount: 0, tags: new Uint8Array(0), last: true });
    this.stopping = true;
  }

  /** Raise the credit limit (a smaller one is ignored). */
  grant(limit: number): void {
    if ((((limit >>> 0) - this.creditLimit) | 0) > 0) this.creditLimit = limit >>> 0;
  }

  /** Batches that may go out now, in order; removed from the queue. */
  takeSendable(): BatchBody[] {
    const out: BatchBody[] = [];
    while (this.queue.length > 0 && ((this.creditLimit - (this.queue[0].batchSeq as number)) | 0) > 0) {
      const b = this.queue.shift() as BatchBody;
      if (b.last) this.ended = true;
      out.push(b);
    }
    return out;
  }

  private enqueue(b: Omit<BatchBody, 'streamId' | 'batchSeq' | 'droppedTags'>): void {
    this.queue.push({ ...b, streamId: this.streamId, batchSeq: this.nextSeq, droppedTags: this.droppedSinceLast });
    this.nextSeq = (this.nextSeq + 1) >>> 0;
    this.droppedSinceLast = 0;
  }
}
