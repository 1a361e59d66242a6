/**
 * A trusted node of the QKD network (issue 13): one process, one key manager,
 * several QKD links. Each link is today's whole single-link node (`QkdNode`:
 * its bench, its key store, its authenticated peer channel to the node at the
 * other end); on top of them this class runs
 *
 *   - the key relay (`RelayEngine`, docs/key-relay.md) with its seams over the
 *     real links: a `KeyStoreHopPool` per link (hop keys cut from the link's
 *     key store by the link's ETSI allocator, the transmitter), relay messages
 *     carried in the link's peer channel (`Envelope.relay`, a tagged body:
 *     authenticated, ordered, de-duplicated), and the durable relay records in
 *     their own SQLite file (`SqliteRelayRecordStore`, 0600);
 *   - routing: a link-state database (`LinkStateDatabase`) fed by this node's
 *     own links (up = peer session open; alarmed = a QBER or verification
 *     alarm active, until 3 blocks in a row are stored after it
 *     (frame-loop.ts); key = the link's application pool, the transit part
 *     above the reserve and within the share) and flooded to the neighbours
 *     over the same peer channels; `KeyAwareRouter` chooses paths over the
 *     topology the database describes (a link counts once both its ends
 *     announce it).
 *
 * `relayKey` is the source's side of an end-to-end key: choose a path, start
 * the relay, resolve once the source committed (the key is then usable here
 * and, once the Commit arrives, at the destination). `take` hands a relayed
 * key to this node's SAE exactly once. Never logs key material.
 *
 * The links' QkdNodes are started by the caller (src/cli assembles benches
 * from configs, tests from synthetic benches) and stopped by `stop()`.
 */
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import { DEFAULT_RESERVATION_EXPIRY, type ReservationExpiry } from '../../keystore/key-store.ts';
import type { Logger } from '../../log.ts';
import type { PeerChannel } from '../../peer/channel.ts';
import type { DecodedEnvelope } from '../../peer/messages.ts';
import type { QkdNode } from '../../node/qkd-node.ts';
import { hopKeyBits } from '../relay/hop-cipher.ts';
import { decodeRelayMessage, encodeRelayMessage, type RelayMessage } from '../relay/messages.ts';
import { type RelayEvent, RelayEngine, type RelayStatus, type RelayTiming } from '../relay/relay-engine.ts';
import type { RelayRecordStore } from '../relay/records.ts';
import { SqliteRelayRecordStore } from '../relay/sqlite-store.ts';
import { DEFAULT_ROUTING_POLICY, KeyAwareRouter, type RoutingPolicy, shortestKeyPath } from '../routing/key-aware-router.ts';
import { DEFAULT_LINK_POOL_POLICY, type LinkPoolPolicy } from '../routing/link-key-ledger.ts';
import { type LinkAnnouncement, LinkStateDatabase, type LinkStateAdvertisement } from '../routing/link-state-db.ts';
import type { LinkId, NodeId, Path } from '../routing/path.ts';
import type { Topology } from '../routing/topology.ts';
import { KeyStoreHopPool } from './key-store-hop-pool.ts';
import { parseAdvertisement } from './link-state-wire.ts';
import { rejectedLinks, viewWithout } from './reroute.ts';

export interface TrustedLink {
  /** The link's ID (its bench config's node.linkId). */
  readonly id: LinkId;
  /** The trusted node at the other end. */
  readonly peer: NodeId;
  /** The link's running single-link node (this end). */
  readonly node: QkdNode;
  /** Whether this end cuts keys for the link (the transmitter, as for ETSI keys). */
  readonly allocator: boolean;
}

export interface TrustedNodeOptions {
  readonly id: NodeId;
  readonly links: readonly TrustedLink[];
  /** The relay store's SQLite file (its folder must exist; 0700 is the caller's). */
  readonly relayStorePath: string;
  readonly log: Logger;
  readonly routing?: Partial<RoutingPolicy>;
  /** Reserve and transit share of every link's pool (what relayed traffic may take). */
  readonly pools?: Partial<LinkPoolPolicy>;
  readonly timing?: Partial<RelayTiming>;
  /** Period of the relay's retries/timeouts and of link-state announcements, ms. Default 500. */
  readonly tickMs?: number;
  /** When relayed keys nobody fetched expire (the key store's reservation rule). Default DEFAULT_RESERVATION_EXPIRY. */
  readonly expiry?: ReservationExpiry;
  /** Key material source for relayed keys (tests). Default crypto.randomBytes. */
  readonly randomBytes?: (n: number) => Uint8Array;
  /** Other paths a source tries after a hop rejected its relay, before it reports failure. Default 2. */
  readonly reroutes?: number;
}

