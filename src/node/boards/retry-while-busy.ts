/**
 * Board answers that mean "not yet", with their waits:
 * - BUSY while something a crashed session left running is still winding
 *   down (a run ending at its stop frame, a tag stream flushing its last
 *   batches): wait and ask again, up to ~15 s;
 * - BAD_STATE to an upload or draw into a bank that is still playing
 *   (common.proto): the frame before it is still being emitted, the host is
 *   ahead of the light. The bank frees when that frame ends; wait for it
 *   rather than restart the emission.
 */
import { isDeviceError } from '../../../errors/index.ts';
import { qkd } from '../../../firmware-protocol/index.ts';

export async function retryWhileBusy<T>(call: () => Promise<T>, attempts = 30, delayMs = 500): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const busy = isDeviceError(err) && String(err.message).includes('BUSY');
      if (!busy || attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}

/** How long a bank load waits for the bank to stop playing: many frames at any rate a board runs at. */
const BANK_WAIT_MS = 5000;

/** Runs `load` (an upload or draw into one bank) again while the board answers that the bank is playing, up to BANK_WAIT_MS. */
export async function retryWhileBankPlays<T>(load: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + BANK_WAIT_MS;
  for (let delayMs = 5; ; delayMs = Math.min(100, delayMs * 2)) {
    try {
      return await load();
    } catch (err) {
      const playing = isDeviceError(err) && err.details.status === qkd.Status.STATUS_BAD_STATE;
      if (!playing || Date.now() + delayMs > deadline) throw err;
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}
