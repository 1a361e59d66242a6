/**
 * The link-state database of one key manager: what it knows of every node's
 * links, from its own links and from the announcements flooded by the others
 * (the shape of OSPF's LSAs, RFC 2328 §12–13, without areas).
 *
 * Each node originates one `LinkStateAdvertisement` listing its links (state,
 * key available, key relayed traffic may take, rate) with a sequence number
 * that only grows. A node that receives one installs it when it is newer than
 * the copy it holds (higher sequence number; at equal numbers, a copy at MaxAge
 * wins so that a purge spreads) and floods it on to its other neighbours; an
 * older or duplicate copy is dropped (an older one is answered with the newer
 * copy, `newerCopyFor`). Copies age; one at `maxAgeS` is removed, so a node that
 * vanished drops out of the topology. A node that restarts and hears its own
 * announcement with a higher number than it has (from its previous run) jumps
 * past it and re-originates.
 *
 * `topology()` turns the database into a `Topology` for the router. A link is
 * in it only when BOTH its ends announce it, each naming the other (the
 * two-way check): a half-known link is not routed over. Its state is the more
 * cautious of the two ends' reports (up only if both say up, alarmed if either
 * does, the smaller key figures).
 *
 * Messages are plain typed objects; the transport (the authenticated peer
 * channels between neighbours) comes with the multi-link node.
 */
import type { LinkId, NodeId } from './path.ts';
import { Topology, type LinkState } from './topology.ts';

/** One link as its end `origin` reports it. */
export interface LinkAnnouncement {
  link: LinkId;
  neighbour: NodeId;
  up: boolean;
  alarmed: boolean;
  availableBits: number;
  transitBits: number;
  rateBps: number;
  lengthKm?: number;
}

/** All links of one node, as flooded. */
export interface LinkStateAdvertisement {
  origin: NodeId;
  /** Grows by one with each announcement of `origin`. */
  seq: number;
  /** Seconds since origination (the receiver adds the time it held the copy). */
  ageS: number;
  links: LinkAnnouncement[];
}

export interface LinkStateDbOptions {
  /** A copy this old is removed (OSPF MaxAge: 3600 s). */
  maxAgeS: number;
}

export type ReceiveOutcome =
  /** Newer than our copy: installed; flood it to every neighbour but the sender. */
  | 'installed'
  /** Same as our copy: nothing to do. */
  | 'duplicate'
  /** Older than our copy: dropped; send `newerCopyFor(origin)` back to the sender. */
  | 'older'
  /** Our own announcement from an earlier run, with a higher number: `originate` again (it jumps past it). */
  | 'self-newer';

interface Held {
  lsa: LinkStateAdvertisement;
  /** Our clock when the copy was installed. */
  atS: number;
}

export class LinkStateDatabase {
  private readonly held = new Map<NodeId, Held>();
  private seq = 0;
  private readonly options: LinkStateDbOptions;

  constructor(
    readonly self: NodeId,
    options: Partial<LinkStateDbOptions> = {},
  ) {
    this.options = { maxAgeS: 3600, ...options };
  }

  /** Announce this node's links: installs the new announcement and returns it, to flood to every neighbour. */
  originate(links: readonly LinkAnnouncement[], nowS: number): LinkStateAdvertisement {
    this.seq += 1;
    const lsa: LinkStateAdvertisement = { origin: this.self, seq: this.seq, ageS: 0, links: links.map((l) => ({ ...l })) };
    this.held.set(this.self, { lsa, atS: nowS });
    return copy(lsa, 0);
  }

  /** Take an announcement heard from a neighbour. */
  receive(lsa: LinkStateAdvertisement, nowS: number): ReceiveOutcome {
    if (lsa.origin === this.self) {
      if (lsa.seq > this.seq) {
        this.seq = lsa.seq;
        return 'self-newer';
      }
      return lsa.seq === this.seq ? 'duplicate' : 'older';
    }
    const mine = this.held.get(lsa.origin);
    if (mine) {
      if (lsa.seq < mine.lsa.seq) return 'older';
      if (lsa.seq === mine.lsa.seq) {
        const atMax = lsa.ageS >= this.options.maxAgeS;
        const mineAtMax = this.ageOf(mine, nowS) >= this.options.maxAgeS;
        if (!atMax || mineAtMax) return 'duplicate';
      }
    }
    if (lsa.ageS >= this.options.maxAgeS) {
      // A purge: forget the origin's links, and pass the purge on.
      this.held.delete(lsa.origin);
      return mine ? 'installed' : 'duplicate';
    }
    this.held.set(lsa.origin, { lsa: copy(lsa, lsa.ageS), atS: nowS });
    return 'installed';
  }

  /** Our copy of `origin`'s announcement with its current age, to answer an older one or to sync a new neighbour. */
  newerCopyFor(origin: NodeId, nowS: number): LinkStateAdvertisement | undefined {
    const h = this.held.get(origin);
    return h ? copy(h.lsa, this.ageOf(h, nowS)) : undefined;
  }

  /** Every copy held, with current ages (the database description a new neighbour gets). */
  advertisements(nowS: number): LinkStateAdvertisement[] {
    return [...this.held.values()].map((h) => copy(h.lsa, this.ageOf(h, nowS)));
  }

  /** Remove copies that reached MaxAge (our own never ages out: re-originate it instead); returns their origins. */
  expire(nowS: number): NodeId[] {
    const gone: NodeId[] = [];
    for (const [origin, h] of this.held) {
      if (origin !== this.self && this.ageOf(h, nowS) >= this.options.maxAgeS) {
        this.held.delete(origin);
        gone.push(origin);
      }
    }
    return gone;
  }

  /** The sequence number of the copy held for `origin` (0: none). */
  seqOf(origin: NodeId): number {
    return this.held.get(origin)?.lsa.seq ?? 0;
  }

  /**
   * The topology the database describes: every node heard of, and every link
   * both of whose ends announce it naming each other, with the more cautious
   * of their two reports.
   */
  topology(): Topology {
    const nodes = new Set<NodeId>();
    const reports = new Map<LinkId, { origin: NodeId; a: LinkAnnouncement }[]>();
    const origins = [...this.held.keys()].sort();
    for (const origin of origins) {
      nodes.add(origin);
      for (const a of this.held.get(origin)!.lsa.links) {
        nodes.add(a.neighbour);
        const r = reports.get(a.link);
        if (r) r.push({ origin, a });
        else reports.set(a.link, [{ origin, a }]);
      }
    }
    const links: LinkState[] = [];
    for (const [id, r] of [...reports].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
      if (r.length !== 2) continue;
      const [p, q] = r;
      if (p.a.neighbour !== q.origin || q.a.neighbour !== p.origin || p.origin === q.origin) continue;
      links.push({
        id,
        a: p.origin,
        b: q.origin,
        ...(p.a.lengthKm !== undefined ? { lengthKm: p.a.lengthKm } : {}),
        up: p.a.up && q.a.up,
        alarmed: p.a.alarmed || q.a.alarmed,
        availableBits: Math.min(p.a.availableBits, q.a.availableBits),
        transitBits: Math.min(p.a.transitBits, q.a.transitBits),
        rateBps: Math.min(p.a.rateBps, q.a.rateBps),
      });
    }
    return new Topology([...nodes].sort(), links);
  }

  private ageOf(h: Held, nowS: number): number {
    return h.lsa.ageS + Math.max(0, nowS - h.atS);
  }
}

function copy(lsa: LinkStateAdvertisement, ageS: number): LinkStateAdvertisement {
  return { origin: lsa.origin, seq: lsa.seq, ageS, links: lsa.links.map((l) => ({ ...l })) };
}
