/**
 * TcpTransport on loopback. Both ends are TcpTransports connected through a
 * tiny relay that pipes its first accepted connection to its second, as a
 * ser2net bridge stands between us and a board; closing one end makes the
 * relay close the other, which must see an unplug.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { QkdErrorCode } from '../../../errors/index.ts';
import { parseTransportAddress, type TcpAddress } from '../../../drivers/transport/address.ts';
import { TcpTransport } from '../../../drivers/transport/tcp.ts';
import { collect, next, transportContract } from '../../support/transport-contract.ts';

function tcpAt(url: string): TcpTransport {
  return new TcpTransport(parseTransportAddress(url) as TcpAddress);
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Pipes each pair of consecutive connections into each other; a FIN or reset on one ends the other. */
async function startRelay(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let waiting: Socket | null = null;
  const server = createServer({ pauseOnConnect: true }, (socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    if (waiting === null) {
      waiting = socket;
      return;
    }
    const first = waiting;
    waiting = null;
    first.pipe(socket);
    socket.pipe(first);
    first.on('close', () => socket.destroy());
    socket.on('close', () => first.destroy());
    first.resume();
    socket.resume();
  });
  const port = await listen(server);
  return {
    port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await closeServer(server);
    },
  };
}

transportContract('tcp', async () => {
  const relay = await startRelay();
  const a = tcpAt(`tcp://127.0.0.1:${relay.port}`);
  const b = tcpAt(`tcp://127.0.0.1:${relay.port}?connectTimeoutMs=2000`);
  return {
    a,
    b,
    sever: () => b.close(), // the peer hangs up: the relay passes the close on to a
    dispose: async () => {
      await a.close();
      await b.close();
      await relay.close();
    },
  };
});

describe('tcp specifics', () => {
  it('connecting to a port nobody listens on rejects with TransportOpenFailed', async () => {
    const server = createServer();
    const port = await listen(server);
    await closeServer(server); // the port is now free and refused
    const t = tcpAt(`tcp://127.0.0.1:${port}`);
    await expect(t.open()).rejects.toMatchObject({ code: QkdErrorCode.TransportOpenFailed });
    expect(t.state).toBe('closed');
  });

  it('a connect that cannot complete is cut by connectTimeoutMs with TransportOpenFailed', async () => {
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never routed, so the SYN goes nowhere
    // (or the sandbox refuses at once); either way open must reject, not hang.
    const t = tcpAt('tcp://192.0.2.1:9?connectTimeoutMs=300');
    await expect(t.open()).rejects.toMatchObject({ code: QkdErrorCode.TransportOpenFailed });
    expect(t.state).toBe('closed');
  });

  it('a remote reset (not a clean FIN) is also an unplug', async () => {
    let accepted: Socket | null = null;
    const server = createServer((s) => {
      accepted = s;
    });
    const port = await listen(server);
    const t = tcpAt(`tcp://127.0.0.1:${port}`);
    try {
      await t.open();
      while (accepted === null) await new Promise((r) => setImmediate(r));
      const error = next(t, 'error', 10_000);
      const closed = next(t, 'close', 10_000);
      (accepted as Socket).resetAndDestroy();
      expect((await error)?.code).toBe(QkdErrorCode.TransportUnplugged);
      await closed;
      expect(t.state).toBe('closed');
    } finally {
      await t.close();
      await closeServer(server);
    }
  });

  it('backpressure: a write to a peer that stopped reading stays pending until the peer reads', async () => {
    let accepted: Socket | null = null;
    const server = createServer({ pauseOnConnect: true }, (s) => {
      accepted = s;
    });
    const port = await listen(server);
    const t = tcpAt(`tcp://127.0.0.1:${port}`);
    try {
      await t.open();
      while (accepted === null) await new Promise((r) => setImmediate(r));
      const peer = accepted as Socket;
      // Far more than loopback socket buffers hold, so the kernel must refuse part of it.
      const size = 16 << 20;
      let done = false;
      const write = t.write(new Uint8Array(size)).then(() => {
        done = true;
      });
      // Let the kernel buffers fill; the write cannot have been accepted yet.
      for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 10));
      expect(done).toBe(false);
      let received = 0;
      peer.on('data', (c: Buffer) => {
        received += c.length;
      });
      peer.resume();
      await write;
      expect(done).toBe(true);
      while (received < size) await new Promise((r) => setTimeout(r, 5));
      expect(received).toBe(size);
    } finally {
      await t.close();
      await closeServer(server);
    }
  });

  it('data from the peer arrives as it is sent (small writes are not held back)', async () => {
    const relay = await startRelay();
    const a = tcpAt(`tcp://127.0.0.1:${relay.port}`);
    const b = tcpAt(`tcp://127.0.0.1:${relay.port}`);
    // Closing a at the end makes the relay hang up on b: an expected fault.
    b.on('error', () => undefined);
    try {
      await a.open();
      await b.open();
      // Ping-pong of 1-byte messages: with Nagle and delayed ACK this still works, just
      // slowly; the test is that each reply is seen before the next request is sent.
      for (let i = 0; i < 20; i++) {
        const atB = collect(b, 1, 10_000);
        await a.write(Uint8Array.of(i));
        expect([...(await atB)]).toEqual([i]);
        const atA = collect(a, 1, 10_000);
        await b.write(Uint8Array.of(255 - i));
        expect([...(await atA)]).toEqual([255 - i]);
      }
    } finally {
      await a.close();
      await b.close();
      await relay.close();
    }
  });
});
