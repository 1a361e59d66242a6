/**
 * The table of `qkdctl` subcommands, in the order `qkdctl --help` lists them.
 * Each lives in its own file beside this one; add a line here to add one.
 */
import { alarmsCommand } from './alarms.ts';
import type { QkdctlCommand } from './command.ts';
import { startCommand } from './start.ts';
import { statusCommand } from './status.ts';
import { stopCommand } from './stop.ts';

export const QKDCTL_COMMANDS: readonly QkdctlCommand[] = [statusCommand, startCommand, stopCommand, alarmsCommand];
