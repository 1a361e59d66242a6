import { describe, expect, it } from 'vitest';
import { createServer, connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { PeerChannel } from '../../src/peer/channel.ts';
import { MemoryAuthKeySource } from '../../src/peer/auth/memory-source.ts';
import { isPeerError, QkdErrorCode } from '../../errors/index.ts';
import { withSeed } from '../support/seed.ts';
import { helloA, openPair, openPairSettled, randomBytes } from '../support/peer-channels.ts';

describe('session start', () => {
  it('resyncs a node that is behind, within maxResyncBits, and refuses a peer too far ahead', async () => {
    await withSeed('resync', async (rng) => {
      const key = randomBytes(rng, 1 << 14);
      const pair = await openPair({
        a: { keySource: new MemoryAuthKeySource(key, 8 * 1000) },
        b: { keySource: new MemoryAuthKeySource(key, 8 * 200), maxResyncBits: 8 * 800 },
      });
      try {
        expect(pair.b.stats.resyncBitsDiscarded).toBe(8 * 800);
        expect(pair.a.stats.resyncBitsDiscarded).toBe(0);
        pair.a.send({ frameId: 1, alarm: { code: 'in sync' } });
        expect((await pair.b.receive()).envelope.alarm?.code).toBe('in sync');
      } finally {
        await pair.cleanup();
      }
      const [, rb] = await openPairSettled({
        a: { keySource: new MemoryAuthKeySource(key, 8 * 1001) },
        b: { keySource: new MemoryAuthKeySource(key, 8 * 200), maxResyncBits: 8 * 800 },
      });
      expect(rb.status === 'rejected' && isPeerError(rb.reason, QkdErrorCode.ResyncTooFar)).toBe(true);
    });
  });

  it('refuses a peer with another tag size or chunk size', async () => {
    await withSeed('params', async (rng) => {
      const key = randomBytes(rng, 4096);
      for (const b of [{ tagPoints: 1 }, { chunkMessages: 32 }]) {
        const [ra] = await openPairSettled({
          a: { keySource: new MemoryAuthKeySource(key) },
          b: { keySource: new MemoryAuthKeySource(key), ...b },
        });
        expect(ra.status === 'rejected' && isPeerError(ra.reason, QkdErrorCode.HandshakeMismatch)).toBe(true);
      }
    });
  });

  it('gives up with handshake-timeout when the peer never answers, and rejects bad options', async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as { port: number }).port;
    const silent = once(server, 'connection');
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    try {
      await expect(
        PeerChannel.open(socket, { hello: helloA, keySource: new MemoryAuthKeySource(new Uint8Array(64)), handshakeTimeoutMs: 50 }),
      ).rejects.toMatchObject({
        code: QkdErrorCode.HandshakeTimeout,
      });
      expect(() =>
        PeerChannel.open(socket, { hello: helloA, keySource: new MemoryAuthKeySource(new Uint8Array(64)), tagPoints: 0 }),
      ).toThrow(expect.objectContaining({ code: QkdErrorCode.PeerInvalidArgument }));
    } finally {
      socket.destroy();
      ((await silent)[0] as Socket).destroy();
      server.close();
    }
  });
});
