/**
 * Waiting for a condition in tests, polled: the machine is shared and
 * loaded, so tests wait for what they need with a generous deadline instead
 * of sleeping a fixed time and hoping.
 */
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** True once `cond()` holds, false if it still does not after `timeoutMs` (for `expect(...).toBe(true)` with a message). */
export async function waitFor(cond: () => boolean, timeoutMs = 20_000, pollMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) return false;
    await sleep(pollMs);
  }
  return true;
}

/** Resolves once `cond()` holds; throws "timed out waiting for <what>" after `timeoutMs`. */
export async function waitUntil(cond: () => boolean, what: string, timeoutMs = 30_000, pollMs = 50): Promise<void> {
  if (!(await waitFor(cond, timeoutMs, pollMs))) throw new Error(`timed out waiting for ${what}`);
}
