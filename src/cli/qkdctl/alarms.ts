/**
 * `qkdctl alarms`: the alarms of a running node — counts per code since it
 * started and the most recent ones with their time and message. `--json`
 * prints GET /api/v1/alarms as it is.
 */
import type { AlarmsJson } from '../../api/control/index.ts';
import { parseCommand, type QkdctlCommand } from './command.ts';
import { controlRequest, controlTarget, TARGET_OPTIONS, TARGET_USAGE } from './control-client.ts';

export function formatAlarms(a: AlarmsJson): string {
  if (a.total === 0) return 'no alarms since the node started';
  const counts = Object.entries(a.byCode)
    .map(([code, n]) => `${code} ×${n}`)
    .join(', ');
  const recent = a.recent.map((r) => `  ${r.at}  ${r.severity.padEnd(8)} ${r.code}: ${r.message}`);
  return [`${a.total} alarm${a.total === 1 ? '' : 's'} since the node started: ${counts}`, 'most recent, oldest first:', ...recent].join(
    '\n',
  );
}

export const alarmsCommand: QkdctlCommand = {
  name: 'alarms',
  summary: 'alarms of a running node: counts per code and the recent ones',
  async run(argv) {
    const parsed = parseCommand(argv, 'alarms', TARGET_USAGE, TARGET_OPTIONS);
    if (!parsed) return 0;
    const alarms = await controlRequest<AlarmsJson>(controlTarget(parsed.values), 'GET', '/alarms');
    parsed.io.result(formatAlarms(alarms), alarms);
    return 0;
  },
};
