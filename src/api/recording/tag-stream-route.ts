/**
 * `GET /api/v1/tags?seconds=N`: the receiver's raw detector tags
 * (QkdNode.onTags) for N seconds, in the binary framing of tag-wire.ts, on
 * the control socket and loopback HTTP. `qkdctl record` writes them to a PTU
 * file.
 *
 * No tag is dropped silently. The tap cannot slow the node down (it is called
 * synchronously from the tag stream), so what the client has not read yet
 * waits in memory; past `maxBufferedBytes` the stream ends with an END frame
 * whose reason is `overflow`, and the client reports the recording as
 * incomplete. A node that stops mid-window ends it with `node-stopped`
 * (the client notices the missing END otherwise).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RawControlRoute } from '../control/index.ts';
import {
  encodeJsonFrame,
  encodeTagsFrame,
  FRAME_END,
  FRAME_START,
  TAG_STREAM_CONTENT_TYPE,
  TAG_STREAM_MAGIC,
  type TagStreamEnd,
  type TagStreamStart,
} from './tag-wire.ts';

export const TAG_STREAM_PATH = '/api/v1/tags';
/** Longest window one request may ask for. */
export const MAX_RECORD_SECONDS = 24 * 3600;
/** Default cap of what may wait unread: 512 MiB (≈ 57 M tags). */
export const DEFAULT_MAX_BUFFERED_BYTES = 512 << 20;

/** What the route needs of a node. */
export interface TagSource {
  /** Subscribe to raw tags; null when the node has no detector (a transmitter). */
  onTags(listener: (channels: Uint8Array, timestampsPs: Float64Array) => void): (() => void) | null;
}

export interface TagStreamRouteOptions {
  readonly node: TagSource;
  /** The bench the tags come from (written into the recording's header). */
  readonly bench: () => Omit<TagStreamStart, 'seconds' | 'startedAtMs'>;
  readonly maxBufferedBytes?: number;
  /** Called when the node stops: open streams end with `node-stopped`. Returns the unsubscribe. */
  readonly onNodeStop?: (listener: () => void) => () => void;
  /** Clock for the window (tests); default setTimeout. */
  readonly setTimer?: (fn: () => void, ms: number) => { clear(): void };
}

function fail(res: ServerResponse, status: number, code: string, message: string): void {
  const text = `${JSON.stringify({ error: { code, message } })}\n`;
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

export function tagStreamRoute(o: TagStreamRouteOptions): RawControlRoute {
  const cap = o.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
  const setTimer =
    o.setTimer ??
    ((fn: () => void, ms: number) => {
      const t = setTimeout(fn, ms);
      return { clear: () => clearTimeout(t) };
    });
  return {
    path: TAG_STREAM_PATH,
    method: 'GET',
    summary: 'raw detector tags for ?seconds=N (binary frames; qkdctl record writes them as PTU)',
    handle(req: IncomingMessage, res: ServerResponse) {
      const url = new URL(req.url ?? '/', 'http://control.invalid');
      const raw = url.searchParams.get('seconds');
      const seconds = raw === null ? Number.NaN : Number(raw);
      if (!(seconds > 0 && seconds <= MAX_RECORD_SECONDS)) {
        fail(res, 400, 'bad_request', `seconds must be a number in (0, ${MAX_RECORD_SECONDS}], got ${JSON.stringify(raw)}`);
        return;
      }
      let tags = 0;
      let batches = 0;
      let ended = false;
      const startedAt = performance.now();
      const listener = (channels: Uint8Array, timestampsPs: Float64Array): void => {
        if (ended || channels.length === 0) return;
        if (res.writableLength > cap) {
          finish('overflow', `more than ${cap} bytes of tags waited unread (the client reads slower than the detector tags)`);
          return;
        }
        res.write(encodeTagsFrame(channels, timestampsPs));
        tags += channels.length;
        batches++;
      };
      const unsubscribe = o.node.onTags(listener);
      if (!unsubscribe) {
        fail(res, 409, 'conflict', 'this node has no detector tags to record (a transmitter; record on the receiver)');
        return;
      }
      const stopListening = o.onNodeStop?.(() => finish('node-stopped', 'the node stopped during the recording')) ?? (() => undefined);
      const timer = setTimer(() => finish('done'), seconds * 1000);
      function finish(reason: TagStreamEnd['reason'], error?: string): void {
        if (ended) return;
        ended = true;
        unsubscribe?.();
        stopListening();
        timer.clear();
        const end: TagStreamEnd = {
          tags,
          batches,
          durationMs: Math.round(performance.now() - startedAt),
          reason,
          ...(error ? { error } : {}),
        };
        res.end(encodeJsonFrame(FRAME_END, end));
      }
      // The client went away: stop tapping at once.
      res.on('close', () => {
        if (ended) return;
        ended = true;
        unsubscribe();
        stopListening();
        timer.clear();
      });
      res.writeHead(200, { 'Content-Type': TAG_STREAM_CONTENT_TYPE, 'Cache-Control': 'no-store' });
      res.write(Buffer.from(TAG_STREAM_MAGIC, 'latin1'));
      const start: TagStreamStart = { ...o.bench(), seconds, startedAtMs: Date.now() };
      res.write(encodeJsonFrame(FRAME_START, start));
    },
  };
}
