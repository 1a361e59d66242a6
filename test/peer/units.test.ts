import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { QkdErrorCode } from '../../errors/index.ts';
import { LengthPrefixedParser, encodeLengthPrefixed } from '../../src/peer/framing.ts';
import { decodePreamble, encodePreamble } from '../../src/peer/preamble.ts';
import { PadSchedule, type Direction } from '../../src/peer/auth/pad-schedule.ts';
import { MemoryAuthKeySource } from '../../src/peer/auth/memory-source.ts';
import { WegmanCarterAuthenticator, wegmanCarterForgeryLog2 } from '../../src/peer/auth/wegman-carter.ts';
import { authKeySourceFromPool, type AuthKeyPool } from '../../src/peer/auth/key-source.ts';
import { decodeEnvelope, encodeEnvelope } from '../../src/peer/messages.ts';
import { buildDeferredFrame, buildFrame, parseFrameHeader } from '../../src/peer/frame.ts';
import type { KeyStore } from '../../src/keystore/key-store.ts';
import { withSeed } from '../support/seed.ts';
import { RecordingSource, randomBytes } from '../support/peer-channels.ts';

describe('length-prefixed framing', () => {
  it('reassembles frames from arbitrary chunk boundaries', async () => {
    await withSeed('framing', (rng) => {
      const frames = [0, 1, 5, 300, 5000, 2].map((n) => randomBytes(rng, n));
      const stream = Buffer.concat(frames.map((f) => encodeLengthPrefixed(f)));
      const parser = new LengthPrefixedParser(1 << 20);
      const got: Uint8Array[] = [];
      for (let p = 0; p < stream.length; ) {
        const n = 1 + rng.nextBelow(700);
        for (const f of parser.push(stream.subarray(p, p + n))) if (f.kind === 'frame') got.push(f.frame);
        p += n;
      }
      expect(got.map((f) => Buffer.from(f).toString('hex'))).toEqual(frames.map((f) => Buffer.from(f).toString('hex')));
    });
  });

  it('reports a length above the limit once and then stops', () => {
    const parser = new LengthPrefixedParser(16);
    const out = parser.push(new Uint8Array([0, 0, 0, 17, 1, 2, 3]));
    expect(out).toEqual([{ kind: 'too-large', length: 17 }]);
    expect(parser.push(encodeLengthPrefixed(new Uint8Array(2)))).toEqual([]);
  });
});

describe('preamble and frame header', () => {
  it('round-trip, and garbage is refused with a reason', () => {
    const p = { side: 1 as const, points: 2, chunkMessages: 64, positionBits: 2 ** 40 + 8, maxSpanBytes: 1 << 26 };
    expect(decodePreamble(encodePreamble(p))).toEqual({ ...p, pskFingerprint: undefined });
    const bad = encodePreamble(p);
    bad[2] ^= 1;
    expect(typeof decodePreamble(bad)).toBe('string');
    expect(typeof decodePreamble(new Uint8Array(3))).toBe('string');
    const { frame } = buildFrame(1, 2 ** 35 + 7, new Uint8Array([9, 9]), 16, 2 ** 33 + 5);
    expect(parseFrameHeader(frame, 16)).toEqual({
      version: 2,
      direction: 1,
      deferred: false,
      reservedFlags: 0,
      seq: 2 ** 35 + 7,
      padIndex: 2 ** 33 + 5,
      payloadOffset: 18,
      authLength: 20,
    });
    expect(parseFrameHeader(frame.subarray(0, 20), 16)).toBeNull();
    const deferred = buildDeferredFrame(0, 9, new Uint8Array([7]));
    expect(Array.from(deferred)).toEqual([2, 2, 0, 0, 0, 0, 0, 0, 0, 9, 7]);
    expect(parseFrameHeader(deferred, 16)).toEqual({
      version: 2,
      direction: 0,
      deferred: true,
      reservedFlags: 0,
      seq: 9,
      payloadOffset: 10,
      authLength: 11,
    });
    expect(parseFrameHeader(deferred.subarray(0, 9), 16)).toBeNull();
  });

  it('envelopes with two bodies, or none, are refused', () => {
    expect(() => encodeEnvelope({ frameId: 1, alarm: { code: 'a' }, abort: { reason: 'b' } })).toThrow(
      expect.objectContaining({ code: QkdErrorCode.PeerInvalidMessage }),
    );
    expect(() => decodeEnvelope(encodeEnvelope({ frameId: 3 }))).toThrow(
      expect.objectContaining({ code: QkdErrorCode.PeerInvalidMessage }),
    );
    expect(() => decodeEnvelope(new Uint8Array([0xff, 0xff, 0xff]))).toThrow(
      expect.objectContaining({ code: QkdErrorCode.PeerInvalidMessage }),
    );
    expect(decodeEnvelope(encodeEnvelope({ frameId: 2 ** 50, abort: { frameId: 2 ** 50 + 1 } }))).toMatchObject({
      frameId: 2 ** 50,
      body: 'abort',
      abort: { frameId: 2 ** 50 + 1 },
    });
  });
});

