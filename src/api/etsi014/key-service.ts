/**
 * The ETSI GS QKD 014 operations of one KME, independent of HTTP.
 *
 * Key-ID coordination (enc_keys on the master KME, dec_keys on the slave):
 * 1. the master store `reserve`s the keys (cuts them from the front of its
 *    pool, assigns UUIDs) — synchronous, so concurrent requests get
 *    consecutive, non-overlapping cuts;
 * 2. in the same synchronous step, `peer.reserveOnPeer` sends the description
 *    (so the slave sees reservations in cut order; see reservation-link.ts);
 * 3. the slave applies it durably and acknowledges;
 * 4. only then does the master `deliver` the keys to its SAE (one
 *    transaction: returned and deleted together). On any failure in 2–3 the
 *    master `discardReservation`s and answers 503: a key is never handed out
 *    on one side without existing on the other.
 * dec_keys on the slave `deliver`s each key once to the slave SAE named in
 * the reservation, and only keys this KME holds as the slave side.
 *
 * Requests that arrive together are served as a batch (batcher.ts): one
 * reservation, one peer round trip and one delivery transaction for all
 * enc_keys requests of the same SAE pair and size; one delivery transaction
 * for all dec_keys requests of a SAE pair. The steps above hold per batch.
 */
import type { Logger } from 'pino';
import type { KeyStore, DeliveredKey } from '../../keystore/key-store.ts';
import { isDeliveryError, isKeyStoreError, QkdErrorCode } from '../../../errors/index.ts';
import type { Etsi014Config } from './config.ts';
import { badRequest, unauthorized, unavailable } from './errors.ts';
import type { PeerReservations } from './reservation-link.ts';
import type { ReservationDescription } from '../../keystore/reservation.ts';
import { MicroBatcher, type Settled } from './batcher.ts';
import type { DecKeysRequest, EncKeysRequest } from './requests.ts';

export interface EtsiStatusBody {
  source_KME_ID: string;
  target_KME_ID: string;
  master_SAE_ID: string;
  slave_SAE_ID: string;
  key_size: number;
  stored_key_count: number;
  max_key_count: number;
  max_key_per_request: number;
  max_key_size: number;
  min_key_size: number;
  max_SAE_ID_count: number;
  status_extension?: Record<string, unknown>;
}

export interface EtsiKey {
  key_ID: string;
  key: string;
}

export interface EtsiKeyContainer {
  keys: EtsiKey[];
}

interface EncItem {
  readonly caller: string;
  readonly slaveSae: string;
  readonly number: number;
  readonly sizeBits: number;
}

interface DecItem {
  readonly caller: string;
  readonly masterSae: string;
  readonly keyIds: readonly string[];
}

export class Etsi014KeyService {
  constructor(
    private readonly store: KeyStore,
    private readonly peer: PeerReservations,
    private readonly config: Etsi014Config,
    private readonly log?: Logger,
  ) {
    // Both KMEs run this service, so both stores get the same rule (README of src/keystore, "Reservation expiry").
    if (config.reservationTtlS !== undefined) {
      const ttlMs = config.reservationTtlS * 1000;
      store.setReservationExpiry({ ttlMs, slaveGraceMs: slaveGraceMs(ttlMs) });
    }
  }

  /** The caller must be one of our SAEs (its certificate named it). */
  requireLocalCaller(caller: string | undefined): string {
    if (caller === undefined) throw unauthorized('client certificate names no SAE (expected one URI subjectAltName sae:<id>)');
    if (!this.config.localSaeIds.includes(caller))
      throw unauthorized(`SAE ${caller} is not attached to KME ${this.config.kmeId}`, { SAE_ID: caller });
    return caller;
  }

  private requireRemoteSae(id: string, role: 'slave' | 'master'): void {
    if (!this.config.remoteSaeIds.includes(id)) {
      throw unauthorized(`${role} SAE ${id} is not reachable through KME ${this.config.kmeId} and its peer ${this.config.peerKmeId}`, {
        [`${role}_SAE_ID`]: id,
      });
    }
  }

  status(caller: string, slaveSae: string): EtsiStatusBody {
    this.requireRemoteSae(slaveSae, 'slave');
    const stats = this.storeCall(() => this.store.stats(this.config.keySizeBits));
    return {
      source_KME_ID: this.config.kmeId,
      target_KME_ID: this.config.peerKmeId,
      master_SAE_ID: caller,
      slave_SAE_ID: slaveSae,
      key_size: this.config.keySizeBits,
      stored_key_count: stats.availableKeys ?? 0,
      // The store's capacity in keys of the default size.
      max_key_count: Math.floor(stats.maxBits / this.config.keySizeBits),
      max_key_per_request: this.config.maxKeysPerRequest,
      max_key_size: this.config.maxKeySizeBits,
      min_key_size: this.config.minKeySizeBits,
      // 0: no additional slave SAEs (ETSI "key multicast") are supported.
      max_SAE_ID_count: 0,
      status_extension: { qkdd_serves_enc_keys: this.config.cutsKeys },
    };
  }

