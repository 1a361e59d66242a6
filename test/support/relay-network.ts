/**
 * An in-process network of key relay engines for tests (test/network/relay/):
 * nodes joined by in-memory QKD links (MemoryHopLink: both ends hold equal
 * pool bytes), a message queue delivered in a seeded random order, FIFO
 * per direction of each hop as on the peer channel (every message goes
 * through the protobuf codec; with `duplicate`, some are delivered again later), a fake clock, and crashes: a node
 * can be made to crash just before its N-th effect (a record written, a hop
 * key cut, applied or released, a message sent); it is then down (messages to
 * it are lost) until `restart`, which reopens its durable store and runs
 * `recover()`. Link pools survive a crash (they stand for the links' durable
 * key stores).
 */
import { join } from 'node:path';
import { hopKeyBits } from '../../src/network/relay/hop-cipher.ts';
import { type HopKeyPool, MemoryHopLink } from '../../src/network/relay/hop-keys.ts';
import { hopKeyId } from '../../src/network/relay/ids.ts';
import { decodeRelayMessage, encodeRelayMessage } from '../../src/network/relay/messages.ts';
import { MemoryRelayRecordStore, type RelayRecord, type RelayRecordStore } from '../../src/network/relay/records.ts';
import { type RelayEvent, RelayEngine, type RelayTiming } from '../../src/network/relay/relay-engine.ts';
import { SqliteRelayRecordStore } from '../../src/network/relay/sqlite-store.ts';
import type { LinkId, NodeId, Path, PathChooser } from '../../src/network/routing/path.ts';
import type { Xoshiro128 } from '../../src/pipeline/prng.ts';

/** Thrown by a port of a node told to crash; the network catches it and takes the node down. */
export class SimulatedCrash extends Error {
  constructor(readonly node: NodeId) {
    super(`simulated crash of ${node}`);
  }
}

export interface LinkSpec {
  readonly id: LinkId;
  readonly a: NodeId;
  readonly b: NodeId;
  /** The end that cuts (default a). */
  readonly allocator?: NodeId;
}

export interface RelayNetworkOptions {
  readonly nodes: readonly NodeId[];
  readonly links: readonly LinkSpec[];
  readonly rng: Xoshiro128;
  /** Bytes of key in each link's pool. Default 64 KiB. */
  readonly poolBytes?: number;
  /** Folder for SQLite relay stores; without it, records are kept in memory. */
  readonly storeDir?: string;
  readonly timing?: Partial<RelayTiming>;
  /** Probability that a delivered message is delivered a second time later. Default 0. */
  readonly duplicate?: number;
}

export interface QueuedMessage {
  readonly from: NodeId;
  readonly to: NodeId;
  bytes: Uint8Array;
}

interface NodeState {
  readonly id: NodeId;
  store: RelayRecordStore;
  engine: RelayEngine | undefined;
  readonly pools: HopKeyPool[];
  /** Effects performed since start (across restarts). */
  effects: number;
  crashAtEffect: number | undefined;
  crashes: number;
}

export const RELAY_TIMING: RelayTiming = { retryMs: 1_000, decisionTimeoutMs: 20_000 };

export class RelayNetwork {
  readonly links = new Map<LinkId, MemoryHopLink>();
  readonly queue: QueuedMessage[] = [];
  /** Every message ever sent, encoded (to check no key appears in the clear). */
  readonly wire: QueuedMessage[] = [];
  readonly events: Array<RelayEvent & { node: NodeId }> = [];
  /** Hook on each message about to be delivered; may change its bytes (tampering) or return false to drop it. */
  intercept: ((m: QueuedMessage) => boolean) | undefined;
  nowMs = 1_000_000;
  /** The relay ID of the message `step` delivered last (only its records can have changed). */
  lastRelayId: string | undefined;
  private readonly nodes = new Map<NodeId, NodeState>();
  private readonly rng: Xoshiro128;
  private readonly timing: RelayTiming;
  private readonly duplicate: number;

