/**
 * The link's authentication key stream (src/node/auth-key-stream.ts):
 * `auth-key-low` once below the low-water mark (re-armed when refilled),
 * `auth-key-exhausted` once when a take cannot be served (re-armed by a take
 * that succeeds); `peek` returns what the takes will, across the switch from
 * the pre-shared key to the pool, without moving the position (pool bits are
 * staged in memory and served by the next takes).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPeerError, QkdErrorCode } from '../../errors/index.ts';
import { KeyStore } from '../../src/keystore/key-store.ts';
import { createLogger } from '../../src/log.ts';
import { AlarmBoard } from '../../src/node/alarms.ts';
import { DEFAULT_AUTH_KEY_LOW_WATER_BITS, LinkAuthKeyStream } from '../../src/node/auth-key-stream.ts';
import { MemoryAuthKeySource } from '../../src/peer/auth/memory-source.ts';
import { tempDirsPerTest } from '../support/temp-dir.ts';

const newDir = tempDirsPerTest('qkdd-auth-alarms-');
const log = createLogger({ name: 'auth-alarms', level: 'silent' });

function store(): KeyStore {
  return KeyStore.open({ path: join(newDir(), 's.sqlite'), maxBits: 1 << 22 });
}

const block = (n: number, salt: number) => new Uint8Array(n).map((_, i) => (i * 29 + salt) & 255);

describe('authentication key level alarms', () => {
  it('auth-key-low once below the mark, again only after a refill lifted the level; auth-key-exhausted once', () => {
    const s = store();
    const alarms = new AlarmBoard(log);
    // 1024 bits of pre-shared key, low-water 512.
    const stream = new LinkAuthKeyStream(new MemoryAuthKeySource(block(128, 1)), s, 1024, { lowWaterBits: 512, alarms });
    stream.checkLevel();
    expect(alarms.snapshot().byCode).toEqual({});
    stream.take(256);
    stream.take(256);
    expect(alarms.snapshot().byCode).toEqual({});
    stream.take(8); // 504 left
    stream.take(8);
    expect(alarms.snapshot().byCode).toEqual({ 'auth-key-low': 1 });
    expect(alarms.snapshot().recent[0]).toMatchObject({ severity: 'warning', message: expect.stringContaining('504 bits left') });
    // Key generation refills the pool: above the mark again, then below once more.
    s.addBlock('b1', block(256, 2), { authBits: 2048 });
    stream.take(8);
    expect(stream.remainingBits).toBe(488 + 2048);
    stream.take(1024); // the pre-shared remainder is burnt, the pool serves: 1024 left
    stream.take(768); // 256 left
    expect(alarms.snapshot().byCode).toEqual({ 'auth-key-low': 2 });
    for (let i = 0; i < 3; i++) {
      try {
        stream.take(512);
        throw new Error('expected exhaustion');
      } catch (err) {
        expect(isPeerError(err, QkdErrorCode.AuthKeyExhausted)).toBe(true);
      }
    }
    expect(alarms.snapshot().byCode).toEqual({ 'auth-key-low': 2, 'auth-key-exhausted': 1 });
    expect(alarms.snapshot().recent.at(-1)?.severity).toBe('critical');
    stream.take(256); // succeeds: re-armed
    expect(() => stream.take(8)).toThrow();
    expect(alarms.snapshot().byCode['auth-key-exhausted']).toBe(2);
    s.close();
  });

  it('the default low-water mark is 2^20 bits', () => {
    expect(DEFAULT_AUTH_KEY_LOW_WATER_BITS).toBe(1 << 20);
  });
});

describe('LinkAuthKeyStream.peek', () => {
  it('returns what the takes will, across the pre-shared key and the pool, consuming nothing from the stream', () => {
    const make = () => {
      const s = store();
      s.addBlock('b1', block(512, 3), { authBits: 4096 });
      return { s, stream: new LinkAuthKeyStream(new MemoryAuthKeySource(block(64, 4)), s, 512) };
    };
    const a = make();
    const b = make();
    a.stream.take(128);
    b.stream.take(128);
    const sizes = [256, 256, 1024, 64];
    const peeked = a.stream.peek(sizes).map((x) => Buffer.from(x).toString('hex'));
    expect(a.stream.position).toBe(128);
    // Peeking again gives the same bytes (pool bits now staged in memory).
    expect(a.stream.peek(sizes).map((x) => Buffer.from(x).toString('hex'))).toEqual(peeked);
    expect(a.stream.position).toBe(128);
    // The takes on A (staged) and on B (never peeked) are the peeked bytes, at the same positions.
    for (const [i, n] of sizes.entries()) {
      expect(Buffer.from(a.stream.take(n)).toString('hex')).toBe(peeked[i]);
      expect(Buffer.from(b.stream.take(n)).toString('hex')).toBe(peeked[i]);
      expect(a.stream.position).toBe(b.stream.position);
    }
    expect(a.stream.take(512)).toEqual(b.stream.take(512));
    // Beyond what is left: throws like take, moving nothing.
    const before = a.stream.position;
    expect(() => a.stream.peek([1 << 16])).toThrow(expect.objectContaining({ code: QkdErrorCode.AuthKeyExhausted }));
    expect(a.stream.position).toBe(before);
    a.s.close();
    b.s.close();
  });
});