  encKeys(caller: string, slaveSae: string, request: EncKeysRequest): Promise<EtsiKeyContainer> {
    this.requireRemoteSae(slaveSae, 'slave');
    if (!this.config.cutsKeys) {
      throw unavailable(`KME ${this.config.kmeId} does not cut keys; request enc_keys at KME ${this.config.peerKmeId}`, {
        KME_ID: this.config.peerKmeId,
      });
    }
    return this.encBatcher.submit({ caller, slaveSae, number: request.number, sizeBits: request.sizeBits });
  }

  decKeys(caller: string, masterSae: string, request: DecKeysRequest): Promise<EtsiKeyContainer> {
    this.requireRemoteSae(masterSae, 'master');
    return this.decBatcher.submit({ caller, masterSae, keyIds: request.keyIds });
  }

  private readonly encBatcher = new MicroBatcher<EncItem, EtsiKeyContainer>((items) => this.encBatch(items));
  private readonly decBatcher = new MicroBatcher<DecItem, EtsiKeyContainer>((items) => Promise.resolve(this.decBatch(items)));

  /**
   * Serve a batch of enc_keys requests. Requests with the same SAE pair and
   * key size share one reservation (one cut, one peer round trip, one
   * delivery transaction); if the shared cut does not fit, each request of
   * the group is cut on its own, so those that fit are still served.
   */
  private async encBatch(items: EncItem[]): Promise<Array<Settled<EtsiKeyContainer>>> {
    const results: Array<Settled<EtsiKeyContainer>> = new Array(items.length);
    const groups = new Map<string, number[]>();
    items.forEach((it, i) => {
      const key = `${it.caller}\u0000${it.slaveSae}\u0000${it.sizeBits}`;
      const g = groups.get(key);
      if (g === undefined) groups.set(key, [i]);
      else g.push(i);
    });
    // Cut and send every reservation synchronously, in one pass: the call order of
    // reserveOnPeer must be the cut order (reservation-link.ts).
    const units: Array<{ members: number[]; description: ReservationDescription; acked: Promise<void> }> = [];
    const cut = (members: number[]): void => {
      const first = items[members[0]];
      const count = members.reduce((n, i) => n + items[i].number, 0);
      const description = this.storeCall(() =>
        this.store.reserve(count, first.sizeBits, { masterSae: first.caller, slaveSae: first.slaveSae }),
      );
      const acked = this.peer.reserveOnPeer(description);
      // Failures are handled below; keep the rejection from being reported as unhandled meanwhile.
      acked.catch(() => undefined);
      units.push({ members, description, acked });
    };
    for (const members of groups.values()) {
      try {
        cut(members);
      } catch (err) {
        if (members.length === 1) {
          results[members[0]] = { ok: false, error: err };
          continue;
        }
        for (const i of members) {
          try {
            cut([i]);
          } catch (e) {
            results[i] = { ok: false, error: e };
          }
        }
      }
    }
    for (const unit of units) {
      const { description, members } = unit;
      try {
        await unit.acked;
      } catch (err) {
        this.discard(description.reservationId);
        this.log?.warn({ reservationId: description.reservationId, err: (err as Error).message }, 'peer KME did not take the reservation');
        const error = unavailable(`peer KME ${this.config.peerKmeId} did not confirm the key reservation`, {
          reason: reservationFailure(err),
        });
        for (const i of members) results[i] = { ok: false, error };
        continue;
      }
      const first = items[members[0]];
      try {
        const keys = this.storeCall(() =>
          this.store.deliver(
            description.keys.map((k) => k.keyId),
            { sae: first.caller, counterpartSae: first.slaveSae },
          ),
        );
        // The reservation's keys are in request order: request j takes the next `number` of them.
        let offset = 0;
        for (const i of members) {
          const mine = keys.slice(offset, offset + items[i].number);
          offset += items[i].number;
          results[i] = { ok: true, value: container(mine) };
        }
        this.log?.info(
          { sae: first.caller, slaveSae: first.slaveSae, number: keys.length, sizeBits: first.sizeBits, requests: members.length },
          'enc_keys delivered',
        );
      } catch (error) {
        for (const i of members) results[i] = { ok: false, error };
      }
    }
    return results;
  }

