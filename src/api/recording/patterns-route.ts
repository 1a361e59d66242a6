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
import type { RawControlRoute } from '../control/index.ts';
import {
  encodePatternFrame,
  PATTERN_STREAM_CONTENT_TYPE,
  PATTERN_STREAM_MAGIC,
  type PatternStreamEnd,
  type PatternStreamStart,
} from './patterns-wire.ts';
import { failRecordStream, serveRecordStream } from './record-stream-route.ts';

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

/**
 * The route on the control socket, and its refusal on loopback HTTP (a clear
 * 403 instead of a 404): register both.
 */
export function patternStreamRoutes(o: PatternStreamRouteOptions): RawControlRoute[] {
  const maxBufferedBytes = o.maxBufferedBytes ?? DEFAULT_PATTERN_MAX_BUFFERED_BYTES;
  const summary = "the transmitter's frame patterns for ?seconds=N (SECRET: frames burnt; socket only; qkdctl record --patterns)";
  const onHttp: RawControlRoute = {
    path: PATTERN_STREAM_PATH,
    method: 'GET',
    on: 'http',
    summary: 'refused on HTTP (403): the frame patterns are served on the control socket only',
    handle(_req, res) {
      failRecordStream(
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
    handle(req, res) {
      let patterns = 0;
      // Stops tapping (and burning) at once when the client goes away; frames are zeroed once written.
      serveRecordStream<PatternStreamStart, PatternStreamEnd>(req, res, {
        maxSeconds: MAX_PATTERN_RECORD_SECONDS,
        maxBufferedBytes,
        contentType: PATTERN_STREAM_CONTENT_TYPE,
        magic: PATTERN_STREAM_MAGIC,
        overflowError: `more than ${maxBufferedBytes} bytes of patterns waited unread (the client reads slower than the node emits)`,
        noSourceError: 'this node emits no patterns (a receiver; record patterns on the transmitter)',
        subscribe: (send) =>
          o.node.onPatterns((frameId, pattern) => {
            if (send(() => encodePatternFrame(frameId, pattern), true)) patterns++;
          }),
        start: (seconds) => ({ ...o.bench(), seconds, startedAtMs: Date.now() }),
        end: (reason, durationMs, error) => ({ patterns, durationMs, reason, ...(error ? { error } : {}) }),
        onNodeStop: o.onNodeStop,
        setTimer: o.setTimer,
      });
    },
  };
  return [onSocket, onHttp];
}
