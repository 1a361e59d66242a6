/**
 * qkdctl — the command line of technicians and calibration scripts: find the
 * boards, make a bench config, keys and certificates, check a config before
 * a run, and talk to a running node through its control API.
 *
 * Every subcommand has `--help`, `--json` (one JSON document on stdout) and
 * `--debug`. Exit codes: 0 done; 1 a bug (its stack is printed); 2 an
 * expected failure (one line naming the field, file, board or address; with
 * `--json` a JSON error object on stderr); 3 a check that ran and found
 * problems (`qkdctl check`).
 */
import { describeFailure } from '../../errors/index.ts';
import { packageVersion } from '../../sim/cli/version.ts';
import { usageError } from './args.ts';
import { QKDCTL_COMMANDS } from './qkdctl/commands.ts';

function help(): string {
  const w = Math.max(...QKDCTL_COMMANDS.map((c) => c.name.length)) + 2;
  const rows = QKDCTL_COMMANDS.map((c) => `  ${c.name.padEnd(w)}${c.summary}`).join('\n');
  return `usage: qkdctl [--debug] <command> [options]
       qkdctl --version

commands:
${rows}

options of every command:
  --json     print one JSON document on stdout (for scripts)
  --debug    print the stack trace of every failure, not only of bugs
  --version  print the version and exit
  --help     the command's own options (qkdctl <command> --help)

exit codes: 0 done, 2 an expected failure (one line naming what it is about),
3 a check found problems, 1 an internal error (a bug; its stack is printed).`;
}

/** The longest command name that prefixes the arguments (`keys psk` before `keys`). */
function findCommand(args: string[]): { name: string; rest: string[] } | undefined {
  let best: { name: string; rest: string[] } | undefined;
  for (const c of QKDCTL_COMMANDS) {
    const words = c.name.split(' ');
    if (words.every((w, i) => args[i] === w) && (!best || words.length > best.name.split(' ').length)) {
      best = { name: c.name, rest: args.slice(words.length) };
    }
  }
  return best;
}

async function main(argv: string[]): Promise<number> {
  let i = 0;
  for (; i < argv.length && argv[i]!.startsWith('-'); i++) {
    const opt = argv[i];
    if (opt === '--debug' || opt === '--json') continue;
    if (opt === '--version') {
      console.log(`qkdctl ${packageVersion()}`);
      return 0;
    }
    if (opt === '--help' || opt === '-h') {
      console.log(help());
      return 0;
    }
    throw usageError(`unknown option '${opt}' (qkdctl --help lists the commands)`);
  }
  const args = argv.slice(i);
  if (args.length === 0 || args[0] === 'help') {
    console.log(help());
    return args.length === 0 ? 2 : 0;
  }
  const found = findCommand(args);
  if (!found) {
    const group = QKDCTL_COMMANDS.filter((c) => c.name.startsWith(`${args[0]} `)).map((c) => c.name);
    throw usageError(
      group.length > 0
        ? `'qkdctl ${args[0]}' needs one of: ${group.map((g) => g.split(' ')[1]).join(', ')}`
        : `unknown command '${args[0]}' (qkdctl --help lists the commands)`,
    );
  }
  const command = QKDCTL_COMMANDS.find((c) => c.name === found.name)!;
  return command.run(found.rest);
}

const argv = process.argv.slice(2);
main(argv).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const report = describeFailure('qkdctl', err, { debug: argv.includes('--debug'), json: argv.includes('--json') });
    process.stderr.write(`${report.text}\n`);
    process.exit(report.exitCode);
  },
);
