/**
 * The authentication key stream of a link: the pre-shared key first, then
 * key from the store's authentication pool once the pre-shared key is spent.
 *
 * Both nodes consume the same stream in the same order (src/peer's pad
 * schedule), so the switch-over must land on the same stream position on
 * both: a take that does not fit in what is left of the pre-shared key skips
 * that remainder and is served wholly from the pool. The remainder is
 * counted as consumed, so positions stay equal on both sides.
 */
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import type { AuthKeySource, AuthKeyPool, PreSharedKeyIdentity } from '../peer/index.ts';

export class LinkAuthKeyStream implements AuthKeySource {
  constructor(
    private readonly preShared: AuthKeySource,
    private readonly pool: AuthKeyPool,
    /** Total bits of the pre-shared key (file size × 8). */
    private readonly preSharedBits: number,
  ) {}

  get position(): number {
    const psk = this.preShared.position;
    return psk < this.preSharedBits ? psk : this.preSharedBits + this.pool.stats().authConsumedBits;
  }

  /** The pre-shared key file's fingerprint (src/peer compares it at each session start, also once the pool serves). */
  preSharedKey(linkId: string): PreSharedKeyIdentity | undefined {
    return this.preShared.preSharedKey?.(linkId);
  }

  take(nBits: number): Uint8Array {
    const left = this.preSharedBits - this.preShared.position;
    if (left >= nBits) return this.preShared.take(nBits);
    if (left > 0) {
      // Burn the remainder so both nodes switch to the pool at the same position.
      this.preShared.take(left);
    }
    try {
      return this.pool.takeAuthKey(nBits).bytes;
    } catch (err) {
      throw new QkdError(
        QkdErrorCode.AuthKeyExhausted,
        `pre-shared key spent and the store's authentication pool cannot give ${nBits} bits`,
        { nBits },
        { cause: err },
      );
    }
  }
}
