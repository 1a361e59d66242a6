import { join } from 'node:path';
import { tempDirsPerTest } from '../support/temp-dir.ts';
import { describe, expect, it } from 'vitest';
import { KeyStore } from '../../src/keystore/key-store.ts';
import { isKeyStoreError, QkdErrorCode } from '../../errors/index.ts';

const newDir = tempDirsPerTest('qkdd-pending-');
function openStore(maxBits = 1 << 20): { store: KeyStore; path: string } {
  const dir = newDir();
  const path = join(dir, 'store.sqlite');
  return { store: KeyStore.open({ path, maxBits }), path };
}

function block(byte: number, bytes = 64): Uint8Array {
  return new Uint8Array(bytes).fill(byte);
}

describe('pending blocks (two-node commit)', () => {
  it('keeps a pending block out of both pools until activated, then behaves like addBlock', () => {
    const { store } = openStore();
    store.addPendingBlock('f1', block(0xab), { authBits: 128 });
    expect(store.pendingBlockIds()).toEqual(['f1']);
    expect(store.hasBlock('f1')).toBe(false);
    expect(store.stats().appBits).toBe(0);
    expect(store.stats().authBits).toBe(0);
    expect(() => store.takeAuthKey(8)).toThrow();
    expect(store.activatePendingBlock('f1')).toBe(true);
    expect(store.pendingBlockIds()).toEqual([]);
    expect(store.hasBlock('f1')).toBe(true);
    expect(store.stats().authBits).toBe(128);
    expect(store.stats().appBits).toBe(512 - 128);
    expect(store.recentBlockIds(5)).toEqual(['f1']);
    // Activating twice, or a block that was never pending, does nothing.
    expect(store.activatePendingBlock('f1')).toBe(false);
    expect(store.activatePendingBlock('nope')).toBe(false);
    expect(store.audit().ok).toBe(true);
  });

  it('yields the same keys as a peer that added the same block directly', () => {
    const a = openStore().store;
    const b = openStore().store;
    const material = new Uint8Array(96).map((_, i) => (i * 37 + 11) & 0xff);
    a.addPendingBlock('f9', material, { authBits: 64 });
    a.activatePendingBlock('f9');
    b.addBlock('f9', material, { authBits: 64 });
    expect(a.takeAuthKey(64).bytes).toEqual(b.takeAuthKey(64).bytes);
    const desc = a.reserve(2, 256, { masterSae: 'sae-a', slaveSae: 'sae-b' });
    expect(b.applyReservation(desc)).toBe('applied');
    const ids = desc.keys.map((k) => k.keyId);
    const ka = a.deliver(ids, { sae: 'sae-a' });
    const kb = b.deliver(ids, { sae: 'sae-b' });
    expect(ka.map((k) => Buffer.from(k.key).toString('hex'))).toEqual(kb.map((k) => Buffer.from(k.key).toString('hex')));
  });

  it('drops a pending block, refuses duplicates, counts pending bits against capacity, and survives a reopen', () => {
    const { store, path } = openStore(1024);
    store.addPendingBlock('p1', block(1, 64)); // 512 bits
    try {
      store.addPendingBlock('p1', block(1, 8));
      throw new Error('expected duplicate-block');
    } catch (err) {
      expect(isKeyStoreError(err) && err.code).toBe(QkdErrorCode.DuplicateBlock);
    }
    try {
      store.addBlock('p2', block(2, 80)); // 640 bits: 512 + 640 > 1024
      throw new Error('expected capacity-exceeded');
    } catch (err) {
      expect(isKeyStoreError(err) && err.code).toBe(QkdErrorCode.CapacityExceeded);
    }
    store.addPendingBlock('p3', block(3, 16));
    store.close();
    const again = KeyStore.open({ path, maxBits: 1024 });
    expect(again.pendingBlockIds()).toEqual(['p1', 'p3']);
    expect(again.dropPendingBlock('p1')).toBe(true);
    expect(again.dropPendingBlock('p1')).toBe(false);
    expect(again.pendingBlockIds()).toEqual(['p3']);
    again.addBlock('p2', block(2, 80));
    expect(again.audit().ok).toBe(true);
    again.close();
  });
});
