/**
 * Turns the drivers' reconnect events into board-state events for the node
 * (lost on the first reconnect attempt, restored on reconnect) and log lines.
 * One per bench, shared by the transmitter's and the receiver's benches.
 */
import type { Logger } from '../../log.ts';
import type { BoardStateEvent, ReportsBoardState } from '../bench-port.ts';

/** The part of a board driver's events this needs. */
export interface ReconnectingDriver {
  on(event: 'reconnecting', listener: (e: { attempt: number; delayMs: number; lastError: Error | null }) => void): unknown;
  on(event: 'reconnected', listener: () => void): unknown;
}

export class BoardStateReporter implements ReportsBoardState {
  private readonly listeners: ((e: BoardStateEvent) => void)[] = [];

  constructor(private readonly log: Logger) {}

  onBoardState(listener: (e: BoardStateEvent) => void): void {
    this.listeners.push(listener);
  }

  watch(board: string, driver: ReconnectingDriver): void {
    driver.on('reconnecting', (e) => {
      // Why the previous attempt failed (none before the first): what a technician needs to see.
      const lastError = e.lastError ? e.lastError.message : undefined;
      this.log.warn({ board, attempt: e.attempt, delayMs: e.delayMs, lastError }, 'board lost; reconnecting');
      // The first attempt marks the loss; later attempts are the same outage.
      if (e.attempt === 1) this.emit({ board, state: 'lost', detail: 'reconnecting' });
    });
    driver.on('reconnected', () => {
      this.log.info({ board }, 'board reconnected');
      this.emit({ board, state: 'restored' });
    });
  }

  private emit(e: BoardStateEvent): void {
    for (const l of this.listeners) l(e);
  }
}
