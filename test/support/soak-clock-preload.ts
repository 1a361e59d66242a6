/**
 * Test-only preload (`node --import`) for the soak test: makes the wall clock
 * of a `qkdd run` process jump. `Date.now()` and `new Date()` (no argument)
 * read the real clock plus an offset; on SIGUSR2 the process reads the new
 * offset, in ms, from the file `$QKDD_SOAK_CLOCK_DIR/<pid>.offset-ms` (the
 * soak writes it, then signals). Monotonic clocks (performance.now,
 * process.hrtime) are left alone, as a real clock step leaves them. Never
 * loaded by anything in src/: the soak passes it via DemoLink's nodeArgs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

const RealDate = Date;
const realNow = RealDate.now.bind(RealDate);
let offsetMs = 0;
const shiftedNow = (): number => realNow() + offsetMs;

const ShiftedDate = new Proxy(RealDate, {
  construct(target, args: unknown[], newTarget) {
    return Reflect.construct(target, args.length === 0 ? [shiftedNow()] : args, newTarget) as object;
  },
  apply() {
    // Date() called as a function returns the current time as a string.
    return new RealDate(shiftedNow()).toString();
  },
  get(target, prop, receiver) {
    if (prop === 'now') return shiftedNow;
    return Reflect.get(target, prop, receiver) as unknown;
  },
});
globalThis.Date = ShiftedDate;

const dir = process.env.QKDD_SOAK_CLOCK_DIR;
// Signals reach the main thread only; worker threads keep the real clock.
if (isMainThread && dir) {
  process.on('SIGUSR2', () => {
    try {
      const next = Number(readFileSync(join(dir, `${process.pid}.offset-ms`), 'utf8'));
      if (Number.isFinite(next)) offsetMs = next;
    } catch {
      // no file: keep the offset
    }
  });
}