  constructor(private readonly options: RelayNetworkOptions) {
    this.rng = options.rng;
    this.timing = { ...RELAY_TIMING, ...options.timing };
    this.duplicate = options.duplicate ?? 0;
    const poolBytes = options.poolBytes ?? 65_536;
    for (const l of options.links) {
      const bytes = new Uint8Array(poolBytes);
      for (let i = 0; i < poolBytes; i += 4) {
        const w = this.rng.nextU32();
        bytes[i] = w & 255;
        bytes[i + 1] = (w >>> 8) & 255;
        bytes[i + 2] = (w >>> 16) & 255;
        bytes[i + 3] = w >>> 24;
      }
      this.links.set(l.id, new MemoryHopLink(l.id, l.a, l.b, bytes, l.allocator ?? l.a));
    }
    for (const id of options.nodes) {
      const state: NodeState = {
        id,
        store: this.openStore(id),
        engine: undefined,
        pools: [],
        effects: 0,
        crashAtEffect: undefined,
        crashes: 0,
      };
      for (const link of this.links.values()) if (link.ends.has(id)) state.pools.push(this.wrapPool(state, link.end(id)));
      this.nodes.set(id, state);
      state.engine = this.makeEngine(state);
    }
  }

  engine(node: NodeId): RelayEngine {
    const e = this.state(node).engine;
    if (e === undefined) throw new Error(`${node} is down`);
    return e;
  }

  isUp(node: NodeId): boolean {
    return this.state(node).engine !== undefined;
  }

  /** The node's durable records (readable while it is down: they are what a restart finds). */
  record(node: NodeId, relayId: string): RelayRecord | undefined {
    return this.state(node).store.get(relayId);
  }

  effects(node: NodeId): number {
    return this.state(node).effects;
  }

  crashes(node: NodeId): number {
    return this.state(node).crashes;
  }

  /** Crash `node` just before its effect number `effect` (1-based, counted since the network started). */
  crashBefore(node: NodeId, effect: number): void {
    this.state(node).crashAtEffect = effect;
  }

  /** Cancel a crash that has not happened yet. */
  disarm(node: NodeId): void {
    this.state(node).crashAtEffect = undefined;
  }

  /** Bring a crashed node back: reopen its store, new engine, recover. */
  restart(node: NodeId): void {
    const s = this.state(node);
    if (s.engine !== undefined) return;
    s.store = this.reopenStore(s);
    s.engine = this.makeEngine(s);
    this.guard(node, () => s.engine!.recover());
  }

