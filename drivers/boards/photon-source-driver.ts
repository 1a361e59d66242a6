/**
 * Photon source (BOARD_KIND_PHOTON_SOURCE): a pulsed laser with an
 * intensity modulator. Pattern symbols are IntensityClass values (vacuum,
 * decoy, signal). Everything but the pattern logic is `commands.*`:
 * configureSource, telemetry, clock, status…  The interlock is watched and
 * reported as an 'interlock' event.
 */
import { qkd } from '../../firmware-protocol/index.ts';
import type { BoardLink } from '../link/board-link.ts';
import type { BoardDriverOptions } from './board-driver.ts';
import { SOURCE_METHODS, type SourceMethod } from './board-methods.ts';
import { PatternBoardDriver, type PatternBoardEvents } from './pattern-board-driver.ts';

export interface PhotonSourceEvents extends PatternBoardEvents {
  /** The safety interlock changed; `emissionStopped` when it cut a running emission. */
  interlock: (event: qkd.InterlockEvent) => void;
}

export class PhotonSourceDriver extends PatternBoardDriver<SourceMethod, PhotonSourceEvents> {
  constructor(options: BoardDriverOptions) {
    super(qkd.BoardKind.BOARD_KIND_PHOTON_SOURCE, SOURCE_METHODS, options);
  }

  protected override bindLink(link: BoardLink): void {
    super.bindLink(link);
    this.track(link.onEvent('interlock', (e) => this.emit('interlock', e)));
  }
}
