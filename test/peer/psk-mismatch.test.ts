/**
 * Two nodes whose pre-shared key files differ are told so at the first
 * handshake, by the fingerprints each side sends in its preamble
 * (src/peer/auth/psk-fingerprint.ts), with nothing taken from either key
 * source; equal files (also one hex and one binary copy) still connect. The
 * node's PeerLink turns the failure into one critical alarm, logged at error
 * level, however often the receiver retries.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isPeerError, QkdErrorCode } from '../../errors/index.ts';
import { createLogger } from '../../src/log.ts';
import { AlarmBoard } from '../../src/node/alarms.ts';
import { PeerLink } from '../../src/node/peer-link.ts';
import { PreSharedKeyFileSource } from '../../src/peer/auth/psk-file-source.ts';
import { PSK_FINGERPRINT_BYTES, pskFingerprint, pskFingerprintBytes } from '../../src/peer/auth/psk-fingerprint.ts';
import { decodePreamble, encodePreamble } from '../../src/peer/preamble.ts';
import { withSeed } from '../support/seed.ts';
import { tempDirsPerTest } from '../support/temp-dir.ts';
import { helloA, helloB, openPair, openPairSettled, randomBytes } from '../support/peer-channels.ts';

const newDir = tempDirsPerTest('qkdd-psk-');

function writeKey(dir: string, name: string, key: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, key, { mode: 0o600 });
  return path;
}

function consumedBytes(keyPath: string): number {
  return (JSON.parse(readFileSync(`${keyPath}.pos`, 'utf8')) as { consumedBytes: number }).consumedBytes;
}

describe('pskFingerprint', () => {
  it('is the domain-separated SHA-256 of length, key and link id, 8 bytes in hex', async () => {
    await withSeed('psk fingerprint', (rng) => {
      const key = randomBytes(rng, 4096);
      const length = Buffer.alloc(8);
      length.writeBigUInt64BE(4096n);
      const expected = createHash('sha256')
        .update(Buffer.concat([Buffer.from('qkdd psk fingerprint v1'), Buffer.of(0), length, key, Buffer.from('link-1')]))
        .digest()
        .subarray(0, 8)
        .toString('hex');
      expect(pskFingerprint(key, 'link-1')).toBe(expected);
      expect(pskFingerprint(key, 'link-1')).toMatch(/^[0-9a-f]{16}$/);
      expect(Buffer.from(pskFingerprintBytes(key, 'link-1')).toString('hex')).toBe(expected);
      // Another link, one flipped bit, one byte less: another fingerprint.
      expect(pskFingerprint(key, 'link-2')).not.toBe(expected);
      const flipped = key.slice();
      flipped[2000] ^= 1;
      expect(pskFingerprint(flipped, 'link-1')).not.toBe(expected);
      expect(pskFingerprint(key.subarray(0, 4095), 'link-1')).not.toBe(expected);
    });
  });

  it('of a key file is the whole decoded key, whatever its format and however much of it is consumed', async () => {
    await withSeed('psk fingerprint file', (rng) => {
      const dir = newDir();
      const key = randomBytes(rng, 1024);
      const bin = writeKey(dir, 'link.key', key);
      const hex = join(dir, 'link.hex');
      writeFileSync(
        hex,
        `${Buffer.from(key)
          .toString('hex')
          .replace(/(.{64})/g, '$1\n')}`,
        { mode: 0o600 },
      );
      const want = pskFingerprintBytes(key, 'link-1');
      const a = PreSharedKeyFileSource.open(bin);
      expect(a.preSharedKey('link-1')).toEqual({ path: bin, fingerprint: want });
      expect(PreSharedKeyFileSource.open(hex).preSharedKey('link-1').fingerprint).toEqual(want);
      a.take(8 * 100);
      expect(a.preSharedKey('link-1').fingerprint).toEqual(want);
      // Reopened with 100 bytes consumed (and zeroed in memory): still the same.
      expect(PreSharedKeyFileSource.open(bin).preSharedKey('link-1').fingerprint).toEqual(want);
    });
  });
});

describe('preamble v3', () => {
  it('carries the fingerprint; zeros mean none; a version-1 or version-2 preamble names the old peer', () => {
    const fp = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const p = { side: 0 as const, points: 2, chunkMessages: 64, positionBits: 800, pskFingerprint: fp, maxSpanBytes: 4096 };
    const bytes = encodePreamble(p);
    expect(bytes.length).toBe(32);
    expect(bytes[5]).toBe(3);
    expect(Array.from(bytes.subarray(20, 28))).toEqual(Array.from(fp));
    const v2 = bytes.slice(0, 28);
    v2[5] = 2;
    expect(decodePreamble(v2)).toMatch(/preamble version 2 .*protocol 1.*do not interoperate.*same qkdd version on both nodes/);
    expect(decodePreamble(bytes)).toEqual(p);
    const none = decodePreamble(encodePreamble({ ...p, pskFingerprint: undefined }));
    expect(typeof none !== 'string' && none.pskFingerprint).toBeUndefined();
    const v1 = bytes.slice(0, 20);
    v1[5] = 1;
    expect(decodePreamble(v1)).toMatch(/preamble version 1 .*same qkdd version on both nodes/);
    expect(PSK_FINGERPRINT_BYTES).toBe(8);
  });
});

describe('two nodes with different pre-shared key files', () => {
  it('fail the first handshake with both fingerprints in the message, and take nothing from either key', async () => {
    await withSeed('psk mismatch', async (rng) => {
      const dir = newDir();
      const keyA = randomBytes(rng, 8192);
      const keyB = randomBytes(rng, 8192);
      const pathA = writeKey(dir, 'a.key', keyA);
      const pathB = writeKey(dir, 'b.key', keyB);
      const a = PreSharedKeyFileSource.open(pathA);
      const b = PreSharedKeyFileSource.open(pathB);
      // B is ahead (an earlier session): a resync would make A discard key, a Hello would take the hash key.
      b.take(8 * 256);
      const fpA = pskFingerprint(keyA, 'link-1');
      const fpB = pskFingerprint(keyB, 'link-1');
      expect(fpA).not.toBe(fpB);

      const [ra, rb] = await openPairSettled({ a: { keySource: a }, b: { keySource: b } });
      for (const [r, own, ownPath, peer] of [
        [ra, fpA, pathA, fpB],
        [rb, fpB, pathB, fpA],
      ] as const) {
        expect(r.status).toBe('rejected');
        const err = (r as PromiseRejectedResult).reason;
        expect(isPeerError(err, QkdErrorCode.PskMismatch)).toBe(true);
        expect(err.message).toBe(
          `this node's pre-shared key file ${ownPath} has fingerprint ${own}, the peer's has ${peer}: ` +
            'the two files differ; copy the same file to both nodes',
        );
        expect(err.details).toMatchObject({ fingerprint: own, peerFingerprint: peer, path: ownPath, linkId: 'link-1' });
      }
      // No pad position moved: in memory and in the durable position files.
      expect(a.position).toBe(0);
      expect(b.position).toBe(8 * 256);
      expect(consumedBytes(pathA)).toBe(0);
      expect(consumedBytes(pathB)).toBe(256);
      // The message never carries key material.
      const text = JSON.stringify([(ra as PromiseRejectedResult).reason, (rb as PromiseRejectedResult).reason]);
      expect(text).not.toContain(Buffer.from(keyA.subarray(0, 16)).toString('hex'));
      expect(text).not.toContain(Buffer.from(keyB.subarray(0, 16)).toString('hex'));
    });
  });

  it('equal files connect (one hex, one binary copy), resync as before, and talk', async () => {
    await withSeed('psk match', async (rng) => {
      const dir = newDir();
      const key = randomBytes(rng, 8192);
      const pathA = writeKey(dir, 'a.key', key);
      const pathB = join(dir, 'b.hex');
      writeFileSync(pathB, Buffer.from(key).toString('hex'), { mode: 0o600 });
      const a = PreSharedKeyFileSource.open(pathA);
      const b = PreSharedKeyFileSource.open(pathB);
      b.take(8 * 64);
      const pair = await openPair({ a: { keySource: a }, b: { keySource: b } });
      try {
        expect(pair.a.stats.resyncBitsDiscarded).toBe(8 * 64);
        pair.a.send({ frameId: 1, alarm: { code: 'same key' } });
        expect((await pair.b.receive()).envelope.alarm?.code).toBe('same key');
      } finally {
        await pair.cleanup();
      }
    });
  });
});

describe('PeerLink on a pre-shared key mismatch', () => {
  it('raises one critical psk-mismatch alarm per node, logged at error level, while the receiver keeps retrying', async () => {
    await withSeed('psk mismatch link', async (rng) => {
      const dir = newDir();
      const pathA = writeKey(dir, 'a.key', randomBytes(rng, 4096));
      const pathB = writeKey(dir, 'b.key', randomBytes(rng, 4096));
      const lines: Array<{ level: number; msg: string; alarm?: string; component?: string }> = [];
      const sink = new Writable({
        write(chunk: Buffer, _enc, cb) {
          for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l));
          cb();
        },
      });
      const log = createLogger({ name: 'psk-link', level: 'debug', destination: sink });
      const alarmsA = new AlarmBoard(log);
      const alarmsB = new AlarmBoard(log);
      const sessions: string[] = [];
      const onSession = async (): Promise<void> => {
        sessions.push('opened');
      };
      const sourceA = PreSharedKeyFileSource.open(pathA);
      const sourceB = PreSharedKeyFileSource.open(pathB);
      const linkA = new PeerLink({ listen: '127.0.0.1:0', keySource: sourceA, hello: helloA, log, alarms: alarmsA, onSession });
      await linkA.start();
      const linkB = new PeerLink({
        connect: `127.0.0.1:${linkA.listenPort}`,
        keySource: sourceB,
        hello: helloB,
        log,
        alarms: alarmsB,
        onSession,
        minBackoffMs: 10,
        maxBackoffMs: 20,
      });
      await linkB.start();
      try {
        // Wait for several attempts: each ends in a peer session failure logged (error) by each channel.
        const failures = (): number => lines.filter((l) => l.component === 'peer' && l.msg.startsWith('peer session failed')).length;
        for (let i = 0; i < 1000 && failures() < 8; i++) await new Promise((r) => setTimeout(r, 20));
        expect(failures()).toBeGreaterThanOrEqual(8);
      } finally {
        await linkB.stop();
        await linkA.stop();
      }
      expect(sessions).toEqual([]);
      for (const alarms of [alarmsA, alarmsB]) {
        const snap = alarms.snapshot();
        expect(snap.byCode).toEqual({ 'psk-mismatch': 1 });
        expect(snap.recent[0]).toMatchObject({ code: 'psk-mismatch', severity: 'critical' });
        expect(snap.recent[0].message).toMatch(/pre-shared key file .* has fingerprint [0-9a-f]{16}, the peer's has [0-9a-f]{16}/);
      }
      const alarmLines = lines.filter((l) => l.alarm === 'psk-mismatch');
      expect(alarmLines).toHaveLength(2);
      for (const l of alarmLines) expect(l.level).toBe(50); // pino error
      expect(lines.some((l) => l.level === 50 && l.component === 'peer' && /the two files differ/.test(l.msg))).toBe(true);
      expect(sourceA.position).toBe(0);
      expect(sourceB.position).toBe(0);
    });
  });
});
