/**
 * What one KME's ETSI GS QKD 014 server needs to know about itself, and how
 * it follows from a node's bench config (`etsi` section plus `node.id`). The
 * server (src/api/etsi014) takes this type; the process assembly (src/cli)
 * builds it with `etsi014ConfigFromBench`.
 */
import type { BenchConfig } from './bench-config.ts';

export interface Etsi014Config {
  /** This KME's ID (`source_KME_ID`), the bench config's `node.id`. */
  readonly kmeId: string;
  /** The KME at the other end of the link (`target_KME_ID`). */
  readonly peerKmeId: string;
  /** SAEs attached to this KME: the only callers accepted. */
  readonly localSaeIds: readonly string[];
  /** SAEs attached to the peer KME: the only valid slave (enc_keys) or master (dec_keys) IDs in a path. */
  readonly remoteSaeIds: readonly string[];
  /** Default key size in bits (`key_size`). */
  readonly keySizeBits: number;
  /** `min_key_size`, `max_key_size` in bits; they must lie within the key store's own limits. */
  readonly minKeySizeBits: number;
  readonly maxKeySizeBits: number;
  /** `max_key_per_request`. */
  readonly maxKeysPerRequest: number;
  /** `max_SAE_ID_count`: most `additional_slave_SAE_IDs` an enc_keys may name (0: none). Default 4. */
  readonly maxSaeIdCount?: number;
  /**
   * Whether this KME cuts keys (the allocator). Both key stores consume one
   * shared application pool from the front, so only one KME of a pair may cut
   * (the other applies its reservations); the transmitter's KME cuts. Both
   * serve `enc_keys`: the other KME asks the allocator to cut for its master
   * SAE over the peer link (src/api/etsi014/key-service.ts).
   */
  readonly cutsKeys: boolean;
  /** Seconds an undelivered reserved key lives before both KMEs discard it (`etsi.reservationTtlS`). Default 300. */
  readonly reservationTtlS?: number;
  /** How long the master waits for the peer KME to acknowledge a reservation. Default 5000 ms. */
  readonly peerTimeoutMs?: number;
  /** `host:port` to listen on, e.g. `127.0.0.1:8443`; port 0 picks a free one. */
  readonly listen: string;
  /** Limits against slow or flooding callers; each unset field takes its default (src/api/etsi014/limits.ts). */
  readonly limits?: Partial<Etsi014Limits>;
}

/** The ETSI 014 server's limits (defaults and reasons: src/api/etsi014/limits.ts). */
export interface Etsi014Limits {
  /** TLS handshake must finish within this (default 10 000 ms). */
  readonly handshakeTimeoutMs: number;
  /** A request's headers must be complete within this from its first byte (default 10 000 ms). */
  readonly headersTimeoutMs: number;
  /** A whole request, body included, within this (default 10 000 ms; not below headersTimeoutMs). */
  readonly requestTimeoutMs: number;
  /** Largest request head (default 8 KiB); larger gets 431 and a closed connection. */
  readonly maxHeaderBytes: number;
  /** Largest request body (default 64 KiB); larger gets 413 and a closed connection, unread. */
  readonly maxBodyBytes: number;
  /** Open connections at most (default 256); one more is closed at once. */
  readonly maxConnections: number;
  /** Sustained requests per second per authenticated SAE (default 10 000); 0 turns the limit off. Over it: 429 with Retry-After. */
  readonly ratePerSaePerSecond: number;
  /** Requests a SAE may make at once after being idle (default 10 000). */
  readonly rateBurstPerSae: number;
  /** Lowest TLS version accepted (default '1.3'). */
  readonly tlsMinVersion: '1.2' | '1.3';
}

/** `undefined` when the bench config has no `etsi` section (the node serves no keys). */
export function etsi014ConfigFromBench(
  bench: Pick<BenchConfig, 'node' | 'etsi'>,
  overrides: Partial<Etsi014Config> = {},
): Etsi014Config | undefined {
  const etsi = bench.etsi;
  if (etsi === undefined) return undefined;
  return {
    kmeId: bench.node.id,
    peerKmeId: etsi.peerKmeId,
    localSaeIds: etsi.localSaeIds,
    remoteSaeIds: etsi.remoteSaeIds,
    keySizeBits: etsi.keySizeBits,
    minKeySizeBits: etsi.minKeySizeBits,
    maxKeySizeBits: etsi.maxKeySizeBits,
    maxKeysPerRequest: etsi.maxKeysPerRequest,
    ...(etsi.maxSaeIdCount === undefined ? {} : { maxSaeIdCount: etsi.maxSaeIdCount }),
    reservationTtlS: etsi.reservationTtlS,
    // One KME of a pair cuts keys (see cutsKeys): the transmitter.
    cutsKeys: bench.node.role === 'transmitter',
    listen: etsi.listen,
    ...(etsi.limits === undefined && etsi.tlsMinVersion === undefined
      ? {}
      : { limits: { ...etsi.limits, ...(etsi.tlsMinVersion === undefined ? {} : { tlsMinVersion: etsi.tlsMinVersion }) } }),
    ...overrides,
  };
}