describe('pad schedule', () => {
  it('gives the same pad for (direction, seq) whatever the order of requests, taking chunks in one order', async () => {
    await withSeed('pad schedule', (rng) => {
      const key = randomBytes(rng, 1 << 14);
      const s1 = new RecordingSource(new MemoryAuthKeySource(key));
      const s2 = new RecordingSource(new MemoryAuthKeySource(key));
      const p1 = new PadSchedule(s1, 3, 16);
      const p2 = new PadSchedule(s2, 3, 16);
      const reqs: Array<[Direction, number]> = [];
      for (let s = 0; s < 20; s++) reqs.push([0, s], [1, s]);
      const shuffled = reqs.slice();
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = rng.nextBelow(i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      const pads1 = new Map(reqs.map(([d, s]) => [`${d}:${s}`, Buffer.from(p1.padFor(d, s)).toString('hex')]));
      const pads2 = new Map(shuffled.map(([d, s]) => [`${d}:${s}`, Buffer.from(p2.padFor(d, s)).toString('hex')]));
      expect(pads2).toEqual(pads1);
      expect(s1.takes).toEqual(s2.takes);
      expect(new Set(pads1.values()).size).toBe(40); // all distinct: no slot shares pad bytes
      // Pad of (d, s) is the slot s mod 3 of chunk 2⌊s/3⌋ + d.
      const chunkBytes = 3 * 16;
      const expectPad = (d: number, s: number): string => {
        const off = (2 * Math.floor(s / 3) + d) * chunkBytes + (s % 3) * 16;
        return Buffer.from(key.subarray(off, off + 16)).toString('hex');
      };
      expect(pads1.get('1:4')).toBe(expectPad(1, 4));
      expect(pads1.get('0:0')).toBe(expectPad(0, 0));
      p1.release(0, 6);
      expect(() => p1.padFor(0, 5)).toThrow(expect.objectContaining({ code: QkdErrorCode.PeerInvalidArgument }));
      expect(p1.padFor(0, 6).length).toBe(16);
    });
  });
});

describe('Wegman–Carter authenticator', () => {
  it('any alteration of the message or the tag fails verification (property)', async () => {
    await withSeed('wc property', (rng) => {
      const wc = new WegmanCarterAuthenticator(randomBytes(rng, 16));
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: 0, maxLength: 200 }),
          fc.uint8Array({ minLength: 16, maxLength: 16 }),
          fc.nat(),
          fc.integer({ min: 1, max: 255 }),
          fc.boolean(),
          (msg, pad, where, mask, inTag) => {
            const tag = new Uint8Array(16);
            wc.tag(msg, pad, tag);
            if (!wc.verify(msg, pad, tag)) return false;
            if (inTag || msg.length === 0) {
              const t = tag.slice();
              t[where % 16] ^= mask;
              return !wc.verify(msg, pad, t);
            }
            const m = msg.slice();
            m[where % m.length] ^= mask;
            return !wc.verify(m, pad, tag) && !wc.verify(msg.subarray(0, msg.length - 1), pad, tag);
          },
        ),
        { seed: rng.nextU32() | 0, numRuns: 500 },
      );
    });
  });

  it('forgery bound: 2^-43 per point for 16 MiB messages, 2^-86 with two points', () => {
    expect(wegmanCarterForgeryLog2(16 * 1024 * 1024, 1)).toBeCloseTo(-43, 0);
    expect(wegmanCarterForgeryLog2(16 * 1024 * 1024, 2)).toBeCloseTo(-86, 0);
  });
});

describe('key store adapter', () => {
  it('the key store satisfies AuthKeyPool structurally (checked by tsc)', () => {
    const adapt = (store: KeyStore): AuthKeyPool => store;
    expect(typeof adapt).toBe('function');
  });

  it('takes from the pool and reports its position', () => {
    let consumed = 0;
    const pool: AuthKeyPool = {
      takeAuthKey: (n) => {
        const out = { bitLength: n, bytes: new Uint8Array(n / 8).fill(7), position: consumed };
        consumed += n;
        return out;
      },
      stats: () => ({ authConsumedBits: consumed }),
    };
    const src = authKeySourceFromPool(pool);
    expect(src.take(64)).toEqual(new Uint8Array(8).fill(7));
    expect(src.position).toBe(64);
    expect(() => src.take(7)).toThrow(expect.objectContaining({ code: QkdErrorCode.PeerInvalidArgument }));
  });
});
