/**
 * The one way tests start our command lines (`qkdd`, `qkd-sim`, `qkdctl`) as
 * child processes: from the compiled dist/ output, which the test setup
 * (`build-dist.global-setup.ts`) builds when stale. Through tsx each start
 * cost about half a second more; the compiled daemon is also what a bench runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const ENTRIES = {
  qkdd: 'dist/src/cli/qkdd.js',
  'qkd-sim': 'dist/sim/cli/qkd-sim.js',
  qkdctl: 'dist/src/cli/qkdctl.js',
} as const;

export type CliProgram = keyof typeof ENTRIES;

/** Executable and arguments that run `program args…`. */
export function cliCommand(program: CliProgram, args: readonly string[]): { command: string; args: string[] } {
  return { command: process.execPath, args: [ENTRIES[program], ...args] };
}

export interface StartedCli {
  readonly child: ChildProcess;
  /** Resolves when the process has exited. */
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
}

/** Start `program args…` from the repository root, stdout and stderr collected. */
export function startCli(program: CliProgram, args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): StartedCli {
  const { command, args: argv } = cliCommand(program, args);
  const child = spawn(command, argv, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
  let out = '';
  let err = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, exit, stdout: () => out, stderr: () => err };
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Run `program args…` to its end. A process still running after `timeoutMs`
 * is killed (SIGKILL) and the result says so (signal), so a hang fails the
 * test's assertions instead of the whole run.
 */
export async function runCli(
  program: CliProgram,
  args: readonly string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  const started = startCli(program, args, options);
  const timer = setTimeout(() => started.child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  try {
    const { code, signal } = await started.exit;
    return { code, signal, stdout: started.stdout(), stderr: started.stderr() };
  } finally {
    clearTimeout(timer);
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (at once when it has exited). */
export async function stopCli(cli: StartedCli, graceMs = 30_000): Promise<number | null> {
  if (cli.child.exitCode !== null || cli.child.signalCode !== null) return cli.child.exitCode;
  const timer = setTimeout(() => cli.child.kill('SIGKILL'), graceMs);
  cli.child.kill('SIGTERM');
  const { code } = await cli.exit;
  clearTimeout(timer);
  return code;
}
