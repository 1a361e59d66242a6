/**
 * `qkdctl record --patterns --seconds N --out FILE.pattern`: the
 * transmitter's frame patterns for N seconds, from its control socket
 * (GET /api/v1/patterns, binary frames), written as a pattern file
 * (formats/pattern/pattern-file.ts) with the bench-clock frame indices, for
 * `qkdctl analyze run.ptu --pattern FILE.pattern` beside a tag recording of
 * the receiver over the same seconds.
 *
 * SECRET: the file holds the raw key of its frames. It is written 0600; the
 * node burns every frame it hands out (discards its key), so the file never
 * describes key in use — but treat it as key material all the same.
 *
 * Constant memory: the blocks go to a 0600 side file as they come, and the
 * file is assembled (header with the frame list, then the blocks) when the
 * stream ends. Nothing is lost silently: fewer patterns than the node's END
 * frame counts, an overflow or a cut stream is RecordingIncomplete (exit 2),
 * with the file written with the frames it holds.
 */
import { closeSync, fchmodSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { request } from 'node:http';
import { PATTERN_MAGIC } from '../../../formats/pattern/pattern-file.ts';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import { CONTROL_API_PREFIX } from '../../api/control/index.ts';
import { PATTERN_STREAM_PATH } from '../../api/recording/patterns-route.ts';
import { PatternStreamDecoder, type PatternStreamEnd, type PatternStreamStart } from '../../api/recording/patterns-wire.ts';
import type { ControlTarget } from './control-client.ts';

export interface PatternRecordResult {
  readonly file: string;
  readonly nodeId: string;
  readonly seconds: number;
  readonly slotsPerFrame: number;
  /** Frames in the file (each burnt at the node). */
  readonly frames: number;
  readonly firstFrame: number | null;
  readonly lastFrame: number | null;
  readonly bytes: number;
  readonly end: PatternStreamEnd;
}

const SECRET_MODE = 0o600;

/** Writes a pattern file as blocks arrive: blocks to a 0600 side file, assembled on close. */
export class PatternFileSink {
  private readonly frames: number[] = [];
  private readonly side: string;
  private sideFd: number;
  private readonly words: number;

  constructor(
    private readonly out: string,
    private readonly slotsPerFrame: number,
    private readonly extra: Record<string, string | number>,
  ) {
    this.words = Math.ceil(slotsPerFrame / 8);
    this.side = `${out}.blocks.part`;
    this.sideFd = openSync(this.side, 'w', SECRET_MODE);
    fchmodSync(this.sideFd, SECRET_MODE);
  }

  get count(): number {
    return this.frames.length;
  }

  append(frameId: number, words: Uint32Array): void {
    if (words.length !== this.words)
      throw new RangeError(`frame ${frameId}: a pattern of ${words.length} words, ${this.words} expected for ${this.slotsPerFrame} slots`);
    const bytes = new Uint8Array(words.buffer, words.byteOffset, words.length * 4);
    writeSync(this.sideFd, bytes);
    words.fill(0);
    this.frames.push(frameId);
  }

  /** Writes FILE (header, then the blocks), removes the side file; returns FILE's size. */
  close(): number {
    closeSync(this.sideFd);
    this.sideFd = -1;
    const json = Buffer.from(JSON.stringify({ slotsPerFrame: this.slotsPerFrame, frames: this.frames, ...this.extra }), 'utf8');
    const head = Buffer.alloc(12);
    head.write(PATTERN_MAGIC, 0, 'latin1');
    head.writeUInt32LE(json.length, 8);
    const fd = openSync(this.out, 'w', SECRET_MODE);
    const buf = Buffer.alloc(1 << 20);
    let size = 0;
    try {
      fchmodSync(fd, SECRET_MODE);
      size += writeSync(fd, head) + writeSync(fd, json);
      const src = openSync(this.side, 'r');
      try {
        for (;;) {
          const n = readSync(src, buf, 0, buf.length, null);
          if (n === 0) break;
          size += writeSync(fd, buf, 0, n);
        }
      } finally {
        closeSync(src);
      }
    } finally {
      buf.fill(0);
      closeSync(fd);
      rmSync(this.side, { force: true });
    }
    return size;
  }

  /** Drops the side file (a failure before any file could be written). */
  abandon(): void {
    if (this.sideFd >= 0) closeSync(this.sideFd);
    this.sideFd = -1;
    rmSync(this.side, { force: true });
  }
}

function unreachable(target: ControlTarget, err: NodeJS.ErrnoException): QkdError {
  return new QkdError(
    QkdErrorCode.ControlUnreachable,
    `no node answers at ${target.label} (${err.code ?? err.message})`,
    { target: target.label, errno: err.code },
    { cause: err },
  );
}

/** Stream GET /api/v1/patterns?seconds=N from `target` into the pattern file `out`. */
export function recordPatterns(
  target: ControlTarget,
  seconds: number,
  out: string,
  onProgress: (elapsedS: number, frames: number) => void = () => undefined,
): Promise<PatternRecordResult> {
  const path = `${target.kind === 'url' ? target.base.pathname.replace(/\/$/, '') : ''}${PATTERN_STREAM_PATH}?seconds=${seconds}`;
  const where =
    target.kind === 'socket'
      ? { socketPath: target.path, headers: { Host: 'localhost' } }
      : { host: target.base.hostname.replace(/^\[|\]$/g, ''), port: Number(target.base.port || 80), headers: {} };
  return new Promise<PatternRecordResult>((resolve, reject) => {
    const req = request({ ...where, method: 'GET', path }, (res) => {
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
            new QkdError(QkdErrorCode.ControlRequestFailed, `${target.label}: GET ${CONTROL_API_PREFIX}/patterns failed: ${message}`, {
              target: target.label,
              status,
            }),
          );
        });
        return;
      }
      const decoder = new PatternStreamDecoder();
      let sink: PatternFileSink | null = null;
      let start: PatternStreamStart | null = null;
      let end: PatternStreamEnd | null = null;
      let firstFrame: number | null = null;
      let lastFrame: number | null = null;
      const t0 = performance.now();
      const failed = (err: QkdError): void => {
        sink?.abandon();
        sink = null;
        res.destroy();
        reject(err);
      };
      res.on('data', (chunk: Buffer) => {
        let events: ReturnType<PatternStreamDecoder['push']>;
        try {
          events = decoder.push(chunk);
        } catch (err) {
          failed(new QkdError(QkdErrorCode.ControlRequestFailed, `${target.label}: ${(err as Error).message}`, { target: target.label }));
          return;
        }
        for (const e of events) {
          if (e.kind === 'start') {
            start = e.start;
            try {
              sink = new PatternFileSink(out, e.start.slotsPerFrame, {
                nodeId: e.start.nodeId,
                createdAt: new Date(e.start.startedAtMs).toISOString(),
                ...(e.start.pulseRateHz ? { pulseRateHz: e.start.pulseRateHz } : {}),
              });
            } catch (err) {
              failed(
                new QkdError(
                  QkdErrorCode.FileUnusable,
                  `${out}: cannot write the pattern file (${(err as NodeJS.ErrnoException).code ?? err})`,
                  {
                    file: out,
                  },
                ),
              );
              return;
            }
          } else if (e.kind === 'pattern' && sink) {
            try {
              sink.append(e.frameId, e.words);
            } catch (err) {
              failed(
                new QkdError(QkdErrorCode.ControlRequestFailed, `${target.label}: ${(err as Error).message}`, { target: target.label }),
              );
              return;
            }
            if (firstFrame === null) firstFrame = e.frameId;
            lastFrame = e.frameId;
            onProgress((performance.now() - t0) / 1000, sink.count);
          } else if (e.kind === 'end') {
            end = e.end;
          }
        }
      });
      res.on('error', (err: NodeJS.ErrnoException) => failed(unreachable(target, err)));
      res.on('end', () => {
        if (!sink || !start) {
          failed(
            new QkdError(QkdErrorCode.ControlRequestFailed, `${target.label}: the pattern stream ended before it started`, {
              target: target.label,
            }),
          );
          return;
        }
        const frames = sink.count;
        let bytes: number;
        try {
          bytes = sink.close();
        } catch (err) {
          reject(
            new QkdError(
              QkdErrorCode.FileUnusable,
              `${out}: cannot write the pattern file (${(err as NodeJS.ErrnoException).code ?? err})`,
              {
                file: out,
              },
            ),
          );
          return;
        }
        sink = null;
        const s = start as PatternStreamStart;
        const finalEnd = end as PatternStreamEnd | null;
        const result: PatternRecordResult = {
          file: out,
          nodeId: s.nodeId,
          seconds,
          slotsPerFrame: s.slotsPerFrame,
          frames,
          firstFrame,
          lastFrame,
          bytes,
          end: finalEnd ?? { patterns: -1, durationMs: -1, reason: 'node-stopped', error: 'the stream was cut (no END frame)' },
        };
        if (finalEnd === null || finalEnd.reason !== 'done' || finalEnd.patterns !== frames) {
          const why = !finalEnd
            ? 'the stream was cut before its END frame (the node stopped or the connection broke)'
            : finalEnd.reason !== 'done'
              ? `the node ended the stream early: ${finalEnd.error ?? finalEnd.reason}`
              : `the node sent ${finalEnd.patterns} patterns, ${frames} were written`;
          reject(
            new QkdError(
              QkdErrorCode.RecordingIncomplete,
              `${out}: pattern recording incomplete: ${why}; the file holds ${frames} frames`,
              {
                ...result,
              },
            ),
          );
          return;
        }
        resolve(result);
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => reject(unreachable(target, err)));
    req.end();
  });
}
