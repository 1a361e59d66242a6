/**
 * The key manager's accounting of its links' key pools: how many bits each
 * link's pool holds, what is reserved for requests in flight, and who took
 * what. One pool per link (the two ends of a QKD link hold the same bits).
 *
 * A relayed key of `bits` pays `bits` on EVERY hop of its path (one-time pad
 * per hop), so a path is reserved hop by hop, all or nothing, then committed
 * (consumed) or released. Two rules keep one link's pool from being drained
 * for others' traffic:
 *
 * - reserve: relayed (transit) traffic never takes the pool below
 *   `reserveBits`; that key is kept for the link's own (adjacent) demand;
 * - share: relayed traffic may take at most `transitShare` of all the key the
 *   link ever had (initial + generated), counting what it took and what it
 *   holds reserved: transitConsumed + transitReserved ≤ share × (initial + generated).
 *
 * The link's own demand (a path of that one link) may take the whole pool.
 * `transitBits(link)` is what a relay may take now; link-state announcements
 * carry it so that other nodes' routers respect the same limits.
 *
 * The network simulation drives this ledger; the relay (src/network/relay)
 * can drive the same calls: reserve when a relay starts, commit when the
 * hop's key is spent, release when it is aborted.
 */
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import type { LinkId } from './path.ts';
import { topologyError } from './topology.ts';

export interface LinkPoolPolicy {
  /** Pool level (bits) below which relayed traffic may not take key. */
  reserveBits: number;
  /** Largest share (0..1) of the link's key (initial + generated) that relayed traffic may take. */
  transitShare: number;
  /** Most bits the pool holds (the key store's capacity); key made beyond it is discarded (counted). */
  capacityBits: number;
}

export const DEFAULT_LINK_POOL_POLICY: LinkPoolPolicy = {
  reserveBits: 0,
  transitShare: 1,
  capacityBits: Number.POSITIVE_INFINITY,
};

/** Whose traffic a reservation is: the link's own (a one-hop path) or relayed (a hop of a longer path). */
export type TrafficKind = 'own' | 'transit';

/** A link's books. All counts in bits; `poolBits = initialBits + generatedBits − discardedBits − consumedOwnBits − consumedTransitBits`. */
export interface LinkAccount {
  link: LinkId;
  policy: LinkPoolPolicy;
  /** Key in the pool, reserved or not. */
  poolBits: number;
  reservedOwnBits: number;
  reservedTransitBits: number;
  initialBits: number;
  generatedBits: number;
  /** Generated key that did not fit under `capacityBits`. */
  discardedBits: number;
  consumedOwnBits: number;
  consumedTransitBits: number;
}

/** Bits held on each hop of a path until committed or released. */
export interface LinkReservation {
  readonly id: number;
  readonly links: readonly LinkId[];
  readonly bits: number;
  readonly kind: TrafficKind;
}

type Books = LinkAccount;

export class LinkKeyLedger {
  private readonly books = new Map<LinkId, Books>();
  private readonly open = new Map<number, LinkReservation>();
  private nextId = 1;

  constructor(private readonly defaultPolicy: LinkPoolPolicy = DEFAULT_LINK_POOL_POLICY) {}

  addLink(link: LinkId, options: { initialBits?: number; policy?: Partial<LinkPoolPolicy> } = {}): void {
    if (this.books.has(link)) throw topologyError(`link '${link}' is in the ledger already`, { link });
    const policy = { ...this.defaultPolicy, ...options.policy };
    if (!(policy.transitShare >= 0 && policy.transitShare <= 1))
      throw invalid(`link '${link}': transitShare must be within 0..1, got ${policy.transitShare}`, link);
    if (!(policy.reserveBits >= 0)) throw invalid(`link '${link}': reserveBits must be ≥ 0, got ${policy.reserveBits}`, link);
    if (!(policy.capacityBits >= 0)) throw invalid(`link '${link}': capacityBits must be ≥ 0, got ${policy.capacityBits}`, link);
    const initial = Math.min(checkBits(options.initialBits ?? 0, link, true), policy.capacityBits);
    this.books.set(link, {
      link,
      policy,
      poolBits: initial,
      reservedOwnBits: 0,
      reservedTransitBits: 0,
      initialBits: initial,
      generatedBits: 0,
      discardedBits: 0,
      consumedOwnBits: 0,
      consumedTransitBits: 0,
    });
  }

