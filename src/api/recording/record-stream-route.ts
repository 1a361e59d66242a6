/**
 * The streaming part shared by the recording routes of the control API
 * (`GET /api/v1/tags`, tag-stream-route.ts; `GET /api/v1/patterns`,
 * patterns-route.ts): the `?seconds=N` window, the magic and START frame, the
 * backpressure rule and the END frame. Each route keeps only what differs: its
 * source (what it subscribes to), its DATA frames and its END counts.
 *
 * Backpressure: the tap cannot slow the node down (it is called synchronously
 * from the node), so what the client has not read yet waits in memory; past
 * `maxBufferedBytes` the stream ends with an END frame whose reason is
 * `overflow`. A node that stops mid-window ends it with `node-stopped`; a
 * client that goes away stops the tap at once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodeStreamJsonFrame, STREAM_FRAME_END, STREAM_FRAME_START } from './record-stream-wire.ts';

export type RecordStreamEndReason = 'done' | 'overflow' | 'node-stopped';

/** A clock for the window: default setTimeout (tests give their own). */
export type RecordStreamTimer = (fn: () => void, ms: number) => { clear(): void };

export function defaultRecordStreamTimer(fn: () => void, ms: number): { clear(): void } {
  const t = setTimeout(fn, ms);
  return { clear: () => clearTimeout(t) };
}

/** A JSON error answer, as the control API writes them. */
export function failRecordStream(res: ServerResponse, status: number, code: string, message: string): void {
  const text = `${JSON.stringify({ error: { code, message } })}\n`;
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

/**
 * Sends one DATA frame unless the stream has ended; ends it with `overflow`
 * (and sends nothing) when too much waits unread. `encode` runs only when the
 * frame is sent; with `wipe` the frame is zeroed once written to the socket.
 * Returns whether the frame was sent.
 */
export type RecordStreamSend = (encode: () => Buffer, wipe?: boolean) => boolean;

export interface RecordStreamOptions<Start, End> {
  readonly maxSeconds: number;
  readonly maxBufferedBytes: number;
  readonly contentType: string;
  readonly magic: string;
  /** The END frame's error on overflow. */
  readonly overflowError: string;
  /** The 409 message when the node has no such source. */
  readonly noSourceError: string;
  /** Subscribes the tap; null when the node has no such source. Returns the unsubscribe. */
  subscribe(send: RecordStreamSend): (() => void) | null;
  /** The START frame of a window of `seconds`. */
  start(seconds: number): Start;
  /** The END frame. */
  end(reason: RecordStreamEndReason, durationMs: number, error?: string): End;
  readonly onNodeStop?: (listener: () => void) => () => void;
  readonly setTimer?: RecordStreamTimer;
}

/** Serves one request of a recording stream. */
export function serveRecordStream<Start, End>(req: IncomingMessage, res: ServerResponse, o: RecordStreamOptions<Start, End>): void {
  const url = new URL(req.url ?? '/', 'http://control.invalid');
  const raw = url.searchParams.get('seconds');
  const seconds = raw === null ? Number.NaN : Number(raw);
  if (!(seconds > 0 && seconds <= o.maxSeconds)) {
    failRecordStream(res, 400, 'bad_request', `seconds must be a number in (0, ${o.maxSeconds}], got ${JSON.stringify(raw)}`);
    return;
  }
  const cap = o.maxBufferedBytes;
  let ended = false;
  const startedAt = performance.now();
  const send: RecordStreamSend = (encode, wipe = false) => {
    if (ended) return false;
    if (res.writableLength > cap) {
      finish('overflow', o.overflowError);
      return false;
    }
    const frame = encode();
    if (wipe) res.write(frame, () => frame.fill(0));
    else res.write(frame);
    return true;
  };
  const unsubscribe = o.subscribe(send);
  if (!unsubscribe) {
    failRecordStream(res, 409, 'conflict', o.noSourceError);
    return;
  }
  const stopListening = o.onNodeStop?.(() => finish('node-stopped', 'the node stopped during the recording')) ?? (() => undefined);
  const timer = (o.setTimer ?? defaultRecordStreamTimer)(() => finish('done'), seconds * 1000);
  function finish(reason: RecordStreamEndReason, error?: string): void {
    if (ended) return;
    ended = true;
    unsubscribe?.();
    stopListening();
    timer.clear();
    res.end(encodeStreamJsonFrame(STREAM_FRAME_END, o.end(reason, Math.round(performance.now() - startedAt), error)));
  }
  // The client went away: stop tapping at once.
  res.on('close', () => {
    if (ended) return;
    ended = true;
    unsubscribe();
    stopListening();
    timer.clear();
  });
  res.writeHead(200, { 'Content-Type': o.contentType, 'Cache-Control': 'no-store' });
  res.write(Buffer.from(o.magic, 'latin1'));
  res.write(encodeStreamJsonFrame(STREAM_FRAME_START, o.start(seconds)));
}
