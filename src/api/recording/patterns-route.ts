/**
 * `GET /api/v1/patterns?seconds=N`: the transmitter's frame patterns as it
 * emits them (QkdNode.onPatterns), for N seconds, in the binary framing of
 * patterns-wire.ts. `qkdctl record --patterns` writes them as a pattern file
 * so that a receiver's tag recording (GET /api/v1/tags) can be sifted offline
 * (`qkdctl analyze --pattern`).
 *
 * SECRET: a frame's pattern is its raw key (bases and bits). The route is
 * served only on the control socket (0600: the node's user); on loopback HTTP,
 * which every local user can reach, it answers 403. Every frame whose pattern
 * the node hands out is burnt: the node discards its key instead of storing
 * it (transmitter-node.ts; stats.framesBurnt, blocksBurnt).
 *
 * Backpressure as the tag stream's (tag-stream-route.ts): the tap cannot slow
 * emission, so what the client has not read waits in memory; past
 * `maxBufferedBytes` the stream ends with END `overflow`. Buffers are zeroed
 * once written to the socket.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RawControlRoute } from '../control/index.ts';
import {
  encodePatternFrame,
  encodePatternJsonFrame,
  PATTERN_FRAME_END,
  PATTERN_FRAME_START,
  PATTERN_STREAM_CONTENT_TYPE,
  PATTERN_STREAM_MAGIC,
  type PatternStreamEnd,
  type PatternStreamStart,
} from './patterns-wire.ts';

export const PATTERN_STREAM_PATH = '/api/v1/patterns';
/** Longest window one request may ask for (every frame in it is burnt). */
export const MAX_PATTERN_RECORD_SECONDS = 3600;
/** Default cap of what may wait unread: 512 MiB. */
export const DEFAULT_PATTERN_MAX_BUFFERED_BYTES = 512 << 20;

/** What the route needs of a node. */
export interface PatternSource {
  /** Subscribe to emitted patterns (frame burnt); null when the node emits none (a receiver). */
  onPatterns(listener: (frameId: number, pattern: Uint32Array) => void): (() => void) | null;
}

export interface PatternStreamRouteOptions {
  readonly node: PatternSource;
  /** The bench the patterns come from (START frame). */
  readonly bench: () => Omit<PatternStreamStart, 'seconds' | 'startedAtMs'>;
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

/**
 * The route on the control socket, and its refusal on loopback HTTP (a clear
 * 403 instead of a 404): register both.
 */
export function patternStreamRoutes(o: PatternStreamRouteOptions): RawControlRoute[] {
  const cap = o.maxBufferedBytes ?? DEFAULT_PATTERN_MAX_BUFFERED_BYTES;
  const setTimer =
    o.setTimer ??
    ((fn: () => void, ms: number) => {
      const t = setTimeout(fn, ms);
      return { clear: () => clearTimeout(t) };
    });
  const summary = "the transmitter's frame patterns for ?seconds=N (SECRET: frames burnt; socket only; qkdctl record --patterns)";
  const onHttp: RawControlRoute = {
    path: PATTERN_STREAM_PATH,
    method: 'GET',
    on: 'http',
    summary: 'refused on HTTP (403): the frame patterns are served on the control socket only',
    handle(_req, res) {
      fail(
        res,
        403,
        'forbidden',
        'frame patterns are key material: served only on the control socket (0600), not on HTTP; use qkdctl record --patterns --socket PATH (or --config FILE)',
      );
    },
  };
  const onSocket: RawControlRoute = {
    path: PATTERN_STREAM_PATH,
    method: 'GET',
    on: 'socket',
    summary,
    handle(req: IncomingMessage, res: ServerResponse) {
      const url = new URL(req.url ?? '/', 'http://control.invalid');
      const raw = url.searchParams.get('seconds');
      const seconds = raw === null ? Number.NaN : Number(raw);
      if (!(seconds > 0 && seconds <= MAX_PATTERN_RECORD_SECONDS)) {
        fail(res, 400, 'bad_request', `seconds must be a number in (0, ${MAX_PATTERN_RECORD_SECONDS}], got ${JSON.stringify(raw)}`);
        return;
      }
      let patterns = 0;
      let ended = false;
      const startedAt = performance.now();
      const listener = (frameId: number, pattern: Uint32Array): void => {
        if (ended) return;
        if (res.writableLength > cap) {
          finish('overflow', `more than ${cap} bytes of patterns waited unread (the client reads slower than the node emits)`);
          return;
        }
        const frame = encodePatternFrame(frameId, pattern);
        res.write(frame, () => frame.fill(0));
        patterns++;
      };
      const unsubscribe = o.node.onPatterns(listener);
      if (!unsubscribe) {
        fail(res, 409, 'conflict', 'this node emits no patterns (a receiver; record patterns on the transmitter)');
        return;
      }
      const stopListening = o.onNodeStop?.(() => finish('node-stopped', 'the node stopped during the recording')) ?? (() => undefined);
      const timer = setTimer(() => finish('done'), seconds * 1000);
      function finish(reason: PatternStreamEnd['reason'], error?: string): void {
        if (ended) return;
        ended = true;
        unsubscribe?.();
        stopListening();
        timer.clear();
        const end: PatternStreamEnd = {
          patterns,
          durationMs: Math.round(performance.now() - startedAt),
          reason,
          ...(error ? { error } : {}),
        };
        res.end(encodePatternJsonFrame(PATTERN_FRAME_END, end));
      }
      // The client went away: stop tapping (and burning) at once.
      res.on('close', () => {
        if (ended) return;
        ended = true;
        unsubscribe();
        stopListening();
        timer.clear();
      });
      res.writeHead(200, { 'Content-Type': PATTERN_STREAM_CONTENT_TYPE, 'Cache-Control': 'no-store' });
      res.write(Buffer.from(PATTERN_STREAM_MAGIC, 'latin1'));
      const start: PatternStreamStart = { ...o.bench(), seconds, startedAtMs: Date.now() };
      res.write(encodePatternJsonFrame(PATTERN_FRAME_START, start));
    },
  };
  return [onSocket, onHttp];
}
