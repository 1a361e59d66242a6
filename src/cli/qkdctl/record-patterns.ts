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
import { PATTERN_MAGIC } from '../../../formats/pattern/pattern-file.ts';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import { PATTERN_STREAM_PATH } from '../../api/recording/patterns-route.ts';
import {
  PatternStreamDecoder,
  type PatternStreamEnd,
  type PatternStreamEvent,
  type PatternStreamStart,
} from '../../api/recording/patterns-wire.ts';
import type { ControlTarget } from './control-client.ts';
import { fetchRecordStream, incompleteReason } from './record-stream-client.ts';

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

/** Stream GET /api/v1/patterns?seconds=N from `target` into the pattern file `out`. */
export function recordPatterns(
  target: ControlTarget,
  seconds: number,
  out: string,
  onProgress: (elapsedS: number, frames: number) => void = () => undefined,
): Promise<PatternRecordResult> {
  return fetchRecordStream<PatternStreamEvent, PatternRecordResult>({
    target,
    path: PATTERN_STREAM_PATH,
    what: 'patterns',
    streamName: 'pattern stream',
    seconds,
    decoder: new PatternStreamDecoder(),
    open() {
      let sink: PatternFileSink | null = null;
      let start: PatternStreamStart | null = null;
      let end: PatternStreamEnd | null = null;
      let firstFrame: number | null = null;
      let lastFrame: number | null = null;
      const t0 = performance.now();
      return {
        event(e) {
          if (e.kind === 'start') {
            start = e.start;
            try {
              sink = new PatternFileSink(out, e.start.slotsPerFrame, {
                nodeId: e.start.nodeId,
                createdAt: new Date(e.start.startedAtMs).toISOString(),
                ...(e.start.pulseRateHz ? { pulseRateHz: e.start.pulseRateHz } : {}),
              });
            } catch (err) {
              return new QkdError(
                QkdErrorCode.FileUnusable,
                `${out}: cannot write the pattern file (${(err as NodeJS.ErrnoException).code ?? err})`,
                {
                  file: out,
                },
              );
            }
          } else if (e.kind === 'pattern' && sink) {
            try {
              sink.append(e.frameId, e.words);
            } catch (err) {
              return new QkdError(QkdErrorCode.ControlRequestFailed, `${target.label}: ${(err as Error).message}`, {
                target: target.label,
              });
            }
            if (firstFrame === null) firstFrame = e.frameId;
            lastFrame = e.frameId;
            onProgress((performance.now() - t0) / 1000, sink.count);
          } else if (e.kind === 'end') {
            end = e.end;
          }
          return undefined;
        },
        started: () => sink !== null && start !== null,
        abandon() {
          sink?.abandon();
          sink = null;
        },
        finish() {
          const s = sink as PatternFileSink;
          const frames = s.count;
          let bytes: number;
          try {
            bytes = s.close();
          } catch (err) {
            throw new QkdError(
              QkdErrorCode.FileUnusable,
              `${out}: cannot write the pattern file (${(err as NodeJS.ErrnoException).code ?? err})`,
              {
                file: out,
              },
            );
          }
          sink = null;
          const st = start as PatternStreamStart;
          const finalEnd = end as PatternStreamEnd | null;
          const result: PatternRecordResult = {
            file: out,
            nodeId: st.nodeId,
            seconds,
            slotsPerFrame: st.slotsPerFrame,
            frames,
            firstFrame,
            lastFrame,
            bytes,
            end: finalEnd ?? { patterns: -1, durationMs: -1, reason: 'node-stopped', error: 'the stream was cut (no END frame)' },
          };
          const why = incompleteReason(finalEnd, finalEnd?.patterns, frames, 'patterns');
          if (why !== null) {
            throw new QkdError(
              QkdErrorCode.RecordingIncomplete,
              `${out}: pattern recording incomplete: ${why}; the file holds ${frames} frames`,
              {
                ...result,
              },
            );
          }
          return result;
        },
      };
    },
  });
}
