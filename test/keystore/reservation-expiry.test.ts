/**
 * Reservation expiry in the key store (src/keystore/README.md "Reservation
 * expiry"): reserved keys nobody fetches are discarded after the TTL (the
 * slave a grace later than the master), free their bits, are never handed
 * out afterwards, leave delivered keys alone, and the rule survives a reopen
 * because it is evaluated from the stored reservation times.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isKeyStoreError, QkdErrorCode } from '../../errors/index.ts';
import type { KeyStore } from '../../src/keystore/key-store.ts';
import type { Xoshiro128 } from '../../src/pipeline/prng.ts';
import { openStore, randomBlock, tempDir, type TempDir } from '../support/key-store.ts';
import { withSeed } from '../support/seed.ts';

const SAES = { masterSae: 'sae-a', slaveSae: 'sae-b' };
const RULE = { ttlMs: 60_000, slaveGraceMs: 5_000 };

describe('reservation expiry', () => {
  let dir: TempDir | undefined;
  const open: KeyStore[] = [];
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
    dir?.remove();
    dir = undefined;
  });

  /** A master and a slave store fed the same blocks, each with its own fake clock. */
  function pair(seedBits = 8192) {
    dir = tempDir();
    const clock = { master: 1_000_000, slave: 1_000_000 };
    const master = openStore(join(dir.dir, 'a.sqlite'), { maxBits: 3 * seedBits, reservationExpiry: RULE, clock: () => clock.master });
    const slave = openStore(join(dir.dir, 'b.sqlite'), { maxBits: 3 * seedBits, reservationExpiry: RULE, clock: () => clock.slave });
    open.push(master, slave);
    return { master, slave, clock, path: dir.dir };
  }

  function feed(stores: KeyStore[], rng: Xoshiro128, id: string, bits: number): void {
    const block = randomBlock(rng, bits);
    for (const s of stores) s.addBlock(id, block);
  }

  it('frees the bits of unfetched keys on both sides, the slave after its grace, and refuses them afterwards', async () => {
    await withSeed('reservation-expiry-store', (rng) => {
      const { master, slave, clock } = pair();
      feed([master, slave], rng, 'b1', 8192);
      const desc = master.reserve(4, 256, SAES);
      clock.slave += 50; // the slave applies a little later, by its own clock
      expect(slave.applyReservation(desc)).toBe('applied');
      const fetched = slave.deliver([desc.keys[0].keyId], { sae: 'sae-b', counterpartSae: 'sae-a' });
      expect(fetched).toHaveLength(1);
      expect(slave.stats().reservedBits).toBe(3 * 256);
      expect(master.stats().reservedBits).toBe(4 * 256);

      // Just before the TTL: nothing expires.
      clock.master += RULE.ttlMs - 1;
      clock.slave += RULE.ttlMs - 1;
      expect(master.stats().reservedKeys).toBe(4);
      expect(slave.stats().reservedKeys).toBe(3);

      // At the TTL: the master's keys go; the slave keeps its own until the grace has passed.
      clock.master += 1;
      clock.slave += 1;
      const m = master.stats();
      expect(m.reservedKeys).toBe(0);
      expect(m.expiredKeys).toBe(4);
      expect(m.storedBits).toBe(8192 - 4 * 256);
      expect(slave.stats().reservedKeys).toBe(3);

      clock.slave += RULE.slaveGraceMs;
      const s = slave.stats();
      expect(s.reservedKeys).toBe(0);
      expect(s.reservedBits).toBe(0);
      expect(s.expiredKeys).toBe(3);
      expect(s.storedBits).toBe(8192 - 4 * 256);
      expect(s.appBits).toBe(m.appBits);

      for (const key of desc.keys.slice(1)) {
        expect(slave.keyInfo(key.keyId)?.state).toBe('discarded');
        let err: unknown;
        try {
          slave.deliver([key.keyId], { sae: 'sae-b', counterpartSae: 'sae-a' });
        } catch (e) {
          err = e;
        }
        expect(isKeyStoreError(err, QkdErrorCode.UnknownKeyId)).toBe(true);
      }
      // The key fetched before expiry stays delivered (a tombstone), not discarded.
      expect(slave.keyInfo(desc.keys[0].keyId)?.state).toBe('delivered');
      expect(master.audit().ok).toBe(true);
      expect(slave.audit().ok).toBe(true);
    });
  });

  it('refuses an expired key in deliver even before any sweep ran', async () => {
    await withSeed('reservation-expiry-deliver', (rng) => {
      const { master, slave, clock } = pair();
      feed([master, slave], rng, 'b1', 4096);
      const desc = master.reserve(1, 256, SAES);
      slave.applyReservation(desc);
      clock.slave += RULE.ttlMs + RULE.slaveGraceMs;
      let err: unknown;
      try {
        slave.deliver([desc.keys[0].keyId], { sae: 'sae-b' });
      } catch (e) {
        err = e;
      }
      expect(isKeyStoreError(err, QkdErrorCode.UnknownKeyId)).toBe(true);
      expect((err as { details: Record<string, unknown> }).details.expired).toBe(true);
    });
  });

  it('lets generation go on: a block that would not fit fits once the reservations holding the store have expired', async () => {
    await withSeed('reservation-expiry-capacity', (rng) => {
      const { master, clock } = pair(4096);
      // maxBits = 12288: fill it, reserve most of it, then it is full.
      feed([master], rng, 'b1', 4096);
      feed([master], rng, 'b2', 4096);
      feed([master], rng, 'b3', 4096);
      master.reserve(40, 256, SAES);
      let err: unknown;
      try {
        feed([master], rng, 'b4', 4096);
      } catch (e) {
        err = e;
      }
      expect(isKeyStoreError(err, QkdErrorCode.CapacityExceeded)).toBe(true);
      clock.master += RULE.ttlMs;
      feed([master], rng, 'b4', 4096); // addBlock sweeps first
      expect(master.stats().reservedBits).toBe(0);
      expect(master.hasBlock('b4')).toBe(true);
    });
  });

  it('treats a reservation dated more than a TTL in the future (clock set back) as expired', async () => {
    await withSeed('reservation-expiry-clock-back', (rng) => {
      const { master, clock } = pair();
      feed([master], rng, 'b1', 4096);
      master.reserve(2, 256, SAES);
      clock.master -= RULE.ttlMs / 2;
      expect(master.stats().reservedKeys).toBe(2);
      clock.master -= RULE.ttlMs;
      expect(master.stats().reservedKeys).toBe(0);
    });
  });

  it('keeps the rule across a close and reopen: expiry comes from the stored times', async () => {
    await withSeed('reservation-expiry-reopen', (rng) => {
      const { master, slave, clock, path } = pair();
      feed([master, slave], rng, 'b1', 4096);
      const desc = master.reserve(3, 256, SAES);
      slave.applyReservation(desc);
      const kept = desc.keys[0].keyId;
      slave.deliver([kept], { sae: 'sae-b' });
      for (const s of open.splice(0)) s.close();

      // Reopened half a TTL later: still reserved, deliverable.
      let now = clock.slave + RULE.ttlMs / 2;
      let reopened = openStore(join(path, 'b.sqlite'), { maxBits: 3 * 8192, reservationExpiry: RULE, clock: () => now });
      open.push(reopened);
      expect(reopened.stats().reservedKeys).toBe(2);
      expect(reopened.deliver([desc.keys[1].keyId], { sae: 'sae-b' })).toHaveLength(1);
      reopened.close();
      open.splice(0);

      // Reopened after TTL + grace (the process was down meanwhile): the first sweep discards.
      now = clock.slave + RULE.ttlMs + RULE.slaveGraceMs;
      reopened = openStore(join(path, 'b.sqlite'), { maxBits: 3 * 8192, reservationExpiry: RULE, clock: () => now });
      open.push(reopened);
      expect(reopened.keyInfo(desc.keys[2].keyId)?.state).toBe('reserved');
      expect(reopened.expireReservations()).toEqual({ keys: 1, bits: 256 });
      expect(reopened.keyInfo(desc.keys[2].keyId)?.state).toBe('discarded');
      expect(reopened.keyInfo(kept)?.state).toBe('delivered');
      expect(reopened.keyInfo(desc.keys[1].keyId)?.state).toBe('delivered');
      expect(reopened.stats().reservedBits).toBe(0);
      expect(reopened.audit().ok).toBe(true);
    });
  });

  it('rejects a bad rule', () => {
    const { master } = pair();
    expect(() => master.setReservationExpiry({ ttlMs: 0, slaveGraceMs: 0 })).toThrow(/ttlMs/);
    expect(() => master.setReservationExpiry({ ttlMs: 1000, slaveGraceMs: -1 })).toThrow(/slaveGraceMs/);
  });
});
