/**
 * The ETSI GS QKD 014 operations of one KME, independent of HTTP.
 *
 * Roles (ETSI 014): the master SAE calls enc_keys at its own KME naming the
 * slave SAE; the slave SAE calls dec_keys at its KME with the key_IDs. A SAE
 * attached to either KME of the pair may be the master, its slave being a
 * SAE at the other KME.
 *
 * Design: one allocator. Both stores hold the same application pool and cut
 * it from the front (src/keystore), so two KMEs cutting on their own would
 * hand out the same bits. One KME of the pair, the allocator (`cutsKeys`,
 * the transmitter's), makes every cut; the other applies them in the
 * allocator's cut order. We chose this over splitting the pool in two
 * directions because a fixed split strands key in the direction nobody uses
 * and needs a store layout both nodes must agree on forever; the allocator
 * keeps one pool, one order and today's store, for one extra message.
 *
 * enc_keys on the allocator (its master SAE):
 * 1. the store `reserve`s the keys (cuts them from the front of its pool,
 *    assigns UUIDs) — synchronous, so concurrent requests get consecutive,
 *    non-overlapping cuts;
 * 2. in the same synchronous step, `peer.reserveOnPeer` sends the description
 *    (so the peer sees reservations in cut order; see reservation-link.ts);
 * 3. the peer applies it durably (slave side) and acknowledges;
 * 4. only then does the allocator `deliver` the keys to its SAE (one
 *    transaction: returned and deleted together). On any failure in 2–3 it
 *    `discardReservation`s and answers 503.
 *
 * enc_keys on the other KME (its master SAE):
 * 1. `peer.reserveFromPeer` sends a cut request (SAEs, number, size, a
 *    reservation ID we chose) to the allocator;
 * 2. the allocator cuts and records the keys durably as the *slave* side
 *    (its SAE is the slave) and, in the same synchronous step, sends the
 *    description with `reserveOnPeer` — in one ordered stream with its own
 *    reservations, so this KME still applies every cut in cut order;
 * 3. this KME applies it durably as the *master* side, acknowledges, and only
 *    then delivers to its SAE. If the allocator refuses, or does not answer
 *    within the deadline, nothing is delivered (503); a refused description
 *    is destroyed on the allocator, an unanswered one expires there.
 *
 * Invariants, in both directions: a key is handed to a SAE only after both
 * stores hold it durably (the allocator before it sends; the other KME
 * before it acknowledges or delivers); every bit is cut once, by the
 * allocator, so concurrent enc_keys on the two KMEs never share bits; each
 * store `deliver`s a key once per SAE it names; a side that held a key for a
 * SAE never discards it before its peer has handed it out except by expiry.
 *
 * Expiry (src/keystore/README.md): each store dates a reservation when *it*
 * records it; the master side expires `ttl` later, the slave side
 * `ttl + grace` later. On the allocator's own path the slave (peer) records
 * after the master. On the other path the slave (allocator) records first, by
 * at most the time from our cut request to our apply; we cap that wait at
 * `grace` (`deadlineMs`), so the slave copy still outlives the master copy
 * here and the slave SAE has at least `ttl` after our SAE got the key.
 *
 * additional_slave_SAE_IDs (ETSI key multicast): served, up to
 * `max_SAE_ID_count` (config `maxSaeIdCount`). The reservation names them;
 * the slave KME's store lets the slave SAE and each additional slave take
 * each key once (a key stays reserved until all have, or it expires). Each
 * must be a SAE at the peer KME, as the slave in the path must (else 401).
 *
 * dec_keys `deliver`s each key once to each slave SAE named in the
 * reservation, and only keys this KME holds as the slave side.
 *
 * Requests that arrive together are served as a batch (batcher.ts): one
 * reservation (or cut request), one peer round trip and one delivery
 * for all enc_keys requests of the same SAEs and size; one delivery for all
 * dec_keys requests of a SAE pair. The steps above hold per batch.
 *
 * Group commit (src/keystore/README.md "Group commit"): every store change a
 * KME makes in one event-loop turn — reserves, applies, deliveries, for all
 * SAEs — commits as one transaction, one fsync, after the turn; each is
 * still all or nothing (a savepoint). Nothing that depends on a change
 * leaves before its commit is durable: a reservation is sent to the peer
 * (`reserveOnPeer(description, store.durable())`) and an ack is sent
 * (reservation-applier.ts) only then, and keys go to a SAE only then
 * (`deliverDurably`, `decBatch`). A failed commit undoes the whole group:
 * nothing of it was sent, so every request in it fails with 503. So the
 * invariants above hold as they did with one transaction per change, and
 * every key still waits for the same four commits (reserve on the
 * allocator, apply on the peer, deliver on each side), but a commit serves
 * everything of its turn instead of one batch of one kind.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { KeyStore, DeliveredKey } from '../../keystore/key-store.ts';
import { isDeliveryError, isKeyStoreError, QkdError, QkdErrorCode } from '../../../errors/index.ts';
import type { Etsi014Config } from './config.ts';
import { badRequest, unauthorized, unavailable } from './errors.ts';
import type { PeerReservations } from './reservation-link.ts';
import type { ReservationDescription } from '../../keystore/reservation.ts';
import { MicroBatcher, type Settled } from './batcher.ts';
import { DEFAULT_MAX_SAE_ID_COUNT, type DecKeysRequest, type EncKeysRequest } from './requests.ts';

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
  readonly additionalSlaveSaes: readonly string[];
  readonly number: number;
  readonly sizeBits: number;
}

/** A reservation in progress for some requests of a batch (indices into the batch). */
interface EncUnit {
  readonly members: number[];
  /** Resolves once both KMEs hold the keys durably; rejects with an ETSI error. */
  readonly reserved: Promise<ReservationDescription>;
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
      // Most additional_slave_SAE_IDs per enc_keys (ETSI "key multicast").
      max_SAE_ID_count: this.config.maxSaeIdCount ?? DEFAULT_MAX_SAE_ID_COUNT,
      // Both KMEs serve enc_keys; the allocator makes every cut (header of this file).
      status_extension: {
        qkdd_serves_enc_keys: true,
        qkdd_key_allocator: this.config.cutsKeys ? this.config.kmeId : this.config.peerKmeId,
      },
    };
  }

  encKeys(caller: string, slaveSae: string, request: EncKeysRequest): Promise<EtsiKeyContainer> {
    this.requireRemoteSae(slaveSae, 'slave');
    const additional = request.additionalSlaveSaeIds ?? [];
    const max = this.config.maxSaeIdCount ?? DEFAULT_MAX_SAE_ID_COUNT;
    if (additional.length > max) {
      throw badRequest(`additional_slave_SAE_IDs names ${additional.length} SAEs; this KME allows at most max_SAE_ID_count (${max})`, {
        parameter: 'additional_slave_SAE_IDs',
      });
    }
    for (const id of additional) {
      if (id === slaveSae)
        throw badRequest(`additional_slave_SAE_IDs repeats the slave SAE ${slaveSae} of the path`, {
          parameter: 'additional_slave_SAE_IDs',
        });
      this.requireRemoteSae(id, 'slave');
    }
    return this.encBatcher.submit({
      caller,
      slaveSae,
      additionalSlaveSaes: additional,
      number: request.number,
      sizeBits: request.sizeBits,
    });
  }

  decKeys(caller: string, masterSae: string, request: DecKeysRequest): Promise<EtsiKeyContainer> {
    this.requireRemoteSae(masterSae, 'master');
    return this.decBatcher.submit({ caller, masterSae, keyIds: request.keyIds });
  }

  private readonly encBatcher = new MicroBatcher<EncItem, EtsiKeyContainer>((items) => this.encBatch(items));
  private readonly decBatcher = new MicroBatcher<DecItem, EtsiKeyContainer>((items) => this.decBatch(items));

  /**
   * Serve a batch of enc_keys requests. Requests with the same SAEs and key
   * size share one reservation (one cut, one peer round trip, one delivery
   * transaction); if the shared cut does not fit, each request of the group
   * is cut on its own, so those that fit are still served.
   */
  private async encBatch(items: EncItem[]): Promise<Array<Settled<EtsiKeyContainer>>> {
    const results: Array<Settled<EtsiKeyContainer>> = new Array(items.length);
    const groups = new Map<string, number[]>();
    items.forEach((it, i) => {
      const key = [it.caller, it.slaveSae, it.sizeBits, ...it.additionalSlaveSaes].join('\u0000');
      const g = groups.get(key);
      if (g === undefined) groups.set(key, [i]);
      else g.push(i);
    });
    // Start every reservation in one synchronous pass: on the allocator, the
    // call order of reserveOnPeer must be the cut order (reservation-link.ts).
    const units: EncUnit[] = [];
    for (const members of groups.values()) {
      try {
        units.push(this.startUnit(items, members));
      } catch (err) {
        if (members.length === 1) {
          results[members[0]] = { ok: false, error: err };
          continue;
        }
        for (const i of members) {
          try {
            units.push(this.startUnit(items, [i]));
          } catch (e) {
            results[i] = { ok: false, error: e };
          }
        }
      }
    }
    // Concurrently: the deliveries of units whose reservations came back together share one commit.
    await Promise.all(units.map((unit) => this.finishUnit(items, unit, results)));
    return results;
  }

  /**
   * Reserve the keys of `members` on both KMEs. On the allocator the cut is
   * synchronous (a cut that does not fit throws here); on the other KME the
   * allocator's refusal arrives as a rejection.
   */
  private startUnit(items: EncItem[], members: number[]): EncUnit {
    const first = items[members[0]];
    const count = members.reduce((n, i) => n + items[i].number, 0);
    const saes = { masterSae: first.caller, slaveSae: first.slaveSae, additionalSlaveSaes: first.additionalSlaveSaes };
    let reserved: Promise<ReservationDescription>;
    if (this.config.cutsKeys) {
      const description = this.storeCall(() => this.store.grouped(() => this.store.reserve(count, first.sizeBits, saes)));
      // Sent once the cut is durable (the turn's group commit), in cut order.
      reserved = this.peer.reserveOnPeer(description, this.store.durable()).then(
        () => description,
        (err: unknown) => {
          this.discard(description.reservationId);
          this.log?.warn(
            { reservationId: description.reservationId, err: (err as Error).message },
            'peer KME did not take the reservation',
          );
          throw unavailable(`peer KME ${this.config.peerKmeId} did not confirm the key reservation`, { reason: reservationFailure(err) });
        },
      );
    } else {
      const reservationId = randomUUID();
      reserved = this.peer
        .reserveFromPeer({
          reservationId,
          ...saes,
          count,
          sizeBits: first.sizeBits,
          deadlineMs: slaveGraceMs(this.store.reservationExpiry.ttlMs),
        })
        .catch((err: unknown) => {
          this.log?.warn({ reservationId, err: (err as Error).message }, 'the allocating KME did not reserve keys for us');
          throw this.remoteFailure(err);
        });
    }
    // Failures are handled in finishUnit; keep the rejection from being reported as unhandled meanwhile.
    reserved.catch(() => undefined);
    return { members, reserved };
  }

  /** Wait for a unit's reservation and deliver its keys to the master SAE; a shared cut the allocator refused is retried per request. */
  private async finishUnit(items: EncItem[], unit: EncUnit, results: Array<Settled<EtsiKeyContainer>>): Promise<void> {
    const { members } = unit;
    let description: ReservationDescription;
    try {
      description = await unit.reserved;
    } catch (error) {
      if (members.length > 1 && isNotEnoughKey(error)) {
        const singles = members.map((i) => this.startUnit(items, [i]));
        await Promise.all(singles.map((single) => this.finishUnit(items, single, results)));
        return;
      }
      for (const i of members) results[i] = { ok: false, error };
      return;
    }
    const first = items[members[0]];
    try {
      const keys = await this.deliverDurably(() =>
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

  /** The ETSI error for a cut request the allocator did not serve: 503 either way, "not enough key" when it said so. */
  private remoteFailure(err: unknown): QkdError {
    if (err instanceof QkdError && err.message.includes(`QKD-${QkdErrorCode.NotEnoughKey} `))
      return notEnoughKey(`not enough key material stored for this request (at the allocating KME ${this.config.peerKmeId})`);
    return unavailable(`peer KME ${this.config.peerKmeId} did not reserve the keys`, { reason: reservationFailure(err) });
  }

  /**
   * Serve a batch of dec_keys requests: all of a SAE pair in one delivery
   * (a savepoint of the turn's group commit). If that fails (one request
   * names a bad or already delivered key), nothing was delivered, and each
   * request is retried on its own so that only the bad one fails, and each
   * request stays all-or-nothing. Keys leave only once the group is durable.
   * Only keys this KME holds as the slave side are served (`side`): keys it
   * holds as the master side were never meant for dec_keys (401).
   */
  private async decBatch(items: DecItem[]): Promise<Array<Settled<EtsiKeyContainer>>> {
    const results: Array<Settled<EtsiKeyContainer>> = new Array(items.length);
    const delivered: Array<DeliveredKey[] | undefined> = new Array(items.length);
    const groups = new Map<string, number[]>();
    items.forEach((it, i) => {
      const key = `${it.caller}\u0000${it.masterSae}`;
      const g = groups.get(key);
      if (g === undefined) groups.set(key, [i]);
      else g.push(i);
    });
    const deliver = (keyIds: readonly string[], it: DecItem): DeliveredKey[] =>
      this.store.grouped(() => this.store.deliver(keyIds, { sae: it.caller, counterpartSae: it.masterSae, side: 'slave' }));
    const deliverOne = (i: number): void => {
      try {
        delivered[i] = this.storeCall(() => deliver(items[i].keyIds, items[i]));
      } catch (error) {
        results[i] = { ok: false, error };
      }
    };
    for (const members of groups.values()) {
      if (members.length === 1) {
        deliverOne(members[0]);
        continue;
      }
      let keys: DeliveredKey[];
      try {
        keys = deliver(
          members.flatMap((i) => items[i].keyIds),
          items[members[0]],
        );
      } catch {
        for (const i of members) deliverOne(i);
        continue;
      }
      let offset = 0;
      for (const i of members) {
        delivered[i] = keys.slice(offset, offset + items[i].keyIds.length);
        offset += items[i].keyIds.length;
      }
    }
    const failure = await this.commitFailure();
    delivered.forEach((keys, i) => {
      if (keys === undefined) return;
      if (failure === undefined) results[i] = { ok: true, value: container(keys) };
      else {
        for (const k of keys) k.key.fill(0);
        results[i] = { ok: false, error: failure };
      }
    });
    this.log?.info({ requests: items.length }, 'dec_keys batch served');
    return results;
  }

  /**
   * Deliver in the turn's commit group and return the keys once they are
   * durably marked delivered (zeroed and 503 if that commit fails).
   */
  private async deliverDurably(deliver: () => DeliveredKey[]): Promise<DeliveredKey[]> {
    const keys = this.storeCall(() => this.store.grouped(deliver));
    const failure = await this.commitFailure();
    if (failure === undefined) return keys;
    for (const k of keys) k.key.fill(0);
    throw failure;
  }

  /** Wait for the store's open commit group: undefined once durable, else the ETSI error (503). */
  private async commitFailure(): Promise<QkdError | undefined> {
    try {
      await this.store.durable();
      return undefined;
    } catch (err) {
      this.log?.error({ err: (err as Error).message }, 'key store commit failed; nothing of it was handed out');
      return unavailable('key store error');
    }
  }

  private discard(reservationId: string): void {
    try {
      this.store.discardReservation(reservationId);
    } catch (err) {
      // Its group commit failed: the cut was undone and never sent, nothing to discard.
      if (isKeyStoreError(err, QkdErrorCode.UnknownReservation)) return;
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
            throw notEnoughKey('not enough key material stored for this request', {
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

/** 503 for a request the pool cannot serve now; marked so that a shared cut can be retried request by request. */
function notEnoughKey(message: string, detail: Record<string, number> = {}): QkdError {
  const etsi = Object.keys(detail).length === 0 ? {} : { etsi: [detail] };
  return new QkdError(QkdErrorCode.DeliveryUnavailable, message, { ...etsi, notEnoughKey: true });
}

function isNotEnoughKey(err: unknown): boolean {
  return isDeliveryError(err) && err.details.notEnoughKey === true;
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
