/**
 * The option handling and life cycle `qkdd run` (run-node.ts) and `qkdd node`
 * (trusted-node.ts) share: both are long-running daemons started from one
 * config file, with `--config FILE` (required), `--log-level`,
 * `--status-interval-ms` (a JSON status line on stdout), `--json` (failures
 * as JSON too; qkdd.ts reads it), `--help` and `--version`. Each command adds its own options between `--config` and the
 * shared ones; `parseDaemonOptions` prints help or the version (and returns
 * null) or returns the parsed values with the config file; `statusUntilSignal`
 * prints the status line until SIGINT or SIGTERM.
 */
import { packageVersion } from '../../sim/cli/version.ts';
import { type OptionSpec, type OptionValues, parseOptions, usageError } from './args.ts';

const LOG_LEVEL = {
  kind: 'string',
  help: 'pino level',
  default: 'info',
  choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
} as const satisfies OptionSpec;

const STATUS_INTERVAL = {
  kind: 'number',
  help: 'period of the status line on stdout, in ms (0: none)',
  default: 1000,
  min: 0,
} as const satisfies OptionSpec;

const JSON_OUTPUT = {
  kind: 'boolean',
  help: 'for scripts: the status lines on stdout are JSON objects anyway; with --json an expected failure is one JSON object on stderr too',
} as const satisfies OptionSpec;

/** A daemon's options: `--config` (described by `configHelp`), the command's own, then `--log-level`, `--status-interval-ms` and `--json`. */
export function daemonOptions<S extends Record<string, OptionSpec>>(
  configHelp: string,
  own: S,
): { config: { kind: 'string'; help: string } } & S & {
    'log-level': typeof LOG_LEVEL;
    'status-interval-ms': typeof STATUS_INTERVAL;
    json: typeof JSON_OUTPUT;
  } {
  return {
    config: { kind: 'string', help: configHelp },
    ...own,
    'log-level': LOG_LEVEL,
    'status-interval-ms': STATUS_INTERVAL,
    json: JSON_OUTPUT,
  };
}

/**
 * Parse a daemon's command line: `--help` prints `help`, `--version` the version (both return null);
 * otherwise the values, with `--config` required (a usage error without it).
 */
export function parseDaemonOptions<S extends Record<string, OptionSpec> & { config: OptionSpec }>(
  argv: string[],
  spec: S,
  help: string,
): { values: OptionValues<S>; config: string } | null {
  const parsed = parseOptions(argv, spec);
  if (parsed.help) {
    console.log(help);
    return null;
  }
  if (parsed.version) {
    console.log(`qkdd ${packageVersion()}`);
    return null;
  }
  const config = parsed.values.config;
  if (typeof config !== 'string' || config === '') throw usageError('--config FILE is required');
  return { values: parsed.values, config };
}

/**
 * A daemon's life between start and stop: prints `statusLine()` at once and every `intervalMs`
 * (`--status-interval-ms`; 0: never) until the first SIGINT or SIGTERM, then stops printing.
 */
export async function statusUntilSignal(intervalMs: number, statusLine: () => void): Promise<void> {
  if (intervalMs > 0) statusLine();
  const timer = intervalMs > 0 ? setInterval(statusLine, intervalMs) : null;
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  if (timer) clearInterval(timer);
}