export interface RelayKeyRequest {
  /** The destination node (where the slave SAE is). */
  readonly to: NodeId;
  readonly sizeBits: number;
  readonly masterSae: string;
  readonly slaveSae: string;
  /** The key_ID of the first attempt; default a fresh UUID. A rerouted attempt draws a new one (never reused). */
  readonly relayId?: string;
  /** Give up waiting for the source's decision on one attempt after this long. Default the decision timeout + 5 s. */
  readonly timeoutMs?: number;
}

export interface TrustedLinkStatus {
  id: LinkId;
  peer: NodeId;
  up: boolean;
  alarmed: boolean;
  allocator: boolean;
  availableBits: number;
  transitBits: number;
  /** Keys of this link's own ETSI pool handed out (its key store's count). */
  deliveredKeys: number;
  /** Secret key this link's end has made since its process started, bits (its node's stats.secretBits). */
  secretBits: number;
}

export interface TrustedNodeStatus {
  nodeId: NodeId;
  links: TrustedLinkStatus[];
  /** The topology routing sees now (flooded link states). */
  topology: { nodes: NodeId[]; links: { id: LinkId; a: NodeId; b: NodeId; up: boolean; alarmed: boolean; transitBits: number }[] };
  relays: { committed: number; aborted: number; rejected: number; unfinished: number };
}

/** Alarms that make a link unusable for routing while active (an eavesdropper: no key from it is trusted now). */
const LINK_STOPPING_ALARMS = ['qber-over-threshold', 'verification-failed'] as const;

export class TrustedNode {
  readonly id: NodeId;
  readonly engine: RelayEngine;
  readonly lsdb: LinkStateDatabase;
  private readonly router: KeyAwareRouter;
  private readonly links = new Map<LinkId, TrustedLink>();
  private readonly channels = new Map<LinkId, PeerChannel>();
  private readonly store: RelayRecordStore;
  private readonly pools: LinkPoolPolicy;
  private readonly timing: RelayTiming;
  /** Callers waiting for a relay's decision: called on every decision (and with `stopping` on stop: answer now). */
  private readonly waiters = new Map<string, (stopping?: boolean) => void>();
  /** Distinguishes waiters of the same relay (a counter: nothing here needs randomness). */
  private waiterSeq = 0;
  /** Relays `relayKey` is waiting for here, with the Reject that aborted them (if any): for rerouting. */
  private readonly sourcing = new Map<string, { rejected: string | null }>();
  private readonly counts = { committed: 0, aborted: 0, rejected: 0 };
  private timer: NodeJS.Timeout | null = null;
  private view: Topology;
  private lastAnnounce: { atS: number; links: LinkAnnouncement[] } = { atS: Number.NEGATIVE_INFINITY, links: [] };
  private stopped = false;

  private constructor(private readonly o: TrustedNodeOptions) {
    this.id = o.id;
    for (const l of o.links) {
      if (this.links.has(l.id))
        throw new QkdError(QkdErrorCode.TopologyInvalid, `node ${o.id}: link ${l.id} is listed twice`, { link: l.id });
      this.links.set(l.id, l);
    }
    this.pools = { ...DEFAULT_LINK_POOL_POLICY, ...o.pools };
    this.store = SqliteRelayRecordStore.open(o.relayStorePath);
    const hopPools = o.links.map(
      (l) => new KeyStoreHopPool({ linkId: l.id, peer: l.peer, allocator: l.allocator, store: () => l.node.store }),
    );
    this.engine = new RelayEngine({
      self: o.id,
      store: this.store,
      links: hopPools,
      send: (to, message) => this.sendRelay(to, message),
      randomBytes: o.randomBytes,
      timing: o.timing,
      onEvent: (e) => this.onRelayEvent(e),
    });
    this.timing = { retryMs: 2_000, decisionTimeoutMs: 30_000, ...o.timing };
    this.lsdb = new LinkStateDatabase(o.id, { maxAgeS: 60 });
    this.view = this.lsdb.topology();
    this.router = new KeyAwareRouter(() => this.view, { ...DEFAULT_ROUTING_POLICY, ...o.routing });
  }

