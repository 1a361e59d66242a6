/**
 * `qkdctl record --seconds N --out FILE.ptu`: the receiver's raw detector
 * tags for N seconds, from its control API (GET /api/v1/tags, binary frames),
 * written as a PicoQuant PTU file (T2, 1 ps) with the bench in its header
 * (pulse rate, channel map, gate, frame slots, node id, date). Prints the
 * tags written and their rate; progress on stderr while it runs (a bar on a
 * terminal, a line every 2 s otherwise, JSON lines with --json).
 *
 * Nothing is lost silently: the node ends the stream with an END frame that
 * counts the tags it sent; fewer written, an END that reports an overflow, or
 * no END at all is RecordingIncomplete (exit 2), with the file kept and its
 * header counts patched to what it holds.
 *
 * With `--patterns` it records a transmitter's frame patterns instead
 * (record-patterns.ts: GET /api/v1/patterns on the control socket, a pattern
 * file for `qkdctl analyze --pattern`); those frames are burnt at the node.
 */
import { existsSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import { PtuFileWriter } from '../../../formats/ptu/index.ts';
import {
  TAG_STREAM_PATH,
  TagStreamDecoder,
  type TagStreamEnd,
  type TagStreamEvent,
  type TagStreamStart,
} from '../../api/recording/index.ts';
import { type OptionSpec, usageError } from '../args.ts';
import { parseCommand, type QkdctlCommand } from './command.ts';
import { type PatternRecordResult, recordPatterns } from './record-patterns.ts';
import { type ControlTarget, controlTarget, TARGET_OPTIONS, TARGET_USAGE } from './control-client.ts';
import { fetchRecordStream, incompleteReason } from './record-stream-client.ts';

const OPTIONS = {
  seconds: { kind: 'number', help: 'how long to record, s (0 < N ≤ 86400)', min: 0, max: 86_400 },
  out: { kind: 'string', help: 'the PTU file to write (with --patterns: the pattern file)' },
  patterns: {
    kind: 'boolean',
    help: "record a transmitter's frame patterns instead (socket only; SECRET: the file holds their raw key, the node burns those frames)",
  },
  force: { kind: 'boolean', help: 'overwrite FILE when it exists' },
  ...TARGET_OPTIONS,
} as const satisfies Record<string, OptionSpec>;

// ---- progress, shared with qkdctl analyze ----------------------------------------------

export interface ProgressReporter {
  /** `done` of `total` (units as the caller's), with a few named numbers. */
  update(done: number, fields: Record<string, number | string>): void;
  stop(): void;
}

/**
 * Progress on stderr: a cli-progress bar on a terminal; with `--json` one
 * JSON line per update (`{"progress":{"task","done","total",...}}`, at most
 * every 500 ms); otherwise a plain line every 2 s.
 */
export function progressReporter(task: string, total: number, unit: string, json: boolean): ProgressReporter {
  const stream = process.stderr;
  if (json) {
    let last = 0;
    return {
      update(done, fields) {
        const now = Date.now();
        if (now - last < 500 && done < total) return;
        last = now;
        stream.write(`${JSON.stringify({ progress: { task, done, total, unit, ...fields } })}\n`);
      },
      stop() {},
    };
  }
  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format: `${task} [{bar}] {percentage}% | {value}/{total} ${unit} | {info}`,
      hideCursor: true,
      clearOnComplete: false,
    });
    bar.start(total, 0, { info: '' });
    return {
      update(done, fields) {
        bar.update(Math.min(done, total), {
          info: Object.entries(fields)
            .map(([k, v]) => `${k} ${v}`)
            .join(' · '),
        });
      },
      stop: () => bar.stop(),
    };
  }
  let last = Date.now();
  return {
    update(done, fields) {
      const now = Date.now();
      if (now - last < 2000) return;
      last = now;
      const info = Object.entries(fields)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      stream.write(`${task}: ${done}/${total} ${unit}${info ? ` (${info})` : ''}\n`);
    },
    stop() {},
  };
}

// ---- the stream --------------------------------------------------------------------------

export interface RecordResult {
  readonly file: string;
  readonly nodeId: string;
  readonly seconds: number;
  readonly tags: number;
  readonly records: number;
  readonly bytes: number;
  readonly tagsPerSecond: number;
  readonly tagsPerChannel: Record<string, number>;
  readonly firstTagPs: number | null;
  readonly lastTagPs: number | null;
  readonly end: TagStreamEnd;
}

