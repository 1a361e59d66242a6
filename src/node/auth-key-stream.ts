/**
 * The authentication key stream of a link: the pre-shared key first, then
 * key from the store's authentication pool once the pre-shared key is spent.
 *
 * Both nodes consume the same stream in the same order (src/peer's pad
 * schedule), so the switch-over must land on the same stream position on
 * both: a take that does not fit in what is left of the pre-shared key skips
 * that remainder and is served wholly from the pool. The remainder is
 * counted as consumed, so positions stay equal on both sides.
 *
 * `peek` (what the next takes would return, consuming nothing) lets the
 * listening node verify a newcomer's Hello before it takes any key
 * (src/peer/PROTOCOL.md, "Nothing before proof"). The pre-shared key is
 * peeked in memory. The pool has no read-without-delete, so pool bits a
 * peek needs are moved into `staged`: taken from the pool (durably gone from
 * the store) but not yet from this stream, whose position does not move;
 * later takes are served from `staged` first. Only a restart loses staged
 * bits, and then the position jumps forward past them (as for pad held when
 * a session ends): never reused. Staging is bounded by what one session
 * start can need (maxResyncBits plus the hash key and two chunks).
 *
 * Level alarms (`watch`): after every take, the key left (pre-shared
 * remainder + pool + staged) below `lowWaterBits` raises `auth-key-low`
 * (warning) once, re-armed once the level is back above the mark; a take
 * that cannot be served raises `auth-key-exhausted` (critical) once,
 * re-armed by the next take that succeeds.
 */
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import type { AuthKeySource, AuthKeyPool, PreSharedKeyIdentity } from '../peer/index.ts';
import type { AlarmBoard } from './alarms.ts';

/**
 * Default low-water mark: 2^20 bits (128 KiB). That is about 8,000
 * authenticated messages with 128-bit tags, or about 60 session starts (hash
 * key and two chunks of 64 pads each), and the most a single session start
 * may discard to resynchronise (the channel's maxResyncBits): below it, one
 * bad resync could end the link.
 */
export const DEFAULT_AUTH_KEY_LOW_WATER_BITS = 1 << 20;

export interface AuthKeyLevelWatch {
  /** Raise `auth-key-low` when fewer bits than this are left. */
  lowWaterBits: number;
  alarms: Pick<AlarmBoard, 'raise'>;
}

export class LinkAuthKeyStream implements AuthKeySource {
  /** Pool bits moved out of the store by a peek, not yet handed out (the stream's next pool bits). */
  private staged: Uint8Array = new Uint8Array(0);
  private lowRaised = false;
  private exhaustedRaised = false;

  constructor(
    private readonly preShared: AuthKeySource,
    private readonly pool: AuthKeyPool,
    /** Total bits of the pre-shared key (file size × 8). */
    private readonly preSharedBits: number,
    private readonly watch?: AuthKeyLevelWatch,
  ) {}

  get position(): number {
    const psk = this.preShared.position;
    return psk < this.preSharedBits ? psk : this.preSharedBits + this.pool.stats().authConsumedBits - this.staged.length * 8;
  }

  /** Authentication key bits left: the pre-shared remainder, the store's pool and the staged bits. */
  get remainingBits(): number {
    const psk = Math.max(0, this.preSharedBits - this.preShared.position);
    return psk + (this.pool.stats().authBits ?? 0) + this.staged.length * 8;
  }

  /** The pre-shared key file's fingerprint (src/peer compares it at each session start, also once the pool serves). */
  preSharedKey(linkId: string): PreSharedKeyIdentity | undefined {
    return this.preShared.preSharedKey?.(linkId);
  }

  take(nBits: number): Uint8Array {
    try {
      const out = this.takeInner(nBits);
      this.exhaustedRaised = false;
      this.checkLevel();
      return out;
    } catch (err) {
      if (err instanceof QkdError && err.code === QkdErrorCode.AuthKeyExhausted) this.exhausted(err);
      throw err;
    }
  }

