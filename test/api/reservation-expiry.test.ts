/**
 * Reservation expiry through the ETSI 014 API of two KMEs (src/keystore/README.md
 * "Reservation expiry"): keys that enc_keys reserved and the slave SAE never
 * fetched are discarded on both KMEs after `reservationTtlS`; dec_keys for
 * them then answers 400 "unknown key_ID" on the slave; keys fetched before
 * expiry are unaffected, and the freed bits show in the stores' stats.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Etsi014KeyService, slaveGraceMs } from '../../src/api/etsi014/key-service.ts';
import { MemoryPeerReservations } from '../../src/api/etsi014/memory-peer-reservations.ts';
import { withSeed } from '../support/seed.ts';
import { waitUntil as until } from '../support/wait.ts';
import {
  call,
  configFor,
  fillStores,
  identity,
  makePki,
  openStore,
  startTwoKmes,
  tempDir,
  type ErrorBody,
  type KeyContainer,
  type Pki,
  type TempDir,
} from '../support/etsi-kme-pair.ts';

let root: TempDir;
let pki: Pki;

beforeAll(async () => {
  root = tempDir();
  pki = await makePki(root.dir);
});
afterAll(() => root.remove());

describe('reservation expiry over the ETSI 014 API', () => {
  it('the key service sets the configured rule on its store', () => {
    const dir = tempDir();
    try {
      const store = openStore(dir.file('s.db'));
      try {
        new Etsi014KeyService(store, new MemoryPeerReservations({ handleReservationRequest: async () => 'applied' }), {
          ...configFor('B'),
          reservationTtlS: 7,
        });
        expect(store.reservationExpiry).toEqual({ ttlMs: 7000, slaveGraceMs: 1000 });
        expect(slaveGraceMs(300_000)).toBe(30_000);
        expect(slaveGraceMs(1_000)).toBe(1_000);
      } finally {
        store.close();
      }
    } finally {
      dir.remove();
    }
  });

  it('discards unfetched keys on both KMEs; dec_keys for them answers 400 unknown key_ID; fetched keys stay fetched', async () => {
    const dir = tempDir();
    const kmes = await startTwoKmes(dir.dir, pki, { configA: { reservationTtlS: 1 } });
    try {
      // KME B's config has no override hook in the pair helper: give its store what its service would.
      kmes.storeB.setReservationExpiry({ ttlMs: 1000, slaveGraceMs: slaveGraceMs(1000) });
      expect(kmes.storeA.reservationExpiry).toEqual({ ttlMs: 1000, slaveGraceMs: 1000 });
      await withSeed('reservation-expiry-api', (rng) => fillStores(rng, [kmes.storeA, kmes.storeB], 4, 4096));
      const before = kmes.storeB.stats();

      const enc = await call<KeyContainer>(kmes.a.url, identity(pki, 'sae-a'), 'POST', '/api/v1/keys/sae-b/enc_keys', {
        number: 4,
        size: 256,
      });
      expect(enc.status).toBe(200);
      const ids = enc.body.keys.map((k) => k.key_ID);
      expect(ids).toHaveLength(4);
      expect(kmes.storeB.stats().reservedKeys).toBe(4);

      // Fetched before expiry: the same key as the master SAE got.
      const early = await call<KeyContainer>(kmes.b.url, identity(pki, 'sae-b'), 'POST', '/api/v1/keys/sae-a/dec_keys', {
        key_IDs: [{ key_ID: ids[0] }],
      });
      expect(early.status).toBe(200);
      expect(early.body.keys[0]).toEqual(enc.body.keys[0]);

      // The other three expire on the slave (TTL + grace after it applied them) and their bits are freed.
      await until(() => kmes.storeB.stats().reservedKeys === 0, 'the slave to discard the expired keys');
      const after = kmes.storeB.stats();
      expect(after.expiredKeys).toBe(3);
      expect(after.reservedBits).toBe(0);
      expect(after.storedBits).toBe(before.storedBits - 4 * 256);
      expect(kmes.storeA.stats().reservedKeys).toBe(0);

      for (const id of ids.slice(1)) {
        const late = await call<ErrorBody>(kmes.b.url, identity(pki, 'sae-b'), 'POST', '/api/v1/keys/sae-a/dec_keys', {
          key_IDs: [{ key_ID: id }],
        });
        expect(late.status).toBe(400);
        expect(late.body.message).toMatch(/unknown key_ID/);
        expect(JSON.stringify(late.body)).not.toContain(enc.body.keys[1].key);
      }
      // The key fetched early is still "already delivered", not discarded.
      const again = await call<ErrorBody>(kmes.b.url, identity(pki, 'sae-b'), 'POST', '/api/v1/keys/sae-a/dec_keys', {
        key_IDs: [{ key_ID: ids[0] }],
      });
      expect(again.status).toBe(400);
      expect(again.body.message).toMatch(/already delivered/);
      expect(kmes.storeA.audit().ok).toBe(true);
      expect(kmes.storeB.audit().ok).toBe(true);
    } finally {
      await kmes.close();
      dir.remove();
    }
  }, 60_000);
});