/** Stream GET /api/v1/tags?seconds=N from `target` into `out`. */
export function recordTags(
  target: ControlTarget,
  seconds: number,
  out: string,
  onProgress: (elapsedS: number, tags: number) => void = () => undefined,
): Promise<RecordResult> {
  return fetchRecordStream<TagStreamEvent, RecordResult>({
    target,
    path: TAG_STREAM_PATH,
    what: 'tags',
    streamName: 'tag stream',
    seconds,
    decoder: new TagStreamDecoder(),
    open() {
      let writer: PtuFileWriter | null = null;
      let start: TagStreamStart | null = null;
      let end: TagStreamEnd | null = null;
      let firstTagPs: number | null = null;
      let lastTagPs: number | null = null;
      const perChannel = new Float64Array(256);
      const t0 = performance.now();
      return {
        event(e) {
          if (e.kind === 'start') {
            start = e.start;
            try {
              writer = PtuFileWriter.create(out, {
                bench: { ...e.start.bench, nodeId: e.start.nodeId, createdAt: new Date(e.start.startedAtMs) },
                software: { name: 'qkdd', version: '0.1.0' },
              });
            } catch (err) {
              return new QkdError(
                QkdErrorCode.FileUnusable,
                `${out}: cannot write the recording (${(err as NodeJS.ErrnoException).code ?? err})`,
                {
                  file: out,
                },
              );
            }
          } else if (e.kind === 'tags' && writer) {
            const n = e.channels.length;
            if (n === 0) return undefined;
            if (firstTagPs === null) firstTagPs = e.timestampsPs[0];
            lastTagPs = e.timestampsPs[n - 1];
            for (let i = 0; i < n; i++) perChannel[e.channels[i]]++;
            writer.append(e.channels, e.timestampsPs);
            onProgress((performance.now() - t0) / 1000, writer.tags);
          } else if (e.kind === 'end') {
            end = e.end;
          }
          return undefined;
        },
        started: () => writer !== null && start !== null,
        abandon() {
          writer?.abandon();
          writer = null;
        },
        finish() {
          const w = writer as PtuFileWriter;
          const summary = w.close(end?.durationMs ?? performance.now() - t0);
          writer = null;
          const tagsPerChannel: Record<string, number> = {};
          perChannel.forEach((n, ch) => {
            if (n > 0) tagsPerChannel[String(ch)] = n;
          });
          const result: RecordResult = {
            file: out,
            nodeId: (start as TagStreamStart).nodeId,
            seconds,
            tags: summary.tags,
            records: summary.records,
            bytes: summary.bytes,
            tagsPerSecond: summary.tags / Math.max(1e-3, (end?.durationMs ?? seconds * 1000) / 1000),
            tagsPerChannel,
            firstTagPs,
            lastTagPs,
            end: end ?? { tags: -1, batches: -1, durationMs: -1, reason: 'node-stopped', error: 'the stream was cut (no END frame)' },
          };
          const finalEnd = end as TagStreamEnd | null;
          const why = incompleteReason(finalEnd, finalEnd?.tags, summary.tags, 'tags');
          if (why !== null) {
            throw new QkdError(
              QkdErrorCode.RecordingIncomplete,
              `${out}: recording incomplete: ${why}; the file holds ${summary.tags} tags`,
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

function formatRate(perS: number): string {
  if (perS >= 1e6) return `${(perS / 1e6).toFixed(2)} M`;
  if (perS >= 1e3) return `${(perS / 1e3).toFixed(1)} k`;
  return perS.toFixed(0);
}

export const recordCommand: QkdctlCommand = {
  name: 'record',
  summary: "record a receiver's raw detector tags as a PicoQuant PTU file (--patterns: a transmitter's frame patterns)",
  async run(argv) {
    const parsed = parseCommand(argv, 'record', `--seconds N --out FILE.ptu [--patterns] ${TARGET_USAGE}`, OPTIONS);
    if (!parsed) return 0;
    const { values, io } = parsed;
    if (values.seconds === undefined || !(values.seconds > 0)) throw usageError('give --seconds N (how long to record, > 0)');
    if (values.out === undefined)
      throw usageError(`give --out ${values.patterns ? 'FILE.pattern' : 'FILE.ptu'} (where to write the recording)`);
    if (existsSync(values.out) && !values.force) throw usageError(`${values.out} exists; give --force to overwrite it`);
    const target = controlTarget(values);
    const seconds = values.seconds;
    if (values.patterns) {
      if (seconds > 3600) throw usageError('--patterns records at most 3600 s (every frame in the window is burnt)');
      const progress = progressReporter('recording patterns', Math.ceil(seconds), 's', io.json);
      let result: PatternRecordResult;
      try {
        result = await recordPatterns(target, seconds, values.out, (elapsedS, frames) =>
          progress.update(Math.min(Math.floor(elapsedS), Math.ceil(seconds)), { frames }),
        );
      } finally {
        progress.stop();
      }
      io.result(
        `${result.file}: ${result.frames} frame patterns in ${seconds} s` +
          `${result.firstFrame === null ? '' : ` (frames ${result.firstFrame}..${result.lastFrame})`}, ${result.bytes} bytes, from node ${result.nodeId}; ` +
          'SECRET: it holds the raw key of those frames (the node burnt them: their key was not stored)',
        result,
      );
      return 0;
    }
    const progress = progressReporter('recording', Math.ceil(seconds), 's', io.json);
    let result: RecordResult;
    try {
      result = await recordTags(target, seconds, values.out, (elapsedS, tags) =>
        progress.update(Math.min(Math.floor(elapsedS), Math.ceil(seconds)), {
          tags,
          'tags/s': formatRate(tags / Math.max(elapsedS, 1e-3)),
        }),
      );
    } finally {
      progress.stop();
    }
    const channels = Object.entries(result.tagsPerChannel)
      .map(([ch, n]) => `ch${ch} ${n}`)
      .join(', ');
    io.result(
      `${result.file}: ${result.tags} tags in ${seconds} s (${formatRate(result.tagsPerSecond)}tags/s; ${channels || 'no tags'}), ` +
        `${result.bytes} bytes, from node ${result.nodeId}`,
      result,
    );
    return 0;
  },
};
