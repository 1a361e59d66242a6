/**
 * Transcript authentication (src/peer/PROTOCOL.md, "Transcript
 * authentication"): deferred messages travel without a tag and are accepted
 * as they come; the next tagged message of their direction covers them. A
 * deferred message altered, dropped, reordered or injected on the wire is
 * delivered (or refused) at first, and then that covering tag fails, with the
 * span it would have covered reported as discarded; the channel then starts
 * a new span and goes on. Pads are taken for tagged messages only.
 */
import { describe, expect, it } from 'vitest';
import { MemoryAuthKeySource } from '../../src/peer/auth/memory-source.ts';
import type { AuthFailure, PeerChannel, ReceivedMessage } from '../../src/peer/channel.ts';
import { FLAG_DEFERRED, TAGGED_HEADER_BYTES, buildDeferredFrame, parseFrameHeader } from '../../src/peer/frame.ts';
import { encodeLengthPrefixed } from '../../src/peer/framing.ts';
import { bodyOf, messageAuthFor, MESSAGE_AUTH_POLICY } from '../../src/peer/message-auth-policy.ts';
import { encodeEnvelope, type EnvelopeInit } from '../../src/peer/messages.ts';
import type { Xoshiro128 } from '../../src/pipeline/prng.ts';
import { isPeerError, QkdErrorCode } from '../../errors/index.ts';
import { withSeed } from '../support/seed.ts';
import { RecordingSource, openPair, openPairSettled, randomBytes, type RelayHook } from '../support/peer-channels.ts';
import { deferredBodyOf, flipBitInDeferred } from '../support/transcript-tamper.ts';

const TAG_BYTES = 16; // two points, the default

function memorySources(rng: Xoshiro128, bytes = 1 << 16): [MemoryAuthKeySource, MemoryAuthKeySource] {
  const key = randomBytes(rng, bytes);
  return [new MemoryAuthKeySource(key), new MemoryAuthKeySource(key)];
}

async function receiveN(ch: PeerChannel, n: number): Promise<ReceivedMessage[]> {
  const out: ReceivedMessage[] = [];
  for (let i = 0; i < n; i++) out.push(await ch.receive());
  return out;
}

function cascade(rng: Xoshiro128, frameId: number, bytes = 24): EnvelopeInit {
  return { frameId, cascadeRequest: { body: randomBytes(rng, bytes) } };
}

function hex(b: Uint8Array | null | undefined): string {
  return Buffer.from(b ?? []).toString('hex');
}

/**
 * A sends D1 D2 D3 (deferred Cascade requests) T4 (a tagged alarm, covering them) D5 T6; `ab` tampers on the way.
 * Returns what B delivered, B's failures, and what A sent.
 */
async function sixMessages(
  rng: Xoshiro128,
  ab: RelayHook,
  delivered: number,
): Promise<{ got: ReceivedMessage[]; failures: AuthFailure[]; sent: EnvelopeInit[] }> {
  const [sa, sb] = memorySources(rng);
  const pair = await openPair({ a: { keySource: sa }, b: { keySource: sb }, relay: { ab } });
  try {
    const failures: AuthFailure[] = [];
    pair.b.on('authentication-failed', (f) => failures.push(f));
    const sent = [cascade(rng, 1), cascade(rng, 1), cascade(rng, 1), { frameId: 1, alarm: { code: 't4' } }, cascade(rng, 2)];
    sent.push({ frameId: 2, alarm: { code: 't6' } });
    expect(sent.map((m) => pair.a.send(m))).toEqual([1, 2, 3, 4, 5, 6]);
    const got = await receiveN(pair.b, delivered);
    expect(pair.b.isOpen).toBe(true);
    return { got, failures, sent };
  } finally {
    await pair.cleanup();
  }
}

