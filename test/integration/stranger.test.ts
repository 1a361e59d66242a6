/**
 * Issue 12, item 1, Done-when: a stranger connects to the transmitter's peer
 * port 50 times while the link runs — half sending garbage, half a
 * well-formed preamble that copies the pre-shared key fingerprint (public: the
 * transmitter sends it first), claims a key position ahead of the node's, and
 * then a Hello with a forged tag. The two nodes run their real loops
 * (TransmitterNode / ReceiverNode over synthetic benches) over real PeerLinks
 * on loopback (the transmitter's listen path, the receiver's dial path) with
 * pre-shared key files and their durable position files.
 *
 * Checked: the link keeps making key (blocks stored after the stranger's
 * connections), the live session is never replaced (one session on each
 * side, no peer-disconnected alarm), the transmitter's key stream moved only
 * by what its live session took (its takes are the receiver's takes, in the
 * same order, and the position file equals the session's consumption), and a
 * peer-handshake-failed alarm was raised (once per window, not per connection).
 */
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyStore } from '../../src/keystore/key-store.ts';
import { createLogger } from '../../src/log.ts';
import { AlarmBoard } from '../../src/node/alarms.ts';
import { LinkAuthKeyStream } from '../../src/node/auth-key-stream.ts';
import { PeerLink } from '../../src/node/peer-link.ts';
import { ReceiverNode } from '../../src/node/receiver-node.ts';
import { TransmitterNode } from '../../src/node/transmitter-node.ts';
import type { AuthKeySource, PeerChannel, PreSharedKeyIdentity } from '../../src/peer/index.ts';
import { PreSharedKeyFileSource } from '../../src/peer/auth/psk-file-source.ts';
import { buildFrame } from '../../src/peer/frame.ts';
import { encodeLengthPrefixed, LengthPrefixedParser } from '../../src/peer/framing.ts';
import { encodeEnvelope, PEER_PROTOCOL_VERSION, Role } from '../../src/peer/messages.ts';
import { decodePreamble, encodePreamble } from '../../src/peer/preamble.ts';
import type { Xoshiro128 } from '../../src/pipeline/prng.ts';
import { withSeed } from '../support/seed.ts';
import { syntheticPattern } from '../support/synthetic-frame.ts';
import { tempDirsPerTest } from '../support/temp-dir.ts';
import { SYNTHETIC_CHANNEL, SYNTHETIC_FRAME_PARAMS, syntheticBenches } from '../support/synthetic-benches.ts';
import { waitFor as until } from '../support/wait.ts';

const CHANNEL = SYNTHETIC_CHANNEL;
const PARAMS = SYNTHETIC_FRAME_PARAMS;
const helloA = { nodeId: 'alice', role: Role.ROLE_TRANSMITTER, linkId: 'link-1' };
const helloB = { nodeId: 'bob', role: Role.ROLE_RECEIVER, linkId: 'link-1' };

/** Records every take ([position, bits]) and counts peeks; forwards everything to the link's key stream. */
class Recorder implements AuthKeySource {
  readonly takes: Array<[number, number]> = [];
  peeks = 0;
  constructor(readonly inner: LinkAuthKeyStream) {}
  get position(): number {
    return this.inner.position;
  }
  take(nBits: number): Uint8Array {
    const at = this.inner.position;
    const out = this.inner.take(nBits);
    this.takes.push([at, nBits]);
    return out;
  }
  peek(sizes: readonly number[]): Uint8Array[] {
    this.peeks++;
    return this.inner.peek(sizes);
  }
  preSharedKey(linkId: string): PreSharedKeyIdentity | undefined {
    return this.inner.preSharedKey(linkId);
  }
}

/** Where a list of takes is not one gapless run from position 0: the [expected, actual] start of each break. */
function gaps(takes: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let next = 0;
  for (const [at, n] of takes) {
    if (at !== next) out.push([next, at]);
    next = at + n;
  }
  return out;
}

