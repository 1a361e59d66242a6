/**
 * Polarization modulator (BOARD_KIND_POLARIZATION_MODULATOR): one BB84
 * state per slot (symbol = basis << 1 | bit). The drive-voltage table goes
 * with configureModulator and the DC bias with setBias, both re-applied
 * after a power loss; the rest is the shared pattern logic and `commands.*`.
 */
import { qkd } from '../../firmware-protocol/index.ts';
import type { BoardDriverOptions } from './board-driver.ts';
import { MODULATOR_METHODS, type ModulatorMethod } from './board-methods.ts';
import { PatternBoardDriver } from './pattern-board-driver.ts';

export class PolarizationModulatorDriver extends PatternBoardDriver<ModulatorMethod> {
  constructor(options: BoardDriverOptions) {
    super(qkd.BoardKind.BOARD_KIND_POLARIZATION_MODULATOR, MODULATOR_METHODS, options);
  }
}
