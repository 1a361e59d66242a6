/**
 * Where the peer channel's authentication key comes from.
 *
 * Both nodes hold the same secret bit stream (pre-shared at installation,
 * later refilled from QKD key itself) and consume it in the same order; a
 * position counts the bits consumed since the stream's origin. The channel
 * takes, per session, the hash key and then one-time-pad chunks in a fixed
 * order (./pad-schedule.ts), so equal positions mean equal bits.
 *
 * Contract for implementations:
 * - bits returned by `take` are never returned again, on this node, ever —
 *   also after a crash or restart (the position is durable before the bits
 *   are handed out);
 * - `take` throws (QkdError `AuthKeyExhausted`, or anything else, which
 *   the channel wraps as `AuthKeyUnavailable`) rather than returning fewer
 *   bits, and a failed take consumes nothing.
 */
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';

export interface AuthKeySource {
  /**
   * The next nBits of the stream (nBits a positive multiple of 8), as
   * nBits/8 bytes, bit i of the stream in bit (i & 7) of byte i >> 3.
   * The caller owns the bytes and zeroes them when done.
   */
  take(nBits: number): Uint8Array;
  /** Bits consumed from the stream since its origin (durable across restarts). */
  readonly position: number;
  /**
   * The pre-shared key file this stream starts from and its fingerprint on
   * link `linkId` (./psk-fingerprint.ts), when there is one. The channel
   * sends the fingerprint in its preamble so that two different files are
   * found before any key is taken. Never key material.
   */
  preSharedKey?(linkId: string): PreSharedKeyIdentity | undefined;
  /**
   * What `take(sizes[0])`, `take(sizes[1])`, … would return now, in that
   * order, without consuming anything: the position, the durable position
   * file and the pool stay as they are. Throws like `take` would (the
   * first size that does not fit). The channel verifies the peer's Hello
   * with these bytes before it takes any key (PROTOCOL.md, "Nothing before
   * proof"); a source without `peek` makes the listening side take key
   * before the peer has proved itself (tests' recording wrappers only).
   * The caller zeroes the bytes when done.
   */
  peek?(sizes: readonly number[]): Uint8Array[];
}

/** Which pre-shared key a stream starts from, in a form safe to send and log. */
export interface PreSharedKeyIdentity {
  /** The key file, for messages. */
  readonly path: string;
  /** `pskFingerprintBytes(key, linkId)`: 8 bytes. */
  readonly fingerprint: Uint8Array;
}

/**
 * The part of the key store (src/keystore, `KeyStore`) this adapter needs:
 * its authentication pool. Declared here so that src/peer does not import
 * src/keystore; a `KeyStore` satisfies it structurally.
 */
export interface AuthKeyPool {
  takeAuthKey(nBits: number): { readonly bitLength: number; readonly bytes: Uint8Array; readonly position: number };
  stats(): { readonly authConsumedBits: number; readonly authBits?: number };
}

/** An `AuthKeySource` over the key store's authentication pool. */
export function authKeySourceFromPool(pool: AuthKeyPool): AuthKeySource {
  return {
    take(nBits: number): Uint8Array {
      checkTakeBits(nBits);
      return pool.takeAuthKey(nBits).bytes;
    },
    get position(): number {
      return pool.stats().authConsumedBits;
    },
  };
}

export function checkTakeBits(nBits: number): void {
  if (!Number.isSafeInteger(nBits) || nBits <= 0 || nBits % 8 !== 0) {
    throw new QkdError(QkdErrorCode.PeerInvalidArgument, `authentication key takes must be a positive multiple of 8 bits, got ${nBits}`);
  }
}