describe('transcript authentication: deferred messages and the tag that covers them', () => {
  it('the policy table: post-processing bodies deferred, commit points tagged, unknown bodies tagged', () => {
    const deferred = Object.entries(MESSAGE_AUTH_POLICY)
      .filter(([, v]) => v === 'deferred')
      .map(([k]) => k)
      .sort();
    expect(deferred).toEqual([
      'blockClose',
      'cascadeReply',
      'cascadeRequest',
      'estimationDisclosure',
      'intensityClasses',
      'siftDetections',
      'siftMatch',
      'verificationSeed',
      'verificationTag',
    ]);
    for (const b of ['hello', 'abort', 'storeSync', 'blockStored', 'privacyAmplificationSeed', 'keyReservationRequest', 'alarm'])
      expect(messageAuthFor(b)).toBe('tagged');
    expect(messageAuthFor('someFutureBody')).toBe('tagged');
    expect(messageAuthFor(undefined)).toBe('tagged');
    expect(bodyOf({ frameId: 3, cascadeReply: { body: new Uint8Array(1) } })).toBe('cascadeReply');
    // Envelope-level fields are not bodies, whatever their order.
    expect(bodyOf({ blockId: 'b1', frameId: 3, blockStored: { blockId: 'b1' } })).toBe('blockStored');
    expect(bodyOf({ frameId: 3 })).toBeUndefined();
  });

  it('untouched: deferred messages arrive marked deferred, the tagged one verifies them, nothing fails', async () => {
    await withSeed('transcript clean', async (rng) => {
      const { got, failures, sent } = await sixMessages(rng, (f) => [f], 6);
      expect(failures).toEqual([]);
      expect(got.map((m) => [m.seq, m.deferred, m.skipped])).toEqual([
        [1, true, 0],
        [2, true, 0],
        [3, true, 0],
        [4, false, 0],
        [5, true, 0],
        [6, false, 0],
      ]);
      expect(got.map((m) => hex(m.envelope.cascadeRequest?.body))).toEqual(sent.map((m) => hex(m.cascadeRequest?.body)));
    });
  });

  it('a deferred message altered on the wire is delivered as altered, then the covering tag fails and the span is discarded; the next span verifies', async () => {
    await withSeed('transcript flip', async (rng) => {
      const flip = flipBitInDeferred(rng, 'cascadeRequest', 2);
      const { got, failures, sent } = await sixMessages(rng, flip.hook, 5);
      expect(flip.flipped?.stillParses).toBe(true);
      // D1, D2 (altered), D3 delivered at once; T4 fails and is not delivered; D5 (after the lost T4) and T6 are.
      expect(got.map((m) => [m.seq, m.deferred, m.skipped])).toEqual([
        [1, true, 0],
        [2, true, 0],
        [3, true, 0],
        [5, true, 1],
        [6, false, 0],
      ]);
      expect(hex(got[1].envelope.cascadeRequest?.body)).not.toBe(hex(sent[1].cascadeRequest?.body));
      expect(hex(got[2].envelope.cascadeRequest?.body)).toBe(hex(sent[2].cascadeRequest?.body));
      expect(failures.map((f) => [f.reason, f.claimedSeq, f.discardedDeferred])).toEqual([['tag-mismatch', 4, 3]]);
      expect(got[4].envelope.alarm?.code).toBe('t6');
    });
  });

  it('a deferred message dropped: the next frame leaves a gap in the span (discarded), and the covering tag fails too', async () => {
    await withSeed('transcript drop', async (rng) => {
      const drop: RelayHook = (f) => (deferredBodyOf(f) && parseFrameHeader(f, TAG_BYTES)?.seq === 2 ? [] : [f]);
      const { got, failures } = await sixMessages(rng, drop, 4);
      expect(got.map((m) => [m.seq, m.deferred, m.skipped])).toEqual([
        [1, true, 0],
        [3, true, 1],
        [5, true, 1],
        [6, false, 0],
      ]);
      expect(failures.map((f) => [f.reason, f.claimedSeq, f.discardedDeferred])).toEqual([
        ['span-gap', 3, 1],
        ['tag-mismatch', 4, 1],
      ]);
    });
  });

  it('two deferred messages swapped: a gap, a replay, and the covering tag fails', async () => {
    await withSeed('transcript reorder', async (rng) => {
      let held: Uint8Array | undefined;
      const swap: RelayHook = (f) => {
        const seq = deferredBodyOf(f) ? parseFrameHeader(f, TAG_BYTES)?.seq : undefined;
        if (seq === 2) {
          held = f;
          return [];
        }
        if (seq === 3) return [f, held as Uint8Array];
        return [f];
      };
      const { got, failures } = await sixMessages(rng, swap, 4);
      expect(got.map((m) => m.seq)).toEqual([1, 3, 5, 6]);
      expect(failures.map((f) => [f.reason, f.claimedSeq, f.discardedDeferred])).toEqual([
        ['span-gap', 3, 1],
        ['replay', 2, 0],
        ['tag-mismatch', 4, 1],
      ]);
    });
  });

  it('a deferred message injected in the place of a genuine one is delivered, the genuine one is a replay, and the covering tag fails', async () => {
    await withSeed('transcript inject', async (rng) => {
      const forged = buildDeferredFrame(0, 2, encodeEnvelope({ frameId: 1, cascadeRequest: { body: new Uint8Array([1, 2, 3]) } }));
      const inject: RelayHook = (f) => (deferredBodyOf(f) && parseFrameHeader(f, TAG_BYTES)?.seq === 2 ? [forged, f] : [f]);
      const { got, failures } = await sixMessages(rng, inject, 5);
      expect(got.map((m) => [m.seq, m.deferred])).toEqual([
        [1, true],
        [2, true],
        [3, true],
        [5, true],
        [6, false],
      ]);
      expect(hex(got[1].envelope.cascadeRequest?.body)).toBe('010203');
      expect(failures.map((f) => [f.reason, f.claimedSeq, f.discardedDeferred])).toEqual([
        ['replay', 2, 0],
        ['tag-mismatch', 4, 3],
      ]);
    });
  });

  it('a tag stripped (a message that must be tagged sent as deferred) is refused, and the span it cut is discarded', async () => {
    await withSeed('transcript strip', async (rng) => {
      const strip: RelayHook = (f) => {
        const h = parseFrameHeader(f, TAG_BYTES);
        if (!h || h.deferred || h.seq !== 4) return [f];
        // The same header (seq, direction) flagged deferred, the same payload, no pad index and no tag.
        const bare = new Uint8Array(10 + (h.authLength - TAGGED_HEADER_BYTES));
        bare.set(f.subarray(0, 10));
        bare[1] |= FLAG_DEFERRED;
        bare.set(f.subarray(TAGGED_HEADER_BYTES, h.authLength), 10);
        return [bare];
      };
      const { got, failures } = await sixMessages(rng, strip, 4);
      expect(got.map((m) => [m.seq, m.deferred, m.skipped])).toEqual([
        [1, true, 0],
        [2, true, 0],
        [3, true, 0],
        [5, true, 1],
        // T6 arrives after the new span [D5]: verified.
      ]);
      expect(failures.map((f) => [f.reason, f.claimedSeq, f.discardedDeferred])).toEqual([
        ['not-deferrable', 4, 0],
        ['span-gap', 5, 3],
      ]);
    });
  });

  it('with no deferred messages the receive rule is protocol 1’s: a tampered tagged message is dropped and the genuine copy still verifies', async () => {
    await withSeed('transcript tagged only', async (rng) => {
      const [sa, sb] = memorySources(rng);
      const pair = await openPair({
        a: { keySource: sa },
        b: { keySource: sb },
        relay: { ab: (f, i) => (i === 3 ? [f.map((x, j) => (j === 20 ? x ^ 1 : x)), f] : [f]) },
      });
      try {
        const failures: AuthFailure[] = [];
        pair.b.on('authentication-failed', (f) => failures.push(f));
        for (let i = 0; i < 4; i++) pair.a.send({ frameId: i, abort: { frameId: i, reason: `r${i}` } });
        const got = await receiveN(pair.b, 4);
        expect(got.map((m) => [m.seq, m.deferred, m.skipped, m.envelope.abort?.reason])).toEqual([
          [1, false, 0, 'r0'],
          [2, false, 0, 'r1'],
          [3, false, 0, 'r2'],
          [4, false, 0, 'r3'],
        ]);
        expect(failures.map((f) => [f.reason, f.claimedSeq, f.discardedDeferred])).toEqual([['tag-mismatch', 2, 0]]);
      } finally {
        await pair.cleanup();
      }
    });
  });

  it('takes pad for tagged messages only: 50 Cascade requests and one alarm cost one pad, counted on both sides', async () => {
    await withSeed('transcript pads', async (rng) => {
      const key = randomBytes(rng, 1 << 14);
      const sa = new RecordingSource(new MemoryAuthKeySource(key));
      const sb = new RecordingSource(new MemoryAuthKeySource(key));
      // One pad per chunk: every take after the hash key is exactly one pad (128 bits).
      const pair = await openPair({ a: { keySource: sa, chunkMessages: 1 }, b: { keySource: sb, chunkMessages: 1 } });
      try {
        for (let i = 0; i < 50; i++) pair.a.send(cascade(rng, 1));
        pair.a.send({ frameId: 1, alarm: { code: 'covering' } });
        const got = await receiveN(pair.b, 51);
        expect(got.filter((m) => m.deferred).length).toBe(50);
        expect(pair.a.stats).toMatchObject({ sent: 52, sentDeferred: 50, sentTagged: 2 }); // tagged: the Hello and the alarm
        expect(pair.b.stats).toMatchObject({ received: 51, receivedDeferred: 50, authFailures: 0 });
        // Hash key, the two Hellos' pads, the alarm's pad: 4 × 128 bits on both sides, in the same ranges.
        expect(pair.a.authBitsConsumed).toBe(4 * 128);
        expect(pair.b.authBitsConsumed).toBe(4 * 128);
        expect(sa.takes).toEqual(sb.takes);
        expect(sa.takes.map(([, bits]) => bits)).toEqual([128, 128, 128, 128]);
        // Protocol 1 took one pad per message: 128 + (2 + 51) × 128 bits for the same traffic.
      } finally {
        await pair.cleanup();
      }
    });
  });

  it('both directions at once, deferred and tagged interleaved at random: everything delivered in order, no failure, same takes', async () => {
    await withSeed('transcript mixed', async (rng) => {
      const key = randomBytes(rng, 1 << 16);
      const sa = new RecordingSource(new MemoryAuthKeySource(key));
      const sb = new RecordingSource(new MemoryAuthKeySource(key));
      const pair = await openPair({ a: { keySource: sa, chunkMessages: 4 }, b: { keySource: sb, chunkMessages: 4 } });
      try {
        const failures: AuthFailure[] = [];
        pair.a.on('authentication-failed', (f) => failures.push(f));
        pair.b.on('authentication-failed', (f) => failures.push(f));
        const pick = (frameId: number): EnvelopeInit =>
          rng.nextBelow(4) === 0
            ? { frameId, blockStored: { blockId: `b${frameId}`, bits: 8 } }
            : cascade(rng, frameId, 1 + rng.nextBelow(300));
        for (let round = 0; round < 20; round++) {
          const toB = Array.from({ length: rng.nextBelow(9) }, () => pick(round));
          const toA = Array.from({ length: rng.nextBelow(9) }, () => pick(round));
          for (const m of toB) pair.a.send(m);
          for (const m of toA) pair.b.send(m);
          const atB = await receiveN(pair.b, toB.length);
          const atA = await receiveN(pair.a, toA.length);
          expect(atB.map((m) => hex(encodeEnvelope(m.envelope)))).toEqual(toB.map((m) => hex(encodeEnvelope(m))));
          expect(atA.map((m) => hex(encodeEnvelope(m.envelope)))).toEqual(toA.map((m) => hex(encodeEnvelope(m))));
          expect(atB.map((m) => m.deferred)).toEqual(toB.map((m) => messageAuthFor(bodyOf(m)) === 'deferred'));
        }
        expect(failures).toEqual([]);
        const common = Math.min(sa.takes.length, sb.takes.length);
        expect(sa.takes.slice(0, common)).toEqual(sb.takes.slice(0, common));
        expect(pair.a.stats.sentTagged + pair.b.stats.sentTagged).toBeLessThan(pair.a.stats.sent + pair.b.stats.sent);
      } finally {
        await pair.cleanup();
      }
    });
  });

  it('maxSpanBytes: the sender tags a deferrable message rather than exceed it; the receiver refuses a longer span; both sides must agree', async () => {
    await withSeed('transcript span limit', async (rng) => {
      const [sa, sb] = memorySources(rng);
      const pair = await openPair({ a: { keySource: sa, maxSpanBytes: 256 }, b: { keySource: sb, maxSpanBytes: 256 }, relay: {} });
      try {
        // Each request is a 10 + 46-byte frame: 64 encoded bytes; four fill a 256-byte span, the fifth is tagged.
        for (let i = 0; i < 10; i++) pair.a.send(cascade(rng, 1, 40));
        const got = await receiveN(pair.b, 10);
        expect(got.map((m) => m.deferred)).toEqual([true, true, true, true, false, true, true, true, true, false]);
        expect(pair.a.stats.sentTagged).toBe(3);
        const failed = new Promise<AuthFailure>((resolve) => pair.b.once('authentication-failed', resolve));
        const big = buildDeferredFrame(0, 11, encodeEnvelope({ frameId: 1, cascadeRequest: { body: new Uint8Array(300) } }));
        pair.relay?.toB.write(encodeLengthPrefixed(big));
        expect(await failed).toMatchObject({ reason: 'span-too-long', claimedSeq: 11 });
      } finally {
        await pair.cleanup();
      }
      const [sc, sd] = memorySources(rng);
      const [ra] = await openPairSettled({ a: { keySource: sc, maxSpanBytes: 256 }, b: { keySource: sd } });
      expect(ra.status === 'rejected' && isPeerError(ra.reason, QkdErrorCode.HandshakeMismatch)).toBe(true);
      expect(ra.status === 'rejected' && String(ra.reason.message)).toMatch(/span limit/);
    });
  });
});
