/**
 * The framing shared by the recording streams of the control API
 * (`GET /api/v1/tags`, tag-wire.ts; `GET /api/v1/patterns`, patterns-wire.ts):
 *
 *   8-byte magic (one per stream kind)
 *   then frames: u8 kind, u32 LE payload length, payload
 *     kind 0 START  JSON
 *     kind 1 DATA   the kind's binary payload (its own file decodes it)
 *     kind 2 END    JSON
 *
 * Kept once here so that the two streams cannot drift apart; each kind keeps
 * only its magic, its START/END shapes and its DATA payload.
 */

export const STREAM_FRAME_START = 0;
export const STREAM_FRAME_DATA = 1;
export const STREAM_FRAME_END = 2;
/** u8 kind + u32 LE payload length. */
export const STREAM_FRAME_HEAD = 5;

/** The fields every START frame carries. */
export interface RecordStreamWindow {
  readonly nodeId: string;
  readonly seconds: number;
  /** ms since the epoch when the window opened. */
  readonly startedAtMs: number;
}

/** The fields every END frame carries (beside the kind's counts). */
export interface RecordStreamEndFields {
  /** Window length actually covered, ms. */
  readonly durationMs: number;
  readonly reason: 'done' | 'overflow' | 'node-stopped';
  /** Why the stream ended early, for people. */
  readonly error?: string;
}

/** A START or END frame: its body as JSON. */
export function encodeStreamJsonFrame(kind: typeof STREAM_FRAME_START | typeof STREAM_FRAME_END, body: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(body), 'utf8');
  const out = Buffer.allocUnsafe(STREAM_FRAME_HEAD + json.length);
  out.writeUInt8(kind, 0);
  out.writeUInt32LE(json.length, 1);
  json.copy(out, STREAM_FRAME_HEAD);
  return out;
}

/** What a stream kind tells the shared decoder. */
export interface RecordStreamFraming<Data> {
  readonly magic: string;
  /** For messages: 'tag stream', 'pattern stream'. */
  readonly name: string;
  /** Decodes one DATA frame's payload (`len` bytes); throws a plain Error (its message is prefixed with the byte offset). */
  decodeData(body: Buffer, len: number): Data;
}

export type RecordStreamEvent<Start, Data, End> =
  | { readonly kind: 'start'; readonly start: Start }
  | Data
  | { readonly kind: 'end'; readonly end: End };

/** Incremental decoder of a recording stream; `push` chunks as they arrive. Throws a plain Error on bytes that are not this framing. */
export class RecordStreamDecoder<Start, Data, End> {
  private pending: Buffer = Buffer.alloc(0);
  private sawMagic = false;
  /** Bytes consumed so far (for messages). */
  offset = 0;

  constructor(private readonly framing: RecordStreamFraming<Data>) {}

  push(chunk: Buffer): RecordStreamEvent<Start, Data, End>[] {
    const { magic, name } = this.framing;
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const events: RecordStreamEvent<Start, Data, End>[] = [];
    let at = 0;
    const buf = this.pending;
    if (!this.sawMagic) {
      if (buf.length < 8) return events;
      if (buf.toString('latin1', 0, 8) !== magic) throw new Error(`not a ${name} (no ${magic} magic)`);
      this.sawMagic = true;
      at = 8;
    }
    while (buf.length - at >= STREAM_FRAME_HEAD) {
      const kind = buf.readUInt8(at);
      const len = buf.readUInt32LE(at + 1);
      if (buf.length - at - STREAM_FRAME_HEAD < len) break;
      const body = buf.subarray(at + STREAM_FRAME_HEAD, at + STREAM_FRAME_HEAD + len);
      if (kind === STREAM_FRAME_DATA) {
        let data: Data;
        try {
          data = this.framing.decodeData(body, len);
        } catch (err) {
          throw new Error(`${name} byte ${this.offset + at}: ${(err as Error).message}`);
        }
        events.push(data);
      } else if (kind === STREAM_FRAME_START) {
        events.push({ kind: 'start', start: JSON.parse(body.toString('utf8')) as Start });
      } else if (kind === STREAM_FRAME_END) {
        events.push({ kind: 'end', end: JSON.parse(body.toString('utf8')) as End });
      } else {
        throw new Error(`${name} byte ${this.offset + at}: unknown frame kind ${kind}`);
      }
      at += STREAM_FRAME_HEAD + len;
    }
    this.offset += at;
    this.pending = buf.subarray(at);
    return events;
  }
}
