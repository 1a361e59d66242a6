/**
 * A TagBatch as the detector driver delivers it: typed arrays, no object
 * per tag (DESIGN.md hot-path rules). `timestampsPs` are absolute on the
 * bench clock (base_time_ps + offset), exact while below 2^53 ps.
 */
import { decodeTagRecords, TAG_RECORD_BYTES, type qkd } from '../../firmware-protocol/index.ts';
import { u64 } from './u64.ts';

export interface DecodedTagBatch {
  /** Host-side delivery number: 0, 1, 2, … over the driver's whole stream, across restarts and reconnects; never repeats. */
  readonly seq: number;
  /** Board stream this batch came from (changes when the stream had to be restarted). */
  readonly streamId: number;
  /** The board's batch_seq within `streamId`. */
  readonly batchSeq: number;
  /** ps since the bench-clock epoch of offset 0. */
  readonly baseTimePs: number;
  /** Slot containing baseTimePs. */
  readonly baseSlot: number;
  /** Tagger channel (0..15) of each tag. */
  readonly channels: Uint8Array;
  /** Absolute time of each tag in ps, non-decreasing. */
  readonly timestampsPs: Float64Array;
  /** Tags the board dropped (FIFO overflow) since its previous batch; in no batch. */
  readonly droppedTags: number;
  /** The final batch after stopTagStream. */
  readonly last: boolean;
}

/** Decode, or return a reason when the board sent a malformed batch. */
export function decodeTagBatch(batch: qkd.TagBatch, seq: number): DecodedTagBatch | string {
  const n = batch.tags.length / TAG_RECORD_BYTES;
  if (!Number.isInteger(n)) return `batch ${batch.batchSeq}: ${batch.tags.length} tag bytes is not a multiple of ${TAG_RECORD_BYTES}`;
  if (n !== batch.tagCount) return `batch ${batch.batchSeq}: tag_count ${batch.tagCount} but ${n} records`;
  const channels = new Uint8Array(n);
  const timestampsPs = new Float64Array(n);
  if (decodeTagRecords(batch.tags, channels, timestampsPs) !== n) return `batch ${batch.batchSeq}: a tag offset is ≥ 2^40 ps`;
  const baseTimePs = u64(batch.baseTimePs);
  for (let i = 0; i < n; i++) timestampsPs[i] += baseTimePs;
  return {
    seq,
    streamId: batch.streamId,
    batchSeq: batch.batchSeq,
    baseTimePs,
    baseSlot: u64(batch.baseSlot),
    channels,
    timestampsPs,
    droppedTags: batch.droppedTags,
    last: batch.last,
  };
}
