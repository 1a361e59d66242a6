/**
 * `qkdctl status`: what a running node is doing — node and link, boards,
 * QBER, key rates, stored key, alarms, and whether key generation runs or
 * what holds it. `--json` prints the control API's status document as it is
 * (GET /api/v1/status, docs/control-api.md).
 */
import type { StatusJson } from '../../api/control/index.ts';
import { parseCommand, type QkdctlCommand } from './command.ts';
import { controlRequest, controlTarget, formatBits, formatPercent, formatRate, TARGET_OPTIONS, TARGET_USAGE } from './control-client.ts';

export function formatStatus(s: StatusJson): string {
  const lines = [
    `node ${s.node.id} (${s.node.role}), link ${s.link.id}, peer ${s.link.peerConnected ? 'connected' : 'not connected'}`,
    `boards: ${s.boards.length === 0 ? 'none' : s.boards.map((b) => `${b.name} ${b.state} (${b.address})`).join(', ')}`,
    s.generation.running
      ? 'generation: running'
      : `generation: held by ${s.generation.holds.map((h) => `${h.reason} since ${h.since} (${h.detail})`).join('; ')}`,
    `QBER: Z (key) ${formatPercent(s.qber.Z)}, X (test) ${formatPercent(s.qber.X)}`,
    `rates${s.rates.windowS > 0 ? ` (last ${s.rates.windowS} s)` : ''}: sifted ${formatRate(s.rates.siftedBitsPerS)}, secret ${formatRate(s.rates.secretBitsPerS)}`,
    `frames: ${String(s.counters.framesOk ?? 0)} ok, ${String(s.counters.framesAborted ?? 0)} aborted, ${String(s.counters.framesInFlight ?? 0)} in flight; ${String(s.counters.blocksStored ?? 0)} blocks stored`,
    `stored key: ${formatBits(s.storedKey.appBits)} for applications, ${formatBits(s.storedKey.authBits)} for authentication (max ${formatBits(s.storedKey.maxBits)}); ${s.storedKey.deliveredKeys} keys delivered`,
    `alarms: ${s.alarms.total}${
      s.alarms.total > 0
        ? ` ${Object.entries(s.alarms.byCode)
            .map(([c, n]) => `${c} ×${n}`)
            .join(', ')}`
        : ''
    }`,
  ];
  const last = s.alarms.recent.at(-1);
  if (last) lines.push(`last alarm: ${last.at} ${last.severity} ${last.code}: ${last.message}`);
  return lines.join('\n');
}

export const statusCommand: QkdctlCommand = {
  name: 'status',
  summary: 'what a running node is doing: boards, QBER, rates, stored key, alarms, generation',
  async run(argv) {
    const parsed = parseCommand(argv, 'status', TARGET_USAGE, TARGET_OPTIONS);
    if (!parsed) return 0;
    const status = await controlRequest<StatusJson>(controlTarget(parsed.values), 'GET', '/status');
    parsed.io.result(formatStatus(status), status);
    return 0;
  },
};
