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
 */
import type { Logger } from 'pino';
import type { KeyStore, DeliveredKey } from '../../keystore/key-store.ts';
import { isKeyStoreError } from '../../keystore/errors.ts';
import type { Etsi014Config } from './config.ts';
import { EtsiError, badRequest, unauthorized, unavailable } from './errors.ts';
import type { PeerReservations } from './reservation-link.ts';
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

export class Etsi014KeyService {
  constructor(
    private readonly store: KeyStore,
    private readonly peer: PeerReservations,
    private readonly config: Etsi014Config,
    private readonly log?: Logger,
  ) {}

  /** The caller must be one of our SAEs (its certificate named it). */
  requireLocalCaller(caller: string | undefined): string {
    if (caller === undefined) throw unauthorized('client certificate names no SAE (expected one URI subjectAltName sae:<id>)');
    if (!this.config.localSaeIds.includes(caller)) throw unauthorized(`SAE ${caller} is not attached to KME ${this.config.kmeId}`, { SAE_ID: caller });
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

  async encKeys(caller: string, slaveSae: string, request: EncKeysRequest): Promise<EtsiKeyContainer> {
    this.requireRemoteSae(slaveSae, 'slave');
    if (!this.config.cutsKeys) {
      throw unavailable(`KME ${this.config.kmeId} does not cut keys; request enc_keys at KME ${this.config.peerKmeId}`, { KME_ID: this.config.peerKmeId });
    }
    const description = this.storeCall(() => this.store.reserve(request.number, request.sizeBits, { masterSae: caller, slaveSae }));
    // No await between reserve and reserveOnPeer: the call order must be the cut order.
    const acked = this.peer.reserveOnPeer(description);
    try {
      await acked;
    } catch (err) {
      this.discard(description.reservationId);
      this.log?.warn({ reservationId: description.reservationId, err: (err as Error).message }, 'peer KME did not take the reservation');
      throw unavailable(`peer KME ${this.config.peerKmeId} did not confirm the key reservation`, { reason: (err as { code?: string }).code ?? 'error' });
    }
    const keys = this.storeCall(() =>
      this.store.deliver(
        description.keys.map((k) => k.keyId),
        { sae: caller, counterpartSae: slaveSae },
      ),
    );
    this.log?.info({ sae: caller, slaveSae, number: keys.length, sizeBits: request.sizeBits }, 'enc_keys delivered');
    return container(keys);
  }

  decKeys(caller: string, masterSae: string, request: DecKeysRequest): EtsiKeyContainer {
    this.requireRemoteSae(masterSae, 'master');
    // Keys this KME holds as the master side were never meant for dec_keys.
    for (const keyId of request.keyIds) {
      const info = this.store.keyInfo(keyId);
      if (info !== undefined && info.side !== 'slave') throw unauthorized(`key ${keyId} is not for SAE ${caller}`, { key_ID: keyId });
    }
    const keys = this.storeCall(() => this.store.deliver(request.keyIds, { sae: caller, counterpartSae: masterSae }));
    this.log?.info({ sae: caller, masterSae, number: keys.length }, 'dec_keys delivered');
    return container(keys);
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
      if (err instanceof EtsiError) throw err;
      if (isKeyStoreError(err)) {
        const keyId = typeof err.details.keyId === 'string' ? err.details.keyId : undefined;
        const detail: Record<string, string> = keyId === undefined ? {} : { key_ID: keyId };
        switch (err.code) {
          case 'unknown-key-id':
            throw badRequest(`unknown key_ID ${keyId ?? ''}`.trim(), detail);
          case 'already-delivered':
            throw badRequest(`key_ID ${keyId ?? ''} was already delivered`, detail);
          case 'wrong-sae':
            throw unauthorized(`key ${keyId ?? ''} is not for this SAE`, detail);
          case 'invalid-argument':
            throw badRequest(err.message);
          case 'not-enough-key':
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

/** Base64 the keys and zero our copies of the bytes. */
function container(keys: DeliveredKey[]): EtsiKeyContainer {
  const out = keys.map((k) => {
    const entry = { key_ID: k.keyId, key: Buffer.from(k.key.buffer, k.key.byteOffset, k.key.byteLength).toString('base64') };
    k.key.fill(0);
    return entry;
  });
  return { keys: out };
}