  /** Open the relay store, attach to every link's peer sessions, recover unfinished relays and start the timers. */
  static start(o: TrustedNodeOptions): TrustedNode {
    const t = new TrustedNode(o);
    for (const l of o.links) {
      l.node.onPeerSession((channel) => t.attach(l.id, channel));
      l.node.onPeerMessage((envelope, channel) => t.onPeerMessage(l.id, envelope, channel));
    }
    t.engine.recover();
    t.announce(true);
    const tickMs = o.tickMs ?? 500;
    t.timer = setInterval(() => t.tick(), tickMs);
    o.log.info({ nodeId: o.id, links: o.links.map((l) => l.id) }, 'trusted node started');
    return t;
  }

  /** The links of this node, by ID. */
  link(id: LinkId): TrustedLink | undefined {
    return this.links.get(id);
  }

  get linkIds(): LinkId[] {
    return [...this.links.keys()];
  }

  /** The path a relay of `sizeBits` to `to` would take now, avoiding `excluded` links, or null. */
  choosePath(to: NodeId, sizeBits: number, excluded: ReadonlySet<LinkId> = new Set()): Path | null {
    if (excluded.size === 0) return this.router.choosePath(this.id, to, hopKeyBits(sizeBits));
    return shortestKeyPath(viewWithout(this.view, excluded), this.id, to, hopKeyBits(sizeBits), this.router.policy);
  }

  /**
   * Source: relay a fresh key of `sizeBits` to `to`. Resolves with its key_ID once the source has
   * committed (the key is usable here; the destination gets the Commit next). When a hop rejects the
   * relay (no key on a hop, a link that went down), the source tries the next-best path without the
   * rejecting hop, under a new key_ID, up to `reroutes` times (docs/key-relay.md, "Failure handling").
   * Rejects with `RelayNoPath` (no path with enough key) or `RelayFailed` (aborted on every path tried,
   * or no decision in time).
   */
  async relayKey(request: RelayKeyRequest): Promise<string> {
    const bits = hopKeyBits(request.sizeBits);
    const excluded = new Set<LinkId>();
    const tried: string[] = [];
    const reroutes = Math.max(0, this.o.reroutes ?? 2);
    for (let attempt = 0; ; attempt++) {
      const path = this.choosePath(request.to, request.sizeBits, excluded);
      if (path === null) {
        if (attempt === 0)
          throw new QkdError(QkdErrorCode.RelayNoPath, `no path from ${this.id} to ${request.to} with ${bits} bits of key on every hop`, {
            to: request.to,
            bits,
          });
        throw new QkdError(
          QkdErrorCode.RelayFailed,
          `relayed key to ${request.to} was rejected (${tried.join('; ')}) and no other path has ${bits} bits of key on every hop`,
          { to: request.to, tried, excluded: [...excluded] },
        );
      }
      const relayId = this.engine.start({
        path,
        sizeBits: request.sizeBits,
        masterSae: request.masterSae,
        slaveSae: request.slaveSae,
        ...(attempt === 0 && request.relayId !== undefined ? { relayId: request.relayId } : {}),
      });
      const watch = { rejected: null as string | null };
      this.sourcing.set(relayId, watch);
      // A relay the source itself rejected (its first hop short of key) is aborted before `start` returns.
      const now = this.engine.status(relayId);
      if (now?.state === 'aborted' && watch.rejected === null) watch.rejected = now.reason;
      let status: RelayStatus | undefined;
      try {
        status = await this.decided(relayId, request.timeoutMs ?? this.timing.decisionTimeoutMs + 5_000);
      } finally {
        this.sourcing.delete(relayId);
      }
      if (status?.state === 'confirmed') return relayId;
      const why = `${status?.state ?? 'unknown'}${status?.reason ? ` (${status.reason})` : ''}`;
      tried.push(`${relayId} over ${path.nodes.join('-')}: ${why}`);
      if (status?.state !== 'aborted' || watch.rejected === null || attempt >= reroutes || this.stopped) {
        throw new QkdError(
          QkdErrorCode.RelayFailed,
          `relayed key ${relayId} to ${request.to} over ${path.nodes.join('-')} was not confirmed: ${why}${attempt > 0 ? ` (after ${attempt} other path(s): ${tried.slice(0, -1).join('; ')})` : ''}`,
          { relayId, state: status?.state ?? null, path: path.nodes, tried },
        );
      }
      for (const link of rejectedLinks(path, watch.rejected)) excluded.add(link);
      this.o.log.info(
        { relayId, path: path.nodes, excluded: [...excluded], reason: watch.rejected },
        'relay rejected: trying another path',
      );
    }
  }

