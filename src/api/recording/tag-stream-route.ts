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
import { serveRecordStream } from './record-stream-route.ts';
import { encodeTagsFrame, TAG_STREAM_CONTENT_TYPE, TAG_STREAM_MAGIC, type TagStreamEnd, type TagStreamStart } from './tag-wire.ts';

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

export function tagStreamRoute(o: TagStreamRouteOptions): RawControlRoute {
  const maxBufferedBytes = o.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
  return {
    path: TAG_STREAM_PATH,
    method: 'GET',
    summary: 'raw detector tags for ?seconds=N (binary frames; qkdctl record writes them as PTU)',
    handle(req: IncomingMessage, res: ServerResponse) {
      let tags = 0;
      let batches = 0;
      serveRecordStream<TagStreamStart, TagStreamEnd>(req, res, {
        maxSeconds: MAX_RECORD_SECONDS,
        maxBufferedBytes,
        contentType: TAG_STREAM_CONTENT_TYPE,
        magic: TAG_STREAM_MAGIC,
        overflowError: `more than ${maxBufferedBytes} bytes of tags waited unread (the client reads slower than the detector tags)`,
        noSourceError: 'this node has no detector tags to record (a transmitter; record on the receiver)',
        subscribe: (send) =>
          o.node.onTags((channels, timestampsPs) => {
            if (channels.length === 0) return;
            if (!send(() => encodeTagsFrame(channels, timestampsPs))) return;
            tags += channels.length;
            batches++;
          }),
        start: (seconds) => ({ ...o.bench(), seconds, startedAtMs: Date.now() }),
        end: (reason, durationMs, error) => ({ tags, batches, durationMs, reason, ...(error ? { error } : {}) }),
        onNodeStop: o.onNodeStop,
        setTimer: o.setTimer,
      });
    },
  };
}
