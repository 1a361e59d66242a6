/**
 * Boards answer BUSY while something a crashed session left running is still
 * winding down (a run ending at its stop frame, a tag stream flushing its
 * last batches): wait and ask again, up to ~15 s.
 */
import { isDeviceError } from '../../../errors/index.ts';

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
