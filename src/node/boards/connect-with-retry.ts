/**
 * First connection to a board, retried with a fresh driver each time: after
 * a crash of the node the board may still be in binary mode and streaming to
 * the dead session, so the first handshake can drown in binary frames or
 * hang. Each attempt has a deadline; a stuck attempt's driver is closed and a
 * new one tries again. The drivers' own reconnect covers later unplugs.
 * A board of another kind at the address (WrongBoard) is not retried, nor a
 * device the user may not open (TransportPermissionDenied: the udev hint).
 */
import { isBoardError, isTransportError, QkdError, QkdErrorCode } from '../../../errors/index.ts';
import type { Logger } from '../../log.ts';

export interface Connectable {
  connect(): Promise<unknown>;
  close(): Promise<void>;
}

export async function connectWithRetry<D extends Connectable>(
  board: string,
  make: () => D,
  log: Logger,
  attempts = 8,
  attemptTimeoutMs = 15_000,
): Promise<D> {
  for (let attempt = 1; ; attempt++) {
    const driver = make();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        driver.connect(),
        new Promise((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new QkdError(QkdErrorCode.Timeout, `board ${board}: no handshake within ${attemptTimeoutMs} ms`, {
                  board,
                  attempt,
                  attemptTimeoutMs,
                }),
              ),
            attemptTimeoutMs,
          );
        }),
      ]);
      return driver;
    } catch (err) {
      await driver.close().catch(() => undefined);
      // Neither another board at the address nor a device this user may not open gets better by waiting.
      if (
        attempt >= attempts ||
        isBoardError(err, QkdErrorCode.WrongBoard) ||
        isTransportError(err, QkdErrorCode.TransportPermissionDenied)
      )
        throw err;
      const delayMs = Math.min(4000, 250 * 2 ** (attempt - 1));
      log.warn({ board, attempt, delayMs, err: (err as Error).message }, 'board did not answer; retrying');
      await new Promise((r) => setTimeout(r, delayMs));
    } finally {
      clearTimeout(timer);
    }
  }
}
