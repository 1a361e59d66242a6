/**
 * A small, strict option parser for our commands: every option is declared
 * with its kind, unknown options and missing values are QkdError(Usage)
 * naming the option, and the options every command has (`--help`,
 * `--version`, `--debug`) are handled by the caller. Node's util.parseArgs
 * does the tokenising; this adds number validation and clear messages.
 */
import { parseArgs } from 'node:util';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';

export interface OptionSpec {
  kind: 'string' | 'number' | 'boolean';
  /** One line for --help, with units. */
  help: string;
  default?: string | number | boolean;
  /** For numbers: inclusive bounds. */
  min?: number;
  max?: number;
  /** For strings: allowed values. */
  choices?: readonly string[];
}

export type OptionValues<S extends Record<string, OptionSpec>> = {
  [K in keyof S]: S[K]['kind'] extends 'number' ? number | undefined : S[K]['kind'] extends 'boolean' ? boolean : string | undefined;
};

/** A bad command line: one line naming the option, exit 2. */
export function usageError(message: string): QkdError {
  return new QkdError(QkdErrorCode.Usage, message);
}

/** Options of every command, on top of its own. */
export const COMMON_OPTIONS = ['help', 'version', 'debug'] as const;

export interface ParsedOptions<S extends Record<string, OptionSpec>> {
  values: OptionValues<S>;
  positionals: string[];
  help: boolean;
  version: boolean;
  /** Print the stack of every failure, not only of bugs. */
  debug: boolean;
}

export function parseOptions<S extends Record<string, OptionSpec>>(argv: string[], spec: S): ParsedOptions<S> {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const name of COMMON_OPTIONS) options[name] = { type: 'boolean' };
  for (const [name, s] of Object.entries(spec)) options[name] = { type: s.kind === 'boolean' ? 'boolean' : 'string' };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw usageError((err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
  const values: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(spec)) {
    const raw = parsed.values[name];
    if (raw === undefined) {
      values[name] = s.default ?? (s.kind === 'boolean' ? false : undefined);
      continue;
    }
    if (s.kind === 'number') {
      const n = Number(raw);
      if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n))
        throw usageError(`--${name} needs a number, got '${String(raw)}'`);
      if (s.min !== undefined && n < s.min) throw usageError(`--${name} must be ≥ ${s.min}, got ${n}`);
      if (s.max !== undefined && n > s.max) throw usageError(`--${name} must be ≤ ${s.max}, got ${n}`);
      values[name] = n;
    } else if (s.kind === 'string' && s.choices && !s.choices.includes(String(raw))) {
      throw usageError(`--${name} must be one of ${s.choices.join(', ')}, got '${String(raw)}'`);
    } else values[name] = raw;
  }
  return {
    values: values as OptionValues<S>,
    positionals: parsed.positionals,
    help: parsed.values.help === true,
    version: parsed.values.version === true,
    debug: parsed.values.debug === true,
  };
}

export function formatOptions(spec: Record<string, OptionSpec>): string {
  const rows = Object.entries(spec).map(([name, s]) => {
    const arg = s.kind === 'boolean' ? '' : s.kind === 'number' ? ' N' : s.choices ? ` ${s.choices.join('|')}` : ' VALUE';
    const def = s.default === undefined || s.default === false ? '' : ` (default ${String(s.default)})`;
    return [`  --${name}${arg}`, `${s.help}${def}`];
  });
  rows.push(
    ['  --debug', 'print the stack trace of every failure, not only of bugs'],
    ['  --version', 'print the version and exit'],
    ['  --help', 'this text'],
  );
  const w = Math.max(...rows.map((r) => r[0].length)) + 2;
  return rows.map(([a, b]) => a.padEnd(w) + b).join('\n');
}
