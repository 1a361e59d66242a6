/**
 * Master and slave stores (two database files) fed the same blocks: cutting
 * without waste, identical keys and identical authentication key on both
 * sides, and the reservation protocol's failure modes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isKeyStoreError, QkdErrorCode } from '../../errors/index.ts';
import type { KeyStore } from '../../src/keystore/key-store.ts';
import type { ReservationDescription } from '../../src/keystore/reservation.ts';
import { withSeed } from '../support/seed.ts';
import { bitsOf, openStore, randomBlock, referenceStreams, tempDir, type RefBlock, type TempDir } from '../support/key-store.ts';

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
let master: KeyStore;
let slave: KeyStore;
beforeEach(() => {
  tmp = tempDir();
  master = openStore(tmp.file('alice.db'));
  slave = openStore(tmp.file('bob.db'));
});
afterEach(() => {
  master.close();
  slave.close();
  tmp.remove();
});

/** Blocks of random (not byte-aligned) length with a random auth share. */
function makeBlocks(rng: Parameters<Parameters<typeof withSeed>[1]>[0], n: number): RefBlock[] {
  const blocks: RefBlock[] = [];
  for (let i = 0; i < n; i++) {
    const bitLength = 1 + rng.nextBelow(20_000);
    const authBits = rng.nextBelow(4) === 0 ? 0 : rng.nextBelow(Math.min(bitLength, 2000) + 1);
    blocks.push({ id: `link-a:${i}`, bytes: randomBlock(rng, bitLength), bitLength, authBits });
  }
  return blocks;
}

function addAll(store: KeyStore, blocks: readonly RefBlock[]): void {
  for (const b of blocks) store.addBlock(b.id, b.bytes, { authBits: b.authBits, bitLength: b.bitLength });
}

