import { describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { Envelope, AlarmSeverity, Role, encodeEnvelope, type EnvelopeInit } from '../../src/peer/messages.ts';
import { MemoryAuthKeySource } from '../../src/peer/auth/memory-source.ts';
import { isPeerError, QkdErrorCode, type QkdError } from '../../errors/index.ts';
import type { AuthFailure, PeerChannel } from '../../src/peer/channel.ts';
import { encodeLengthPrefixed } from '../../src/peer/framing.ts';
import { buildFrame } from '../../src/peer/frame.ts';
import { WegmanCarterAuthenticator } from '../../src/peer/auth/wegman-carter.ts';
import { bodyOf, messageAuthFor } from '../../src/peer/message-auth-policy.ts';
import type { Xoshiro128 } from '../../src/pipeline/prng.ts';
import { withSeed } from '../support/seed.ts';
import { createLogger } from '../../src/log.ts';
import { RecordingSource, openPair, openPairSettled, randomBytes } from '../support/peer-channels.ts';

function sources(rng: Xoshiro128, bytes = 1 << 16): [RecordingSource, RecordingSource] {
  const key = randomBytes(rng, bytes);
  return [new RecordingSource(new MemoryAuthKeySource(key)), new RecordingSource(new MemoryAuthKeySource(key))];
}

/** One message of every body type, with seeded random contents. */
function everyMessage(rng: Xoshiro128): EnvelopeInit[] {
  const b = (n: number): Uint8Array => randomBytes(rng, n);
  const id = (): number => rng.nextBelow(1 << 30);
  return [
    { frameId: 0, hello: { nodeId: 'alice', role: Role.ROLE_TRANSMITTER, protocolVersion: 1, linkId: 'link-1', softwareVersion: '0.1.0' } },
    { frameId: id(), siftDetections: { slotCount: 1 << 20, detectionCount: 4, detectedSlots: b(16), bases: b(1) } },
    { frameId: id(), siftMatch: { detectionCount: 4, matchMask: b(1) } },
    { frameId: id(), intensityClasses: { count: 3, classes: new Uint8Array([0, 1, 2]) } },
    { frameId: id(), estimationDisclosure: { count: 5, positions: b(20), bits: b(1) } },
    { frameId: id(), cascadeRequest: { body: b(33) } },
    { frameId: id(), cascadeReply: { body: b(9) } },
    { frameId: id(), verificationSeed: { seed: b(16) } },
    { frameId: id(), verificationTag: { tag: b(8), keyBits: 1_000_003 } },
    { frameId: id(), privacyAmplificationSeed: { seed: b(40), inputBits: 100_000, outputBits: 61_234 } },
    { frameId: id(), blockStored: { blockId: 'blk-000042', bits: 61_234 } },
    {
      frameId: 0,
      keyReservationRequest: {
        reservationId: 'res-7',
        masterSaeId: 'sae-a',
        slaveSaeId: 'sae-b',
        additionalSlaveSaeIds: ['sae-c'],
        keyIds: ['8d8e5e1c-0000-4000-8000-000000000001', '8d8e5e1c-0000-4000-8000-000000000002'],
        keySizeBits: 256,
        segments: [{ blockId: 'blk-000042', startBit: 0, endBit: 512 }],
        description: b(12),
      },
    },
    { frameId: 0, keyReservationAck: { reservationId: 'res-7', accepted: true, reason: '' } },
    { frameId: id(), abort: { frameId: 17, reason: 'qber-over-threshold' } },
    { frameId: 0, alarm: { code: 'auth-failed', severity: AlarmSeverity.ALARM_SEVERITY_CRITICAL, message: 'tag mismatch' } },
  ];
}

function canonical(m: EnvelopeInit): string {
  return Buffer.from(Envelope.encode(m).finish()).toString('hex');
}

async function receiveN(ch: PeerChannel, n: number): Promise<Array<Awaited<ReturnType<PeerChannel['receive']>>>> {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await ch.receive());
  return out;
}

