/**
 * The client side of the recording streams of the control API, shared by
 * `qkdctl record` (record.ts: GET /api/v1/tags → PTU file) and `qkdctl record
 * --patterns` (record-patterns.ts: GET /api/v1/patterns → pattern file): the
 * request on the socket or loopback HTTP, the JSON error of a refused request,
 * decoding as the bytes arrive, and failing cleanly (the half-written file
 * abandoned, the response dropped). Each kind keeps only what it does with
 * the frames and how it settles the result.
 */
import { request } from 'node:http';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import { CONTROL_API_PREFIX } from '../../api/control/index.ts';
import type { ControlTarget } from './control-client.ts';

function unreachable(target: ControlTarget, err: NodeJS.ErrnoException): QkdError {
  return new QkdError(
    QkdErrorCode.ControlUnreachable,
    `no node answers at ${target.label} (${err.code ?? err.message})`,
    { target: target.label, errno: err.code },
    { cause: err },
  );
}

/**
 * Why a recording is incomplete, or null when it is whole: the END frame
 * says `done` and counts as many `unit` as were written.
 */
export function incompleteReason(
  end: { readonly reason: string; readonly error?: string } | null,
  sent: number | undefined,
  written: number,
  unit: string,
): string | null {
  if (end === null) return 'the stream was cut before its END frame (the node stopped or the connection broke)';
  if (end.reason !== 'done') return `the node ended the stream early: ${end.error ?? end.reason}`;
  if (sent !== written) return `the node sent ${sent} ${unit}, ${written} were written`;
  return null;
}

/** What one kind of recording does with its stream (one per request). */
export interface RecordStreamSession<Event, Result> {
  /** One decoded frame; a QkdError returned fails the recording (nothing after it is read). */
  event(e: Event): QkdError | undefined;
  /** Whether the START frame came and the output is open. */
  started(): boolean;
  /** The response ended after START: close the output, return the result or throw a QkdError. */
  finish(): Result;
  /** Drops what was written (a failure before the end). */
  abandon(): void;
}

export interface RecordStreamRequest<Event, Result> {
  readonly target: ControlTarget;
  /** The route's path (e.g. /api/v1/tags) and what it serves, for messages ('tags', 'patterns'). */
  readonly path: string;
  readonly what: string;
  /** 'tag stream', 'pattern stream'. */
  readonly streamName: string;
  readonly seconds: number;
  readonly decoder: { push(chunk: Buffer): Event[] };
  /** Opens the session once the node answers 200. */
  open(): RecordStreamSession<Event, Result>;
}

/** Streams `GET path?seconds=N` from the target through the session. */
export function fetchRecordStream<Event, Result>(r: RecordStreamRequest<Event, Result>): Promise<Result> {
  const { target } = r;
  const path = `${target.kind === 'url' ? target.base.pathname.replace(/\/$/, '') : ''}${r.path}?seconds=${r.seconds}`;
  const where =
    target.kind === 'socket'
      ? { socketPath: target.path, headers: { Host: 'localhost' } }
      : { host: target.base.hostname.replace(/^\[|\]$/g, ''), port: Number(target.base.port || 80), headers: {} };
  return new Promise<Result>((resolve, reject) => {
    // agent: false — one connection per request (a pooled keep-alive connection may already be closed by the node).
    const req = request({ ...where, agent: false, method: 'GET', path }, (res) => {
      const status = res.statusCode ?? 0;
      if (status !== 200) {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let message = `HTTP ${status}`;
          try {
            message = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { error: { message: string } }).error.message;
          } catch {
            // not the control API's JSON error
          }
          reject(
            new QkdError(QkdErrorCode.ControlRequestFailed, `${target.label}: GET ${CONTROL_API_PREFIX}/${r.what} failed: ${message}`, {
              target: target.label,
              status,
            }),
          );
        });
        return;
      }
      const session = r.open();
      let open = true;
      const failed = (err: QkdError): void => {
        if (open) session.abandon();
        open = false;
        res.destroy();
        reject(err);
      };
      res.on('data', (chunk: Buffer) => {
        let events: Event[];
        try {
          events = r.decoder.push(chunk);
        } catch (err) {
          failed(new QkdError(QkdErrorCode.ControlRequestFailed, `${target.label}: ${(err as Error).message}`, { target: target.label }));
          return;
        }
        for (const e of events) {
          const err = session.event(e);
          if (err) {
            failed(err);
            return;
          }
        }
      });
      res.on('error', (err: NodeJS.ErrnoException) => failed(unreachable(target, err)));
      res.on('end', () => {
        if (!open || !session.started()) {
          failed(
            new QkdError(QkdErrorCode.ControlRequestFailed, `${target.label}: the ${r.streamName} ended before it started`, {
              target: target.label,
            }),
          );
          return;
        }
        open = false;
        try {
          resolve(session.finish());
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => reject(unreachable(target, err)));
    req.end();
  });
}
