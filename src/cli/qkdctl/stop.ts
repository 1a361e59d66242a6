/**
 * `qkdctl stop`: holds key generation on a running node (reason `operator`;
 * frames already in flight finish, no new frame starts). Idempotent: a node
 * already stopped by an operator stays stopped. `qkdctl start` releases it.
 */
import type { GenerationChangeJson } from '../../api/control/index.ts';
import type { OptionSpec } from '../args.ts';
import { parseCommand, type QkdctlCommand } from './command.ts';
import { controlRequest, controlTarget, TARGET_OPTIONS, TARGET_USAGE } from './control-client.ts';

const SPEC = {
  ...TARGET_OPTIONS,
  reason: { kind: 'string', help: 'why, as the status will show it (e.g. "realigning the fibre")' },
} as const satisfies Record<string, OptionSpec>;

export const stopCommand: QkdctlCommand = {
  name: 'stop',
  summary: 'pause key generation on a running node (frames in flight finish)',
  async run(argv) {
    const parsed = parseCommand(argv, 'stop', `${TARGET_USAGE} [--reason TEXT]`, SPEC);
    if (!parsed) return 0;
    const reason = parsed.values.reason;
    const answer = await controlRequest<GenerationChangeJson>(
      controlTarget(parsed.values),
      'POST',
      '/generation/stop',
      reason === undefined ? {} : { detail: reason },
    );
    parsed.io.result(
      answer.changed
        ? 'key generation stopped (frames in flight finish; qkdctl start resumes it)'
        : 'key generation was already stopped by an operator',
      answer,
    );
    return 0;
  },
};
