/**
 * `qkdd run --config FILE`: one node, driven by its bench config, until
 * SIGINT or SIGTERM. Logs go to --log FILE (reopened on SIGHUP, for
 * logrotate) or stderr, as JSON or pretty (--log-format; src/log.ts); a status
 * object is printed on stdout as one JSON line every --status-interval-ms,
 * which is what `qkdd demo` and scripts read.
 *
 * Order of start: the config is validated (board addresses included), then
 * every file and folder it names is checked (preflight), and only then are
 * the boards touched. A board of the wrong kind at an address ends the
 * command with one line naming the config field and the address.
 */
import { existsSync, statSync, accessSync, constants } from 'node:fs';
import { dirname } from 'node:path';
import { isBoardError, QkdError, QkdErrorCode } from '../../errors/index.ts';
import { qkd } from '../../firmware-protocol/index.ts';
import { preflightBeforeRun, readBenchConfig, type LoadedBenchConfig } from '../config/index.ts';
import { createLogger, LOG_FORMATS, openLogOutput, reopenLogOnSighup, type Logger } from '../log.ts';
import { QkdNode, type NodeBench } from '../node/qkd-node.ts';
import { createBoardBench } from '../node/boards/create-board-bench.ts';
import { formatOptions, type OptionSpec } from './args.ts';
import { daemonOptions, parseDaemonOptions, statusUntilSignal } from './daemon-options.ts';
import { startNodeKeyDelivery } from './key-delivery.ts';
import { controlRoutesFor } from './control-routes.ts';
import { calibratedConfig } from '../calibration/calibration-file.ts';
import { checkControlSocketPath, controlSettingsFromConfig, startControlServer } from '../api/control/index.ts';

const SPEC = daemonOptions('bench config file (YAML or JSON) of this node', {
  log: { kind: 'string', help: 'append log lines to this file instead of stderr; SIGHUP reopens it (logrotate)' },
  'log-format': {
    kind: 'string',
    help: 'json (for machines) or pretty (for people); default: pretty on a terminal, else json (always json in a --log file)',
    choices: [...LOG_FORMATS],
  },
} satisfies Record<string, OptionSpec>);

export const RUN_HELP = `usage: qkdd run --config FILE [options]

Runs one QKD node (transmitter or receiver, as its bench config says):
drives its boards, generates key with the peer node, stores it, and serves
ETSI GS QKD 014 when the config has an etsi section. Its control API (for
qkdctl status/start/stop/alarms; docs/control-api.md) listens on a Unix
socket (control.socket, default control.sock beside the key store) and, when
control.http is set, on loopback HTTP; each status line names both. The
config, and every file and folder it names, is checked before any board is
touched.

${formatOptions(SPEC)}`;

export async function runNodeCommand(argv: string[]): Promise<number> {
  const parsed = parseDaemonOptions(argv, SPEC, RUN_HELP);
  if (parsed === null) return 0;
  const { values } = parsed;
  const read = readBenchConfig(parsed.config);
  // The calibration file's current values (gate and input delays, modulator voltages, measured intensities) override the config's.
  const loaded: LoadedBenchConfig = { file: read.file, locate: (path) => read.locate(path), config: calibratedConfig(read.config) };
  await preflightBeforeRun(loaded);
  if (values.log) checkLogFile(values.log);
  // The control socket's folder, and no live node on it, before any board is touched.
  const controlSettings = controlSettingsFromConfig(loaded.config);
  await checkControlSocketPath(controlSettings.socketPath);
  const config = loaded.config;
  const output = openLogOutput({ file: values.log, format: values['log-format'] as (typeof LOG_FORMATS)[number] | undefined });
  const log = createLogger({ name: config.node.id, level: values['log-level'], destination: output.destination });
  const stopReopening = output.file === undefined ? undefined : reopenLogOnSighup(output, log);
  const bench = await openBoards(loaded, log);
  const node = await QkdNode.start({ config, bench, log });
  const delivery = await startNodeKeyDelivery(config, node, log);
  const control = await startControlServer({
    node,
    socketPath: controlSettings.socketPath,
    http: controlSettings.http,
    log,
    rawRoutes: controlRoutesFor({ node, config, log }),
  }).catch(async (err: unknown) => {
    await delivery?.close();
    await node.stop();
    throw err;
  });
  const interval = values['status-interval-ms'] ?? 1000;
  // Every status line, the first (printed at once) included, names where the control API and ETSI 014 listen.
  const statusLine = (): void =>
    void process.stdout.write(
      `${JSON.stringify({ status: node.status(), control: { socket: control.socketPath, url: control.url }, etsi: delivery?.url ?? null })}\n`,
    );
  await statusUntilSignal(interval, statusLine);
  log.info('stopping');
  await control.close();
  await delivery?.close();
  await node.stop();
  stopReopening?.();
  output.flushSync();
  return 0;
}

/** The folder of `--log` must exist and be writable, and the file, if there, be writable. */
function checkLogFile(path: string): void {
  const dir = dirname(path);
  if (!existsSync(dir))
    throw new QkdError(QkdErrorCode.FileMissing, `--log ${path}: folder ${dir} does not exist`, { field: '--log', path });
  const writable = (p: string, mode: number): boolean => {
    try {
      accessSync(p, mode);
      return true;
    } catch {
      return false;
    }
  };
  if (!statSync(dir).isDirectory() || !writable(dir, constants.W_OK | constants.X_OK)) {
    throw new QkdError(QkdErrorCode.FileUnusable, `--log ${path}: folder ${dir} is not a writable folder`, { field: '--log', path });
  }
  if (existsSync(path) && !writable(path, constants.W_OK))
    throw new QkdError(QkdErrorCode.FileUnusable, `--log ${path} is not writable`, { field: '--log', path });
}

/** Config field of the board a driver of `kind` was opened for. */
const FIELD_OF_KIND: Partial<Record<qkd.BoardKind, 'photonSource' | 'polarizationModulator' | 'detector'>> = {
  [qkd.BoardKind.BOARD_KIND_PHOTON_SOURCE]: 'photonSource',
  [qkd.BoardKind.BOARD_KIND_POLARIZATION_MODULATOR]: 'polarizationModulator',
  [qkd.BoardKind.BOARD_KIND_TIME_TAGGER]: 'detector',
};

/**
 * Connect and configure the role's boards. A WrongBoard from the drivers
 * (another kind of board answers at the address) is not retried; it becomes
 * one error naming the config field, its line and the address.
 */
async function openBoards(loaded: LoadedBenchConfig, log: Logger): Promise<NodeBench> {
  try {
    return await createBoardBench(loaded.config, log);
  } catch (err) {
    if (!isBoardError(err, QkdErrorCode.WrongBoard)) throw err;
    const boards = loaded.config.boards;
    const expected = err.details.expected as qkd.BoardKind | undefined;
    // Board-kind mismatches name the kind the driver expected; identity mismatches start with the address.
    const field =
      (expected === undefined ? undefined : FIELD_OF_KIND[expected]) ??
      (['photonSource', 'polarizationModulator', 'detector'] as const).find(
        (k) => boards[k] !== undefined && err.message.startsWith(`${boards[k]}:`),
      );
    if (field === undefined) throw err;
    const url = boards[field]!;
    const what = err.message.startsWith(`${url}: `) ? err.message.slice(url.length + 2) : err.message;
    throw new QkdError(
      QkdErrorCode.WrongBoard,
      `${loaded.locate(`boards.${field}`)} boards.${field}: wrong board at ${url}: ${what}`,
      { ...err.details, field: `boards.${field}`, url },
      { cause: err },
    );
  }
}
