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
 */
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
