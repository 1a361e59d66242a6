/**
 * Key-ID coordination between the KMEs: the reservation's wire form in the
 * peer protocol, and PeerChannelReservations over real authenticated peer
 * channels on loopback TCP (ack, refusal, timeout, closed session, ordering
 * of pipelined reservations).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEnvelope, encodeEnvelope } from '../../src/peer/messages.ts';
import { requestToReservation, reservationToRequest } from '../../src/api/etsi014/reservation-wire.ts';
import { ReservationApplier } from '../../src/api/etsi014/reservation-applier.ts';
import type { ReservationRequestHandler } from '../../src/api/etsi014/reservation-link.ts';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import { PeerChannelReservations } from '../../src/api/etsi014/peer-reservations.ts';
import type { KeyStore } from '../../src/keystore/key-store.ts';
import { withSeed } from '../support/seed.ts';
import { fillStores, openStore, tempDir, type TempDir } from '../support/etsi-kme-pair.ts';
import { openLoopbackReservations, type LoopbackReservations } from '../support/loopback-link.ts';

let dir: TempDir;
let storeA: KeyStore;
let storeB: KeyStore;
let link: LoopbackReservations | undefined;

beforeEach(async () => {
  dir = tempDir();
  storeA = openStore(dir.file('a.db'));
  storeB = openStore(dir.file('b.db'));
  // Small odd-sized blocks so that keys straddle block boundaries; 120 x 296 bits covers the largest draw (20 x 3 x 512).
  await withSeed('peer-link-fill', (rng) => fillStores(rng, [storeA, storeB], 120, 37));
});
afterEach(async () => {
  await link?.close();
  link = undefined;
  storeA.close();
  storeB.close();
  dir.remove();
});

const saes = { masterSae: 'sae-a', slaveSae: 'sae-b' };
const applierB = () => new ReservationApplier({ store: storeB, localSaeIds: ['sae-b'], remoteSaeIds: ['sae-a'] });

describe('reservation wire form', () => {
  it('round-trips through the peer protocol envelope, keys straddling blocks included', async () => {
    await withSeed('wire', (rng) => {
      for (let i = 0; i < 20; i++) {
        const d = storeA.reserve(1 + (rng.nextU32() % 3), 8 * (1 + (rng.nextU32() % 64)), saes);
        const env = decodeEnvelope(encodeEnvelope({ keyReservationRequest: reservationToRequest(d) }));
        expect(env.body).toBe('keyReservationRequest');
        expect(requestToReservation(env.keyReservationRequest ?? {})).toEqual(d);
      }
    });
  });

  it('refuses inconsistent messages', () => {
    const d = storeA.reserve(2, 64, saes);
    const r = reservationToRequest(d);
    expect(() => requestToReservation({ ...r, keyIds: [d.keys[0].keyId] })).toThrow(/key IDs|cover/);
    expect(() => requestToReservation({ ...r, keySizeBits: 48 })).toThrow(/boundaries|cover/);
    // Additional slave SAEs travel with the reservation (ETSI key multicast).
    expect(requestToReservation({ ...r, additionalSlaveSaeIds: ['sae-c'] }).additionalSlaveSaes).toEqual(['sae-c']);
    expect(() => requestToReservation({ ...r, segments: [{ blockId: 'blk-0', startBit: 8, endBit: 8 }] })).toThrow(/empty/);
  });
});

describe('PeerChannelReservations over loopback', () => {
  it('resolves once the slave applied the reservation; pipelined reservations arrive in cut order', async () => {
    link = await openLoopbackReservations({ handlerB: applierB() });
    const descriptions = Array.from({ length: 50 }, (_, i) => storeA.reserve(1 + (i % 3), 8 * (1 + (i % 17)), saes));
    // All sent before any ack: the slave must see them in this order or the cuts would mismatch.
    await Promise.all(descriptions.map((d) => link!.a.reserveOnPeer(d)));
    for (const d of descriptions) {
      for (const k of d.keys) expect(storeB.keyInfo(k.keyId)).toMatchObject({ state: 'reserved', side: 'slave', sizeBits: d.sizeBits });
    }
    expect(storeB.stats().skippedBits).toBe(0);
    expect(storeB.stats().appBits).toBe(storeA.stats().appBits);
  });

  it('group commit: a reservation waits for its cut to be durable, and later ones wait behind it (cut order)', async () => {
    link = await openLoopbackReservations({ handlerB: applierB() });
    const gate: { open?: () => void } = {};
    const durable = new Promise<void>((resolve) => {
      gate.open = resolve;
    });
    const d1 = storeA.reserve(2, 64, saes);
    const d2 = storeA.reserve(1, 64, saes);
    const first = link.a.reserveOnPeer(d1, durable);
    // No durability to wait for, but sent after d1 all the same.
    const second = link.a.reserveOnPeer(d2);
    await new Promise((r) => setTimeout(r, 200));
    // Nothing left before d1's cut was durable.
    expect(storeB.keyInfo(d1.keys[0].keyId)).toBeUndefined();
    expect(storeB.keyInfo(d2.keys[0].keyId)).toBeUndefined();
    gate.open?.();
    await Promise.all([first, second]);
    expect(storeB.keyInfo(d1.keys[1].keyId)?.side).toBe('slave');
    expect(storeB.keyInfo(d2.keys[0].keyId)?.side).toBe('slave');
    expect(storeB.stats().skippedBits).toBe(0);
  });

  it('group commit: a reservation whose commit failed is never sent and rejects with the commit error', async () => {
    link = await openLoopbackReservations({ handlerB: applierB() });
    const lost = new QkdError(QkdErrorCode.KeyStoreCommitFailed, 'test: commit failed');
    const d = storeA.reserve(1, 64, saes);
    const err = await link.a.reserveOnPeer(d, Promise.reject(lost)).catch((e: unknown) => e);
    expect(err).toBe(lost);
    const next = storeA.reserve(1, 64, saes);
    await link.a.reserveOnPeer(next);
    expect(storeB.keyInfo(d.keys[0].keyId)).toBeUndefined();
    expect(storeB.keyInfo(next.keys[0].keyId)?.state).toBe('reserved');
  });

  it('a refusal from the slave rejects with its reason', async () => {
    link = await openLoopbackReservations({ handlerB: applierB() });
    const d = storeA.reserve(1, 64, { masterSae: 'sae-a', slaveSae: 'sae-zzz' });
    const err = await link.a.reserveOnPeer(d).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QkdError);
    expect((err as QkdError).code).toBe(QkdErrorCode.ReservationRejected);
    expect((err as Error).message).toMatch(/sae-zzz is not attached/);
    expect(storeB.keyInfo(d.keys[0].keyId)).toBeUndefined();
  });

  it('a node without a handler refuses reservations', async () => {
    link = await openLoopbackReservations({});
    const err = await link.a.reserveOnPeer(storeA.reserve(1, 64, saes)).catch((e: unknown) => e);
    expect((err as QkdError).code).toBe(QkdErrorCode.ReservationRejected);
  });

  it('times out when the slave does not answer', async () => {
    const never: ReservationRequestHandler = { handleReservationRequest: () => new Promise(() => undefined) };
    link = await openLoopbackReservations({ handlerB: never });
    const a = new PeerChannelReservations({ timeoutMs: 200 });
    a.attach(link.channelA);
    const err = await a.reserveOnPeer(storeA.reserve(1, 64, saes)).catch((e: unknown) => e);
    expect((err as QkdError).code).toBe(QkdErrorCode.ReservationTimeout);
  });

  it('a closed session fails waiting and later reservations as unreachable', async () => {
    const gate: { release?: () => void } = {};
    const slow: ReservationRequestHandler = {
      handleReservationRequest: () => new Promise((resolve) => (gate.release = () => resolve('applied'))),
    };
    link = await openLoopbackReservations({ handlerB: slow });
    const waiting = link.a.reserveOnPeer(storeA.reserve(1, 64, saes)).catch((e: unknown) => e);
    while (gate.release === undefined) await new Promise((r) => setTimeout(r, 5));
    await link.channelB.close();
    const err = await waiting;
    expect((err as QkdError).code).toBe(QkdErrorCode.ReservationUnreachable);
    const later = await link.a.reserveOnPeer(storeA.reserve(1, 64, saes)).catch((e: unknown) => e);
    expect((later as QkdError).code).toBe(QkdErrorCode.ReservationUnreachable);
    gate.release();
  });

  it('with no session attached, reservations fail at once', async () => {
    const lone = new PeerChannelReservations();
    const err = await lone.reserveOnPeer(storeA.reserve(1, 64, saes)).catch((e: unknown) => e);
    expect((err as QkdError).code).toBe(QkdErrorCode.ReservationUnreachable);
  });
});
