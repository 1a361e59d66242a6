/**
 * Path selection for relayed keys: the `PathChooser` the relay asks for a route.
 *
 * Shortest path (Dijkstra) where each hop weighs
 *
 *     w(hop) = 1 + K₀ / (spare + 1),   spare = usable − bits + rate · τ
 *
 * and a hop whose usable key is below the request, or whose link is down or
 * alarmed, is not taken at all (infinite weight). `usable` is the link's whole
 * pool when the path is that one link (the link's own, adjacent demand), and
 * only its `transitBits` (the pool above the reserve, within the transit share;
 * see link-key-ledger.ts) when the hop is part of a longer path. Why this shape
 * is written in src/network/README.md: every hop costs the same `bits` of key
 * (one-time pad per hop), so plentiful links weigh 1 and the route is the one
 * with the fewest hops, which spends the least key network-wide; as a link's
 * spare key falls towards K₀ its hop weighs up to two, and far below K₀ it
 * weighs as many hops as K₀/spare, so traffic detours around a draining link
 * before that link runs dry, rather than after.
 *
 * `weighting: 'hop-count'` drops the scarcity term (every usable hop weighs 1):
 * plain shortest path that still avoids links without enough key, down or
 * alarmed; the benchmark compares the two.
 */
import type { LinkId, NodeId, Path, PathChooser } from './path.ts';
import { isUsable, type LinkState, type NetworkView } from './topology.ts';

export interface RoutingPolicy {
  /** K₀: spare key (bits) at which a hop weighs two plentiful hops. */
  scarcityBits: number;
  /** τ: seconds of the link's key rate counted as spare key (a fast link refills). */
  refillHorizonS: number;
  /** 'key-aware' (default) or 'hop-count' (no scarcity term). */
  weighting: 'key-aware' | 'hop-count';
}

export const DEFAULT_ROUTING_POLICY: RoutingPolicy = {
  scarcityBits: 1 << 20,
  refillHorizonS: 0,
  weighting: 'key-aware',
};

/** Key a hop may give to a request: the whole pool for the link's own traffic, the transit part for relayed traffic. */
export function usableBits(link: LinkState, transit: boolean): number {
  return transit ? link.transitBits : link.availableBits;
}

/** The weight of one hop for a request of `bits` (Infinity: not taken). */
export function hopWeight(link: LinkState, bits: number, transit: boolean, policy: RoutingPolicy = DEFAULT_ROUTING_POLICY): number {
  if (!isUsable(link)) return Number.POSITIVE_INFINITY;
  const usable = usableBits(link, transit);
  if (!(usable >= bits)) return Number.POSITIVE_INFINITY;
  if (policy.weighting === 'hop-count') return 1;
  const spare = usable - bits + Math.max(0, link.rateBps) * policy.refillHorizonS;
  return 1 + policy.scarcityBits / (spare + 1);
}

/** Dijkstra over a `NetworkView` with key-scarcity weights. */
export class KeyAwareRouter implements PathChooser {
  readonly policy: RoutingPolicy;

  constructor(
    private readonly view: () => NetworkView,
    policy: Partial<RoutingPolicy> = {},
  ) {
    this.policy = { ...DEFAULT_ROUTING_POLICY, ...policy };
  }

  choosePath(from: NodeId, to: NodeId, bits: number): Path | null {
    return shortestKeyPath(this.view(), from, to, bits, this.policy);
  }
}

/**
 * The lightest path from `from` to `to` on which every hop can give `bits`, or
 * null. Hops out of `from` straight to `to` count as the link's own traffic
 * (the path is that one hop); every other hop is transit. Ties go to fewer hops,
 * then to the order of the view's adjacency lists, so the answer is a function
 * of the view alone.
 */
export function shortestKeyPath(
  view: NetworkView,
  from: NodeId,
  to: NodeId,
  bits: number,
  policy: RoutingPolicy = DEFAULT_ROUTING_POLICY,
): Path | null {
  const index = indexOf(view);
  const src = index.get(from);
  const dst = index.get(to);
  if (src === undefined || dst === undefined) return null;
  if (src === dst) return { nodes: [from], links: [] };
  const n = view.nodes.length;
  const dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const hops = new Int32Array(n);
  const prevNode = new Int32Array(n).fill(-1);
  const prevLink: (LinkId | undefined)[] = new Array(n);
  const done = new Uint8Array(n);
  dist[src] = 0;
  const heap = new MinHeap();
  heap.push(0, 0, src);
  while (heap.size > 0) {
    const u = heap.pop();
    if (done[u]) continue;
    done[u] = 1;
    if (u === dst) break;
    const uId = view.nodes[u];
    for (const { link, neighbour } of view.adjacent(uId)) {
      const v = index.get(neighbour);
      if (v === undefined || done[v]) continue;
      // A hop from the source straight to the destination is the link's own demand.
      const transit = !(u === src && v === dst);
      const w = hopWeight(link, bits, transit, policy);
      if (w === Number.POSITIVE_INFINITY) continue;
      const d = dist[u] + w;
      const h = hops[u] + 1;
      if (d < dist[v] || (d === dist[v] && h < hops[v])) {
        dist[v] = d;
        hops[v] = h;
        prevNode[v] = u;
        prevLink[v] = link.id;
        heap.push(d, h, v);
      }
    }
  }
  if (!done[dst]) return null;
  const nodes: NodeId[] = [];
  const links: LinkId[] = [];
  for (let v = dst; v !== src; v = prevNode[v]) {
    nodes.push(view.nodes[v]);
    links.push(prevLink[v]!);
  }
  nodes.push(from);
  return { nodes: nodes.reverse(), links: links.reverse() };
}

/** Node name → index, kept per view object and its node list (a view's nodes do not change; a new view is a new object). */
const indexes = new WeakMap<NetworkView, { nodes: readonly NodeId[]; index: Map<NodeId, number> }>();

function indexOf(view: NetworkView): Map<NodeId, number> {
  const cached = indexes.get(view);
  if (cached && cached.nodes === view.nodes) return cached.index;
  const index = new Map<NodeId, number>();
  for (let i = 0; i < view.nodes.length; i++) index.set(view.nodes[i], i);
  indexes.set(view, { nodes: view.nodes, index });
  return index;
}

/** A binary min-heap of (distance, hops, node), ordered by distance, then hops, then node index. */
class MinHeap {
  private d: number[] = [];
  private h: number[] = [];
  private v: number[] = [];

  get size(): number {
    return this.v.length;
  }

  push(d: number, h: number, v: number): void {
    this.d.push(d);
    this.h.push(h);
    this.v.push(v);
    let i = this.v.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  pop(): number {
    const top = this.v[0];
    const last = this.v.length - 1;
    this.swap(0, last);
    this.d.pop();
    this.h.pop();
    this.v.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.v.length && this.less(l, m)) m = l;
      if (r < this.v.length && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }

  private less(i: number, j: number): boolean {
    if (this.d[i] !== this.d[j]) return this.d[i] < this.d[j];
    if (this.h[i] !== this.h[j]) return this.h[i] < this.h[j];
    return this.v[i] < this.v[j];
  }

  private swap(i: number, j: number): void {
    const d = this.d[i];
    this.d[i] = this.d[j];
    this.d[j] = d;
    const h = this.h[i];
    this.h[i] = this.h[j];
    this.h[j] = h;
    const v = this.v[i];
    this.v[i] = this.v[j];
    this.v[j] = v;
  }
}