describe('two nodes, same blocks', () => {
  it('cut keys of random sizes 8..4096 without waste, identically on both sides, apart from auth key', async () => {
    await withSeed('keystore-two-node-cut', (rng) => {
      const blocks = makeBlocks(rng, 12);
      addAll(master, blocks);
      addAll(slave, blocks);
      const ref = referenceStreams(blocks);
      expect(master.stats()).toMatchObject({ appBits: ref.app.length, authBits: ref.auth.length });

      const appOut: number[] = [];
      const authMaster: number[] = [];
      const authSlave: number[] = [];
      for (;;) {
        // Interleave authentication takes with key requests, as the peer channel would.
        if (rng.nextBelow(3) === 0) {
          const n = 1 + rng.nextBelow(300);
          if (master.stats().authBits >= n) {
            const a = master.takeAuthKey(n);
            const b = slave.takeAuthKey(n);
            expect(b.position).toBe(a.position);
            authMaster.push(...bitsOf(a.bytes, 0, n));
            authSlave.push(...bitsOf(b.bytes, 0, n));
          }
        }
        const size = 8 * (1 + rng.nextBelow(512));
        const count = 1 + rng.nextBelow(4);
        const available = master.stats(size).availableKeys ?? 0;
        if (available < count) {
          expect(codeOf(() => master.reserve(count, size, SAES))).toBe(QkdErrorCode.NotEnoughKey);
          if (available === 0 && size === 8) break;
          if (master.stats().appBits < 8) break;
          continue;
        }
        const desc = master.reserve(count, size, SAES);
        // The description crosses the peer channel as JSON.
        expect(slave.applyReservation(JSON.parse(JSON.stringify(desc)))).toBe('applied');
        const ids = desc.keys.map((k) => k.keyId);
        const a = master.deliver(ids, { sae: 'sae-alice' });
        const b = slave.deliver(ids, { sae: 'sae-bob', counterpartSae: 'sae-alice' });
        for (let i = 0; i < count; i++) {
          expect(a[i].key.length).toBe(size / 8);
          expect([...b[i].key]).toEqual([...a[i].key]);
          appOut.push(...bitsOf(a[i].key, 0, size));
        }
      }
      // No waste: the keys are exactly the application stream, in order, and
      // what is left is less than one byte.
      expect(appOut).toEqual(ref.app.slice(0, appOut.length));
      expect(ref.app.length - appOut.length).toBeLessThan(8);
      expect(master.stats().appBits).toBe(ref.app.length - appOut.length);
      // Auth key: identical on both nodes, exactly the auth stream, never application bits.
      expect(authSlave).toEqual(authMaster);
      expect(authMaster).toEqual(ref.auth.slice(0, authMaster.length));
      expect(master.stats().authConsumedBits).toBe(authMaster.length);
      expect(master.audit()).toMatchObject({ ok: true });
      expect(slave.audit()).toMatchObject({ ok: true });
    });
  });

  it('lets a key span several small blocks', () => {
    for (const s of [master, slave]) {
      s.addBlock('x:0', new Uint8Array([0x01]), { bitLength: 3 });
      s.addBlock('x:1', new Uint8Array([0xff, 0x00]), { authBits: 4 });
      s.addBlock('x:2', new Uint8Array([0xaa, 0x55]));
    }
    const desc = master.reserve(1, 16, SAES);
    expect(desc.keys[0].segments).toEqual([
      { blockId: 'x:0', bitOffset: 0, bitLength: 3 },
      { blockId: 'x:1', bitOffset: 4, bitLength: 12 },
      { blockId: 'x:2', bitOffset: 0, bitLength: 1 },
    ]);
    slave.applyReservation(desc);
    const [a] = master.deliver([desc.keys[0].keyId], { sae: 'sae-alice' });
    // bits: 1,0,0 | 1,1,1,1,0,0,0,0,0,0,0,0 | 0  (LSB first)
    expect([...a.key]).toEqual([0b0111_1001, 0b0000_0000]);
    expect([...slave.deliver([desc.keys[0].keyId], { sae: 'sae-bob' })[0].key]).toEqual([...a.key]);
    expect(master.stats().appBits).toBe(15);
  });

  it('refuses a reservation naming a block the slave lacks, and accepts it once the block arrives', () => {
    master.addBlock('b0', new Uint8Array(8));
    master.addBlock('b1', new Uint8Array(8).fill(1));
    slave.addBlock('b0', new Uint8Array(8));
    const desc = master.reserve(3, 32, SAES);
    expect(codeOf(() => slave.applyReservation(desc))).toBe(QkdErrorCode.MissingBlock);
    expect(slave.stats()).toMatchObject({ appBits: 64, reservedKeys: 0 });
    slave.addBlock('b1', new Uint8Array(8).fill(1));
    expect(slave.applyReservation(desc)).toBe('applied');
  });

  it('detects reservations applied out of order, and recovers with discard and allowSkip', () => {
    for (const s of [master, slave])
      s.addBlock(
        'b0',
        Uint8Array.from({ length: 64 }, (_, i) => i),
      );
    const r1 = master.reserve(1, 128, SAES);
    const r2 = master.reserve(1, 128, SAES);
    expect(codeOf(() => slave.applyReservation(r2))).toBe(QkdErrorCode.ReservationMismatch);
    // The master gives up on r1 (never acknowledged) and destroys its keys.
    expect(master.discardReservation(r1.reservationId)).toBe(1);
    expect(codeOf(() => master.deliver([r1.keys[0].keyId], { sae: 'sae-alice' }))).toBe(QkdErrorCode.UnknownKeyId);
    // The slave skips the bits r1 used; both now agree on r2.
    expect(slave.applyReservation(r2, { allowSkip: true })).toBe('applied');
    expect(slave.stats().skippedBits).toBe(128);
    const a = master.deliver([r2.keys[0].keyId], { sae: 'sae-alice' });
    const b = slave.deliver([r2.keys[0].keyId], { sae: 'sae-bob' });
    expect([...b[0].key]).toEqual([...a[0].key]);
    expect([...a[0].key]).toEqual(Array.from({ length: 16 }, (_, i) => 16 + i));
    // r1 arriving late can no longer be applied: its bits are gone on the slave.
    expect(codeOf(() => slave.applyReservation(r1))).toBe(QkdErrorCode.ReservationMismatch);
    expect(master.audit().ok && slave.audit().ok).toBe(true);
  });

  it('treats a repeated reservation as already applied and rejects reused or forged IDs', () => {
    for (const s of [master, slave]) s.addBlock('b0', new Uint8Array(64));
    const r1 = master.reserve(2, 64, SAES);
    expect(slave.applyReservation(r1)).toBe('applied');
    expect(slave.applyReservation(r1)).toBe('already-applied');
    expect(slave.stats().reservedKeys).toBe(2);

    const r2 = master.reserve(1, 64, SAES);
    const reusedKey: ReservationDescription = { ...r2, keys: [{ ...r2.keys[0], keyId: r1.keys[0].keyId }] };
    expect(codeOf(() => slave.applyReservation(reusedKey))).toBe(QkdErrorCode.DuplicateKeyId);
    const otherContent: ReservationDescription = {
      ...r1,
      sizeBits: 128,
      keys: [{ keyId: r2.keys[0].keyId, segments: [{ blockId: 'b0', bitOffset: 128, bitLength: 128 }] }],
    };
    expect(codeOf(() => slave.applyReservation(otherContent))).toBe(QkdErrorCode.DuplicateKeyId);
    const shifted: ReservationDescription = {
      ...r2,
      keys: [{ ...r2.keys[0], segments: [{ blockId: 'b0', bitOffset: 136, bitLength: 64 }] }],
    };
    expect(codeOf(() => slave.applyReservation(shifted))).toBe(QkdErrorCode.ReservationMismatch);
    expect(codeOf(() => slave.applyReservation({ ...r2, sizeBits: 12 }))).toBe(QkdErrorCode.KeyStoreInvalidArgument);
    expect(codeOf(() => slave.applyReservation({ ...r2, keys: [{ ...r2.keys[0], keyId: 'not-a-uuid' }] }))).toBe(
      QkdErrorCode.KeyStoreInvalidArgument,
    );
    expect(codeOf(() => slave.applyReservation({ hello: 'world' }))).toBe(QkdErrorCode.KeyStoreInvalidArgument);
    expect(slave.applyReservation(r2)).toBe('applied');
    // On the slave the keys belong to the slave SAE, with the master as counterpart.
    expect(codeOf(() => slave.deliver([r2.keys[0].keyId], { sae: 'sae-alice' }))).toBe(QkdErrorCode.WrongSae);
    expect(codeOf(() => slave.deliver([r2.keys[0].keyId], { sae: 'sae-bob', counterpartSae: 'sae-carol' }))).toBe(QkdErrorCode.WrongSae);
    expect(slave.deliver([r2.keys[0].keyId], { sae: 'sae-bob', counterpartSae: 'sae-alice' })).toHaveLength(1);
  });

  it('reports not-enough-auth-key without consuming anything', () => {
    for (const s of [master, slave]) s.addBlock('b0', new Uint8Array(16), { authBits: 40 });
    expect(codeOf(() => master.takeAuthKey(41))).toBe(QkdErrorCode.NotEnoughAuthKey);
    expect(master.takeAuthKey(40).bytes.length).toBe(5);
    expect(master.stats()).toMatchObject({ authBits: 0, authConsumedBits: 40, appBits: 88 });
  });
});
