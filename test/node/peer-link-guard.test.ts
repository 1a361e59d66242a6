/**
 * The listening PeerLink's guard: `allowFrom` closes a connection from
 * elsewhere before any byte is read or written; failed handshakes over the
 * per-address cap make further connections close at once; both are counted
 * and raise one peer-handshake-failed warning per window with the counts,
 * logged at warn. A real peer that reconnects still replaces the session.
 */
import { once } from 'node:events';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { AlarmBoard } from '../../src/node/alarms.ts';
import { PeerLink } from '../../src/node/peer-link.ts';
import { MemoryAuthKeySource } from '../../src/peer/auth/memory-source.ts';
import { connectPeerChannel, type PeerChannel } from '../../src/peer/channel.ts';
import { Role } from '../../src/peer/messages.ts';
import { PREAMBLE_BYTES } from '../../src/peer/preamble.ts';

const helloA = { nodeId: 'alice', role: Role.ROLE_TRANSMITTER, linkId: 'link-1' };
const helloB = { nodeId: 'bob', role: Role.ROLE_RECEIVER, linkId: 'link-1' };

function capture(): { log: ReturnType<typeof createLogger>; lines: Array<{ level: number; msg: string; alarm?: string }> } {
  const lines: Array<{ level: number; msg: string; alarm?: string }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { log: createLogger({ name: 'guard', level: 'debug', destination: sink }), lines };
}

/** Connect, optionally send bytes then FIN; resolves with the bytes received before the node closed. */
async function poke(port: number, send?: Uint8Array): Promise<number> {
  const s = connect(port, '127.0.0.1');
  s.on('error', () => undefined);
  let received = 0;
  s.on('data', (c: Buffer) => (received += c.length));
  const closed = once(s, 'close');
  await once(s, 'connect');
  if (send) s.end(send);
  await closed;
  return received;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PeerLink on the listening side', () => {
  it('closes connections from outside peer.allowFrom before reading or writing a byte, counted, one alarm', async () => {
    const { log, lines } = capture();
    const alarms = new AlarmBoard(log);
    const source = new MemoryAuthKeySource(new Uint8Array(4096));
    const link = new PeerLink({
      listen: '127.0.0.1:0',
      keySource: source,
      hello: helloA,
      log,
      alarms,
      allowFrom: ['192.0.2.0/24'],
      onSession: async () => undefined,
    });
    await link.start();
    try {
      for (let i = 0; i < 5; i++) expect(await poke(link.listenPort, new Uint8Array([0xa5, 1, 2, 3]))).toBe(0);
    } finally {
      await link.stop();
    }
    expect(link.handshakeCounts.refused['not-allowed']).toBe(5);
    expect(link.handshakeCounts.failed).toBe(0);
    expect(alarms.snapshot().byCode).toEqual({ 'peer-handshake-failed': 1 });
    expect(alarms.snapshot().recent[0]).toMatchObject({ severity: 'warning', message: expect.stringContaining('refused (not-allowed)') });
    expect(lines.find((l) => l.alarm === 'peer-handshake-failed')?.level).toBe(40);
    expect(source.position).toBe(0);
  });

  it('over the per-address cap, closes new connections at once; failures logged at warn; one alarm per window with the count', async () => {
    const { log, lines } = capture();
    const alarms = new AlarmBoard(log);
    const source = new MemoryAuthKeySource(new Uint8Array(1 << 16));
    const link = new PeerLink({
      listen: '127.0.0.1:0',
      keySource: source,
      hello: helloA,
      log,
      alarms,
      handshakeLimits: { maxFailuresPerAddress: 3, windowMs: 4000 },
      onSession: async () => undefined,
    });
    await link.start();
    const received: number[] = [];
    try {
      for (let i = 0; i < 6; i++) received.push(await poke(link.listenPort, new Uint8Array([0, 0, 0, 3, 9, 9, 9])));
      // The first alarm came at once; the rest of the window's events come together when it ends.
      expect(alarms.snapshot().byCode['peer-handshake-failed']).toBe(1);
      for (let i = 0; i < 500 && alarms.snapshot().byCode['peer-handshake-failed'] < 2; i++) await wait(20);
    } finally {
      await link.stop();
    }
    // Admitted connections got the node's preamble (PREAMBLE_BYTES plus its 4-byte length prefix); refused ones got nothing.
    const p = PREAMBLE_BYTES + 4;
    expect(received).toEqual([p, p, p, 0, 0, 0]);
    expect(link.handshakeCounts.failed).toBe(3);
    expect(link.handshakeCounts.refused['address-over-cap']).toBe(3);
    const raised = alarms.snapshot().recent.filter((r) => r.code === 'peer-handshake-failed');
    expect(raised).toHaveLength(2);
    expect(raised[0].message).toMatch(/^1 peer handshake\(s\) failed; last: /);
    expect(raised[1].message).toMatch(/^2 peer handshake\(s\) failed, 3 connection\(s\) refused; last: .*refused \(address-over-cap\)/);
    const failures = lines.filter((l) => /^peer handshake from .* failed/.test(l.msg));
    expect(failures).toHaveLength(3);
    for (const l of failures) expect(l.level).toBe(40);
    expect(source.position).toBe(0);
  });

  it('a real peer that reconnects replaces the live session once it has proved itself', async () => {
    const { log } = capture();
    const key = new Uint8Array(1 << 16).map((_, i) => (i * 131 + 7) & 255);
    const sourceA = new MemoryAuthKeySource(key);
    const sourceB = new MemoryAuthKeySource(key);
    const sessionsA: PeerChannel[] = [];
    const linkA = new PeerLink({
      listen: '127.0.0.1:0',
      keySource: sourceA,
      hello: helloA,
      log,
      alarms: new AlarmBoard(log),
      onSession: async (ch) => {
        sessionsA.push(ch);
        for await (const _ of ch) {
          // drain until closed
        }
      },
    });
    await linkA.start();
    // The receiver's first session stays open on its side (as after a crash the transmitter has not noticed yet);
    // the restarted receiver dials again over the same key stream.
    const first = await connectPeerChannel('127.0.0.1', linkA.listenPort, { keySource: sourceB, hello: helloB });
    for (let i = 0; i < 200 && sessionsA.length < 1; i++) await wait(20);
    expect(sessionsA).toHaveLength(1);
    const b2 = new PeerLink({
      connect: `127.0.0.1:${linkA.listenPort}`,
      keySource: sourceB,
      hello: helloB,
      log,
      alarms: new AlarmBoard(log),
      minBackoffMs: 20,
      maxBackoffMs: 50,
      onSession: async (ch) => {
        for await (const _ of ch) {
          // drain until closed
        }
      },
    });
    await b2.start();
    try {
      for (let i = 0; i < 250 && sessionsA.length < 2; i++) await wait(20);
      expect(sessionsA).toHaveLength(2);
      expect(sessionsA[0].isOpen).toBe(false);
      expect(sessionsA[1].isOpen).toBe(true);
      expect(linkA.handshakeCounts).toMatchObject({ failed: 0, succeeded: 2 });
      expect(sourceA.position).toBe(sourceB.position);
    } finally {
      await first.close();
      await b2.stop();
      await linkA.stop();
    }
  });
});
