/**
 * Sends a bench's configured board settings (src/config/board-settings.ts)
 * at start and again after every reconnect of the board. After a power loss
 * the driver has already replayed its record before restoring runs and
 * streams; sending again covers a board that kept power but not its
 * settings, and settings that the board takes while running (input delays,
 * bias). A request the board refuses with BUSY because it is running
 * (ConfigureChannel while streaming, ConfigureSource while emitting) is
 * skipped: the board kept what it was running with.
 */
import { isDeviceError } from '../../../errors/index.ts';
import type { Logger } from '../../log.ts';

export interface SettingStep {
  /** What a person reads in the log, e.g. `configureChannel 2`. */
  readonly name: string;
  readonly send: () => Promise<unknown>;
}

function isBusy(err: unknown): boolean {
  return isDeviceError(err) && String(err.message).includes('BUSY');
}

/** Sends each step in order; BUSY answers are skipped, anything else rejects. Returns the names sent and skipped. */
export async function sendSettings(steps: readonly SettingStep[]): Promise<{ sent: string[]; skipped: string[] }> {
  const sent: string[] = [];
  const skipped: string[] = [];
  for (const step of steps) {
    try {
      await step.send();
      sent.push(step.name);
    } catch (err) {
      if (!isBusy(err)) throw err;
      skipped.push(step.name);
    }
  }
  return { sent, skipped };
}

/** The part of a board driver this needs. */
export interface ReconnectEvents {
  on(event: 'reconnected', listener: () => void): unknown;
}

/**
 * Re-sends `steps()` each time `driver` reconnects; `onSent` sees the result
 * (e.g. the dead times the tagger applied). Failures are logged: the board's
 * own replay already ran, and the next reconnect tries again.
 */
export function resendOnReconnect(
  board: string,
  driver: ReconnectEvents,
  steps: () => readonly SettingStep[],
  log: Logger,
  onSent: (result: SettingsResent) => void = () => undefined,
): void {
  driver.on('reconnected', () => {
    sendSettings(steps()).then(
      ({ sent, skipped }) => {
        log.info({ board, sent, skipped }, 'board settings sent again after the reconnect');
        onSent({ board, sent, skipped });
      },
      (err: unknown) => log.warn({ board, err: (err as Error).message }, 'sending the board settings after a reconnect failed'),
    );
  });
}

/** What one re-send after a reconnect did. */
export interface SettingsResent {
  readonly board: string;
  readonly sent: readonly string[];
  readonly skipped: readonly string[];
}
