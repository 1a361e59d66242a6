/**
 * The one logger factory of qkdd (pino).
 *
 * Key material must never reach a log line. Two layers guard that:
 * 1. pino `redact` censors the field names that carry secrets anywhere we
 *    log objects (key, keys[].key, pad, seed, secret, ...);
 * 2. a `formatters.log` pass replaces every binary value (Buffer, typed
 *    array, ArrayBuffer) with its length only, so that a key passed under an
 *    unexpected field name is still not printed.
 * The test in test/log.test.ts checks both.
 *
 * Where lines go (`openLogOutput`): stderr or a file (`qkdd run --log`), as
 * JSON (one object a line, for machines: the default in a file and when
 * stderr is not a terminal) or pretty (pino-pretty, for people: the default
 * on a terminal). Both formats print the same record after redaction and
 * scrubbing — pretty only re-renders pino's JSON line — so neither can show
 * what the other hides. A log file is reopened on SIGHUP
 * (`reopenLogOnSighup`), which is what logrotate's postrotate sends after it
 * moved the file away.
 */
import { prettyFactory } from 'pino-pretty';
import { pino, type Logger, type LoggerOptions, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

export const REDACTED_PATHS: readonly string[] = [
  'key',
  '*.key',
  'keys[*].key',
  '*.keys[*].key',
  'pad',
  '*.pad',
  'seed',
  '*.seed',
  'secret',
  '*.secret',
  'preSharedKey',
  '*.preSharedKey',
  'authKey',
  '*.authKey',
  'req.headers.authorization',
];

const MAX_SCRUB_DEPTH = 4;

/** Replace binary payloads by a description of their size, recursively (bounded depth). */
export function scrubBinary(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) return `[binary ${value.byteLength} bytes]`;
  if (value instanceof ArrayBuffer) return `[binary ${value.byteLength} bytes]`;
  if (depth >= MAX_SCRUB_DEPTH) return value;
  if (Array.isArray(value)) return value.map((v) => scrubBinary(v, depth + 1));
  if (value instanceof Error) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubBinary(v, depth + 1);
  return out;
}

export interface CreateLoggerOptions {
  name: string;
  level?: string;
  /** Where lines go; defaults to stdout. Tests pass a stream to grep the output. */
  destination?: DestinationStream;
}

export function createLogger(opts: CreateLoggerOptions): Logger {
  const options: LoggerOptions = {
    name: opts.name,
    level: opts.level ?? process.env.QKDD_LOG_LEVEL ?? 'info',
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    formatters: {
      log: (obj) => scrubBinary(obj) as Record<string, unknown>,
    },
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Pretty on a terminal, JSON otherwise; a file is JSON unless pretty is asked for. */
export function defaultLogFormat(file: string | undefined, stderrIsTty: boolean = process.stderr.isTTY === true): LogFormat {
  return file === undefined && stderrIsTty ? 'pretty' : 'json';
}

/**
 * Renders one pino JSON line as human text: `[time] LEVEL (name): message`
 * and then the record's other fields, one per indented line. Colours only
 * for a terminal.
 */
export function prettyLogLine(colorize: boolean): (jsonLine: string) => string {
  return prettyFactory({ colorize, translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l o', ignore: 'pid,hostname' });
}

export interface LogOutputOptions {
  /** Append to this file; stderr when absent. */
  file?: string;
  /** Default: `defaultLogFormat(file)`. */
  format?: LogFormat;
  /** Whether stderr is a terminal (colours, default format); default `process.stderr.isTTY`. */
  stderrIsTty?: boolean;
}

export interface LogOutput {
  /** Pass to `createLogger({ destination })`. */
  readonly destination: DestinationStream;
  readonly format: LogFormat;
  /** The log file, or undefined for stderr. */
  readonly file: string | undefined;
  /** Reopen the log file by its name (after logrotate moved it): later lines go to the new file, none is lost. No-op for stderr. */
  reopen(): void;
  /** Write out what is buffered (before exit). */
  flushSync(): void;
}

/** Log bytes held in memory while the log file cannot be written (disk full); lines beyond are dropped. */
export const LOG_BUFFER_MAX_BYTES = 8 << 20;

/**
 * A log file that cannot be written (disk full, file-size limit: EFBIG, ENOSPC) must not stop the
 * daemon: without a listener the file stream's 'error' event is an uncaught exception. Say so once
 * on stderr, keep the lines in memory (up to LOG_BUFFER_MAX_BYTES) and write them out with the next
 * line once the file takes writes again, and say that too.
 */
function keepRunningWhenUnwritable(sink: ReturnType<typeof pino.destination>, file: string): void {
  let failing = false;
  sink.on('error', (err: NodeJS.ErrnoException) => {
    if (failing) return;
    failing = true;
    process.stderr.write(
      `qkdd: cannot write the log file ${file}: ${err.code ?? err.message}; lines are held in memory (up to ${LOG_BUFFER_MAX_BYTES >> 20} MiB) until it can be written\n`,
    );
  });
  sink.on('write', () => {
    if (!failing) return;
    failing = false;
    process.stderr.write(`qkdd: the log file ${file} can be written again\n`);
  });
}

/** Where a process's log lines go, in which format (see the file comment). */
export function openLogOutput(opts: LogOutputOptions = {}): LogOutput {
  const tty = opts.stderrIsTty ?? process.stderr.isTTY === true;
  const format = opts.format ?? defaultLogFormat(opts.file, tty);
  const file = opts.file;
  const sink =
    file === undefined ? pino.destination(2) : pino.destination({ dest: file, append: true, sync: false, maxLength: LOG_BUFFER_MAX_BYTES });
  if (file !== undefined) keepRunningWhenUnwritable(sink, file);
  let destination: DestinationStream = sink;
  if (format === 'pretty') {
    const render = prettyLogLine(file === undefined && tty);
    destination = { write: (line: string) => void sink.write(render(line)) };
  }
  return {
    destination,
    format,
    file,
    reopen: () => {
      if (file !== undefined) sink.reopen();
    },
    flushSync: () => {
      try {
        sink.flushSync();
      } catch {
        // Nothing buffered yet, or the file is still opening: nothing to flush.
      }
    },
  };
}

/**
 * Reopen `output`'s file on every SIGHUP (logrotate's postrotate:
 * `kill -HUP $(pidof qkdd)`), and log that it did. Also keeps SIGHUP from
 * ending the process. Returns the function that removes the handler.
 */
export function reopenLogOnSighup(output: LogOutput, log: Logger): () => void {
  const onHup = (): void => {
    try {
      output.reopen();
      log.info({ file: output.file }, 'log file reopened (SIGHUP)');
    } catch (err) {
      log.error({ err, file: output.file }, 'cannot reopen the log file on SIGHUP');
    }
  };
  process.on('SIGHUP', onHup);
  return () => void process.off('SIGHUP', onHup);
}
