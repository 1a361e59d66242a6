/**
 * How every command line (qkdd, qkd-sim, qkdctl) ends on an error: an expected
 * failure (a QkdError) is one line with its code, exit code 2, no stack; a
 * bug is the stack, exit code 1. `--debug` shows the stack of both.
 */
import { isQkdError } from './qkd-error.ts';

/** Exit code of an expected failure (bad config, missing file, board not answering, permission). */
export const EXIT_EXPECTED_FAILURE = 2;
/** Exit code of a bug. */
export const EXIT_BUG = 1;

export interface FailureReport {
  /** What to print on stderr (one line for an expected failure). */
  readonly text: string;
  readonly exitCode: number;
}

/**
 * `program: message [QKD-501 FileMissing]` for an expected failure; the stack
 * for anything else. Messages are one line; the one exception is a config
 * with several bad fields, which names one field per line.
 */
export function describeFailure(program: string, err: unknown, options: { debug?: boolean; json?: boolean } = {}): FailureReport {
  if (isQkdError(err)) {
    const line = options.json ? JSON.stringify({ error: err.toJSON() }) : `${program}: ${err.message} [${err.codeLabel}]`;
    const text = options.debug && err.stack ? `${line}\n${err.stack}` : line;
    return { text, exitCode: EXIT_EXPECTED_FAILURE };
  }
  const stack = err instanceof Error ? (err.stack ?? String(err)) : String(err);
  return { text: `${program}: internal error (a bug; please report it with this trace):\n${stack}`, exitCode: EXIT_BUG };
}
