/**
 * One behavioural suite for every transport (serial through a pty pair,
 * TCP through a loopback relay, USB against a fake libusb device, the
 * in-memory pair), as serialport runs one suite against its mock and real
 * bindings. Each implementation supplies a connected pair and a way to cut
 * the link; what must hold is written here once.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { QkdErrorCode, type QkdError } from '../../errors/index.ts';
import type { Transport } from '../../drivers/transport/transport.ts';
import { withSeed } from './seed.ts';

export interface TransportPair {
  /** The end under test; `sever()` must make it see an unplug. */
  readonly a: Transport;
  /** The other end (a second transport of the same kind where possible). */
  readonly b: Transport;
  /** Cut the link (kill socat, close the peer, detach the device) so that `a` faults. */
  sever(): Promise<void> | void;
  /** Free everything; called after every test, also after `sever()`. */
  dispose(): Promise<void>;
}

export interface ContractOptions {
  /** Bytes per direction in the bulk test; at least 1 MiB unless a real slow line is under test. */
  readonly bulkBytes?: number;
  /** Guard against hangs in the waits below (not a performance assertion). */
  readonly guardMs?: number;
}

/** Collects exactly `n` bytes from `t`; rejects on timeout (naming how many came) or on surplus bytes. */
export function collect(t: Transport, n: number, guardMs: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const out = Buffer.alloc(n);
    let got = 0;
    const timer = setTimeout(() => {
      t.off('data', onData);
      reject(new Error(`timed out with ${got} of ${n} bytes`));
    }, guardMs);
    const onData = (chunk: Uint8Array): void => {
      if (got + chunk.length > n) {
        clearTimeout(timer);
        t.off('data', onData);
        reject(new Error(`received ${got + chunk.length} bytes, expected ${n}`));
        return;
      }
      out.set(chunk, got); // the chunk is only ours for this call: copy it
      got += chunk.length;
      if (got === n) {
        clearTimeout(timer);
        t.off('data', onData);
        resolve(out);
      }
    };
    t.on('data', onData);
  });
}

/** Waits for the next occurrence of `event`, bounded by `guardMs`. */
export function next(t: Transport, event: 'error' | 'close', guardMs: number): Promise<QkdError | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${event}' within ${guardMs} ms`)), guardMs);
    const listener = (err?: QkdError): void => {
      clearTimeout(timer);
      t.off(event, listener);
      resolve(err);
    };
    t.on(event, listener);
  });
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

export function transportContract(name: string, makePair: () => Promise<TransportPair>, options: ContractOptions = {}): void {
  const bulkBytes = options.bulkBytes ?? 1 << 20;
  const guardMs = options.guardMs ?? 30_000;

  /** Opens a fresh pair, runs the body, always disposes. */
  const withPair = async (body: (pair: TransportPair) => Promise<void>): Promise<void> => {
    const pair = await makePair();
    // Closing one end during teardown legitimately faults the other (the
    // relay or socat passes the hang-up on); a Transport 'error' with no
    // listener would crash the run. Tests that care listen for themselves.
    const ignore = (): void => undefined;
    pair.a.on('error', ignore);
    pair.b.on('error', ignore);
    try {
      await pair.a.open();
      await pair.b.open();
      await body(pair);
    } finally {
      await pair.dispose();
    }
  };

  describe(`${name}: transport contract`, () => {
    it('opens both ends', () =>
      withPair(async ({ a, b }) => {
        expect(a.state).toBe('open');
        expect(b.state).toBe('open');
      }));

    it('carries all 256 byte values in order, both directions', () =>
      withPair(async ({ a, b }) => {
        const all = Uint8Array.from({ length: 256 }, (_, i) => i);
        const atB = collect(b, 256, guardMs);
        const atA = collect(a, 256, guardMs);
        await a.write(all);
        await b.write(all.slice().reverse());
        expect([...(await atB)]).toEqual([...all]);
        expect([...(await atA)]).toEqual([...all].reverse());
      }));

    it(`carries ${bulkBytes} seeded random bytes intact, both directions at once`, () =>
      withSeed(`${name} bulk`, async (rng) =>
        withPair(async ({ a, b }) => {
          const aToB = new Uint8Array(bulkBytes);
          const bToA = new Uint8Array(bulkBytes);
          new Uint32Array(aToB.buffer, 0, bulkBytes >>> 2).set(rng.fillU32(new Uint32Array(bulkBytes >>> 2)));
          new Uint32Array(bToA.buffer, 0, bulkBytes >>> 2).set(rng.fillU32(new Uint32Array(bulkBytes >>> 2)));
          // Writes of random sizes, so no implementation sees only aligned blocks.
          const sizes = (): number[] => {
            const out: number[] = [];
            for (let left = bulkBytes; left > 0; ) {
              const n = Math.min(left, 1 + rng.nextBelow(65_536));
              out.push(n);
              left -= n;
            }
            return out;
          };
          const send = async (t: Transport, data: Uint8Array, plan: number[]): Promise<void> => {
            let off = 0;
            for (const n of plan) {
              await t.write(data.subarray(off, off + n));
              off += n;
            }
          };
          const atB = collect(b, bulkBytes, guardMs);
          const atA = collect(a, bulkBytes, guardMs);
          await Promise.all([send(a, aToB, sizes()), send(b, bToA, sizes())]);
          const [gotB, gotA] = await Promise.all([atB, atA]);
          expect(gotB.length).toBe(bulkBytes);
          expect(sha256(gotB)).toBe(sha256(aToB));
          expect(gotA.length).toBe(bulkBytes);
          expect(sha256(gotA)).toBe(sha256(bToA));
        }),
      ));

    it("copies the caller's buffer: reusing it right after write() does not change what is sent", () =>
      withPair(async ({ a, b }) => {
        const buf = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
        const atB = collect(b, 8, guardMs);
        const written = a.write(buf);
        buf.fill(0xee);
        await written;
        expect([...(await atB)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      }));

    it("close() emits 'close' once, is idempotent, and later writes reject with TransportClosed", () =>
      withPair(async ({ a }) => {
        let closes = 0;
        let errors = 0;
        a.on('close', () => closes++);
        a.on('error', () => errors++);
        await a.close();
        await a.close();
        expect(a.state).toBe('closed');
        expect(closes).toBe(1);
        expect(errors).toBe(0);
        await expect(a.write(Uint8Array.of(1))).rejects.toMatchObject({ code: QkdErrorCode.TransportClosed });
      }));

    it("a cut link gives 'error'(TransportUnplugged) then 'close', and later writes reject", () =>
      withPair(async (pair) => {
        const { a } = pair;
        const events: string[] = [];
        let error: QkdError | undefined;
        a.on('error', (err) => {
          events.push('error');
          error = err;
        });
        a.on('close', () => events.push('close'));
        const closed = next(a, 'close', guardMs);
        await pair.sever();
        await closed;
        expect(events).toEqual(['error', 'close']);
        expect(error?.code).toBe(QkdErrorCode.TransportUnplugged);
        expect(a.state).toBe('closed');
        await expect(a.write(Uint8Array.of(1))).rejects.toMatchObject({ code: QkdErrorCode.TransportClosed });
        await a.close(); // still idempotent and quiet after a fault
        expect(events).toEqual(['error', 'close']);
      }));
  });
}
