/**
 * Who may start a handshake on the listening peer port, and how often.
 *
 * The listening node (the transmitter) cannot tell a stranger from its peer
 * before the peer's Hello has verified, and each handshake costs a socket, a
 * timer and a trial verification (no key: see PROTOCOL.md, "Nothing before
 * proof"). This guard bounds that work:
 * - an optional allow-list (`peer.allowFrom`: IPv4/IPv6 addresses and CIDR
 *   ranges): a connection from elsewhere is closed before any byte is read;
 * - failed handshakes per source address and overall in a sliding window
 *   (default one minute): over either cap, new connections (from that
 *   address, or from anyone) are closed at once;
 * - handshakes in progress at once.
 * The address of the last peer that proved itself is exempt from the
 * overall cap (not from its own), so strangers elsewhere cannot keep the
 * real peer from reconnecting.
 *
 * Pure bookkeeping (no sockets, no alarms): src/node/peer-link.ts applies it
 * and raises the alarm. The clock is injectable for tests.
 */
import { BlockList, isIP } from 'node:net';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';

export interface HandshakeLimits {
  /** Failed handshakes per source address per window before that address is refused. Default 10. */
  maxFailuresPerAddress: number;
  /** Failed handshakes from all addresses per window before every new connection is refused. Default 30. */
  maxFailures: number;
  /** Handshakes in progress at once; more connections are refused. Default 4. */
  maxPending: number;
  /** The sliding window of the two failure caps, in ms. Default 60 000. */
  windowMs: number;
}

export const DEFAULT_HANDSHAKE_LIMITS: HandshakeLimits = { maxFailuresPerAddress: 10, maxFailures: 30, maxPending: 4, windowMs: 60_000 };

/** Why a connection is refused before its handshake starts. */
export type RefusalReason = 'not-allowed' | 'address-over-cap' | 'over-cap' | 'busy';

export type Admission = { admitted: true } | { admitted: false; reason: RefusalReason };

export interface HandshakeGuardCounts {
  /** Handshakes that failed (bad preamble, Hello that did not verify, timeout, ...). */
  failed: number;
  /** Connections closed before their handshake, by reason. */
  refused: Record<RefusalReason, number>;
  /** Handshakes that ended with the peer proved. */
  succeeded: number;
}

/** `127.0.0.1` from `::ffff:127.0.0.1` (an IPv4 client of a dual-stack listener). */
export function normalizeAddress(address: string): string {
  const m = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return m ? m[1] : address.toLowerCase();
}

/**
 * A BlockList of `entries` (IP addresses or `address/prefix` CIDR ranges).
 * Throws QkdError `PeerInvalidArgument` naming a malformed entry.
 */
export function allowListOf(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const problem = allowEntryProblem(entry);
    if (problem) throw new QkdError(QkdErrorCode.PeerInvalidArgument, `peer.allowFrom entry '${entry}': ${problem}`, { entry });
    const [addr, prefix] = entry.split('/');
    const type = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(prefix), type);
  }
  return list;
}

/** Why `entry` is not an IP address or CIDR range, or undefined when it is one (used by the config schema too). */
export function allowEntryProblem(entry: string): string | undefined {
  const [addr, prefix, extra] = entry.split('/');
  const family = isIP(addr ?? '');
  if (extra !== undefined || family === 0) return 'expected an IPv4 or IPv6 address, or a CIDR range such as 192.0.2.0/24';
  if (prefix !== undefined) {
    const max = family === 4 ? 32 : 128;
    if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return `the prefix length must be 0..${max}`;
  }
  return undefined;
}

export class HandshakeGuard {
  private readonly limits: HandshakeLimits;
  private readonly allow: BlockList | undefined;
  private readonly failures = new Map<string, number[]>();
  private all: number[] = [];
  private pendingCount = 0;
  private trusted: string | undefined;
  readonly counts: HandshakeGuardCounts = {
    failed: 0,
    succeeded: 0,
    refused: { 'not-allowed': 0, 'address-over-cap': 0, 'over-cap': 0, busy: 0 },
  };

  constructor(
    options: { allowFrom?: readonly string[]; limits?: Partial<HandshakeLimits> } = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_HANDSHAKE_LIMITS };
    for (const [k, v] of Object.entries(options.limits ?? {})) if (v !== undefined) this.limits[k as keyof HandshakeLimits] = v;
    for (const [k, v] of Object.entries(this.limits)) {
      if (!Number.isSafeInteger(v) || v < 1)
        throw new QkdError(QkdErrorCode.PeerInvalidArgument, `handshake limit ${k} must be a positive integer`);
    }
    this.allow = options.allowFrom && options.allowFrom.length > 0 ? allowListOf(options.allowFrom) : undefined;
  }

  /** Whether a connection from `address` may start a handshake; when admitted, it counts as pending until `settle`. */
  admit(rawAddress: string | undefined): Admission {
    const address = normalizeAddress(rawAddress ?? '');
    const refuse = (reason: RefusalReason): Admission => {
      this.counts.refused[reason]++;
      return { admitted: false, reason };
    };
    if (this.allow) {
      const family = isIP(address);
      if (family === 0 || !this.allow.check(address, family === 6 ? 'ipv6' : 'ipv4')) return refuse('not-allowed');
    }
    const t = this.now();
    if (this.recent(this.failures.get(address), t) >= this.limits.maxFailuresPerAddress) return refuse('address-over-cap');
    this.all = this.all.filter((x) => x > t - this.limits.windowMs);
    if (address !== this.trusted && this.all.length >= this.limits.maxFailures) return refuse('over-cap');
    if (this.pendingCount >= this.limits.maxPending) return refuse('busy');
    this.pendingCount++;
    return { admitted: true };
  }

  /** The end of an admitted handshake: `ok` when the peer proved itself. */
  settle(rawAddress: string | undefined, ok: boolean): void {
    const address = normalizeAddress(rawAddress ?? '');
    this.pendingCount = Math.max(0, this.pendingCount - 1);
    if (ok) {
      this.counts.succeeded++;
      this.trusted = address;
      this.failures.delete(address);
      return;
    }
    this.counts.failed++;
    const t = this.now();
    const list = (this.failures.get(address) ?? []).filter((x) => x > t - this.limits.windowMs);
    list.push(t);
    this.failures.set(address, list);
    this.all.push(t);
    // Forget addresses whose failures have all left the window (a scan of many addresses stays bounded).
    if (this.failures.size > 1024) {
      for (const [a, l] of this.failures) if (this.recent(l, t) === 0) this.failures.delete(a);
    }
  }

  get pending(): number {
    return this.pendingCount;
  }

  private recent(list: number[] | undefined, t: number): number {
    if (!list) return 0;
    let n = 0;
    for (const x of list) if (x > t - this.limits.windowMs) n++;
    return n;
  }
}
