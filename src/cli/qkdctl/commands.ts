/**
 * The table of `qkdctl` subcommands, in the order `qkdctl --help` lists them.
 * Each lives in its own file beside this one; add a line here to add one.
 */
import type { QkdctlCommand } from './command.ts';

export const QKDCTL_COMMANDS: readonly QkdctlCommand[] = [];