  /** Hand a relayed key to this node's SAE (the source's master or the destination's slave), exactly once. */
  take(relayId: string, sae: string): Uint8Array {
    return this.engine.take(relayId, sae);
  }

  relayStatus(relayId: string): RelayStatus | undefined {
    return this.engine.status(relayId);
  }

  /** Wait until `relayId` is decided at this node (confirmed or aborted), or the timeout. */
  decided(relayId: string, timeoutMs: number): Promise<RelayStatus | undefined> {
    const settled = (): boolean => {
      const s = this.engine.status(relayId);
      return s !== undefined && (s.state === 'confirmed' || s.state === 'aborted');
    };
    if (settled()) return Promise.resolve(this.engine.status(relayId));
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(), timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters.delete(`${relayId}#${id}`);
        resolve(this.engine.status(relayId));
      };
      const id = ++this.waiterSeq;
      this.waiters.set(`${relayId}#${id}`, (stopping) => {
        if (stopping || settled()) finish();
      });
    });
  }

  status(): TrustedNodeStatus {
    const topo = this.view;
    return {
      nodeId: this.id,
      links: [...this.links.values()].map((l) => {
        const a = this.announcementOf(l);
        return {
          id: l.id,
          peer: l.peer,
          up: a.up,
          alarmed: a.alarmed,
          allocator: l.allocator,
          availableBits: a.availableBits,
          transitBits: a.transitBits,
          deliveredKeys: l.node.store.stats().deliveredKeys,
          secretBits: Number(l.node.status().stats.secretBits ?? 0),
        };
      }),
      topology: {
        nodes: [...topo.nodes],
        links: topo.links.map((l) => ({ id: l.id, a: l.a, b: l.b, up: l.up, alarmed: l.alarmed, transitBits: l.transitBits })),
      },
      relays: { ...this.counts, unfinished: this.store.unfinished().length },
    };
  }

  /** Stop the timers, every link's node (boards, peer session, key store), then the relay store. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    // Every caller waiting for a decision gets the record as it is now (their timers cleared), so no
    // enc_keys request or timer outlives the node.
    for (const w of [...this.waiters.values()]) w(true);
    for (const l of this.links.values()) await l.node.stop();
    this.store.close();
    this.o.log.info({ nodeId: this.id }, 'trusted node stopped');
  }

  private tick(): void {
    if (this.stopped) return;
    try {
      this.engine.tick();
      this.engine.expireUndelivered(this.o.expiry ?? DEFAULT_RESERVATION_EXPIRY);
      this.announce();
      const gone = this.lsdb.expire(nowS());
      if (gone.length > 0) this.view = this.lsdb.topology();
      // Finished records without key material are kept an hour (presumed abort needs the source's records
      // until the destination applied the decision, which `finished` already says), then pruned.
      this.store.prune(Date.now() - 3_600_000);
    } catch (err) {
      this.o.log.error({ err: (err as Error).message }, 'trusted node tick failed');
    }
  }

  private announcementOf(l: TrustedLink): LinkAnnouncement {
    const s = l.node.status();
    const appBits = s.store.appBits;
    const alarmed = LINK_STOPPING_ALARMS.some((code) => l.node.alarms.isActive(code));
    const transit = Math.max(0, Math.min(appBits - this.pools.reserveBits, Math.floor(this.pools.transitShare * appBits)));
    return { link: l.id, neighbour: l.peer, up: s.peerConnected, alarmed, availableBits: appBits, transitBits: transit, rateBps: 0 };
  }

  /**
   * Originate this node's announcement and flood it to every neighbour: when a link's state changed
   * (up, alarm, or its key by more than 1/16), else every REANNOUNCE_S as a refresh. Every message
   * costs authentication key on the peer channel, so an unchanged state is not sent every tick.
   */
  private announce(force = false): void {
    const links = [...this.links.values()].map((l) => this.announcementOf(l));
    const now = nowS();
    if (!force && now - this.lastAnnounce.atS < REANNOUNCE_S && !changed(this.lastAnnounce.links, links)) return;
    this.lastAnnounce = { atS: now, links };
    const lsa = this.lsdb.originate(links, now);
    this.view = this.lsdb.topology();
    for (const id of this.links.keys()) this.sendLinkState(id, lsa);
  }

  private attach(linkId: LinkId, channel: PeerChannel): void {
    this.channels.set(linkId, channel);
    // A new neighbour session: give it every copy we hold (its database description).
    for (const lsa of this.lsdb.advertisements(nowS())) this.sendLinkState(linkId, lsa);
  }

  private onPeerMessage(linkId: LinkId, envelope: DecodedEnvelope, channel: PeerChannel): boolean {
    if (envelope.body !== 'relay' || !envelope.relay) return false;
    if (this.channels.get(linkId) !== channel) this.channels.set(linkId, channel);
    const link = this.links.get(linkId)!;
    const { payload, linkState } = envelope.relay;
    try {
      if (payload && payload.length > 0) this.engine.receive(link.peer, decodeRelayMessage(payload));
      else if (linkState && linkState.length > 0) this.onLinkState(linkId, parseAdvertisement(linkState));
    } catch (err) {
      this.o.log.warn({ link: linkId, err: (err as Error).message }, 'relay message from the peer dropped');
    }
    return true;
  }

  private onLinkState(fromLink: LinkId, lsa: LinkStateAdvertisement): void {
    const outcome = this.lsdb.receive(lsa, nowS());
    switch (outcome) {
      case 'installed':
        this.view = this.lsdb.topology();
        for (const id of this.links.keys()) if (id !== fromLink) this.sendLinkState(id, lsa);
        return;
      case 'older': {
        const newer = this.lsdb.newerCopyFor(lsa.origin, nowS());
        if (newer) this.sendLinkState(fromLink, newer);
        return;
      }
      case 'self-newer':
        this.announce(true);
        return;
      case 'duplicate':
        return;
    }
  }

  private sendLinkState(linkId: LinkId, lsa: LinkStateAdvertisement): void {
    this.sendOn(linkId, { linkState: new TextEncoder().encode(JSON.stringify(lsa)) });
  }

  private sendRelay(to: NodeId, message: RelayMessage): void {
    const link = this.links.get(message.link);
    if (link === undefined || link.peer !== to) {
      this.o.log.warn({ to, link: message.link }, 'relay message for a link this node does not have: dropped');
      return;
    }
    this.sendOn(message.link, { payload: encodeRelayMessage(message) });
  }

  /** Lost when the link's session is down: the relay's retries and the next announcement cover it. */
  private sendOn(linkId: LinkId, relay: { payload?: Uint8Array; linkState?: Uint8Array }): void {
    const channel = this.channels.get(linkId);
    if (channel === undefined || !channel.isOpen) return;
    try {
      channel.send({ relay });
    } catch (err) {
      this.o.log.debug({ link: linkId, err: (err as Error).message }, 'relay send failed (session closing)');
    }
  }

  private onRelayEvent(e: RelayEvent): void {
    if (e.type === 'committed') this.counts.committed++;
    else if (e.type === 'aborted') this.counts.aborted++;
    else if (e.type === 'rejected') {
      this.counts.rejected++;
      const watch = this.sourcing.get(e.relayId);
      if (watch && watch.rejected === null) watch.rejected = e.detail;
    }
    const level = e.type === 'committed' ? 'debug' : e.type === 'violation' || e.type === 'auth-failed' ? 'error' : 'info';
    this.o.log[level]({ relayId: e.relayId, event: e.type, detail: e.detail }, `relay ${e.type}`);
    if (e.type === 'committed' || e.type === 'aborted') {
      // Decisions are durable before the event; waiters check the record.
      queueMicrotask(() => {
        for (const [key, w] of [...this.waiters]) if (key.startsWith(`${e.relayId}#`)) w();
      });
    }
  }
}

/** An unchanged link state is announced again after this long (a refresh; MaxAge is 60 s). */
const REANNOUNCE_S = 5;

/** Whether routing would see a difference: up, alarm, or key moved by more than 1/16 (or to or from zero). */
function changed(before: readonly LinkAnnouncement[], now: readonly LinkAnnouncement[]): boolean {
  if (before.length !== now.length) return true;
  return now.some((l, i) => {
    const b = before[i];
    const moved = (x: number, y: number): boolean => (x === 0) !== (y === 0) || Math.abs(x - y) > Math.max(x, y) / 16;
    return (
      b.link !== l.link ||
      b.up !== l.up ||
      b.alarmed !== l.alarmed ||
      moved(b.availableBits, l.availableBits) ||
      moved(b.transitBits, l.transitBits)
    );
  });
}

function nowS(): number {
  return Date.now() / 1000;
}
