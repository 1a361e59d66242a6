/**
 * The shape of one `qkdctl` subcommand, so that every one of them has the
 * same `--help`, `--json`, `--version` and `--debug`, and the same way of
 * printing: a human text by default, one JSON document on stdout with
 * `--json` (for calibration scripts), progress on stderr.
 */
import { formatOptions, type OptionSpec, type OptionValues, parseOptions } from '../args.ts';

export interface CommandIo {
  /** Print the result: `human` as text, or `data` as one JSON document with `--json`. */
  result(human: string, data: unknown): void;
  /** A progress line on stderr (not with `--json`, where stderr carries only failures). */
  progress(line: string): void;
  readonly json: boolean;
}

export interface QkdctlCommand {
  /** As typed: `boards`, `keys psk`, `status`. */
  readonly name: string;
  /** One line for `qkdctl --help`. */
  readonly summary: string;
  /** Runs with the arguments after the name; returns the exit code. */
  run(argv: string[]): Promise<number>;
}

export const JSON_OPTION = { json: { kind: 'boolean', help: 'print one JSON document on stdout (for scripts)' } } as const satisfies Record<
  string,
  OptionSpec
>;

/**
 * Parses a subcommand's options (plus `--json` and the common ones) and
 * answers `--help` itself. Returns null when help was printed.
 */
export function parseCommand<S extends Record<string, OptionSpec>>(
  argv: string[],
  name: string,
  usage: string,
  spec: S,
): { values: OptionValues<S & typeof JSON_OPTION>; positionals: string[]; io: CommandIo } | null {
  const full = { ...spec, ...JSON_OPTION } as S & typeof JSON_OPTION;
  const parsed = parseOptions(argv, full);
  if (parsed.help) {
    console.log(`usage: qkdctl ${name} ${usage}\n\n${formatOptions(full)}`);
    return null;
  }
  const json = parsed.values.json === true;
  const io: CommandIo = {
    json,
    result(human, data) {
      process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human}\n`);
    },
    progress(line) {
      if (!json) process.stderr.write(`${line}\n`);
    },
  };
  return { values: parsed.values, positionals: parsed.positionals, io };
}