  has(link: LinkId): boolean {
    return this.books.has(link);
  }

  get links(): LinkId[] {
    return [...this.books.keys()];
  }

  /** New key from the link's QKD; returns the bits that fit (the rest is discarded and counted). */
  credit(link: LinkId, bits: number): number {
    const b = this.book(link);
    checkBits(bits, link, true);
    const fits = Math.max(0, Math.min(bits, b.policy.capacityBits - b.poolBits));
    b.generatedBits += bits;
    b.discardedBits += bits - fits;
    b.poolBits += fits;
    return fits;
  }

  /** Key not reserved: what the link's own demand may take now. */
  availableBits(link: LinkId): number {
    const b = this.book(link);
    return b.poolBits - b.reservedOwnBits - b.reservedTransitBits;
  }

  /** What relayed traffic may take now: the unreserved pool above the reserve, within the share. */
  transitBits(link: LinkId): number {
    const b = this.book(link);
    const aboveReserve = this.availableBits(link) - b.policy.reserveBits;
    const shareLeft = b.policy.transitShare * (b.initialBits + b.generatedBits) - b.consumedTransitBits - b.reservedTransitBits;
    return Math.max(0, Math.floor(Math.min(aboveReserve, shareLeft)));
  }

  /**
   * Hold `bits` on every link of `links` (all or nothing). `kind` defaults to
   * 'own' for one link and 'transit' for more. Returns null (nothing held) when a
   * link cannot give them.
   */
  reserve(links: readonly LinkId[], bits: number, kind: TrafficKind = links.length === 1 ? 'own' : 'transit'): LinkReservation | null {
    checkBits(bits, links.join(','), false);
    if (links.length === 0) throw invalid('a reservation needs at least one link', '');
    if (new Set(links).size !== links.length) throw invalid(`a reservation names a link twice: ${links.join(', ')}`, links.join(','));
    for (const l of links) {
      const can = kind === 'own' ? this.availableBits(l) : this.transitBits(l);
      if (can < bits) return null;
    }
    for (const l of links) {
      const b = this.book(l);
      if (kind === 'own') b.reservedOwnBits += bits;
      else b.reservedTransitBits += bits;
    }
    const r: LinkReservation = { id: this.nextId++, links: [...links], bits, kind };
    this.open.set(r.id, r);
    return r;
  }

  /** Spend a reservation's key on every hop. */
  commit(reservation: LinkReservation): void {
    const r = this.settle(reservation);
    for (const l of r.links) {
      const b = this.book(l);
      b.poolBits -= r.bits;
      if (r.kind === 'own') {
        b.reservedOwnBits -= r.bits;
        b.consumedOwnBits += r.bits;
      } else {
        b.reservedTransitBits -= r.bits;
        b.consumedTransitBits += r.bits;
      }
    }
  }

  /** Give a reservation's key back to every hop's pool. */
  release(reservation: LinkReservation): void {
    const r = this.settle(reservation);
    for (const l of r.links) {
      const b = this.book(l);
      if (r.kind === 'own') b.reservedOwnBits -= r.bits;
      else b.reservedTransitBits -= r.bits;
    }
  }

  /** Reservations neither committed nor released. */
  get openReservations(): LinkReservation[] {
    return [...this.open.values()];
  }

  /** A copy of a link's books. */
  account(link: LinkId): LinkAccount {
    const b = this.book(link);
    return { ...b, policy: { ...b.policy } };
  }

  private settle(reservation: LinkReservation): LinkReservation {
    const r = this.open.get(reservation.id);
    if (!r)
      throw new QkdError(
        QkdErrorCode.UnknownReservation,
        `link reservation ${reservation.id} is not open (settled before, or never made here)`,
        { reservation: reservation.id },
      );
    this.open.delete(r.id);
    return r;
  }

  private book(link: LinkId): Books {
    const b = this.books.get(link);
    if (!b) throw topologyError(`no link '${link}' in the key ledger`, { link });
    return b;
  }
}

function checkBits(bits: number, link: string, zeroOk: boolean): number {
  if (!Number.isSafeInteger(bits) || bits < 0 || (!zeroOk && bits === 0))
    throw invalid(`link '${link}': bits must be a ${zeroOk ? 'non-negative' : 'positive'} integer, got ${bits}`, link);
  return bits;
}

function invalid(message: string, link: string): QkdError {
  return new QkdError(QkdErrorCode.KeyStoreInvalidArgument, message, { link });
}