  /** Run `fn` on a node's engine; a simulated crash inside takes the node down. */
  guard(node: NodeId, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof SimulatedCrash)) throw err;
      this.takeDown(this.state(node));
    }
  }

  /** Deliver one queued message, chosen at random; false when the queue is empty. */
  step(): boolean {
    if (this.queue.length === 0) return false;
    // A random pair of nodes, then that pair's oldest message: each direction of a
    // hop is FIFO, as the peer channel (one TCP connection) is.
    const pick = this.queue[Math.floor((this.rng.nextU32() / 4294967296) * this.queue.length)];
    const i = this.queue.findIndex((q) => q.from === pick.from && q.to === pick.to);
    const [m] = this.queue.splice(i, 1);
    if (this.intercept !== undefined && !this.intercept(m)) return true;
    if (this.duplicate > 0 && this.rng.nextU32() / 4294967296 < this.duplicate) this.queue.push({ ...m, bytes: m.bytes.slice() });
    const target = this.state(m.to);
    if (target.engine === undefined) return true; // down: lost
    const message = decodeRelayMessage(m.bytes);
    this.lastRelayId = message.relayId;
    this.guard(m.to, () => target.engine!.receive(m.from, message));
    return true;
  }

  /** Advance the clock and run every up node's timers. */
  tick(ms = this.timing.retryMs): void {
    this.nowMs += ms;
    for (const s of this.nodes.values()) if (s.engine !== undefined) this.guard(s.id, () => s.engine!.tick());
  }

  /** Deliver until the queue is empty, calling `after` after each delivery; ticks when idle, up to `maxTicks` idle rounds. */
  run(options: { maxTicks?: number; after?: () => void; until?: () => boolean } = {}): void {
    const maxTicks = options.maxTicks ?? 100;
    for (let ticks = 0; ticks <= maxTicks; ) {
      if (options.until?.()) return;
      if (this.step()) {
        options.after?.();
        continue;
      }
      if (this.unfinished() === 0) return;
      this.tick();
      ticks++;
    }
  }

  /** Unfinished records over all nodes (a down node's count too). */
  unfinished(): number {
    let n = 0;
    for (const s of this.nodes.values()) n += s.store.unfinished().length;
    return n;
  }

  /** Hop-key cost of one relayed key of `sizeBits` bits on each hop. */
  static hopCost(sizeBits: number): number {
    return hopKeyBits(sizeBits);
  }

  /** Hop keys of `relayId` whose material is still held at either end of any link. */
  heldHopKeys(relayId: string, path: Path): string[] {
    const held: string[] = [];
    path.links.forEach((l, hop) => {
      const id = hopKeyId(relayId, hop);
      for (const end of this.links.get(l)!.ends.values()) if (end.heldHopKeys().includes(id)) held.push(`${l}@${end.self}`);
    });
    return held;
  }

  close(): void {
    for (const s of this.nodes.values()) s.store.close();
  }

  private state(node: NodeId): NodeState {
    const s = this.nodes.get(node);
    if (s === undefined) throw new Error(`no node ${node}`);
    return s;
  }

  private takeDown(s: NodeState): void {
    s.engine = undefined;
    s.crashAtEffect = undefined;
    s.crashes++;
  }

  private openStore(node: NodeId): RelayRecordStore {
    const dir = this.options.storeDir;
    return dir === undefined
      ? this.effectful(node, new MemoryRelayRecordStore())
      : this.effectful(node, SqliteRelayRecordStore.open(join(dir, `${node}-relay.db`)));
  }

  private reopenStore(s: NodeState): RelayRecordStore {
    const inner = (s.store as RelayRecordStore & { inner: RelayRecordStore }).inner;
    if (inner instanceof MemoryRelayRecordStore) return this.effectful(s.id, inner.reopen());
    inner.close();
    return this.effectful(s.id, SqliteRelayRecordStore.open((inner as SqliteRelayRecordStore).path));
  }

  /** Count (and maybe crash at) each record write. */
  private effectful(node: NodeId, inner: RelayRecordStore): RelayRecordStore {
    const effect = (): void => this.effect(node);
    return {
      inner,
      get: (id: string) => inner.get(id),
      put: (r: RelayRecord) => {
        effect();
        inner.put(r);
      },
      unfinished: () => inner.unfinished(),
      deliverable: () => inner.deliverable(),
      prune: (before: number) => inner.prune(before),
      close: () => inner.close(),
    } as RelayRecordStore & { inner: RelayRecordStore };
  }

  private effect(node: NodeId): void {
    const s = this.state(node);
    if (s.engine === undefined) throw new SimulatedCrash(node); // a stale engine call after the crash
    s.effects++;
    if (s.crashAtEffect !== undefined && s.effects >= s.crashAtEffect) {
      s.effects--;
      throw new SimulatedCrash(node);
    }
  }

  private wrapPool(s: NodeState, pool: HopKeyPool): HopKeyPool {
    const effect = (): void => this.effect(s.id);
    return {
      linkId: pool.linkId,
      peer: pool.peer,
      allocator: pool.allocator,
      cut: (id, bits) => {
        effect();
        return pool.cut(id, bits);
      },
      apply: (cut) => {
        effect();
        return pool.apply(cut);
      },
      material: (id) => pool.material(id),
      release: (id) => {
        effect();
        pool.release(id);
      },
      availableBits: () => pool.availableBits(),
    };
  }

  private makeEngine(s: NodeState): RelayEngine {
    return new RelayEngine({
      self: s.id,
      store: s.store,
      links: s.pools,
      send: (to, message) => {
        this.effect(s.id);
        const bytes = encodeRelayMessage(message);
        const q = { from: s.id, to, bytes };
        this.wire.push({ ...q, bytes: bytes.slice() });
        this.queue.push(q);
      },
      randomBytes: (n) => {
        const out = new Uint8Array(n);
        for (let i = 0; i < n; i++) out[i] = this.rng.nextU32() & 255;
        return out;
      },
      clock: () => this.nowMs,
      timing: this.timing,
      onEvent: (e) => this.events.push({ ...e, node: s.id }),
    });
  }
}

/** Shortest paths by breadth-first search over the links (ties: the first link listed). */
export function bfsPathChooser(nodes: readonly NodeId[], links: readonly LinkSpec[]): PathChooser {
  return {
    choosePath(from: NodeId, to: NodeId): Path | null {
      const prev = new Map<NodeId, { node: NodeId; link: LinkId }>();
      const seen = new Set([from]);
      const queue = [from];
      while (queue.length > 0) {
        const n = queue.shift()!;
        if (n === to) break;
        for (const l of links) {
          const other = l.a === n ? l.b : l.b === n ? l.a : undefined;
          if (other === undefined || seen.has(other) || !nodes.includes(other)) continue;
          seen.add(other);
          prev.set(other, { node: n, link: l.id });
          queue.push(other);
        }
      }
      if (!seen.has(to)) return null;
      const path: Path = { nodes: [to], links: [] };
      for (let n = to; n !== from; ) {
        const p = prev.get(n)!;
        path.nodes.unshift(p.node);
        path.links.unshift(p.link);
        n = p.node;
      }
      return path;
    },
  };
}
