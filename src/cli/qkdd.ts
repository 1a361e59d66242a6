/**
 * qkdd — the control daemon of one QKD node.
 *
 *   qkdd run --config FILE     run one node from its bench config
 *   qkdd demo [options]        simulated bench + both nodes on this machine (npm start)
 *
 * An expected failure (bad config, missing file, wrong board, bad option) is
 * one line with its code on stderr and exit code 2; a bug prints its stack
 * and exits 1; `--debug` prints the stack of both (errors/report-failure.ts).
 */
import { describeFailure } from '../../errors/index.ts';
import { runNodeCommand, RUN_HELP } from './run-node.ts';
import { runDemoCommand, DEMO_HELP } from './demo.ts';
import { runNetsimCommand } from './netsim.ts';
import { runTrustedNodeCommand } from './trusted-node.ts';
import { runTopologyDemoCommand } from './topology-demo.ts';
import { usageError } from './args.ts';
import { packageVersion } from '../../sim/cli/version.ts';

const HELP = `usage: qkdd [--debug] <command> [options]
       qkdd --version

commands:
  run     run one QKD node from its bench config (qkdd run --help)
  demo    a simulated two-node link on this machine: simulator, both nodes,
          ETSI GS QKD 014 servers, a status line each second (qkdd demo --help)
  node    run one trusted node of a QKD network: several links, key relay
          to non-adjacent nodes (qkdd node --help)
  netsim  simulate a trusted-relay network (50 nodes by default): delivered
          key rate, blocked requests, link key levels, SVG plot (qkdd netsim --help)

options of every command:
  --debug    print the stack trace of every failure, not only of bugs
  --json     machine-readable output (status lines, reports) and failures as
             one JSON object on stderr
  --version  print the version and exit
  --help     this text (qkdd <command> --help shows the command's options)

An expected failure prints one line with its code (e.g. [QKD-501 FileMissing])
(with --json: {"error":{...}}) and exits 2; an internal error prints its
stack and exits 1.`;

async function main(argv: string[]): Promise<number> {
  // Options before the command apply to qkdd itself.
  let i = 0;
  for (; i < argv.length && argv[i]!.startsWith('-'); i++) {
    const opt = argv[i];
    if (opt === '--debug' || opt === '--json') continue;
    if (opt === '--version') {
      console.log(`qkdd ${packageVersion()}`);
      return 0;
    }
    if (opt === '--help' || opt === '-h') {
      console.log(HELP);
      return 0;
    }
    throw usageError(`unknown option '${opt}' (qkdd --help lists the commands)`);
  }
  const [command, ...rest] = argv.slice(i);
  switch (command) {
    case 'run':
      return runNodeCommand(rest);
    case 'demo':
      // --topology: the trusted-relay network demo (src/cli/topology-demo.ts); else the two-node link.
      return rest.some((a) => a === '--topology' || a.startsWith('--topology=')) ? runTopologyDemoCommand(rest) : runDemoCommand(rest);
    case 'netsim':
      return runNetsimCommand(rest);
    case 'node':
      return runTrustedNodeCommand(rest);
    case 'help':
      console.log(HELP);
      return 0;
    case undefined:
      console.log(HELP);
      return 2;
    default:
      throw usageError(`unknown command '${command}' (qkdd --help lists the commands)`);
  }
}

const argv = process.argv.slice(2);
main(argv).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const report = describeFailure('qkdd', err, { debug: argv.includes('--debug'), json: argv.includes('--json') });
    process.stderr.write(`${report.text}\n`);
    process.exit(report.exitCode);
  },
);

export { RUN_HELP, DEMO_HELP };
