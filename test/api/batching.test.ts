/**
 * Group commit in the key service: requests submitted in the same turn of
 * the event loop form one batch. Batching must not change what each request
 * gets: each dec_keys request stays all-or-nothing and one bad request does
 * not fail the others; enc_keys requests that do not fit together are still
 * served one by one as far as the key lasts; a peer failure fails exactly
 * the requests of the reservation it concerned.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { Etsi014KeyService } from '../../src/api/etsi014/key-service.ts';
import { MemoryPeerReservations } from '../../src/api/etsi014/memory-peer-reservations.ts';
import { ReservationApplier } from '../../src/api/etsi014/reservation-applier.ts';
import { etsiHttpStatus } from '../../src/api/etsi014/errors.ts';
import type { KeyStore } from '../../src/keystore/key-store.ts';
import { withSeed } from '../support/seed.ts';
import { configFor, fillStores, openStore, tempDir, type TempDir } from '../support/etsi-kme-pair.ts';

let dir: TempDir;
let storeA: KeyStore;
let storeB: KeyStore;
let link: MemoryPeerReservations;
let dropSlave: string | undefined;
let a: Etsi014KeyService;
let b: Etsi014KeyService;

beforeEach(async () => {
  dir = tempDir();
  storeA = openStore(dir.file('a.db'));
  storeB = openStore(dir.file('b.db'));
  await withSeed('batching-fill', (rng) => fillStores(rng, [storeA, storeB], 2, 1024));
  const cfgB = configFor('B');
  dropSlave = undefined;
  link = new MemoryPeerReservations(
    new ReservationApplier({ store: storeB, localSaeIds: cfgB.localSaeIds, remoteSaeIds: cfgB.remoteSaeIds }),
    {
      fault: (d) => (d.slaveSae === dropSlave ? 'drop' : 'deliver'),
    },
  );
  a = new Etsi014KeyService(storeA, link, configFor('A'));
  b = new Etsi014KeyService(
    storeB,
    new MemoryPeerReservations(new ReservationApplier({ store: storeA, localSaeIds: ['sae-a'], remoteSaeIds: ['sae-b'] })),
    cfgB,
  );
});
afterEach(() => {
  storeA.close();
  storeB.close();
  dir.remove();
});

const status = (r: PromiseSettledResult<unknown>): number | 'ok' | 'not a delivery error' =>
  r.status === 'fulfilled' ? 'ok' : (etsiHttpStatus(r.reason) ?? 'not a delivery error');

describe('batched enc_keys', () => {
  it('requests of the same pair and size share one reservation, and each gets its own keys in order', async () => {
    const results = await Promise.all([1, 2, 3].map((n) => a.encKeys('sae-a', 'sae-b', { number: n, sizeBits: 64 })));
    expect(link.sent).toHaveLength(1);
    expect(results.map((r) => r.keys.length)).toEqual([1, 2, 3]);
    const ids = results.flatMap((r) => r.keys.map((k) => k.key_ID));
    expect(new Set(ids).size).toBe(6);
    // Requests of different sizes or slaves get their own reservation in the same batch.
    await Promise.all([
      a.encKeys('sae-a', 'sae-b', { number: 1, sizeBits: 64 }),
      a.encKeys('sae-a', 'sae-b', { number: 1, sizeBits: 128 }),
      a.encKeys('sae-a', 'sae-c', { number: 1, sizeBits: 64 }),
    ]);
    expect(link.sent).toHaveLength(4);
    const dec = await b.decKeys('sae-b', 'sae-a', { keyIds: ids });
    expect(dec.keys).toEqual(results.flatMap((r) => r.keys));
  });

  it('when the batch does not fit, requests are cut one by one while the key lasts', async () => {
    const bits = storeA.stats().appBits;
    const per = Math.floor(bits / 64 / 3) + 1; // three requests of `per` keys exceed the pool, two fit
    const settled = await Promise.allSettled([0, 1, 2].map(() => a.encKeys('sae-a', 'sae-b', { number: per, sizeBits: 64 })));
    expect(settled.map(status)).toEqual(['ok', 'ok', 503]);
    expect(storeA.stats().appBits).toBe(bits - 2 * per * 64);
    expect(storeB.stats().reservedKeys).toBe(2 * per);
  });

  it('a reservation the peer did not confirm fails its requests only', async () => {
    dropSlave = 'sae-c';
    const settled = await Promise.allSettled([
      a.encKeys('sae-a', 'sae-c', { number: 1, sizeBits: 64 }),
      a.encKeys('sae-a', 'sae-b', { number: 2, sizeBits: 64 }),
    ]);
    expect(link.sent).toHaveLength(2);
    expect(settled.map(status)).toEqual([503, 'ok']);
    expect(storeA.stats().reservedKeys).toBe(0);
  });
});

describe('batched dec_keys', () => {
  it('one bad request in a batch fails alone; every request stays all-or-nothing', async () => {
    const enc = await a.encKeys('sae-a', 'sae-b', { number: 4, sizeBits: 64 });
    const [k1, k2, k3, k4] = enc.keys.map((k) => k.key_ID);
    const settled = await Promise.allSettled([
      b.decKeys('sae-b', 'sae-a', { keyIds: [k1] }),
      b.decKeys('sae-b', 'sae-a', { keyIds: [k2, randomUUID()] }), // unknown ID: fails, k2 stays
      b.decKeys('sae-b', 'sae-a', { keyIds: [k3] }),
      b.decKeys('sae-b', 'sae-a', { keyIds: [k3] }), // the same key twice in one batch: only one wins
      b.decKeys('sae-c', 'sae-a', { keyIds: [k4] }), // not sae-c's key
    ]);
    expect(settled.map(status)).toEqual(['ok', 400, 'ok', 400, 401]);
    expect(storeB.keyInfo(k2)?.state).toBe('reserved');
    expect(storeB.keyInfo(k4)?.state).toBe('reserved');
    const rest = await b.decKeys('sae-b', 'sae-a', { keyIds: [k2, k4] });
    expect(rest.keys).toEqual([enc.keys[1], enc.keys[3]]);
  });
});