  /**
   * Serve a batch of dec_keys requests: all of a SAE pair in one delivery
   * transaction. If that fails (one request names a bad or already delivered
   * key), nothing was delivered, and each request is retried on its own so
   * that only the bad one fails, and each request stays all-or-nothing.
   */
  private decBatch(items: DecItem[]): Array<Settled<EtsiKeyContainer>> {
    const results: Array<Settled<EtsiKeyContainer>> = new Array(items.length);
    const groups = new Map<string, number[]>();
    items.forEach((it, i) => {
      try {
        // Keys this KME holds as the master side were never meant for dec_keys.
        for (const keyId of it.keyIds) {
          const info = this.store.keyInfo(keyId);
          if (info !== undefined && info.side !== 'slave')
            throw unauthorized(`key ${keyId} is not for SAE ${it.caller}`, { key_ID: keyId });
        }
      } catch (error) {
        results[i] = { ok: false, error };
        return;
      }
      const key = `${it.caller}\u0000${it.masterSae}`;
      const g = groups.get(key);
      if (g === undefined) groups.set(key, [i]);
      else g.push(i);
    });
    const deliverOne = (i: number): void => {
      const it = items[i];
      try {
        results[i] = {
          ok: true,
          value: container(this.storeCall(() => this.store.deliver(it.keyIds, { sae: it.caller, counterpartSae: it.masterSae }))),
        };
      } catch (error) {
        results[i] = { ok: false, error };
      }
    };
    for (const members of groups.values()) {
      if (members.length === 1) {
        deliverOne(members[0]);
        continue;
      }
      const first = items[members[0]];
      let keys: DeliveredKey[];
      try {
        keys = this.store.deliver(
          members.flatMap((i) => items[i].keyIds),
          { sae: first.caller, counterpartSae: first.masterSae },
        );
      } catch {
        for (const i of members) deliverOne(i);
        continue;
      }
      let offset = 0;
      for (const i of members) {
        results[i] = { ok: true, value: container(keys.slice(offset, offset + items[i].keyIds.length)) };
        offset += items[i].keyIds.length;
      }
    }
    this.log?.info({ requests: items.length }, 'dec_keys batch served');
    return results;
  }

  private discard(reservationId: string): void {
    try {
      this.store.discardReservation(reservationId);
    } catch (err) {
      this.log?.error({ reservationId, err: (err as Error).message }, 'could not discard an unacknowledged reservation');
    }
  }

  /** Store errors as ETSI errors: the caller's fault is 400/401, the rest 503. */
  private storeCall<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (isDeliveryError(err)) throw err;
      if (isKeyStoreError(err)) {
        const keyId = typeof err.details.keyId === 'string' ? err.details.keyId : undefined;
        const detail: Record<string, string> = keyId === undefined ? {} : { key_ID: keyId };
        switch (err.code) {
          case QkdErrorCode.UnknownKeyId:
            throw badRequest(`unknown key_ID ${keyId ?? ''}`.trim(), detail);
          case QkdErrorCode.AlreadyDelivered:
            throw badRequest(`key_ID ${keyId ?? ''} was already delivered`, detail);
          case QkdErrorCode.WrongSae:
            throw unauthorized(`key ${keyId ?? ''} is not for this SAE`, detail);
          case QkdErrorCode.KeyStoreInvalidArgument:
            throw badRequest(err.message);
          case QkdErrorCode.NotEnoughKey:
            throw unavailable('not enough key material stored for this request', {
              needed_bits: Number(err.details.neededBits ?? 0),
              available_bits: Number(err.details.availableBits ?? 0),
            });
          default:
            break;
        }
      }
      this.log?.error({ err: (err as Error).message, code: (err as { code?: string }).code }, 'key store error');
      throw unavailable('key store error');
    }
  }
}

/**
 * How much later than the master the slave discards: a tenth of the TTL,
 * between 1 s and 30 s. The slave records a reservation after the master did,
 * so it never expires first; the grace covers clock-rate differences and the
 * time an apply can sit in the queue.
 */
export function slaveGraceMs(ttlMs: number): number {
  return Math.min(30_000, Math.max(1_000, Math.round(ttlMs / 10)));
}

/** The `reason` detail of a 503 after a failed reservation, as the ETSI body has always named it. */
function reservationFailure(err: unknown): string {
  if (isDeliveryError(err, QkdErrorCode.ReservationUnreachable)) return 'unreachable';
  if (isDeliveryError(err, QkdErrorCode.ReservationTimeout)) return 'timeout';
  if (isDeliveryError(err, QkdErrorCode.ReservationRejected)) return 'rejected';
  return 'error';
}

/** Base64 the keys and zero our copies of the bytes. */
function container(keys: DeliveredKey[]): EtsiKeyContainer {
  const out = keys.map((k) => {
    const entry = { key_ID: k.keyId, key: Buffer.from(k.key.buffer, k.key.byteOffset, k.key.byteLength).toString('base64') };
    k.key.fill(0);
    return entry;
  });
  return { keys: out };
}