describe('peer channel over loopback TCP', () => {
  it('round-trips every message type in both directions', async () => {
    await withSeed('round trip', async (rng) => {
      const [sa, sb] = sources(rng);
      const pair = await openPair({ a: { keySource: sa }, b: { keySource: sb } });
      try {
        expect(pair.a.peerHello.nodeId).toBe('bob');
        expect(pair.b.peerHello.nodeId).toBe('alice');
        const msgs = everyMessage(rng);
        expect(new Set(msgs.map((m) => Object.keys(m).find((k) => k !== 'frameId'))).size).toBe(15);
        const seqs = msgs.map((m) => pair.a.send(m));
        expect(seqs).toEqual(msgs.map((_, i) => i + 1)); // Hello was seq 0
        const atB = await receiveN(pair.b, msgs.length);
        for (let i = 0; i < msgs.length; i++) {
          expect(atB[i].seq).toBe(i + 1);
          expect(atB[i].skipped).toBe(0);
          expect(canonical(atB[i].envelope)).toBe(canonical(msgs[i]));
        }
        expect(atB[8].envelope.verificationTag?.keyBits).toBe(1_000_003);
        expect(atB[11].envelope.body).toBe('keyReservationRequest');
        for (const m of msgs) pair.b.send(m);
        const atA = await receiveN(pair.a, msgs.length);
        expect(atA.map((r) => canonical(r.envelope))).toEqual(msgs.map(canonical));
        expect(pair.a.stats.authFailures + pair.b.stats.authFailures).toBe(0);
      } finally {
        await pair.cleanup();
      }
    });
  });

  it('drops every single-bit alteration of every tagged message (header, payload, tag) and still delivers the genuine ones', async () => {
    await withSeed('bit flips', async (rng) => {
      const [sa, sb] = sources(rng);
      // The tagged bodies (message-auth-policy.ts); deferred ones are test/peer/transcript-auth.test.ts's.
      const msgs = everyMessage(rng).slice(9);
      expect(msgs.every((m) => messageAuthFor(bodyOf(m)) === 'tagged')).toBe(true);
      let injected = 0;
      const pair = await openPair({
        a: { keySource: sa },
        b: { keySource: sb, maxAuthFailures: Number.MAX_SAFE_INTEGER },
        relay: {
          // Frame 0 is the preamble, 1 the Hello; from 2 on, send every one-bit variant before the genuine frame.
          ab: (frame, index) => {
            if (index < 2) return [frame];
            const out: Uint8Array[] = [];
            for (let pos = 0; pos < frame.length; pos++) {
              for (let bit = 0; bit < 8; bit++) {
                const f = frame.slice();
                f[pos] ^= 1 << bit;
                out.push(f);
              }
            }
            injected += out.length;
            out.push(frame);
            return out;
          },
        },
      });
      try {
        const failures: AuthFailure[] = [];
        pair.b.on('authentication-failed', (f) => failures.push(f));
        for (const m of msgs) pair.a.send(m);
        const got = await receiveN(pair.b, msgs.length);
        expect(got.map((r) => canonical(r.envelope))).toEqual(msgs.map(canonical));
        expect(got.every((r) => r.skipped === 0)).toBe(true);
        expect(injected).toBeGreaterThan(1000);
        expect(failures.length).toBe(injected);
        expect(pair.b.stats.received).toBe(msgs.length);
        const reasons = new Set(failures.map((f) => f.reason));
        for (const r of ['tag-mismatch', 'replay', 'reflection', 'malformed', 'out-of-window'])
          expect(reasons.has(r as AuthFailure['reason']), r).toBe(true);
      } finally {
        await pair.cleanup();
      }
    });
  });

  it('rejects replayed and reordered messages', async () => {
    await withSeed('replay', async (rng) => {
      const [sa, sb] = sources(rng);
      let held: Uint8Array | undefined;
      const pair = await openPair({
        a: { keySource: sa },
        b: { keySource: sb },
        relay: {
          ab: (frame, index) => {
            if (index === 2) return [frame, frame]; // seq 1 replayed at once
            if (index === 3) return [frame, frame]; // seq 2 twice more
            if (index === 4) {
              held = frame; // seq 3 held back ...
              return [];
            }
            if (index === 5) return [frame, held as Uint8Array]; // ... and sent after seq 4
            return [frame];
          },
        },
      });
      try {
        const failures: AuthFailure[] = [];
        pair.b.on('authentication-failed', (f) => failures.push(f));
        for (let i = 0; i < 5; i++) pair.a.send({ frameId: i, abort: { frameId: i, reason: `m${i}` } });
        const got = await receiveN(pair.b, 4);
        expect(got.map((r) => r.seq)).toEqual([1, 2, 4, 5]);
        expect(got[2].skipped).toBe(1); // seq 3 never verified in order
        pair.a.send({ frameId: 9, abort: { frameId: 9, reason: 'sync' } });
        expect((await pair.b.receive()).seq).toBe(6);
        expect(failures.map((f) => [f.reason, f.claimedSeq])).toEqual([
          ['replay', 1],
          ['replay', 2],
          ['replay', 3],
        ]);
      } finally {
        await pair.cleanup();
      }
    });
  });

  it('rejects a message reflected back to its sender', async () => {
    await withSeed('reflection', async (rng) => {
      const [sa, sb] = sources(rng);
      const pair = await openPair({ a: { keySource: sa }, b: { keySource: sb }, relay: {} });
      try {
        const failed = once(pair.a, 'authentication-failed');
        pair.a.send({ frameId: 1, alarm: { code: 'x' } });
        await pair.b.receive();
        // Send A's own frame (seq 1) back to A.
        pair.relay?.toA.write(encodeLengthPrefixed(pair.forwarded.ab[2]));
        const [f] = (await failed) as [AuthFailure];
        expect(f.reason).toBe('reflection');
        pair.b.send({ frameId: 2, alarm: { code: 'y' } });
        expect((await pair.a.receive()).envelope.alarm?.code).toBe('y');
      } finally {
        await pair.cleanup();
      }
    });
  });

  it('closes the session when part of a frame arrives and the rest never does (a corrupted length prefix)', async () => {
    await withSeed('stalled partial frame', async (rng) => {
      const [sa, sb] = sources(rng);
      const pair = await openPair({ a: { keySource: sa, partialFrameTimeoutMs: 300 }, b: { keySource: sb }, relay: {} });
      try {
        pair.b.send({ frameId: 1, alarm: { code: 'before' } });
        expect((await pair.a.receive()).envelope.alarm?.code).toBe('before');
        const closed = once(pair.a, 'close');
        // A length prefix that promises 1000 bytes (as a flipped bit in a real one would), then 10 of them, then silence.
        const head = new Uint8Array(4 + 10);
        new DataView(head.buffer).setUint32(0, 1000);
        head.set(randomBytes(rng, 10), 4);
        pair.relay?.toA.write(head);
        const [err] = (await closed) as [QkdError | undefined];
        expect(err?.code).toBe(QkdErrorCode.PeerFrameStalled);
        expect(err?.details.heldBytes).toBe(14);
        expect(pair.a.isOpen).toBe(false);
      } finally {
        await pair.cleanup();
      }
    });
  });

  it('keeps a session whose frames arrive in pieces with pauses shorter than the stall limit', async () => {
    await withSeed('slow pieces', async (rng) => {
      const [sa, sb] = sources(rng);
      // The relay forwards A's preamble and Hello (frames 0 and 1) and holds back the rest, which the test dribbles to B.
      const held: Uint8Array[] = [];
      const pair = await openPair({
        a: { keySource: sa },
        b: { keySource: sb, partialFrameTimeoutMs: 1000 },
        relay: {
          ab: (f, i) => {
            if (i < 2) return [f];
            held.push(f);
            return [];
          },
        },
      });
      try {
        pair.a.send({ frameId: 3, alarm: { code: 'slow' } });
        while (held.length === 0) await new Promise((r) => setTimeout(r, 10));
        const frame = encodeLengthPrefixed(held[0]);
        expect(frame.length).toBeGreaterThan(20);
        // Pieces of 7 bytes 100 ms apart: the frame takes far longer than the stall limit in all, but never pauses that long.
        for (let k = 0; k < frame.length; k += 7) {
          pair.relay?.toB.write(frame.subarray(k, Math.min(frame.length, k + 7)));
          await new Promise((r) => setTimeout(r, 100));
        }
        expect((await pair.b.receive()).envelope.alarm?.code).toBe('slow');
        expect(pair.b.isOpen).toBe(true);
      } finally {
        await pair.cleanup();
      }
    });
  });

  it('a peer with another key is rejected at the Hello', async () => {
    await withSeed('wrong key', async (rng) => {
      const a = new MemoryAuthKeySource(randomBytes(rng, 4096));
      const b = new MemoryAuthKeySource(randomBytes(rng, 4096));
      const [ra, rb] = await openPairSettled({ a: { keySource: a }, b: { keySource: b } });
      expect(ra.status).toBe('rejected');
      expect(rb.status).toBe('rejected');
      const codes = [ra, rb].map((r) => (r.status === 'rejected' && isPeerError(r.reason) ? r.reason.code : 'open'));
      expect(codes).toContain(QkdErrorCode.AuthenticationFailed);
      for (const c of codes) expect([QkdErrorCode.AuthenticationFailed, QkdErrorCode.PeerClosed]).toContain(c);
    });
  });

  it('a peer on another link or with the same role is refused', async () => {
    await withSeed('mismatch', async (rng) => {
      const [sa, sb] = sources(rng);
      const [ra] = await openPairSettled({
        a: { keySource: sa },
        b: { keySource: sb, hello: { nodeId: 'bob', role: Role.ROLE_RECEIVER, linkId: 'other-link' } },
      });
      expect(ra.status === 'rejected' && isPeerError(ra.reason, QkdErrorCode.HandshakeMismatch)).toBe(true);
      const [sc, sd] = sources(rng);
      const [rc] = await openPairSettled({
        a: { keySource: sc },
        b: { keySource: sd, hello: { nodeId: 'bob', role: Role.ROLE_TRANSMITTER, linkId: 'link-1' } },
      });
      expect(rc.status === 'rejected' && isPeerError(rc.reason, QkdErrorCode.HandshakeMismatch)).toBe(true);
    });
  });

  it('never reuses pad: takes are contiguous, increasing, identical on both sides, and counted', async () => {
    await withSeed('pad order', async (rng) => {
      const [sa, sb] = sources(rng, 1 << 18);
      const pair = await openPair({ a: { keySource: sa, chunkMessages: 4 }, b: { keySource: sb, chunkMessages: 4 } });
      try {
        // Interleave the directions irregularly so that chunks are requested in different orders on the two sides.
        for (let round = 0; round < 20; round++) {
          const na = rng.nextBelow(7);
          const nb = rng.nextBelow(7);
          for (let i = 0; i < na; i++) pair.a.send({ frameId: round, alarm: { code: `a${i}` } });
          for (let i = 0; i < nb; i++) pair.b.send({ frameId: round, alarm: { code: `b${i}` } });
          await receiveN(pair.b, na);
          await receiveN(pair.a, nb);
        }
        for (const s of [sa, sb]) {
          let at = 0;
          for (const [pos, bits] of s.takes) {
            expect(pos).toBe(at); // contiguous and strictly increasing: no bit taken twice
            expect(bits).toBeGreaterThan(0);
            at = pos + bits;
          }
        }
        // Both sides took the same ranges in the same order (one may be a chunk ahead of the other).
        const common = Math.min(sa.takes.length, sb.takes.length);
        expect(common).toBeGreaterThan(10);
        expect(sa.takes.slice(0, common)).toEqual(sb.takes.slice(0, common));
        expect(Math.abs(sa.takes.length - sb.takes.length)).toBeLessThanOrEqual(1);
        expect(pair.a.authBitsConsumed).toBe(sa.position);
        expect(pair.b.authBitsConsumed).toBe(sb.position);
      } finally {
        await pair.cleanup();
      }
    });
  });

  it('an exhausted key source gives a clear error and sends nothing unauthenticated', async () => {
    await withSeed('exhausted', async (rng) => {
      // Hash key (16 bytes) + chunk 0 (A→B) + chunk 1 (B→A), chunks of 4 pads × 16 bytes.
      const key = randomBytes(rng, 16 + 2 * 64);
      const pair = await openPair({
        a: { keySource: new MemoryAuthKeySource(key), chunkMessages: 4 },
        b: { keySource: new MemoryAuthKeySource(key), chunkMessages: 4 },
        relay: {},
      });
      try {
        for (let i = 1; i < 4; i++) pair.a.send({ frameId: i, alarm: { code: 'ok' } });
        let err: unknown;
        try {
          pair.a.send({ frameId: 4, alarm: { code: 'no pad left' } });
        } catch (e) {
          err = e;
        }
        expect(isPeerError(err, QkdErrorCode.AuthKeyExhausted)).toBe(true);
        expect(() => pair.a.send({ frameId: 5, alarm: { code: 'still none' } })).toThrow(/exhausted/);
        expect((await receiveN(pair.b, 3)).map((r) => r.seq)).toEqual([1, 2, 3]);
        await pair.a.close();
        await once(pair.relay?.toB as NonNullable<typeof pair.relay>['toB'], 'close');
        // Preamble, Hello, and the three authenticated messages: nothing else left A.
        expect(pair.forwarded.ab.length).toBe(5);
      } finally {
        await pair.cleanup();
      }
    });
  });

  it('an empty key source fails the session start with auth-key-exhausted', async () => {
    const [ra] = await openPairSettled({
      a: { keySource: new MemoryAuthKeySource(new Uint8Array(8)) },
      b: { keySource: new MemoryAuthKeySource(new Uint8Array(8)) },
    });
    expect(ra.status === 'rejected' && isPeerError(ra.reason, QkdErrorCode.AuthKeyExhausted)).toBe(true);
  });

  it('closes the session after maxAuthFailures failures, and on an oversized length prefix', async () => {
    await withSeed('failure limit', async (rng) => {
      const [sa, sb] = sources(rng);
      const pair = await openPair({
        a: { keySource: sa },
        b: { keySource: sb, maxAuthFailures: 2 },
        relay: { ab: (f, i) => (i < 2 ? [f] : [f.map((x, j) => (j === f.length - 1 ? x ^ 1 : x))]) },
      });
      try {
        const closed = once(pair.b, 'close');
        for (let i = 0; i < 3; i++) pair.a.send({ frameId: i, alarm: { code: 'x' } });
        const [err] = (await closed) as [QkdError];
        expect(err.code).toBe(QkdErrorCode.TooManyAuthenticationFailures);
        expect(pair.b.stats.authFailures).toBe(3);
        await expect(pair.b.receive()).rejects.toMatchObject({ code: QkdErrorCode.TooManyAuthenticationFailures });
      } finally {
        await pair.cleanup();
      }
      const [sc, sd] = sources(rng);
      const p2 = await openPair({ a: { keySource: sc }, b: { keySource: sd, maxFrameBytes: 1024 }, relay: {} });
      try {
        const closed = once(p2.b, 'close');
        p2.relay?.toB.write(new Uint8Array([0, 0, 0x04, 0x01])); // length 1025
        const [err] = (await closed) as [QkdError];
        expect(err.code).toBe(QkdErrorCode.PeerFrameTooLarge);
      } finally {
        await p2.cleanup();
      }
    });
  });

  it('async iteration yields messages until the peer closes', async () => {
    await withSeed('iterate', async (rng) => {
      const [sa, sb] = sources(rng);
      const pair = await openPair({ a: { keySource: sa }, b: { keySource: sb } });
      try {
        for (let i = 0; i < 5; i++) pair.a.send({ frameId: i, blockStored: { blockId: `b${i}`, bits: 8 * i } });
        await pair.a.close();
        const ids: string[] = [];
        for await (const m of pair.b) ids.push(m.envelope.blockStored?.blockId ?? '?');
        expect(ids).toEqual(['b0', 'b1', 'b2', 'b3', 'b4']);
        expect(() => pair.a.send({ frameId: 0, alarm: {} })).toThrow(/closed/);
      } finally {
        await pair.cleanup();
      }
    });
  });

  it('carries a large message across many TCP segments, with drain for backpressure', async () => {
    await withSeed('large', async (rng) => {
      const [sa, sb] = sources(rng);
      const pair = await openPair({ a: { keySource: sa, maxFrameBytes: 1 << 21 }, b: { keySource: sb } });
      try {
        const body = randomBytes(rng, (1 << 20) + 12_345);
        pair.a.send({ frameId: 1, cascadeRequest: { body } });
        await pair.a.drain();
        const got = await pair.b.receive();
        expect(Buffer.compare(Buffer.from(got.envelope.cascadeRequest?.body ?? []), Buffer.from(body))).toBe(0);
        expect(() => pair.a.send({ frameId: 2, cascadeRequest: { body: new Uint8Array(1 << 21) } })).toThrow(
          expect.objectContaining({ code: QkdErrorCode.PeerFrameTooLarge }),
        );
        // Nothing was sent and no seq was used: the next message is seq 2.
        expect(pair.a.send({ frameId: 3, alarm: { code: 'after' } })).toBe(2);
        expect((await pair.b.receive()).seq).toBe(2);
      } finally {
        await pair.cleanup();
      }
    });
  });

  it('logs session events and authentication failures without key material', async () => {
    await withSeed('logging', async (rng) => {
      const key = randomBytes(rng, 1 << 14);
      const lines: string[] = [];
      const logger = createLogger({ name: 'test', level: 'debug', destination: { write: (l: string) => void lines.push(l) } });
      const pair = await openPair({
        a: { keySource: new MemoryAuthKeySource(key) },
        b: { keySource: new MemoryAuthKeySource(key), logger },
        relay: { ab: (f, i) => (i === 2 ? [f.map((x, j) => (j === 20 ? x ^ 4 : x)), f] : [f]) },
      });
      try {
        pair.a.send({ frameId: 1, alarm: { code: 'x' } });
        await pair.b.receive();
        const text = lines.join('');
        expect(text).toContain('peer session open');
        expect(text).toContain('tag-mismatch');
        // Neither the hash key nor any 8-byte window of the key stream appears, in hex or base64.
        for (let off = 0; off + 8 <= 16 + 64 * 32; off += 8) {
          const w = Buffer.from(key.subarray(off, off + 8));
          expect(text).not.toContain(w.toString('hex'));
          expect(text).not.toContain(w.toString('base64').slice(0, 10));
        }
      } finally {
        await pair.cleanup();
      }
    });
  });

  it('a frame built by hand from the documented key layout verifies (pads are where the docs say); an undecodable authentic payload is reported and dropped', async () => {
    await withSeed('hand-built frame', async (rng) => {
      const key = randomBytes(rng, 1 << 14);
      const pair = await openPair({
        a: { keySource: new MemoryAuthKeySource(key) },
        b: { keySource: new MemoryAuthKeySource(key) },
        relay: {},
      });
      try {
        // Layout (pad-schedule.ts): hash key = bytes 0..15; then chunks of 64 pads × 16 bytes, chunk g for direction g mod 2;
        // the i-th tagged frame of a direction uses pad i. Each frame here is tagged, so its transcript is itself.
        const wc = new WegmanCarterAuthenticator(key.subarray(0, 16));
        const padOf = (dir: number, index: number): Uint8Array => {
          const g = 2 * Math.floor(index / 64) + dir;
          const off = 16 + g * 64 * 16 + (index % 64) * 16;
          return key.subarray(off, off + 16);
        };
        const forge = (seq: number, payload: Uint8Array): Uint8Array => {
          const { frame, authLength } = buildFrame(0, seq, payload, 16, seq);
          const t = wc.newTranscript();
          t.addFrame(frame.subarray(0, authLength));
          wc.tagTranscript(t, padOf(0, seq), frame, authLength);
          return frame;
        };
        const invalid = once(pair.b, 'invalid-message');
        pair.relay?.toB.write(encodeLengthPrefixed(forge(1, encodeEnvelope({ frameId: 77, alarm: { code: 'hand-made' } }))));
        const got = await pair.b.receive();
        expect(got.seq).toBe(1);
        expect(got.envelope.alarm?.code).toBe('hand-made');
        pair.relay?.toB.write(encodeLengthPrefixed(forge(2, new Uint8Array([0xff, 0xff, 0xff]))));
        const [e] = (await invalid) as [QkdError];
        expect(e.code).toBe(QkdErrorCode.PeerInvalidMessage);
        // A's own seq 1 and 2 are now replays at B; its seq 3 goes through.
        const failures: AuthFailure[] = [];
        pair.b.on('authentication-failed', (f) => failures.push(f));
        for (let i = 0; i < 3; i++) pair.a.send({ frameId: i, alarm: { code: `a${i}` } });
        const next = await pair.b.receive();
        expect([next.seq, next.envelope.alarm?.code]).toEqual([3, 'a2']);
        expect(failures.map((f) => f.reason)).toEqual(['replay', 'replay']);
      } finally {
        await pair.cleanup();
      }
    });
  });
});
