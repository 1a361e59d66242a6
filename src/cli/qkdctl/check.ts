/**
 * `qkdctl check --config FILE`: the preflight of a bench config, the same
 * checks `qkdd run` makes before it touches a board (src/config/preflight.ts)
 * and then those that reach out: each board answers with the kind its field
 * expects, the peer node is reachable. One line per finding, naming the
 * field, file or board, with a hint for each problem.
 *
 * Exit codes: 0 no problem (warnings allowed: a peer that is not up yet is
 * one); 3 problems found; 2 the config does not load (its one-line error,
 * as `qkdd run` prints it) or a bad option.
 */
import { checkBench, type PreflightFinding, readBenchConfig } from '../../config/index.ts';
import { type OptionSpec, usageError } from '../args.ts';
import { parseCommand, type QkdctlCommand } from './command.ts';

const SPEC = {
  config: { kind: 'string', help: 'bench config file of this node' },
  'no-boards': { kind: 'boolean', help: 'do not probe the boards' },
  'no-peer': { kind: 'boolean', help: 'do not try to reach the peer node' },
  'board-timeout-ms': { kind: 'number', help: 'time a board has to answer each probe step, ms', default: 1000, min: 50, max: 60_000 },
} satisfies Record<string, OptionSpec>;

const MARK: Record<PreflightFinding['level'], string> = { ok: 'ok     ', warning: 'warning', problem: 'PROBLEM' };

export function formatFindings(findings: readonly PreflightFinding[]): string {
  const lines = findings.map((f) => `${MARK[f.level]}  ${f.message}${f.hint ? ` — ${f.hint}` : ''}`);
  const problems = findings.filter((f) => f.level === 'problem').length;
  const warnings = findings.filter((f) => f.level === 'warning').length;
  lines.push(
    problems === 0
      ? `ready: no problem${warnings > 0 ? `, ${warnings} warning(s)` : ''} — qkdd run --config … can start`
      : `${problems} problem(s)${warnings > 0 ? `, ${warnings} warning(s)` : ''}: fix them, then check again`,
  );
  return lines.join('\n');
}

export const checkCommand: QkdctlCommand = {
  name: 'check',
  summary: 'preflight of a bench config: files, secrets, ports, boards, peer (what qkdd run checks first)',
  async run(argv) {
    const parsed = parseCommand(argv, 'check', '--config FILE [--no-boards] [--no-peer]', SPEC);
    if (parsed === null) return 0;
    const { values: v, io } = parsed;
    if (!v.config) throw usageError('--config FILE is required');
    const loaded = readBenchConfig(v.config); // a config that does not load: its error, exit 2
    const slow = setTimeout(() => io.progress('probing the boards and the peer…'), 2000);
    let findings: PreflightFinding[];
    try {
      findings = await checkBench(loaded, {
        boards: !v['no-boards'],
        peer: !v['no-peer'],
        boardTimeoutMs: v['board-timeout-ms'] ?? 1000,
      });
    } finally {
      clearTimeout(slow);
    }
    const problems = findings.filter((f) => f.level === 'problem').length;
    const warnings = findings.filter((f) => f.level === 'warning').length;
    io.result(formatFindings(findings), { config: loaded.file, ok: problems === 0, problems, warnings, findings });
    return problems === 0 ? 0 : 3;
  },
};
