/**
 * Regression: 1 MiB pattern uploads over a real pseudo-terminal stalled for
 * good (`qkdd demo --boards pty`: "uploadPattern: no response after 3
 * attempt(s)", then "board lost").
 *
 * Cause: bindings-cpp's native Poller watched only the events of its latest
 * poll request, so the read loop re-arming 'readable' (a response came in)
 * while a write was parked on EAGAIN (a 12 KiB chunk does not fit in a pty)
 * dropped the 'writable' watch: the write never resumed, and every retry and
 * keepalive queued behind it. SerialTransport now keeps both interests.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PhotonSourceDriver, PolarizationModulatorDriver, packedPattern, type UploadProgress } from '../../../drivers/index.ts';
import { parseTransportAddress, type SerialAddress } from '../../../drivers/transport/address.ts';
import { SerialTransport } from '../../../drivers/transport/serial.ts';
import { createSimulatedBench, serveOnPty, type ServedPty, type SimulatedBench } from '../../../sim/index.ts';
import { findSocat, openPtyPair, SOCAT_MISSING_MESSAGE, type PtyPair } from '../../support/pty.ts';

const haveSocat = findSocat() !== null;
if (!haveSocat) console.warn(SOCAT_MISSING_MESSAGE);

/** The parts of the unix binding the white-box test reaches into. */
interface Binding {
  readonly poller: { once(event: 'readable', cb: (err: Error | null) => void): unknown; listenerCount(event: string): number };
}

function bindingOf(t: SerialTransport): Binding {
  return (t as unknown as { port: { port: Binding } }).port.port;
}

async function until(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Settles with 'resolved', the rejection, or 'pending' after `ms`. */
function within<T>(p: Promise<T>, ms: number): Promise<unknown> {
  return Promise.race([
    p.then(
      () => 'resolved',
      (err: unknown) => err,
    ),
    new Promise((r) => setTimeout(() => r('pending'), ms).unref()),
  ]);
}

describe.skipIf(!haveSocat)('large writes over a pseudo-terminal', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('a write parked on a full pty resumes when it drains, even if a read re-armed meanwhile', async () => {
    const pty: PtyPair = await openPtyPair();
    cleanups.push(() => pty.close());
    const a = new SerialTransport(parseTransportAddress(`serial://${pty.a}`) as SerialAddress);
    cleanups.push(() => a.close());
    await a.open();
    a.on('error', () => undefined);
    const poller = bindingOf(a).poller;
    // Nobody reads the other end yet: the pty and socat fill up and the write parks on EAGAIN.
    const size = 1 << 20;
    const write = a.write(new Uint8Array(size).fill(0x5a));
    await until(() => poller.listenerCount('writable') > 0, 'the write to wait for writability');
    // What the read loop does after each chunk it reads: wait for 'readable' again.
    poller.once('readable', () => undefined);
    // Now drain the far end: the parked write must notice and finish.
    const b = new SerialTransport(parseTransportAddress(`serial://${pty.b}`) as SerialAddress);
    cleanups.push(() => b.close());
    let received = 0;
    b.on('data', (chunk) => (received += chunk.length));
    await b.open();
    expect(await within(write, 15_000)).toBe('resolved');
    // Opening the far end flushes what socat had queued for it before; the rest arrives.
    await until(() => received >= size - (256 << 10), `the bytes at the far end (got ${received})`);
  });

  it('uploads 1 MiB patterns to both transmitter boards at once, repeatedly, through socat ptys', async () => {
    const sim: SimulatedBench = createSimulatedBench({ seed: 11 });
    cleanups.push(() => sim.close());
    const served: ServedPty[] = [];
    cleanups.push(async () => void (await Promise.all(served.map((s) => s.close()))));
    served.push(await serveOnPty(sim.boards.photonSource), await serveOnPty(sim.boards.polarizationModulator));
    // As the transmitter bench (src/node/boards/transmitter-boards.ts) opens them.
    const link = { timeoutMs: 3000, maxAttempts: 3 };
    const source = new PhotonSourceDriver({ url: `serial://${served[0].path}`, link, reconnect: false });
    const modulator = new PolarizationModulatorDriver({ url: `serial://${served[1].path}`, link, reconnect: false });
    cleanups.push(async () => void (await Promise.all([source.close(), modulator.close()])));
    await Promise.all([source.connect(), modulator.connect()]);

    const slots = 1 << 22; // 1 MiB packed per board, 86 chunks of 12 KiB
    for (let round = 0; round < 4; round++) {
      const packed = new Uint8Array(slots / 4);
      for (let i = 0; i < packed.length; i++) packed[i] = (i * 37 + round * 101) & 0xff;
      const last: UploadProgress[] = [];
      const upload = Promise.all(
        [source, modulator].map((d, k) => d.uploadPattern(packedPattern(packed), { bank: round & 1, onProgress: (p) => (last[k] = p) })),
      );
      expect(await within(upload, 20_000), `round ${round}`).toBe('resolved');
      for (const p of last) expect(p.boardReceivedSlots).toBe(slots);
      // The boards hold exactly what was sent.
      for (const run of [sim.bench.sourceRun, sim.bench.modulatorRun]) {
        expect(Buffer.compare(Buffer.from(run.banks[round & 1].packed), Buffer.from(packed))).toBe(0);
      }
    }
  });
});