function randomBytes(rng: Xoshiro128, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.nextU32() & 255;
  return out;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One stranger connection. `garbage`: random bytes, then FIN. Otherwise: read
 * the node's preamble, answer with a receiver preamble that copies its
 * fingerprint and claims `aheadBits` more key consumed, then a Hello with a
 * random tag (the stranger has no key). Resolves once the node closed it;
 * reports whether the node ever sent more than its preamble.
 */
async function stranger(port: number, rng: Xoshiro128, garbage: boolean, aheadBits: number): Promise<{ framesFromNode: number }> {
  const socket: Socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  const closed = once(socket, 'close');
  await once(socket, 'connect');
  let frames = 0;
  const parser = new LengthPrefixedParser(1 << 20);
  let preamble: Uint8Array | undefined;
  const gotPreamble = new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      for (const p of parser.push(chunk)) {
        if (p.kind !== 'frame') continue;
        frames++;
        if (!preamble) {
          preamble = p.frame;
          resolve();
        }
      }
    });
  });
  if (garbage) {
    socket.end(randomBytes(rng, 1 + rng.nextBelow(200)));
  } else {
    await gotPreamble;
    const theirs = decodePreamble(preamble as Uint8Array);
    if (typeof theirs === 'string') throw new Error(theirs);
    const mine = encodePreamble({ ...theirs, side: 1, positionBits: theirs.positionBits + aheadBits });
    const payload = encodeEnvelope({ frameId: 0, hello: { ...helloB, protocolVersion: PEER_PROTOCOL_VERSION } });
    const { frame, authLength } = buildFrame(1, 0, payload, 16);
    frame.set(randomBytes(rng, 16), authLength);
    socket.write(encodeLengthPrefixed(mine));
    socket.write(encodeLengthPrefixed(frame));
  }
  await closed;
  return { framesFromNode: frames };
}

const newDir = tempDirsPerTest('qkdd-stranger-');

