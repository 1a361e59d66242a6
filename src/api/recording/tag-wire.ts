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
 * always ends with END; a stream that stops without it was cut.
 */

export const TAG_STREAM_MAGIC = 'QKDTAGS1';
export const TAG_STREAM_CONTENT_TYPE = 'application/x-qkdd-tags';
export const FRAME_START = 0;
export const FRAME_TAGS = 1;
export const FRAME_END = 2;
const FRAME_HEAD = 5;

export interface TagStreamStart {
  readonly nodeId: string;
  readonly seconds: number;
  /** ms since the epoch when the window opened. */
  readonly startedAtMs: number;
  readonly bench: {
    readonly pulseRateHz?: number;
    readonly channels?: { h: number; v: number; d: number; a: number };
    readonly gateDelayPs?: number;
    readonly gateWidthPs?: number;
    readonly slotsPerFrame?: number;
    readonly distanceKm?: number;
  };
}

export interface TagStreamEnd {
  /** Tags in the TAGS frames of this stream. */
  readonly tags: number;
  readonly batches: number;
  /** Window length actually covered, ms. */
  readonly durationMs: number;
  readonly reason: 'done' | 'overflow' | 'node-stopped';
  /** Why the stream ended early, for people. */
  readonly error?: string;
}

export function encodeJsonFrame(kind: typeof FRAME_START | typeof FRAME_END, body: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(body), 'utf8');
  const out = Buffer.allocUnsafe(FRAME_HEAD + json.length);
  out.writeUInt8(kind, 0);
  out.writeUInt32LE(json.length, 1);
  json.copy(out, FRAME_HEAD);
  return out;
}

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

export type TagStreamEvent =
  | { readonly kind: 'start'; readonly start: TagStreamStart }
  | { readonly kind: 'tags'; readonly channels: Uint8Array; readonly timestampsPs: Float64Array }
  | { readonly kind: 'end'; readonly end: TagStreamEnd };

/** Incremental decoder of the stream; `push` chunks as they arrive. Throws a plain Error on bytes that are not this framing. */
export class TagStreamDecoder {
  private pending: Buffer = Buffer.alloc(0);
  private sawMagic = false;
  /** Bytes consumed so far (for messages). */
  offset = 0;

  push(chunk: Buffer): TagStreamEvent[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const events: TagStreamEvent[] = [];
    let at = 0;
    const buf = this.pending;
    if (!this.sawMagic) {
      if (buf.length < 8) return events;
      if (buf.toString('latin1', 0, 8) !== TAG_STREAM_MAGIC) throw new Error(`not a tag stream (no ${TAG_STREAM_MAGIC} magic)`);
      this.sawMagic = true;
      at = 8;
    }
    while (buf.length - at >= FRAME_HEAD) {
      const kind = buf.readUInt8(at);
      const len = buf.readUInt32LE(at + 1);
      if (buf.length - at - FRAME_HEAD < len) break;
      const body = buf.subarray(at + FRAME_HEAD, at + FRAME_HEAD + len);
      if (kind === FRAME_TAGS) {
        const n = body.readUInt32LE(0);
        if (len !== 4 + n * 9) throw new Error(`tag stream byte ${this.offset + at}: TAGS frame of ${len} bytes for ${n} tags`);
        const channels = new Uint8Array(n);
        channels.set(body.subarray(4, 4 + n));
        const timestampsPs = new Float64Array(n);
        new Uint8Array(timestampsPs.buffer).set(body.subarray(4 + n, 4 + n + n * 8));
        events.push({ kind: 'tags', channels, timestampsPs });
      } else if (kind === FRAME_START) {
        events.push({ kind: 'start', start: JSON.parse(body.toString('utf8')) as TagStreamStart });
      } else if (kind === FRAME_END) {
        events.push({ kind: 'end', end: JSON.parse(body.toString('utf8')) as TagStreamEnd });
      } else {
        throw new Error(`tag stream byte ${this.offset + at}: unknown frame kind ${kind}`);
      }
      at += FRAME_HEAD + len;
    }
    this.offset += at;
    this.pending = buf.subarray(at);
    return events;
  }
}
