/**
 * The table of `qkdctl` subcommands, in the order `qkdctl --help` lists them.
 * Each lives in its own file beside this one; add a line here to add one.
 */
import { alarmsCommand } from './alarms.ts';
import type { QkdctlCommand } from './command.ts';
import { boardsCommand } from './boards.ts';
import { initCommand } from './init.ts';
import { analyzeCommand } from './analyze.ts';
import { calibrateCommand } from './calibrate.ts';
import { recordCommand } from './record.ts';
import { keysPskCommand } from './keys-psk.ts';
import { keysPkiCommand } from './keys-pki.ts';
import { checkCommand } from './check.ts';
import { startCommand } from './start.ts';
import { statusCommand } from './status.ts';
import { stopCommand } from './stop.ts';

export const QKDCTL_COMMANDS: readonly QkdctlCommand[] = [
  boardsCommand,
  initCommand,
  keysPskCommand,
  keysPkiCommand,
  checkCommand,
  statusCommand,
  startCommand,
  stopCommand,
  alarmsCommand,
  recordCommand,
  analyzeCommand,
  calibrateCommand,
];