describe('a stranger on the peer port during a running link', () => {
  it('50 connections: the link keeps making key, the key position moves only with the live session, one alarm per window', async () => {
    await withSeed('stranger', async (rng) => {
      const dir = newDir();
      const log = createLogger({ name: 'stranger', level: process.env.QKDD_TEST_LOG ?? 'silent' });
      const psk = randomBytes(rng, 1 << 20);
      const pathA = join(dir, 'a.psk');
      const pathB = join(dir, 'b.psk');
      writeFileSync(pathA, psk, { mode: 0o600 });
      writeFileSync(pathB, psk, { mode: 0o600 });
      const storeA = KeyStore.open({ path: join(dir, 'alice.sqlite'), maxBits: 1 << 26 });
      const storeB = KeyStore.open({ path: join(dir, 'bob.sqlite'), maxBits: 1 << 26 });
      const alarmsA = new AlarmBoard(log);
      const alarmsB = new AlarmBoard(log);
      const pskA = PreSharedKeyFileSource.open(pathA);
      const pskB = PreSharedKeyFileSource.open(pathB);
      const sourceA = new Recorder(new LinkAuthKeyStream(pskA, storeA, psk.length * 8));
      const sourceB = new Recorder(new LinkAuthKeyStream(pskB, storeB, psk.length * 8));
      const benches = syntheticBenches(rng);
      const common = { params: PARAMS, inFlight: 2, authFraction: 0.1, frameTimeoutMs: 60_000, log };
      const alice = new TransmitterNode({
        ...common,
        bench: benches.tx,
        store: storeA,
        linkId: 'link-1',
        runId: 'r1',
        randomPattern: () => syntheticPattern(rng, CHANNEL),
        alarms: alarmsA,
      });
      const bob = new ReceiverNode({
        ...common,
        bench: benches.rx,
        store: storeB,
        random: (n) => rng.fillU32(new Uint32Array(n)),
        alarms: alarmsB,
      });
      const sessionsA: PeerChannel[] = [];
      const linkA = new PeerLink({
        listen: '127.0.0.1:0',
        keySource: sourceA,
        hello: helloA,
        log,
        alarms: alarmsA,
        // High caps so that every one of the 50 connections reaches the handshake (the caps have their own test).
        handshakeLimits: { maxFailuresPerAddress: 1000, maxFailures: 1000, maxPending: 8 },
        handshakeTimeoutMs: 5000,
        // Small pad chunks: transcript authentication takes a pad per tagged message only, and the checks below want many takes.
        channel: { chunkMessages: 1 },
        onSession: (channel) => {
          sessionsA.push(channel);
          return alice.runSession(channel);
        },
      });
      await linkA.start();
      const linkB = new PeerLink({
        connect: `127.0.0.1:${linkA.listenPort}`,
        keySource: sourceB,
        hello: helloB,
        log,
        alarms: alarmsB,
        minBackoffMs: 50,
        maxBackoffMs: 200,
        channel: { chunkMessages: 1 },
        onSession: (channel) => bob.runSession(channel),
      });
      await linkB.start();
      try {
        expect(await until(() => alice.stats.blocksStored >= 2, 240_000), 'link made key before the stranger').toBe(true);
        const blocksBefore = alice.stats.blocksStored;
        const results: Array<{ framesFromNode: number }> = [];
        for (let i = 0; i < 50; i += 5) {
          // Five at a time, alternating garbage and forged preamble + Hello (claims 4 KiB to 96 KiB ahead).
          const batch = Array.from({ length: 5 }, (_, j) =>
            stranger(linkA.listenPort, rng, (i + j) % 2 === 0, 8 * 4096 * (1 + ((i + j) % 24))),
          );
          results.push(...(await Promise.all(batch)));
        }
        // The node never answered a stranger with anything but its preamble (no Hello: no key taken to tag it).
        expect(results.every((r) => r.framesFromNode <= 1)).toBe(true);
        expect(linkA.handshakeCounts.failed).toBe(50);
        expect(linkA.handshakeCounts.succeeded).toBe(1);
        expect(sourceA.peeks).toBeGreaterThanOrEqual(25); // each forged Hello was checked against peeked key
        // The link keeps making key.
        expect(await until(() => alice.stats.blocksStored >= blocksBefore + 2, 240_000), 'link made key after the stranger').toBe(true);
        // One live session on each side the whole time: never replaced, never dropped (before the teardown below,
        // which ends sessions that the receiver then re-opens).
        expect(linkA.sessions).toBe(1);
        expect(linkB.sessions).toBe(1);
        expect(alarmsA.snapshot().byCode['peer-disconnected']).toBeUndefined();
        expect(sessionsA[0].isOpen).toBe(true);
        expect(sessionsA[0].stats.resyncBitsDiscarded).toBe(0);
        // Everything Alice's key stream gave out went to the live session.
        expect(sessionsA[0].authBitsConsumed).toBe(sourceA.position);
      } finally {
        alice.stop();
        bob.stop();
        await benches.tx.close();
        await wait(300);
        await linkB.stop();
        await linkA.stop();
      }
      // The key position moved only by what the live session took: each side took its key as one gapless run from
      // position 0 (a stranger that moved the position, or a resync, would leave a gap), so Alice used the same bits
      // as Bob (who never saw the stranger). How a run is cut into takes may differ (one side may take two chunks at
      // once), and one side may be up to one take ahead at the end.
      expect(sourceA.takes.length).toBeGreaterThan(10);
      expect(sourceB.takes.length).toBeGreaterThan(10);
      expect(gaps(sourceA.takes), "gaps in Alice's key position").toEqual([]);
      expect(gaps(sourceB.takes), "gaps in Bob's key position").toEqual([]);
      const largestTake = Math.max(...sourceA.takes.map(([, n]) => n), ...sourceB.takes.map(([, n]) => n));
      expect(Math.abs(sourceA.position - sourceB.position)).toBeLessThanOrEqual(largestTake);
      expect(sessionsA.reduce((sum, c) => sum + c.authBitsConsumed, 0)).toBe(sourceA.position);
      const consumed = (JSON.parse(readFileSync(`${pathA}.pos`, 'utf8')) as { consumedBytes: number }).consumedBytes;
      expect(consumed * 8).toBe(sourceA.position);
      // The alarm: raised, at warning level, once per window rather than once per connection.
      const raised = alarmsA.snapshot().recent.filter((r) => r.code === 'peer-handshake-failed');
      expect(raised.length).toBeGreaterThanOrEqual(1);
      expect(raised.length).toBeLessThanOrEqual(3);
      expect(raised[0].severity).toBe('warning');
      expect(alarmsB.snapshot().byCode['peer-handshake-failed']).toBeUndefined();
      storeA.close();
      storeB.close();
    });
  }, 600_000);
});
