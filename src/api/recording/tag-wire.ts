/**
 * The binary framing of `GET /api/v1/tags?seconds=N` (docs/control-api.md):
 * a compact stream of the receiver's raw detector tags that `qkdctl record`
 * turns into a PTU file. Shared by the route (encoder) and the client
 * (decoder), so the two cannot drift apart.
 *
 *   "QKDTAGS1"                          8-byte magic
 *   then frames: u8 kind, u32 LE payload length, payload
 *     kind 0 START  JSON: the bench (node id, pulse rate, channels, gate, frame slots, distance) and the window
 *     kind 1 TAGS   u32 LE count n, n channel bytes, n float64 LE timestamps (ps, tagger clock)
 *     kind 2 END    JSON: tags sent, batches, why it ended (`done`, or an error: `overflow`, `node-stopped`)
 *
 * One TAGS frame per batch the detector delivered, in order. The stream
 * always ends with END; a stream that stops without it was cut. The framing
 * shared with the pattern stream is record-stream-wire.ts.
 */

import {
  encodeStreamJsonFrame,
  RecordStreamDecoder,
  type RecordStreamEndFields,
  type RecordStreamWindow,
  type RecordStreamEvent,
  STREAM_FRAME_DATA,
  STREAM_FRAME_END,
  STREAM_FRAME_HEAD,
  STREAM_FRAME_START,
} from './record-stream-wire.ts';

export const TAG_STREAM_MAGIC = 'QKDTAGS1';
export const TAG_STREAM_CONTENT_TYPE = 'application/x-qkdd-tags';
export const FRAME_START = STREAM_FRAME_START;
export const FRAME_TAGS = STREAM_FRAME_DATA;
export const FRAME_END = STREAM_FRAME_END;
const FRAME_HEAD = STREAM_FRAME_HEAD;

export interface TagStreamStart extends RecordStreamWindow {
  readonly bench: {
    readonly pulseRateHz?: number;
    readonly channels?: { h: number; v: number; d: number; a: number };
    readonly gateDelayPs?: number;
    readonly gateWidthPs?: number;
    readonly slotsPerFrame?: number;
    readonly distanceKm?: number;
  };
}

export interface TagStreamEnd extends RecordStreamEndFields {
  /** Tags in the TAGS frames of this stream. */
  readonly tags: number;
  readonly batches: number;
}

export const encodeJsonFrame: (kind: typeof FRAME_START | typeof FRAME_END, body: unknown) => Buffer = encodeStreamJsonFrame;

/** One TAGS frame (a copy: the listener's arrays are only valid during its call). */
export function encodeTagsFrame(channels: Uint8Array, timestampsPs: Float64Array): Buffer {
  const n = channels.length;
  const out = Buffer.allocUnsafe(FRAME_HEAD + 4 + n * 9);
  out.writeUInt8(FRAME_TAGS, 0);
  out.writeUInt32LE(4 + n * 9, 1);
  out.writeUInt32LE(n, FRAME_HEAD);
  out.set(channels.subarray(0, n), FRAME_HEAD + 4);
  const tsAt = FRAME_HEAD + 4 + n;
  // Float64 bytes as they are: little-endian on every host qkdd runs on (the peer wire requires it too).
  out.set(new Uint8Array(timestampsPs.buffer, timestampsPs.byteOffset, n * 8), tsAt);
  return out;
}

export type TagsData = { readonly kind: 'tags'; readonly channels: Uint8Array; readonly timestampsPs: Float64Array };
export type TagStreamEvent = RecordStreamEvent<TagStreamStart, TagsData, TagStreamEnd>;

/** Incremental decoder of the stream; `push` chunks as they arrive. Throws a plain Error on bytes that are not this framing. */
export class TagStreamDecoder extends RecordStreamDecoder<TagStreamStart, TagsData, TagStreamEnd> {
  constructor() {
    super({
      magic: TAG_STREAM_MAGIC,
      name: 'tag stream',
      decodeData(body, len) {
        const n = body.readUInt32LE(0);
        if (len !== 4 + n * 9) throw new Error(`TAGS frame of ${len} bytes for ${n} tags`);
        const channels = new Uint8Array(n);
        channels.set(body.subarray(4, 4 + n));
        const timestampsPs = new Float64Array(n);
        new Uint8Array(timestampsPs.buffer).set(body.subarray(4 + n, 4 + n + n * 8));
        return { kind: 'tags', channels, timestampsPs };
      },
    });
  }
}
