/**
 * "Nothing before proof" (src/peer/PROTOCOL.md): side A, the transmitter,
 * takes no key until the receiver's Hello has verified under key it only
 * peeked at. A forged preamble claiming a higher position with a forged
 * Hello moves no position (in memory or in the position file); a claim
 * beyond maxResyncBits is refused with nothing touched; a genuine peer that
 * is ahead is caught up after it proved itself; `beforeCommit` runs after
 * the proof and before any take, and its failure takes nothing.
 */
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPeerError, QkdErrorCode } from '../../errors/index.ts';
import { MemoryAuthKeySource } from '../../src/peer/auth/memory-source.ts';
import { PreSharedKeyFileSource } from '../../src/peer/auth/psk-file-source.ts';
import { PeerChannel } from '../../src/peer/channel.ts';
import { buildFrame } from '../../src/peer/frame.ts';
import { encodeLengthPrefixed, LengthPrefixedParser } from '../../src/peer/framing.ts';
import { encodeEnvelope, PEER_PROTOCOL_VERSION } from '../../src/peer/messages.ts';
import { decodePreamble, encodePreamble } from '../../src/peer/preamble.ts';
import { withSeed } from '../support/seed.ts';
import { helloA, helloB, openPair, openPairSettled, randomBytes } from '../support/peer-channels.ts';
import { tempDirsPerTest } from '../support/temp-dir.ts';

const newDir = tempDirsPerTest('qkdd-proof-');

/** Side A opened on an accepted socket; the test speaks for B over a raw socket. */
async function aAgainstRaw(
  keySource: PreSharedKeyFileSource | MemoryAuthKeySource,
  opts: { maxResyncBits?: number } = {},
): Promise<{ a: Promise<PeerChannel>; raw: Socket; aPreamble: Promise<Uint8Array>; close: () => void }> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const accepted = once(server, 'connection');
  const raw = connect((server.address() as { port: number }).port, '127.0.0.1');
  raw.on('error', () => undefined);
  await once(raw, 'connect');
  const [socket] = (await accepted) as [Socket];
  const a = PeerChannel.open(socket, { hello: helloA, keySource, handshakeTimeoutMs: 5000, ...opts });
  a.catch(() => undefined);
  const parser = new LengthPrefixedParser(1 << 20);
  const aPreamble = new Promise<Uint8Array>((resolve) => {
    raw.on('data', (chunk: Buffer) => {
      for (const p of parser.push(chunk)) if (p.kind === 'frame') resolve(p.frame);
    });
  });
  return {
    a,
    raw,
    aPreamble,
    close: () => {
      raw.destroy();
      socket.destroy();
      server.close();
    },
  };
}

function consumedBytes(path: string): number {
  return (JSON.parse(readFileSync(`${path}.pos`, 'utf8')) as { consumedBytes: number }).consumedBytes;
}

describe('side A takes no key before the peer proved itself', () => {
  it('a forged preamble claiming a higher position and a forged Hello move nothing, in memory or on disk', async () => {
    await withSeed('proof forged', async (rng) => {
      const path = join(newDir(), 'a.psk');
      writeFileSync(path, randomBytes(rng, 1 << 16), { mode: 0o600 });
      const source = PreSharedKeyFileSource.open(path);
      source.take(8 * 100).fill(0); // an earlier session
      for (const ahead of [0, 8 * 4096, 8 * 30_000]) {
        const t = await aAgainstRaw(source);
        try {
          const theirs = decodePreamble(await t.aPreamble);
          if (typeof theirs === 'string') throw new Error(theirs);
          expect(theirs.positionBits).toBe(800);
          expect(theirs.pskFingerprint).toBeDefined();
          // Copy the (public) fingerprint, claim more key consumed, and tag a Hello with a guessed tag.
          t.raw.write(encodeLengthPrefixed(encodePreamble({ ...theirs, side: 1, positionBits: theirs.positionBits + ahead })));
          const { frame, authLength } = buildFrame(
            1,
            0,
            encodeEnvelope({ frameId: 0, hello: { ...helloB, protocolVersion: PEER_PROTOCOL_VERSION } }),
            16,
          );
          frame.set(randomBytes(rng, 16), authLength);
          t.raw.write(encodeLengthPrefixed(frame));
          const err = await t.a.catch((e: unknown) => e);
          expect(isPeerError(err, QkdErrorCode.AuthenticationFailed)).toBe(true);
        } finally {
          t.close();
        }
        expect(source.position).toBe(800);
        expect(consumedBytes(path)).toBe(100);
      }
    });
  });

  it('a claim beyond maxResyncBits is refused at the preamble with nothing taken', async () => {
    const source = new MemoryAuthKeySource(new Uint8Array(1 << 16).fill(3));
    const t = await aAgainstRaw(source, { maxResyncBits: 8 * 1000 });
    try {
      const theirs = decodePreamble(await t.aPreamble);
      if (typeof theirs === 'string') throw new Error(theirs);
      t.raw.write(encodeLengthPrefixed(encodePreamble({ ...theirs, side: 1, positionBits: 8 * 1001 })));
      const err = await t.a.catch((e: unknown) => e);
      expect(isPeerError(err, QkdErrorCode.ResyncTooFar)).toBe(true);
    } finally {
      t.close();
    }
    expect(source.position).toBe(0);
  });

  it('a genuine peer ahead is caught up once proved; beforeCommit runs after the proof and before any take', async () => {
    await withSeed('proof genuine', async (rng) => {
      const key = randomBytes(rng, 1 << 15);
      const a = new MemoryAuthKeySource(key);
      const b = new MemoryAuthKeySource(key, 8 * 512);
      const seen: number[] = [];
      const pair = await openPair({
        a: { keySource: a, beforeCommit: (hello) => void seen.push(a.position, hello.role ?? -1) },
        b: { keySource: b },
      });
      try {
        expect(seen).toEqual([0, helloB.role]);
        expect(pair.a.stats.resyncBitsDiscarded).toBe(8 * 512);
        expect(a.position).toBe(b.position);
        pair.a.send({ frameId: 1, alarm: { code: 'a to b' } });
        pair.b.send({ frameId: 1, alarm: { code: 'b to a' } });
        expect((await pair.b.receive()).envelope.alarm?.code).toBe('a to b');
        expect((await pair.a.receive()).envelope.alarm?.code).toBe('b to a');
      } finally {
        await pair.cleanup();
      }
    });
  });

  it('a failing beforeCommit (the link stopping) fails the session with nothing taken on side A', async () => {
    await withSeed('proof hook fails', async (rng) => {
      const key = randomBytes(rng, 1 << 15);
      const a = new MemoryAuthKeySource(key);
      const [ra] = await openPairSettled({
        a: {
          keySource: a,
          beforeCommit: () => {
            throw new Error('stopping');
          },
        },
        b: { keySource: new MemoryAuthKeySource(key), handshakeTimeoutMs: 2000 },
      });
      expect(ra.status).toBe('rejected');
      expect(a.position).toBe(0);
    });
  });
});
