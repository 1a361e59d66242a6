/**
 * The binary framing of `GET /api/v1/patterns?seconds=N` (docs/control-api.md):
 * the transmitter's frame patterns as it emits them, which `qkdctl record
 * --patterns` writes as a pattern file (formats/pattern/pattern-file.ts) for
 * `qkdctl analyze --pattern`. Shared by the route (encoder) and the client
 * (decoder), so the two cannot drift apart. Framed like the tag stream
 * (tag-wire.ts; the shared framing is record-stream-wire.ts):
 *
 *   "QKDPATS1"                          8-byte magic
 *   then frames: u8 kind, u32 LE payload length, payload
 *     kind 0 START    JSON: node id, slots per frame, pulse rate, the window
 *     kind 1 PATTERN  f64 LE bench-clock frame id, then ceil(S/8) u32 LE words (4 bits a slot, sifting/pattern.ts)
 *     kind 2 END      JSON: patterns sent, why it ended (`done`, or an error: `overflow`, `node-stopped`)
 *
 * One PATTERN frame per emitted frame, in emission order. The stream always
 * ends with END; a stream that stops without it was cut. The payload is
 * secret: each pattern is the raw key of its frame (the node burns it).
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

export const PATTERN_STREAM_MAGIC = 'QKDPATS1';
export const PATTERN_STREAM_CONTENT_TYPE = 'application/x-qkdd-patterns';
export const PATTERN_FRAME_START = STREAM_FRAME_START;
export const PATTERN_FRAME_PATTERN = STREAM_FRAME_DATA;
export const PATTERN_FRAME_END = STREAM_FRAME_END;
const FRAME_HEAD = STREAM_FRAME_HEAD;

export interface PatternStreamStart extends RecordStreamWindow {
  readonly slotsPerFrame: number;
  readonly pulseRateHz?: number;
}

export interface PatternStreamEnd extends RecordStreamEndFields {
  /** PATTERN frames in this stream (frames burnt for it). */
  readonly patterns: number;
}

export const encodePatternJsonFrame: (kind: typeof PATTERN_FRAME_START | typeof PATTERN_FRAME_END, body: unknown) => Buffer =
  encodeStreamJsonFrame;

/** One PATTERN frame (a copy: the listener's pattern is only valid during its call). */
export function encodePatternFrame(frameId: number, words: Uint32Array): Buffer {
  const out = Buffer.alloc(FRAME_HEAD + 8 + words.length * 4);
  out.writeUInt8(PATTERN_FRAME_PATTERN, 0);
  out.writeUInt32LE(8 + words.length * 4, 1);
  out.writeDoubleLE(frameId, FRAME_HEAD);
  // u32 words as they are: little-endian on every host qkdd runs on (tag-wire.ts relies on it too).
  out.set(new Uint8Array(words.buffer, words.byteOffset, words.length * 4), FRAME_HEAD + 8);
  return out;
}

export type PatternData = { readonly kind: 'pattern'; readonly frameId: number; readonly words: Uint32Array };
export type PatternStreamEvent = RecordStreamEvent<PatternStreamStart, PatternData, PatternStreamEnd>;

/** Incremental decoder of the stream; `push` chunks as they arrive. Throws a plain Error on bytes that are not this framing. */
export class PatternStreamDecoder extends RecordStreamDecoder<PatternStreamStart, PatternData, PatternStreamEnd> {
  constructor() {
    super({
      magic: PATTERN_STREAM_MAGIC,
      name: 'pattern stream',
      decodeData(body, len) {
        if (len < 8 || (len - 8) % 4 !== 0) throw new Error(`PATTERN frame of ${len} bytes (8 + a multiple of 4 expected)`);
        const frameId = body.readDoubleLE(0);
        const words = new Uint32Array((len - 8) / 4);
        new Uint8Array(words.buffer).set(body.subarray(8, len));
        body.fill(0);
        return { kind: 'pattern', frameId, words };
      },
    });
  }
}
