import { describe, expect, it } from 'vitest';
import { tempDirsPerTest } from '../support/temp-dir.ts';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PreSharedKeyFileSource } from '../../src/peer/auth/psk-file-source.ts';
import { isPeerError, QkdErrorCode } from '../../errors/index.ts';
import { withSeed } from '../support/seed.ts';
import { RecordingSource, openPair, randomBytes } from '../support/peer-channels.ts';

// These tests write random test-only keys (never real key material) to a private temporary directory they remove.
const tempDir = tempDirsPerTest('qkdd-psk-test-');

describe('pre-shared key file source', () => {
  it('hands out the file bytes in order and resumes after a restart without reuse', async () => {
    await withSeed('psk restart', (rng) => {
      const dir = tempDir();
      const path = join(dir, 'link.key');
      const key = randomBytes(rng, 256);
      writeFileSync(path, key);
      const s1 = PreSharedKeyFileSource.open(path);
      expect(s1.position).toBe(0);
      expect(Array.from(s1.take(64))).toEqual(Array.from(key.subarray(0, 8)));
      expect(Array.from(s1.take(128))).toEqual(Array.from(key.subarray(8, 24)));
      expect(s1.position).toBe(192);
      const rec = JSON.parse(readFileSync(`${path}.pos`, 'utf8')) as Record<string, unknown>;
      expect(rec).toEqual({ format: 'qkdd-psk-position', version: 1, keyBytes: 256, consumedBytes: 24 });
      expect(existsSync(`${path}.pos.tmp`)).toBe(false);
      // "Restart": a new instance from the same files, as after a crash of the process.
      const s2 = PreSharedKeyFileSource.open(path);
      expect(s2.position).toBe(192);
      expect(Array.from(s2.take(64))).toEqual(Array.from(key.subarray(24, 32)));
      expect(s2.remainingBits).toBe((256 - 32) * 8);
    });
  });

  it('reads hex key files (whitespace allowed) and refuses malformed ones', async () => {
    await withSeed('psk hex', (rng) => {
      const dir = tempDir();
      const key = randomBytes(rng, 32);
      const hex = Buffer.from(key).toString('hex');
      const path = join(dir, 'link.hex');
      writeFileSync(path, `${hex.slice(0, 20)}\n  ${hex.slice(20).toUpperCase()}\n`);
      expect(Array.from(PreSharedKeyFileSource.open(path).take(256))).toEqual(Array.from(key));
      const bad = join(dir, 'bad.hex');
      writeFileSync(bad, 'abc');
      expect(() => PreSharedKeyFileSource.open(bad)).toThrow(expect.objectContaining({ code: QkdErrorCode.AuthKeyFileInvalid }));
      writeFileSync(bad, 'zz');
      expect(() => PreSharedKeyFileSource.open(bad, { format: 'hex' })).toThrow(
        expect.objectContaining({ code: QkdErrorCode.AuthKeyFileInvalid }),
      );
    });
  });

  it('names the key file when it cannot be read (missing, a directory)', () => {
    const dir = tempDir();
    const missing = join(dir, 'no-such.key');
    expect(() => PreSharedKeyFileSource.open(missing)).toThrow(
      expect.objectContaining({
        code: QkdErrorCode.AuthKeyUnavailable,
        details: expect.objectContaining({ path: missing, errno: 'ENOENT' }),
      }),
    );
    expect(() => PreSharedKeyFileSource.open(missing)).toThrow(`cannot read pre-shared key file ${missing} (does not exist)`);
    expect(() => PreSharedKeyFileSource.open(dir)).toThrow(
      expect.objectContaining({ code: QkdErrorCode.AuthKeyUnavailable, details: expect.objectContaining({ path: dir }) }),
    );
  });

  it('refuses a position file recorded for another key, and a corrupt one', async () => {
    await withSeed('psk mismatch', (rng) => {
      const dir = tempDir();
      const path = join(dir, 'link.key');
      writeFileSync(path, randomBytes(rng, 64));
      PreSharedKeyFileSource.open(path).take(64);
      writeFileSync(path, randomBytes(rng, 128)); // key file replaced, position file kept
      expect(() => PreSharedKeyFileSource.open(path)).toThrow(expect.objectContaining({ code: QkdErrorCode.AuthKeyFileInvalid }));
      writeFileSync(`${path}.pos`, '{"format":"qkdd-psk-position","version":1,"keyBytes":128,"consumedBytes":999}');
      expect(() => PreSharedKeyFileSource.open(path)).toThrow(expect.objectContaining({ code: QkdErrorCode.AuthKeyFileInvalid }));
      writeFileSync(`${path}.pos`, 'not json');
      expect(() => PreSharedKeyFileSource.open(path)).toThrow(expect.objectContaining({ code: QkdErrorCode.AuthKeyFileInvalid }));
    });
  });

  it('an exhausted file throws auth-key-exhausted and consumes nothing', async () => {
    await withSeed('psk exhausted', (rng) => {
      const dir = tempDir();
      const path = join(dir, 'link.key');
      writeFileSync(path, randomBytes(rng, 16));
      const s = PreSharedKeyFileSource.open(path);
      s.take(64);
      let err: unknown;
      try {
        s.take(128);
      } catch (e) {
        err = e;
      }
      expect(isPeerError(err, QkdErrorCode.AuthKeyExhausted)).toBe(true);
      expect(s.position).toBe(64);
      expect(PreSharedKeyFileSource.open(path).position).toBe(64);
      expect(s.take(64).length).toBe(8);
      expect(() => s.take(12)).toThrow(expect.objectContaining({ code: QkdErrorCode.PeerInvalidArgument }));
    });
  });

  it('two nodes with the file survive a restart of one node: the sessions resync and no pad is used twice', async () => {
    await withSeed('psk sessions', async (rng) => {
      const key = randomBytes(rng, 1 << 14);
      const pathA = join(tempDir(), 'a.key');
      const pathB = join(tempDir(), 'b.key');
      writeFileSync(pathA, key);
      writeFileSync(pathB, key);
      const usedA: Array<[number, number]> = [];
      const usedB: Array<[number, number]> = [];
      const session = async (a: RecordingSource, b: RecordingSource, n: number): Promise<{ resyncA: number; resyncB: number }> => {
        const pair = await openPair({ a: { keySource: a, chunkMessages: 4 }, b: { keySource: b, chunkMessages: 4 } });
        try {
          for (let i = 0; i < n; i++) pair.a.send({ frameId: i, alarm: { code: `a${i}` } });
          for (let i = 0; i < n; i++) expect((await pair.b.receive()).envelope.alarm?.code).toBe(`a${i}`);
          pair.b.send({ frameId: 0, blockStored: { blockId: 'x', bits: 1 } });
          await pair.a.receive();
          return { resyncA: pair.a.stats.resyncBitsDiscarded, resyncB: pair.b.stats.resyncBitsDiscarded };
        } finally {
          await pair.a.close();
          await pair.b.close();
          await pair.cleanup();
        }
      };
      let a = new RecordingSource(PreSharedKeyFileSource.open(pathA));
      const b = new RecordingSource(PreSharedKeyFileSource.open(pathB));
      await session(a, b, 6);
      usedA.push(...a.takes);
      // Node A took one more chunk just before it crashed (durably recorded, never used); then it restarts.
      a.take(512);
      usedA.push(...a.takes.slice(-1));
      a = new RecordingSource(PreSharedKeyFileSource.open(pathA));
      expect(a.position).toBeGreaterThan(b.position);
      const r = await session(a, b, 9);
      expect(r.resyncB).toBe(512);
      expect(r.resyncA).toBe(0);
      usedA.push(...a.takes);
      usedB.push(...b.takes);
      for (const used of [usedA, usedB]) {
        let at = -1;
        for (const [pos, bits] of used) {
          expect(pos).toBeGreaterThan(at); // strictly increasing, non-overlapping
          at = pos + bits - 1;
        }
      }
      expect(a.position).toBe(b.position);
    });
  });
});
