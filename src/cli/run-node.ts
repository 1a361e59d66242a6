/**
 * `qkdd run --config FILE`: one node, driven by its bench config, until
 * SIGINT or SIGTERM. Logs (pino JSON) go to --log FILE or stderr; a status
 * object is printed on stdout as one JSON line every --status-interval-ms,
 * which is what `qkdd demo` and scripts read.
 */
import { pino } from 'pino';
import { createLogger } from '../log.ts';
import { loadBenchConfig } from '../node/load-bench-config.ts';
import { QkdNode } from '../node/qkd-node.ts';
import { createBoardBench } from '../node/boards/create-board-bench.ts';
import { startNodeKeyDelivery } from '../node/key-delivery.ts';
import { formatOptions, parseOptions, UsageError, type OptionSpec } from './args.ts';

const SPEC = {
  config: { kind: 'string', help: 'bench config file (YAML or JSON) of this node' },
  log: { kind: 'string', help: 'append log lines (JSON) to this file instead of stderr' },
  'log-level': { kind: 'string', help: 'pino level', default: 'info', choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
  'status-interval-ms': { kind: 'number', help: 'period of the status line on stdout, in ms (0: none)', default: 1000, min: 0 },
} satisfies Record<string, OptionSpec>;

export const RUN_HELP = `usage: qkdd run --config FILE [options]

Runs one QKD node (transmitter or receiver, as its bench config says):
drives its boards, generates key with the peer node, stores it, and serves
ETSI GS QKD 014 when the config has an etsi section.

${formatOptions(SPEC)}`;

export async function runNodeCommand(argv: string[]): Promise<number> {
  const { values, help } = parseOptions(argv, SPEC);
  if (help) {
    console.log(RUN_HELP);
    return 0;
  }
  if (!values.config) throw new UsageError('--config FILE is required');
  const config = loadBenchConfig(values.config);
  const destination = values.log ? pino.destination({ dest: values.log, append: true, sync: false }) : pino.destination(2);
  const log = createLogger({ name: config.node.id, level: values['log-level'], destination });
  const bench = await createBoardBench(config, log);
  const node = await QkdNode.start({ config, bench, log });
  const delivery = await startNodeKeyDelivery(config, node, log);
  const interval = values['status-interval-ms'] ?? 1000;
  const timer =
    interval > 0 ? setInterval(() => process.stdout.write(`${JSON.stringify({ status: node.status(), etsi: delivery?.url ?? null })}\n`), interval) : null;
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  if (timer) clearInterval(timer);
  log.info('stopping');
  await delivery?.close();
  await node.stop();
  destination.flushSync?.();
  return 0;
}

