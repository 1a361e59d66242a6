/**
 * Alarms of one node: logged, counted per code and visible in the status.
 * An alarm is something an operator must see — a frame dropped for QBER over
 * threshold (a possible eavesdropper), a tampered peer message, a lost board,
 * a full key store — as opposed to ordinary log lines.
 */
import type { Logger } from '../log.ts';

/** Every alarm code, in one list (metrics export each at 0 before its first occurrence). */
export const ALARM_CODES = [
  /** An observed test- or key-basis QBER over thresholds.qberMax: the block is dropped (a possible eavesdropper). */
  'qber-over-threshold',
  'verification-failed',
  /**
   * A post-processing block dropped because its counts are too few for positive single-photon bounds (or a
   * phase-error bound below 1/2) with the observed QBER within the threshold: the block size
   * (postprocessing.blockBits) is too small for this channel. No Cascade was run on it.
   */
  'insufficient-statistics',
  /** No block stored for thresholds.noKeyAfterS while the peer session runs; cleared when key flows again. */
  'no-key',
  'peer-authentication-failed',
  'peer-protocol-error',
  'frame-timeout',
  'board-lost',
  'key-store-full',
  'peer-disconnected',
  /** The two nodes' pre-shared key files differ (src/peer PskMismatch); no session until the same file is on both. */
  'psk-mismatch',
  /**
   * Peer handshakes failed (a stranger, a wrong key, a peer too far behind) or connections to the peer port were
   * refused (peer.allowFrom, the handshake caps): raised once per window with the counts, not per connection
   * (src/node/peer-link.ts). The live session is not affected.
   */
  'peer-handshake-failed',
  /** The authentication key left (pre-shared key + the store's authentication pool) is below peer.authKeyLowWaterBits. */
  'auth-key-low',
  /** No authentication key left: nothing can be sent to the peer until the pool is refilled or a new pre-shared key is installed. */
  'auth-key-exhausted',
  // Safety and health of the bench (src/node/safety/safety-monitor.ts): each pauses key generation until it clears.
  /** The photon source's laser safety interlock is open. */
  'interlock-open',
  /** The source runs but its laser current is (near) zero. */
  'laser-off',
  /** A board, the laser diode or a detector is above its maximum temperature. */
  'over-temperature',
  /** A detector is dead most of the time (blinded, or far too much light). */
  'detector-saturated',
  /** A detector's count rate is outside its configured range. */
  'count-rate-out-of-range',
] as const;

export type AlarmCode = (typeof ALARM_CODES)[number];

export type AlarmSeverity = 'warning' | 'critical';

export interface AlarmRecord {
  code: AlarmCode;
  severity: AlarmSeverity;
  message: string;
  /** Milliseconds since the epoch. */
  atMs: number;
}

export class AlarmBoard {
  private readonly counts = new Map<AlarmCode, number>();
  private readonly recent: AlarmRecord[] = [];
  /** Codes raised and not cleared since (only conditions that clear, like `no-key`, ever leave). */
  private readonly active = new Set<AlarmCode>();

  constructor(
    private readonly log: Logger,
    private readonly keepRecent = 20,
  ) {}

  raise(code: AlarmCode, severity: AlarmSeverity, message: string, fields: Record<string, unknown> = {}): void {
    this.counts.set(code, (this.counts.get(code) ?? 0) + 1);
    this.active.add(code);
    this.recent.push({ code, severity, message, atMs: Date.now() });
    if (this.recent.length > this.keepRecent) this.recent.shift();
    const line = { alarm: code, severity, ...fields };
    if (severity === 'critical') this.log.error(line, message);
    else this.log.warn(line, message);
  }

  /**
   * A condition raised earlier has ended (e.g. `no-key` once key flows again): logged, and `isActive`
   * turns false. The count of raises stays.
   */
  clear(code: AlarmCode, message: string): void {
    if (!this.active.delete(code)) return;
    this.log.info({ alarm: code, cleared: true }, message);
  }

  /** Raised and not cleared since. */
  isActive(code: AlarmCode): boolean {
    return this.active.has(code);
  }

  total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  snapshot(): { total: number; byCode: Record<string, number>; recent: AlarmRecord[] } {
    return { total: this.total(), byCode: Object.fromEntries(this.counts), recent: [...this.recent] };
  }
}
