/**
 * SerialTransport end to end on the real `serialport` binding, through a
 * socat pseudo-terminal pair (both ends are SerialTransports). Killing
 * socat is the unplug: both ptys hang up under the open ports.
 *
 * QKDD_BENCH_SERIAL=/dev/ttyUSB0 additionally runs a loopback suite against
 * a real port whose TX is wired to its RX.
 */
import { describe, expect, it } from 'vitest';
import { QkdErrorCode } from '../../../errors/index.ts';
import { parseTransportAddress, type SerialAddress } from '../../../drivers/transport/address.ts';
import { SerialTransport } from '../../../drivers/transport/serial.ts';
import { findSocat, openPtyPair, SOCAT_MISSING_MESSAGE } from '../../support/pty.ts';
import { withSeed } from '../../support/seed.ts';
import { collect, next, transportContract } from '../../support/transport-contract.ts';

function serialAt(url: string): SerialTransport {
  return new SerialTransport(parseTransportAddress(url) as SerialAddress);
}

const haveSocat = findSocat() !== null;
if (!haveSocat) console.warn(SOCAT_MISSING_MESSAGE);

describe.skipIf(!haveSocat)('serial over a socat pty pair', () => {
  transportContract('serial', async () => {
    const pty = await openPtyPair();
    const a = serialAt(`serial://${pty.a}?baud=921600`);
    const b = serialAt(`serial:${pty.b}`);
    return {
      a,
      b,
      sever: () => pty.close(),
      dispose: async () => {
        await a.close();
        await b.close();
        await pty.close();
      },
    };
  });

  it('a write stuck behind an unread pty rejects with a transport error when socat dies', async () => {
    const pty = await openPtyPair();
    const a = serialAt(`serial://${pty.a}`);
    try {
      await a.open();
      a.on('error', () => undefined);
      // Nobody opens the other end, so socat's side fills and this write cannot drain.
      const stuck = a.write(new Uint8Array(8 << 20));
      const settled = stuck.then(
        () => 'resolved',
        (err: unknown) => err,
      );
      await new Promise((r) => setTimeout(r, 200));
      await pty.close();
      const outcome = await settled;
      expect(outcome).toMatchObject({ code: QkdErrorCode.TransportUnplugged });
    } finally {
      await a.close();
      await pty.close();
    }
  });

  it('both ends see the unplug when socat dies', async () => {
    const pty = await openPtyPair();
    const a = serialAt(`serial://${pty.a}`);
    const b = serialAt(`serial://${pty.b}`);
    try {
      await a.open();
      await b.open();
      const errA = next(a, 'error', 30_000);
      const errB = next(b, 'error', 30_000);
      const closedB = next(b, 'close', 30_000);
      await pty.close();
      expect((await errA)?.code).toBe(QkdErrorCode.TransportUnplugged);
      expect((await errB)?.code).toBe(QkdErrorCode.TransportUnplugged);
      await closedB;
      expect(b.state).toBe('closed');
    } finally {
      await a.close();
      await b.close();
      await pty.close();
    }
  });

  it('opening a path that does not exist rejects with TransportOpenFailed and leaves the transport closed', async () => {
    const t = serialAt('serial:///dev/pts/does-not-exist');
    await expect(t.open()).rejects.toMatchObject({ code: QkdErrorCode.TransportOpenFailed });
    expect(t.state).toBe('closed');
  });

  it('can be opened again after close on the same pty', async () => {
    const pty = await openPtyPair();
    const a = serialAt(`serial://${pty.a}`);
    const b = serialAt(`serial://${pty.b}`);
    try {
      await a.open();
      await a.close();
      await a.open();
      await b.open();
      const atB = collect(b, 3, 30_000);
      await a.write(Uint8Array.of(7, 8, 9));
      expect([...(await atB)]).toEqual([7, 8, 9]);
    } finally {
      await a.close();
      await b.close();
      await pty.close();
    }
  });
});

const benchPort = process.env.QKDD_BENCH_SERIAL;

describe.skipIf(benchPort === undefined || benchPort === '')(
  `serial loopback on a real port (QKDD_BENCH_SERIAL=${benchPort ?? ''})`,
  () => {
    const url = (): string => (benchPort!.includes(':') ? benchPort! : `serial://${benchPort!}`);

    it('echoes all 256 byte values in order', async () => {
      const t = serialAt(url());
      await t.open();
      try {
        const all = Uint8Array.from({ length: 256 }, (_, i) => i);
        const back = collect(t, 256, 30_000);
        await t.write(all);
        expect([...(await back)]).toEqual([...all]);
      } finally {
        await t.close();
      }
    });

    it('echoes 64 KiB of seeded random bytes intact', () =>
      withSeed('serial loopback', async (rng) => {
        const t = serialAt(url());
        await t.open();
        try {
          const data = new Uint8Array(rng.fillU32(new Uint32Array(16_384)).buffer);
          const back = collect(t, data.length, 60_000);
          await t.write(data);
          expect(Buffer.compare(await back, data)).toBe(0);
        } finally {
          await t.close();
        }
      }));
  },
);
