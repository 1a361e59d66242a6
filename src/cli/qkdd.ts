/**
 * qkdd — the control daemon of one QKD node.
 *
 *   qkdd run --config FILE     run one node from its bench config
 *   qkdd demo [options]        simulated bench + both nodes on this machine (npm start)
 */
import { runNodeCommand, RUN_HELP } from './run-node.ts';
import { runDemoCommand, DEMO_HELP } from './demo.ts';
import { UsageError } from './args.ts';
import { ConfigError } from '../node/load-bench-config.ts';

const HELP = `usage: qkdd <command> [options]

commands:
  run     run one QKD node from its bench config (qkdd run --help)
  demo    a simulated two-node link on this machine: simulator, both nodes,
          ETSI GS QKD 014 servers, a status line each second (qkdd demo --help)

qkdd <command> --help shows the command's options.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      return runNodeCommand(rest);
    case 'demo':
      return runDemoCommand(rest);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      console.log(HELP);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command '${command}'\n\n${HELP}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`qkdd: ${err.message}`);
      process.exit(2);
    }
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    console.error(`qkdd: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);

export { RUN_HELP, DEMO_HELP };
