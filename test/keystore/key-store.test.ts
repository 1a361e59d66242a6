import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { isKeyStoreError, QkdError, QkdErrorCode } from '../../errors/index.ts';
import type { KeyStore } from '../../src/keystore/key-store.ts';
import { withSeed } from '../support/seed.ts';
import { bitsOf, openStore, packBitList, randomBlock, tempDir, type TempDir } from '../support/key-store.ts';

const SAES = { masterSae: 'sae-alice', slaveSae: 'sae-bob' };

/** The key-store code `fn` throws; a QkdError of another family counts as 'other-error'. */
function codeOf(fn: () => unknown): QkdErrorCode | 'no-error' | 'other-error' {
  try {
    fn();
    return 'no-error';
  } catch (err) {
    return isKeyStoreError(err) ? err.code : 'other-error';
  }
}

let tmp: TempDir;
const open: KeyStore[] = [];
function store(name = 'node.db', options: Parameters<typeof openStore>[1] = {}): KeyStore {
  const s = openStore(tmp.file(name), options);
  open.push(s);
  return s;
}

beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  tmp.remove();
});

describe('KeyStore basics', () => {
  it('reserves and delivers the block bytes in order, then removes them', () => {
    const ks = store();
    const block = Uint8Array.from({ length: 64 }, (_, i) => i);
    ks.addBlock('link1:0', block);
    expect(ks.stats(256).availableKeys).toBe(2);

    const r = ks.reserve(2, 256, SAES);
    expect(r.keys).toHaveLength(2);
    expect(r.keys[0].segments).toEqual([{ blockId: 'link1:0', bitOffset: 0, bitLength: 256 }]);
    expect(r.keys[1].segments).toEqual([{ blockId: 'link1:0', bitOffset: 256, bitLength: 256 }]);
    expect(ks.stats()).toMatchObject({ appBits: 0, reservedKeys: 2, reservedBits: 512 });

    const keys = ks.deliver(
      r.keys.map((k) => k.keyId),
      { sae: 'sae-alice' },
    );
    expect([...keys[0].key]).toEqual([...block.subarray(0, 32)]);
    expect([...keys[1].key]).toEqual([...block.subarray(32, 64)]);
    expect(ks.stats()).toMatchObject({ reservedKeys: 0, deliveredKeys: 2, storedBits: 0 });
    expect(ks.keyInfo(r.keys[0].keyId)).toMatchObject({ state: 'delivered', side: 'master', slaveSae: 'sae-bob' });
  });

  it('delivers each key exactly once, all or nothing per request', () => {
    const ks = store();
    ks.addBlock('b0', new Uint8Array(128).fill(7));
    const r = ks.reserve(3, 128, SAES);
    const [a, b, c] = r.keys.map((k) => k.keyId);

    expect(ks.deliver([a], { sae: 'sae-alice' })).toHaveLength(1);
    expect(codeOf(() => ks.deliver([a], { sae: 'sae-alice' }))).toBe(QkdErrorCode.AlreadyDelivered);
    // One bad ID fails the whole request: b must still be deliverable afterwards.
    expect(codeOf(() => ks.deliver([b, a], { sae: 'sae-alice' }))).toBe(QkdErrorCode.AlreadyDelivered);
    expect(codeOf(() => ks.deliver([b, '00000000-0000-4000-8000-000000000000'], { sae: 'sae-alice' }))).toBe(QkdErrorCode.UnknownKeyId);
    expect(codeOf(() => ks.deliver([b, b], { sae: 'sae-alice' }))).toBe(QkdErrorCode.AlreadyDelivered);
    expect(ks.deliver([b, c], { sae: 'sae-alice' }).map((k) => k.keyId)).toEqual([b, c]);
    expect(codeOf(() => ks.deliver([c], { sae: 'sae-alice' }))).toBe(QkdErrorCode.AlreadyDelivered);
  });

  it('hands keys only to the SAE they were reserved for', () => {
    const ks = store();
    ks.addBlock('b0', new Uint8Array(32));
    const r = ks.reserve(1, 64, SAES);
    const id = r.keys[0].keyId;
    expect(codeOf(() => ks.deliver([id], { sae: 'sae-bob' }))).toBe(QkdErrorCode.WrongSae);
    expect(codeOf(() => ks.deliver([id], { sae: 'sae-mallory' }))).toBe(QkdErrorCode.WrongSae);
    expect(codeOf(() => ks.deliver([id], { sae: 'sae-alice', counterpartSae: 'sae-carol' }))).toBe(QkdErrorCode.WrongSae);
    expect(ks.deliver([id], { sae: 'sae-alice', counterpartSae: 'sae-bob' })).toHaveLength(1);
  });

  it('rejects bad sizes, duplicate blocks and requests beyond the pool', () => {
    const ks = store('node.db', { maxKeySizeBits: 1024 });
    ks.addBlock('b0', new Uint8Array(16));
    expect(codeOf(() => ks.addBlock('b0', new Uint8Array(16)))).toBe(QkdErrorCode.DuplicateBlock);
    expect(codeOf(() => ks.reserve(1, 12, SAES))).toBe(QkdErrorCode.KeyStoreInvalidArgument);
    expect(codeOf(() => ks.reserve(1, 2048, SAES))).toBe(QkdErrorCode.KeyStoreInvalidArgument);
    expect(codeOf(() => ks.reserve(0, 8, SAES))).toBe(QkdErrorCode.KeyStoreInvalidArgument);
    expect(codeOf(() => ks.reserve(3, 64, SAES))).toBe(QkdErrorCode.NotEnoughKey);
    expect(codeOf(() => ks.addBlock('b1', new Uint8Array(1), { bitLength: 9 }))).toBe(QkdErrorCode.KeyStoreInvalidArgument);
    expect(codeOf(() => ks.addBlock('b1', new Uint8Array(1), { authBits: 9 }))).toBe(QkdErrorCode.KeyStoreInvalidArgument);
    expect(codeOf(() => ks.addBlock('', new Uint8Array(1)))).toBe(QkdErrorCode.KeyStoreInvalidArgument);
    // The failed calls changed nothing.
    expect(ks.stats()).toMatchObject({ appBits: 128, reservedKeys: 0 });
    expect(ks.reserve(2, 64, SAES).keys).toHaveLength(2);
    // A block ID stays taken after its bits are spent.
    expect(codeOf(() => ks.addBlock('b0', new Uint8Array(16)))).toBe(QkdErrorCode.DuplicateBlock);
  });

  it('refuses a block beyond capacity and accepts it again once keys are delivered', () => {
    const ks = store('node.db', { maxBits: 1000 });
    ks.addBlock('b0', new Uint8Array(100)); // 800 bits
    expect(codeOf(() => ks.addBlock('b1', new Uint8Array(26)))).toBe(QkdErrorCode.CapacityExceeded); // 208 bits > 200 free
    expect(ks.hasBlock('b1')).toBe(false);
    ks.addBlock('b1', new Uint8Array(25)); // exactly full
    expect(ks.stats().storedBits).toBe(1000);
    const r = ks.reserve(1, 256, SAES);
    // Reserved but undelivered key still occupies capacity.
    expect(codeOf(() => ks.addBlock('b2', new Uint8Array(1)))).toBe(QkdErrorCode.CapacityExceeded);
    ks.deliver([r.keys[0].keyId], { sae: 'sae-alice' });
    ks.addBlock('b2', new Uint8Array(32));
    expect(ks.stats().storedBits).toBe(1000);
    const err = (() => {
      try {
        ks.addBlock('b3', new Uint8Array(1));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(QkdError);
    expect((err as QkdError).code).toBe(QkdErrorCode.CapacityExceeded);
    expect((err as QkdError).details).toMatchObject({ storedBits: 1000, maxBits: 1000, bitLength: 8 });
  });

  it('keeps pools, reservations and delivered state across close and reopen', async () => {
    await withSeed('keystore-restart', (rng) => {
      const path = tmp.file('restart.db');
      const b0 = randomBlock(rng, 1000);
      const b1 = randomBlock(rng, 1000);
      let ks = openStore(path);
      ks.addBlock('b0', b0, { authBits: 200 });
      ks.addBlock('b1', b1, { authBits: 100 });
      const auth1 = ks.takeAuthKey(150);
      const r = ks.reserve(3, 400, SAES);
      const first = ks.deliver([r.keys[0].keyId], { sae: 'sae-alice' });
      ks.close();

      ks = openStore(path);
      open.push(ks);
      expect(ks.audit()).toMatchObject({ ok: true, problems: [] });
      expect(codeOf(() => ks.deliver([r.keys[0].keyId], { sae: 'sae-alice' }))).toBe(QkdErrorCode.AlreadyDelivered);
      const rest = ks.deliver([r.keys[1].keyId, r.keys[2].keyId], { sae: 'sae-alice' });
      const auth2 = ks.takeAuthKey(150);
      expect(auth2.position).toBe(150);
      expect(ks.stats()).toMatchObject({ authBits: 0, authConsumedBits: 300, appBits: 1700 - 1200, reservedKeys: 0 });

      // The cursors continued where they stopped: the concatenations are the pool streams.
      const app = [...bitsOf(b0, 200, 1000), ...bitsOf(b1, 100, 1000)];
      const keysBits = [...first, ...rest].flatMap((k) => bitsOf(k.key, 0, 400));
      expect(keysBits).toEqual(app.slice(0, 1200));
      const auth = [...bitsOf(b0, 0, 200), ...bitsOf(b1, 0, 100)];
      expect([...bitsOf(auth1.bytes, 0, 150), ...bitsOf(auth2.bytes, 0, 150)]).toEqual(auth);
      // And the next key continues the stream.
      const tail = ks.reserve(1, 400, SAES);
      expect([...ks.deliver([tail.keys[0].keyId], { sae: 'sae-alice' })[0].key]).toEqual([...packBitList(app.slice(1200, 1600))]);
      expect(ks.stats().appBits).toBe(100);
    });
  });

  it('removes spent material from the database', () => {
    const path = tmp.file('wipe.db');
    const ks = store('wipe.db');
    ks.addBlock('b0', new Uint8Array(64).fill(0xa5), { authBits: 128 });
    const r = ks.reserve(1, 256, SAES);
    ks.takeAuthKey(64);
    ks.deliver([r.keys[0].keyId], { sae: 'sae-alice' });
    // Read the tables directly: only the unspent 64 auth bits and 128 app bits remain.
    const db = new Database(path, { readonly: true });
    try {
      const chunks = db.prepare(`SELECT pool, start_bit, end_bit, length(material) AS n FROM pool_chunks ORDER BY pool`).all();
      expect(chunks).toEqual([
        { pool: 'app', start_bit: 384, end_bit: 512, n: 16 },
        { pool: 'auth', start_bit: 64, end_bit: 128, n: 8 },
      ]);
      expect(db.prepare(`SELECT COUNT(*) AS n FROM keys WHERE material IS NOT NULL`).get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('leaves no trace of delivered key bytes in the database file after close', async () => {
    await withSeed('keystore-wipe-file', (rng) => {
      const path = tmp.file('trace.db');
      const ks = openStore(path);
      const block = randomBlock(rng, 64 * 1024); // spills into overflow pages
      ks.addBlock('b0', block, { authBits: 1024 });
      const r = ks.reserve(31, 2048, SAES);
      ks.deliver(
        r.keys.map((k) => k.keyId),
        { sae: 'sae-alice' },
      );
      ks.takeAuthKey(1024);
      ks.close();
      const file = readFileSync(path);
      expect(existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0).toBe(0);
      // Every 16-byte window of the spent part of the block must be gone from the file.
      const spentBytes = (1024 + 31 * 2048) / 8;
      let found = 0;
      for (let i = 0; i + 16 <= spentBytes; i += 16) if (file.indexOf(Buffer.from(block.subarray(i, i + 16))) >= 0) found++;
      expect(found).toBe(0);
      // The unspent tail is still there (so the search itself can find things).
      expect(file.indexOf(Buffer.from(block.subarray(spentBytes, spentBytes + 16)))).toBeGreaterThanOrEqual(0);
    });
  });

  it('prunes old tombstones without ever making a delivered key available again', () => {
    const ks = store();
    ks.addBlock('b0', new Uint8Array(64));
    const r = ks.reserve(8, 64, SAES);
    const ids = r.keys.map((k) => k.keyId);
    ks.deliver(ids.slice(0, 6), { sae: 'sae-alice' });
    expect(ks.pruneTombstones(2)).toBe(4);
    expect(ks.pruneTombstones(2)).toBe(0);
    // Pruned IDs are unknown now, the two newest tombstones still say delivered.
    expect(codeOf(() => ks.deliver([ids[0]], { sae: 'sae-alice' }))).toBe(QkdErrorCode.UnknownKeyId);
    expect(codeOf(() => ks.deliver([ids[5]], { sae: 'sae-alice' }))).toBe(QkdErrorCode.AlreadyDelivered);
    // Reserved keys are never pruned.
    expect(ks.deliver(ids.slice(6), { sae: 'sae-alice' })).toHaveLength(2);
    expect(ks.audit()).toMatchObject({ ok: true, addedBits: 512, accountedBits: 512 });
  });

  it('refuses a database written by a newer schema version', () => {
    const path = tmp.file('future.db');
    openStore(path).close();
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expect(codeOf(() => openStore(path))).toBe(QkdErrorCode.UnsupportedSchema);
    expect(() => openStore(path)).toThrow(path);
  });

  it('names the file when the database cannot be opened: missing folder, not a database, a folder', () => {
    const inMissing = tmp.file('no-such-dir/node.db');
    expect(() => openStore(inMissing)).toThrow(
      expect.objectContaining({ code: QkdErrorCode.FileMissing, details: expect.objectContaining({ path: inMissing }) }),
    );
    expect(() => openStore(inMissing)).toThrow(tmp.file('no-such-dir'));
    expect(existsSync(tmp.file('no-such-dir'))).toBe(false);

    const garbage = tmp.file('garbage.db');
    writeFileSync(garbage, 'not a SQLite database '.repeat(100));
    expect(() => openStore(garbage)).toThrow(
      expect.objectContaining({ code: QkdErrorCode.FileUnusable, details: expect.objectContaining({ path: garbage }) }),
    );
    expect(() => openStore(garbage)).toThrow(garbage);

    expect(() => openStore(tmp.dir)).toThrow(
      expect.objectContaining({ code: QkdErrorCode.FileUnusable, details: expect.objectContaining({ path: tmp.dir }) }),
    );
  });

  it('audit flags a half-present reservation and lost bits', () => {
    const path = tmp.file('tamper.db');
    const ks = store('tamper.db');
    ks.addBlock('b0', new Uint8Array(64));
    const r = ks.reserve(2, 64, SAES);
    expect(ks.audit().ok).toBe(true);
    const db = new Database(path);
    try {
      db.prepare(`DELETE FROM key_segments WHERE key_id = ?`).run(r.keys[1].keyId);
      db.prepare(`DELETE FROM keys WHERE key_id = ?`).run(r.keys[1].keyId);
    } finally {
      db.close();
    }
    const report = ks.audit();
    expect(report.ok).toBe(false);
    expect(report.addedBits - report.accountedBits).toBe(64);
    expect(report.problems.some((p) => p.includes('reservations do not hold exactly'))).toBe(true);
  });
});