  /** What the takes `sizes` would return now; nothing is consumed from the stream (see the file comment for the pool). */
  peek(sizes: readonly number[]): Uint8Array[] {
    const peekPsk = this.preShared.peek?.bind(this.preShared);
    let pskAt = this.preShared.position;
    const fromPsk: number[] = [];
    const fromPool: Array<[number, number]> = [];
    let poolBits = 0;
    for (const n of sizes) {
      if (!Number.isSafeInteger(n) || n <= 0 || n % 8 !== 0)
        throw new QkdError(QkdErrorCode.PeerInvalidArgument, `authentication key takes must be a positive multiple of 8 bits, got ${n}`);
      if (fromPool.length === 0 && this.preSharedBits - pskAt >= n) {
        fromPsk.push(n);
        pskAt += n;
      } else {
        fromPool.push([poolBits, n]);
        poolBits += n;
      }
    }
    if (fromPsk.length > 0 && !peekPsk)
      throw new QkdError(QkdErrorCode.PeerInvalidArgument, 'the pre-shared key source cannot be read ahead (no peek)');
    const out = fromPsk.length > 0 ? (peekPsk as NonNullable<AuthKeySource['peek']>)(fromPsk) : [];
    if (poolBits > this.staged.length * 8) this.stage(poolBits - this.staged.length * 8);
    for (const [at, n] of fromPool) out.push(this.staged.slice(at / 8, (at + n) / 8));
    return out;
  }

  /** Raise or re-arm `auth-key-low` against the level now (also called once at start). */
  checkLevel(): void {
    if (!this.watch) return;
    const left = this.remainingBits;
    if (left < this.watch.lowWaterBits) {
      if (this.lowRaised) return;
      this.lowRaised = true;
      this.watch.alarms.raise(
        'auth-key-low',
        'warning',
        `authentication key low: ${left} bits left (low-water mark ${this.watch.lowWaterBits}); key generation refills it, else install a new pre-shared key`,
        { remainingBits: left, lowWaterBits: this.watch.lowWaterBits },
      );
    } else this.lowRaised = false;
  }

  private exhausted(err: QkdError): void {
    if (!this.watch || this.exhaustedRaised) return;
    this.exhaustedRaised = true;
    this.watch.alarms.raise('auth-key-exhausted', 'critical', `authentication key exhausted: ${err.message}`, {
      remainingBits: this.remainingBits,
    });
  }

  private takeInner(nBits: number): Uint8Array {
    const left = this.preSharedBits - this.preShared.position;
    if (left >= nBits) return this.preShared.take(nBits);
    if (left > 0) {
      // Burn the remainder so both nodes switch to the pool at the same position.
      this.preShared.take(left).fill(0);
    }
    const stagedBits = this.staged.length * 8;
    if (stagedBits >= nBits) {
      const out = this.staged.slice(0, nBits / 8);
      this.dropStaged(nBits / 8);
      return out;
    }
    const fresh = this.fromPool(nBits - stagedBits);
    const out = new Uint8Array(nBits / 8);
    out.set(this.staged, 0);
    out.set(fresh, this.staged.length);
    fresh.fill(0);
    this.dropStaged(this.staged.length);
    return out;
  }

  /** Move `nBits` more pool bits into `staged` (throws, moving nothing, when the pool holds fewer). */
  private stage(nBits: number): void {
    const fresh = this.fromPool(nBits);
    const next = new Uint8Array(this.staged.length + fresh.length);
    next.set(this.staged, 0);
    next.set(fresh, this.staged.length);
    fresh.fill(0);
    this.staged.fill(0);
    this.staged = next;
  }

  private dropStaged(bytes: number): void {
    const rest = this.staged.slice(bytes);
    this.staged.fill(0);
    this.staged = rest;
  }

  private fromPool(nBits: number): Uint8Array {
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
