/**
 * Group commit (src/keystore/README.md "Group commit"): the store calls made
 * in one event-loop turn inside `KeyStore.grouped` share one transaction;
 * each is still all or nothing; none is visible to another connection (on
 * disk) before the group commits; `durable()` resolves only after the
 * commit; a call outside `grouped` commits the open group first.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isKeyStoreError, QkdErrorCode } from '../../errors/index.ts';
import type { KeyStore } from '../../src/keystore/key-store.ts';
import { withSeed } from '../support/seed.ts';
import { openStore, randomBlock, tempDir, type TempDir } from '../support/key-store.ts';

const SAES = { masterSae: 'sae-a', slaveSae: 'sae-b' };
let dir: TempDir;
let store: KeyStore;
let path: string;

beforeEach(async () => {
  dir = tempDir();
  path = dir.file('group.db');
  store = openStore(path);
  await withSeed('group-commit-fill', (rng) => {
    for (let i = 0; i < 8; i++) store.addBlock(`b${i}`, randomBlock(rng, 4096));
  });
});
afterEach(() => {
  store.close();
  dir.remove();
});

/** What another connection (another process) sees on disk: the committed keys. */
function committedKeys(): number {
  const other = new Database(path, { readonly: true });
  try {
    return (other.prepare(`SELECT COUNT(*) AS n FROM keys`).get() as { n: number }).n;
  } finally {
    other.close();
  }
}

describe('KeyStore group commit', () => {
  it('commits the calls of one turn together, after the turn; durable() resolves only then', async () => {
    const before = store.groupCommitStats();
    const r1 = store.grouped(() => store.reserve(2, 64, SAES));
    const durable = store.durable();
    const r2 = store.grouped(() => store.reserve(3, 64, SAES));
    // Same group: the same promise, and later calls see earlier ones (consecutive cuts).
    expect(store.durable()).toBe(durable);
    expect(r2.keys[0].segments[0].bitOffset).toBe(r1.keys[1].segments[0].bitOffset + 64);
    const delivered = store.grouped(() => store.deliver([r1.keys[0].keyId], { sae: 'sae-a' }));
    expect(delivered).toHaveLength(1);
    // Nothing of it is on disk yet.
    expect(committedKeys()).toBe(0);
    let settled = false;
    void durable.then(() => {
      settled = true;
    });
    await Promise.resolve();
    expect(settled).toBe(false);
    await durable;
    expect(committedKeys()).toBe(5);
    expect(store.groupCommitStats()).toEqual({ commits: before.commits + 1, operations: before.operations + 3 });
    expect(store.keyInfo(r1.keys[0].keyId)?.state).toBe('delivered');
  });

  it('a call that fails undoes itself only; the rest of its group commits', async () => {
    const ok = store.grouped(() => store.reserve(1, 64, SAES));
    let code: unknown;
    try {
      // One good ID and one unknown: all or nothing, so the good key stays reserved.
      store.grouped(() => store.deliver([ok.keys[0].keyId, '00000000-0000-4000-8000-000000000000'], { sae: 'sae-a' }));
    } catch (err) {
      code = isKeyStoreError(err) ? err.code : err;
    }
    expect(code).toBe(QkdErrorCode.UnknownKeyId);
    const ok2 = store.grouped(() => store.reserve(1, 64, SAES));
    await store.durable();
    expect(store.keyInfo(ok.keys[0].keyId)?.state).toBe('reserved');
    expect(store.keyInfo(ok2.keys[0].keyId)?.state).toBe('reserved');
    expect(committedKeys()).toBe(2);
    expect(store.audit().problems).toEqual([]);
  });

  it('a call outside grouped commits the open group first and is durable on return', async () => {
    const r = store.grouped(() => store.reserve(1, 64, SAES));
    const durable = store.durable();
    expect(committedKeys()).toBe(0);
    store.discardReservation(r.reservationId);
    // The group was committed (then the discard in its own transaction): both on disk now.
    expect(committedKeys()).toBe(1);
    await durable;
    expect(store.keyInfo(r.keys[0].keyId)?.state).toBe('discarded');
  });

  it('deliver with side refuses a key held on the other side (dec_keys never hands out a master-side key)', () => {
    const r = store.reserve(1, 64, SAES);
    let code: unknown;
    try {
      store.deliver([r.keys[0].keyId], { sae: 'sae-a', side: 'slave' });
    } catch (err) {
      code = isKeyStoreError(err) ? err.code : err;
    }
    expect(code).toBe(QkdErrorCode.WrongSae);
    expect(store.keyInfo(r.keys[0].keyId)?.state).toBe('reserved');
    expect(store.deliver([r.keys[0].keyId], { sae: 'sae-a', side: 'master' })).toHaveLength(1);
  });

  it('close commits and syncs an open group', async () => {
    store.grouped(() => store.reserve(2, 64, SAES));
    const durable = store.durable();
    store.close();
    await durable;
    expect(committedKeys()).toBe(2);
    store = openStore(path);
  });
});
