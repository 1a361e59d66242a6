/**
 * The network as routing sees it: trusted nodes and the QKD links between them,
 * each link with its state (up or down, alarmed by a QBER alarm, key in its pool,
 * key that relayed traffic may take, key rate).
 *
 * A `Topology` is built from a static description (config: node and link IDs,
 * link ends, lengths) and from link states, which come from the node's own links
 * and its neighbours' link-state announcements (link-state-db.ts), or, in the
 * network simulation, from the key-manager model. It is a plain in-memory graph;
 * the router (key-aware-router.ts) reads it through `NetworkView`.
 */
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import type { LinkId, NodeId } from './path.ts';

/** The static description of a link (from config): its ID and the two nodes it joins. */
export interface LinkSpec {
  id: LinkId;
  a: NodeId;
  b: NodeId;
  /** Fibre length, km (informational; the simulation draws rates from it). */
  lengthKm?: number;
}

/** What routing needs to know of a link now. */
export interface LinkState extends LinkSpec {
  /** The link runs (both ends up, peer channel open). */
  up: boolean;
  /** A safety alarm (e.g. QBER over threshold: an eavesdropper) stopped the link: no key is trusted from it now. */
  alarmed: boolean;
  /** Key in the link's pool (the same bits at both ends), bits. Its own (adjacent) demand may take all of it. */
  availableBits: number;
  /** Of `availableBits`, what relayed (transit) traffic may take: the pool above the reserve and within the share. */
  transitBits: number;
  /** Secret key rate, bits/s (last measured). */
  rateBps: number;
}

/** A topology as static data: what a config gives. */
export interface TopologySpec {
  nodes: readonly NodeId[];
  links: readonly LinkSpec[];
}

/** A link seen from one of its ends. */
export interface Adjacency {
  readonly link: LinkState;
  readonly neighbour: NodeId;
}

/** What the router reads: the nodes, and the links at each node with their current state. */
export interface NetworkView {
  readonly nodes: readonly NodeId[];
  /** Links at `node` (empty for an unknown node), in a fixed order. */
  adjacent(node: NodeId): readonly Adjacency[];
  link(id: LinkId): LinkState | undefined;
}

/** A link with no state yet: down, no key. */
export function linkStateOf(spec: LinkSpec, state: Partial<Omit<LinkState, keyof LinkSpec>> = {}): LinkState {
  return {
    ...spec,
    up: state.up ?? false,
    alarmed: state.alarmed ?? false,
    availableBits: state.availableBits ?? 0,
    transitBits: state.transitBits ?? 0,
    rateBps: state.rateBps ?? 0,
  };
}

/** A link is usable for routing when it is up and not alarmed. */
export function isUsable(link: LinkState): boolean {
  return link.up && !link.alarmed;
}

/**
 * A mutable graph of nodes and stateful links. Node and link IDs are checked
 * once here (unknown ends, repeated IDs, self-loops are `TopologyInvalid`), so
 * the router can trust them.
 */
export class Topology implements NetworkView {
  readonly nodes: readonly NodeId[];
  private readonly byId = new Map<LinkId, LinkState>();
  private readonly adjacency = new Map<NodeId, Adjacency[]>();

  constructor(nodes: readonly NodeId[], links: readonly LinkState[]) {
    const seen = new Set<NodeId>();
    for (const n of nodes) {
      if (typeof n !== 'string' || n === '') throw topologyError('a node ID is empty', { node: n });
      if (seen.has(n)) throw topologyError(`node '${n}' is listed twice`, { node: n });
      seen.add(n);
      this.adjacency.set(n, []);
    }
    this.nodes = [...nodes];
    for (const l of links) {
      if (typeof l.id !== 'string' || l.id === '') throw topologyError('a link ID is empty', { link: l.id });
      if (this.byId.has(l.id)) throw topologyError(`link '${l.id}' is listed twice`, { link: l.id });
      for (const end of [l.a, l.b]) {
        if (!seen.has(end))
          throw topologyError(`link '${l.id}' names node '${end}', which the topology does not have`, { link: l.id, node: end });
      }
      if (l.a === l.b) throw topologyError(`link '${l.id}' joins node '${l.a}' to itself`, { link: l.id, node: l.a });
      const state = { ...l };
      this.byId.set(l.id, state);
      this.adjacency.get(l.a)!.push({ link: state, neighbour: l.b });
      this.adjacency.get(l.b)!.push({ link: state, neighbour: l.a });
    }
  }

  /** A topology from config: every link down with no key until its state is set. */
  static fromSpec(spec: TopologySpec): Topology {
    return new Topology(
      spec.nodes,
      spec.links.map((l) => linkStateOf(l)),
    );
  }

  get links(): readonly LinkState[] {
    return [...this.byId.values()];
  }

  adjacent(node: NodeId): readonly Adjacency[] {
    return this.adjacency.get(node) ?? [];
  }

  link(id: LinkId): LinkState | undefined {
    return this.byId.get(id);
  }

  hasNode(node: NodeId): boolean {
    return this.adjacency.has(node);
  }

  /** Change a link's state (not its ends). */
  setState(id: LinkId, state: Partial<Omit<LinkState, keyof LinkSpec>>): void {
    const l = this.byId.get(id);
    if (!l) throw topologyError(`no link '${id}' in the topology`, { link: id });
    Object.assign(l, state);
  }

  /** The static part, for a config or a report. */
  spec(): TopologySpec {
    return {
      nodes: [...this.nodes],
      links: this.links.map(({ id, a, b, lengthKm }) => (lengthKm === undefined ? { id, a, b } : { id, a, b, lengthKm })),
    };
  }
}

export function topologyError(message: string, details: Record<string, unknown> = {}): QkdError {
  return new QkdError(QkdErrorCode.TopologyInvalid, message, details);
}
