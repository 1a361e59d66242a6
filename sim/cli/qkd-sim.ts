/**
 * `qkd-sim`: the simulated bench as its own process. Each board is served
 * on a pseudo-terminal (`--serial`, through socat; see serve-pty.ts for why
 * that shape) or a TCP port (`--tcp PORT`); one JSON line per board on
 * stdout says where, once the board is reachable (with `--tcp 0` each board
 * gets a free port, and its line is how a caller learns it). SIGINT/SIGTERM close the
 * servers (socat children exit, the ptys disappear) and exit 0.
 *
 * An expected failure (bad option, port in use, socat missing) is one line
 * with its code and exit code 2; a bug prints its stack and exits 1;
 * `--debug` prints the stack of both (errors/report-failure.ts).
 */
import { describeFailure, isQkdError, QkdError, QkdErrorCode } from '../../errors/index.ts';
import { BOARD_NAMES, BoardFirmware, createSimulatedBench, type ByteEndpoint, serveOnPty, serveOnTcp, simIdentity } from '../index.ts';
import { ReplayTaggerBoard } from '../firmware/replay-tagger.ts';
import { HELP, parseCli } from './options.ts';
import { writeTruthFile } from './truth-file.ts';
import { packageVersion } from './version.ts';

const argv = process.argv.slice(2);
const debug = argv.includes('--debug');

function fail(err: unknown): never {
  const report = describeFailure('qkd-sim', err, { debug });
  process.stderr.write(`${report.text}\n`);
  process.exit(report.exitCode);
}

const parsed = parseCli(argv);
if (parsed.kind === 'help') {
  process.stdout.write(HELP);
  process.exit(0);
}
if (parsed.kind === 'version') {
  process.stdout.write(`qkd-sim ${packageVersion()}\n`);
  process.exit(0);
}
if (parsed.kind === 'error') fail(new QkdError(QkdErrorCode.Usage, parsed.message));
const { options } = parsed;

const sim = createSimulatedBench({
  seed: options.seed,
  distanceKm: options.distanceKm,
  attack: options.attack,
  ...(options.physics ? { physics: options.physics } : {}),
  ...(options.unknownBench ? { unknownBench: options.unknownBench } : {}),
  ...(options.noOnboardChoices ? { onboardChoices: false } : {}),
});
const closers: (() => Promise<void>)[] = [];
if (options.truthFile) {
  const file = options.truthFile;
  try {
    writeTruthFile(file, sim.truth());
  } catch (err) {
    fail(
      new QkdError(
        QkdErrorCode.Usage,
        `--truth-file: cannot write ${file} (${(err as NodeJS.ErrnoException).code ?? err})`,
        { file },
        { cause: err },
      ),
    );
  }
  const timer = setInterval(() => {
    try {
      writeTruthFile(file, sim.truth());
    } catch {
      // the folder went away (a test cleaning up): nothing to tell
    }
  }, 1000);
  timer.unref();
  closers.push(async () => clearInterval(timer));
}
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await Promise.allSettled(closers.map((c) => c()));
    sim.close();
  }
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
// Stdout closed by whoever started us (a pipeline ended): nothing more to say, stop cleanly.
process.stdout.on('error', () => void shutdown(0));

/** Serving failures the user can fix (a port in use, socat missing) as QkdErrors; anything else stays a bug. */
function servingError(err: unknown, port: number | null): unknown {
  if (isQkdError(err)) return err; // serveOnPty names what failed (socat missing, no pty)
  if (port !== null && typeof (err as NodeJS.ErrnoException).code === 'string') {
    const code = (err as NodeJS.ErrnoException).code;
    return new QkdError(
      QkdErrorCode.Usage,
      `--tcp: cannot listen on 127.0.0.1:${port} (${code}); choose other ports`,
      { port, errno: code },
      { cause: err },
    );
  }
  if (port === null && err instanceof Error) {
    return new QkdError(QkdErrorCode.ExternalToolFailed, `--serial: ${err.message.split('\n')[0]}`, { tool: 'socat' }, { cause: err });
  }
  return err;
}

// --replay: one detector board playing a recording, instead of the three boards of the bench.
let replayBoard: BoardFirmware | null = null;
if (options.replay) {
  try {
    replayBoard = new BoardFirmware(
      new ReplayTaggerBoard(simIdentity('detector', options.seed), options.replay.file, { speed: options.replay.speed }),
    );
  } catch (err) {
    fail(err);
  }
}

try {
  for (const [i, name] of BOARD_NAMES.entries()) {
    if (replayBoard && name !== 'detector') continue;
    const board: ByteEndpoint & { model: { identity: { serialNumber: string } } } = replayBoard ?? sim.board(name);
    const serial = board.model.identity.serialNumber;
    if (options.mode.kind === 'serial') {
      const served = await serveOnPty(board).catch((err: unknown) => Promise.reject(servingError(err, null)));
      closers.push(served.close);
      process.stdout.write(`${JSON.stringify({ board: name, path: served.path, serial })}\n`);
    } else {
      // --tcp 0: each board on a port the system picks; its line says which.
      const port = options.mode.firstPort === 0 ? 0 : options.mode.firstPort + i;
      const served = await serveOnTcp(board, port).catch((err: unknown) => Promise.reject(servingError(err, port)));
      closers.push(served.close);
      process.stdout.write(`${JSON.stringify({ board: name, url: served.url, serial })}\n`);
    }
  }
} catch (err) {
  const report = describeFailure('qkd-sim', err, { debug });
  process.stderr.write(`${report.text}\n`);
  await shutdown(report.exitCode);
}
