/**
 * The trusted-relay network simulation: the real routing code (link-state
 * database, key-aware path chooser, link key ledger) run over modelled links,
 * with no boards and no processes. Discrete time, seeded, fast (a 50-node
 * network for 600 simulated seconds takes a few seconds).
 *
 * Each step of `stepS` seconds:
 *   1. link events: failures and repairs (exponential up and down times per
 *      link), and from `attack.atS` on an eavesdropper on one link, whose QBER
 *      alarm stops it: it makes no key and is routed around;
 *   2. every link that is up and not alarmed adds rate × step bits of key to its
 *      pool (rates from fibre length, link-rate-model.ts), up to the pool's
 *      capacity;
 *   3. every node announces its links (a `LinkStateDatabase` per node
 *      originates it, with the ledger's figures) and the announcements are
 *      installed in the routing view (flooding is taken to converge within a
 *      step: at 50 nodes it takes a few network round trips, far below 1 s);
 *   4. SAE requests arrive (Poisson, per SAE pair) in a seeded random order;
 *      each asks the router for a path with `requestBits` on every hop, reserves
 *      it in the ledger (all hops or none) and commits it: every hop's pool pays
 *      the request's bits (one-time pad per hop). No path, or a failed
 *      reservation, is a blocked request. After a commit the view's figures of
 *      the path's links are updated (the relay's confirmations carry them).
 *
 * It checks, as it goes, the properties the tests assert: no path through a
 * link that is down or alarmed (by the simulation's truth, not the view), the
 * transit share never exceeded, and conservation: the key consumed on all
 * links equals the bits delivered times the hops they took.
 */
import { Xoshiro128 } from '../../pipeline/prng.ts';
import { KeyAwareRouter, type RoutingPolicy } from '../routing/key-aware-router.ts';
import { LinkKeyLedger } from '../routing/link-key-ledger.ts';
import { LinkStateDatabase, type LinkAnnouncement } from '../routing/link-state-db.ts';
import type { LinkId, NodeId } from '../routing/path.ts';
import type { Topology, TopologySpec } from '../routing/topology.ts';
import { DEFAULT_LINK_RATE_MODEL, secretKeyRateBps, type LinkRateModel } from './link-rate-model.ts';
import { generateNetwork, type NetworkShape } from './network-generator.ts';

/** Per-link key pools, in seconds of the link's own key rate. */
export interface PoolShape {
  /** Pool capacity. */
  capacityS: number;
  /** Pool level at the start. */
  initialS: number;
  /** Kept for the link's own demand: relayed traffic never takes the pool below this. */
  reserveS: number;
  /** Largest share of a link's key that relayed traffic may take (0..1). */
  transitShare: number;
}

export interface NetworkSimulationOptions {
  seed: number;
  nodes: number;
  durationS: number;
  stepS: number;
  shape: Partial<NetworkShape>;
  rateModel: Partial<LinkRateModel>;
  /** SAE pairs with demand (distinct node pairs, drawn from the seed). */
  pairs: number;
  /**
   * Offered demand as a fraction of what the network can carry: at load 1 the
   * offered bits × hops (hop count of each pair's shortest path) equal the key
   * all links make. `requestsPerPairPerS` overrides it.
   */
  load: number;
  requestsPerPairPerS?: number;
  /** Key size (ETSI 014 `size`), bits. */
  keyBits: number;
  /** Keys per request (ETSI 014 `number`); a request is delivered whole or blocked. */
  keysPerRequest: number;
  pool: PoolShape;
  routing: Partial<RoutingPolicy>;
  /** Link failures: mean time between failures and to repair, per link, s; null: none. */
  failures: { mtbfS: number; mttrS: number } | null;
  /** The attacked link (default: the busiest link that is not a bridge) and when the attack starts (default: a third in); null: no attack. */
  attack: { link?: LinkId; atS?: number } | null;
  /** Link level samples kept over the run. */
  samples: number;
  onProgress?: (simulatedS: number, durationS: number) => void;
}

export const DEFAULT_SIMULATION_OPTIONS: Omit<NetworkSimulationOptions, 'onProgress'> = {
  seed: 1,
  nodes: 50,
  durationS: 600,
  stepS: 1,
  shape: {},
  rateModel: {},
  pairs: 60,
  load: 0.5,
  keyBits: 256,
  keysPerRequest: 128,
  pool: { capacityS: 120, initialS: 20, reserveS: 5, transitShare: 0.8 },
  routing: {},
  failures: { mtbfS: 1800, mttrS: 90 },
  attack: {},
  samples: 200,
};

export interface LinkEvent {
  tS: number;
  link: LinkId;
  kind: 'down' | 'up' | 'attack';
}

export interface NetworkSimulationReport {
  seed: number;
  durationS: number;
  stepS: number;
  topology: TopologySpec;
  /** Per link (same order as topology.links): its key rate, bits/s. */
  linkRatesBps: number[];
  pairs: { from: NodeId; to: NodeId }[];
  requestsPerPairPerS: number;
  requestBits: number;
  keyBits: number;
  attackedLink: LinkId | null;
  attackAtS: number | null;
  events: LinkEvent[];
  totals: {
    requests: number;
    delivered: number;
    /** No path had the key. */
    blockedNoPath: number;
    /** A path was chosen but its reservation failed (the view was behind the ledger). */
    blockedReservation: number;
    deliveredBits: number;
    /** Σ over delivered requests of bits × hops. */
    deliveredBitHops: number;
    /** Σ over links of key consumed (own + transit), from the ledger's books. */
    consumedBits: number;
    generatedBits: number;
    discardedBits: number;
    /** Hops of delivered requests, summed (mean hops = this / delivered). */
    hops: number;
  };
  deliveredKeysPerS: number;
  deliveredBitsPerS: number;
  offeredBitsPerS: number;
  blockedRatio: number;
  /** Checks made during the run; all zero in a correct run. */
  violations: {
    /** Paths chosen through a link that was down or alarmed. */
    routedThroughUnusable: number;
    /** Link-steps where relayed traffic had taken more than its share. */
    shareExceeded: number;
    /** Bits consumed on the attacked link after the attack started. */
    attackedLinkConsumed: number;
  };
  /** Per step: time at the step's end, requests, delivered, delivered bits. */
  timeline: { tS: number[]; requests: number[]; delivered: number[]; deliveredBits: number[] };
  /** Link pool levels (bits) at sample times: levels[i][k] is link i (topology order) at sampleTimesS[k]. */
  sampleTimesS: number[];
  levels: number[][];
  /** Capacity of each link's pool, bits. */
  capacityBits: number[];
  /** Bits consumed per link over the run (own + transit). */
  consumedPerLink: number[];
  /** Each link's final books (topology order): key it had (initial + generated), and what its own and relayed traffic consumed. */
  linkBooks: { haveBits: number; ownBits: number; transitBits: number; transitShare: number }[];
  /** Per SAE pair (order of `pairs`): requests, delivered, and delivered after the attack started. */
  pairStats: { requests: number; delivered: number; deliveredAfterAttack: number }[];
  wallSeconds: number;
}

export function runNetworkSimulation(options: Partial<NetworkSimulationOptions> = {}): NetworkSimulationReport {
  const o: NetworkSimulationOptions = { ...DEFAULT_SIMULATION_OPTIONS, ...options };
  if (!(o.durationS > 0 && o.stepS > 0)) throw new RangeError('durationS and stepS must be positive');
  if (!(o.pairs >= 1)) throw new RangeError(`pairs must be ≥ 1, got ${o.pairs}`);
  const wallStart = performance.now();
  const rng = new Xoshiro128(o.seed);
  const net = generateNetwork(o.seed, { ...o.shape, nodes: o.nodes });
  const spec = net.topology;
  const links = spec.links;
  const nodes = spec.nodes;
  const rateModel = { ...DEFAULT_LINK_RATE_MODEL, ...o.rateModel };
  const rates = links.map((l) => secretKeyRateBps(l.lengthKm, rateModel));
  const linkIndex = new Map(links.map((l, i) => [l.id, i]));
  const requestBits = o.keyBits * o.keysPerRequest;

  // Pools.
  const ledger = new LinkKeyLedger();
  const capacityBits = rates.map((r) => Math.floor(r * o.pool.capacityS));
  for (const [i, l] of links.entries()) {
    ledger.addLink(l.id, {
      initialBits: Math.floor(rates[i] * o.pool.initialS),
      policy: { capacityBits: capacityBits[i], reserveBits: Math.floor(rates[i] * o.pool.reserveS), transitShare: o.pool.transitShare },
    });
  }

  // Demand: distinct pairs, and their hop distances for the load scale.
  const pairs = drawPairs(rng, nodes, o.pairs);
  const adjacency = adjacencyOf(spec);
  const hopsOf = pairs.map((p) => bfsHops(adjacency, p.from, p.to, null)!.length);
  const totalRate = rates.reduce((a, b) => a + b, 0);
  const meanHops = hopsOf.reduce((a, b) => a + b, 0) / pairs.length;
  const requestsPerPairPerS = o.requestsPerPairPerS ?? (o.load * totalRate) / (pairs.length * requestBits * meanHops);

  // The attacked link: the busiest non-bridge link on the pairs' shortest paths.
  let attackedLink: LinkId | null = null;
  let attackAtS: number | null = null;
  if (o.attack) {
    attackedLink =
      o.attack.link ??
      busiestNonBridge(
        adjacency,
        pairs,
        links.map((l) => l.id),
      );
    if (attackedLink !== null && !linkIndex.has(attackedLink)) throw new RangeError(`no link '${attackedLink}' in the simulated network`);
    attackAtS = o.attack.atS ?? o.durationS / 3;
  }

  // Failure schedule: per link, alternating exponential up and down times.
  const events: LinkEvent[] = [];
  if (o.failures) {
    for (const l of links) {
      let t = 0;
      for (;;) {
        t += exponential(rng, o.failures.mtbfS);
        if (t >= o.durationS) break;
        events.push({ tS: t, link: l.id, kind: 'down' });
        t += exponential(rng, o.failures.mttrS);
        if (t >= o.durationS) break;
        events.push({ tS: t, link: l.id, kind: 'up' });
      }
    }
  }
  if (attackedLink !== null && attackAtS !== null && attackAtS < o.durationS)
    events.push({ tS: attackAtS, link: attackedLink, kind: 'attack' });
  events.sort((a, b) => a.tS - b.tS || (a.link < b.link ? -1 : a.link > b.link ? 1 : 0));

  // Truth of each link's state.
  const up = new Uint8Array(links.length).fill(1);
  const alarmed = new Uint8Array(links.length);
  const carry = new Float64Array(links.length);
  const consumedAtAttack = { bits: 0 };

  // Each node's own database originates its announcements; the routing view installs them all.
  const originators = new Map(nodes.map((n) => [n, new LinkStateDatabase(n)]));
  const viewDb = new LinkStateDatabase('(simulation)');
  const linksAt = new Map<NodeId, number[]>(nodes.map((n) => [n, []]));
  links.forEach((l, i) => {
    linksAt.get(l.a)!.push(i);
    linksAt.get(l.b)!.push(i);
  });
  let view: Topology = viewDb.topology();
  const router = new KeyAwareRouter(() => view, { scarcityBits: 100 * requestBits, refillHorizonS: 0, ...o.routing });

  const steps = Math.round(o.durationS / o.stepS);
  const sampleEvery = Math.max(1, Math.floor(steps / Math.max(1, o.samples)));
  const timeline = { tS: [] as number[], requests: [] as number[], delivered: [] as number[], deliveredBits: [] as number[] };
  const sampleTimesS: number[] = [];
  const levels: number[][] = links.map(() => []);
  const totals = { requests: 0, delivered: 0, blockedNoPath: 0, blockedReservation: 0, deliveredBits: 0, deliveredBitHops: 0, hops: 0 };
  const violations = { routedThroughUnusable: 0, shareExceeded: 0, attackedLinkConsumed: 0 };
  const sample = (tS: number) => {
    sampleTimesS.push(tS);
    for (const [i, l] of links.entries()) levels[i].push(ledger.account(l.id).poolBits);
  };
  sample(0);
  let nextEvent = 0;
  const order: number[] = [];
  const pairStats = pairs.map(() => ({ requests: 0, delivered: 0, deliveredAfterAttack: 0 }));
  const blockedInStep = new Uint8Array(pairs.length);

  for (let k = 0; k < steps; k++) {
    const t0 = k * o.stepS;
    const t1 = t0 + o.stepS;
    // 1. Events up to the step's start.
    while (nextEvent < events.length && events[nextEvent].tS <= t0) {
      const e = events[nextEvent++];
      const i = linkIndex.get(e.link)!;
      if (e.kind === 'down') up[i] = 0;
      else if (e.kind === 'up') up[i] = 1;
      else {
        alarmed[i] = 1;
        const a = ledger.account(e.link);
        consumedAtAttack.bits = a.consumedOwnBits + a.consumedTransitBits;
      }
    }
    // 2. Key generation.
    for (let i = 0; i < links.length; i++) {
      if (!up[i] || alarmed[i]) continue;
      const exact = rates[i] * o.stepS + carry[i];
      const bits = Math.floor(exact);
      carry[i] = exact - bits;
      ledger.credit(links[i].id, bits);
    }
    // 3. Announcements.
    for (const n of nodes) {
      const own: LinkAnnouncement[] = linksAt.get(n)!.map((i) => {
        const l = links[i];
        return {
          link: l.id,
          neighbour: l.a === n ? l.b : l.a,
          up: up[i] === 1,
          alarmed: alarmed[i] === 1,
          availableBits: ledger.availableBits(l.id),
          transitBits: ledger.transitBits(l.id),
          rateBps: rates[i],
          lengthKm: l.lengthKm,
        };
      });
      viewDb.receive(originators.get(n)!.originate(own, t0), t0);
    }
    view = viewDb.topology();
    // 4. Requests, in a seeded random order.
    order.length = 0;
    for (let p = 0; p < pairs.length; p++) {
      const count = poisson(rng, requestsPerPairPerS * o.stepS);
      for (let c = 0; c < count; c++) order.push(p);
    }
    shuffle(rng, order);
    let stepDelivered = 0;
    // Within a step key only falls, so a pair that found no path finds none until the next step.
    blockedInStep.fill(0);
    for (const p of order) {
      const { from, to } = pairs[p];
      totals.requests++;
      pairStats[p].requests++;
      const path = blockedInStep[p] ? null : router.choosePath(from, to, requestBits);
      if (!path) {
        blockedInStep[p] = 1;
        totals.blockedNoPath++;
        continue;
      }
      for (const id of path.links) {
        const i = linkIndex.get(id)!;
        if (!up[i] || alarmed[i]) violations.routedThroughUnusable++;
      }
      const r = ledger.reserve(path.links, requestBits);
      if (!r) {
        totals.blockedReservation++;
        continue;
      }
      ledger.commit(r);
      for (const id of path.links) view.setState(id, { availableBits: ledger.availableBits(id), transitBits: ledger.transitBits(id) });
      totals.delivered++;
      pairStats[p].delivered++;
      if (attackAtS !== null && t0 >= attackAtS) pairStats[p].deliveredAfterAttack++;
      stepDelivered++;
      totals.deliveredBits += requestBits;
      totals.deliveredBitHops += requestBits * path.links.length;
      totals.hops += path.links.length;
    }
    // Checks at the step's end.
    for (const l of links) {
      const a = ledger.account(l.id);
      if (a.consumedTransitBits > a.policy.transitShare * (a.initialBits + a.generatedBits) + 1e-6) violations.shareExceeded++;
    }
    timeline.tS.push(t1);
    timeline.requests.push(order.length);
    timeline.delivered.push(stepDelivered);
    timeline.deliveredBits.push(stepDelivered * requestBits);
    if ((k + 1) % sampleEvery === 0 || k === steps - 1) sample(t1);
    if (o.onProgress && (k + 1) % Math.max(1, Math.floor(steps / 20)) === 0) o.onProgress(t1, o.durationS);
  }

  if (attackedLink !== null && attackAtS !== null && attackAtS < o.durationS) {
    const a = ledger.account(attackedLink);
    violations.attackedLinkConsumed = a.consumedOwnBits + a.consumedTransitBits - consumedAtAttack.bits;
  }
  let consumedBits = 0;
  let generatedBits = 0;
  let discardedBits = 0;
  const consumedPerLink = links.map((l) => {
    const a = ledger.account(l.id);
    consumedBits += a.consumedOwnBits + a.consumedTransitBits;
    generatedBits += a.generatedBits;
    discardedBits += a.discardedBits;
    return a.consumedOwnBits + a.consumedTransitBits;
  });
  const simulatedS = steps * o.stepS;
  return {
    seed: o.seed,
    durationS: simulatedS,
    stepS: o.stepS,
    topology: { nodes: [...nodes], links: links.map((l) => ({ ...l })) },
    linkRatesBps: rates,
    pairs,
    requestsPerPairPerS,
    requestBits,
    keyBits: o.keyBits,
    attackedLink,
    attackAtS,
    events,
    totals: { ...totals, consumedBits, generatedBits, discardedBits },
    deliveredKeysPerS: (totals.delivered * o.keysPerRequest) / simulatedS,
    deliveredBitsPerS: totals.deliveredBits / simulatedS,
    offeredBitsPerS: (totals.requests * requestBits) / simulatedS,
    blockedRatio: totals.requests === 0 ? 0 : (totals.requests - totals.delivered) / totals.requests,
    violations,
    timeline,
    sampleTimesS,
    levels,
    capacityBits,
    consumedPerLink,
    linkBooks: links.map((l) => {
      const a = ledger.account(l.id);
      return {
        haveBits: a.initialBits + a.generatedBits,
        ownBits: a.consumedOwnBits,
        transitBits: a.consumedTransitBits,
        transitShare: a.policy.transitShare,
      };
    }),
    pairStats,
    wallSeconds: (performance.now() - wallStart) / 1000,
  };
}

type Adjacency = Map<NodeId, { link: LinkId; to: NodeId }[]>;

function adjacencyOf(spec: TopologySpec): Adjacency {
  const adj: Adjacency = new Map(spec.nodes.map((n) => [n, []]));
  for (const l of spec.links) {
    adj.get(l.a)!.push({ link: l.id, to: l.b });
    adj.get(l.b)!.push({ link: l.id, to: l.a });
  }
  return adj;
}

/** Links of a fewest-hop path (BFS, first found), skipping `without`; null when cut off. */
function bfsHops(adj: Adjacency, from: NodeId, to: NodeId, without: LinkId | null): LinkId[] | null {
  const prev = new Map<NodeId, { node: NodeId; link: LinkId }>();
  const seen = new Set([from]);
  const queue = [from];
  for (let qi = 0; qi < queue.length; qi++) {
    const u = queue[qi];
    if (u === to) break;
    for (const { link, to: v } of adj.get(u)!) {
      if (link === without || seen.has(v)) continue;
      seen.add(v);
      prev.set(v, { node: u, link });
      queue.push(v);
    }
  }
  if (!seen.has(to)) return null;
  const path: LinkId[] = [];
  for (let v = to; v !== from; v = prev.get(v)!.node) path.push(prev.get(v)!.link);
  return path.reverse();
}

function busiestNonBridge(adj: Adjacency, pairs: { from: NodeId; to: NodeId }[], linkIds: LinkId[]): LinkId | null {
  const use = new Map<LinkId, number>(linkIds.map((id) => [id, 0]));
  for (const p of pairs) for (const l of bfsHops(adj, p.from, p.to, null) ?? []) use.set(l, use.get(l)! + 1);
  const ranked = [...use].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  for (const [id] of ranked) {
    // Every pair still connected without it: the demand can be routed around it.
    if (pairs.every((p) => bfsHops(adj, p.from, p.to, id) !== null)) return id;
  }
  return null;
}

function drawPairs(rng: Xoshiro128, nodes: readonly NodeId[], count: number): { from: NodeId; to: NodeId }[] {
  const max = (nodes.length * (nodes.length - 1)) / 2;
  const want = Math.min(count, max);
  const seen = new Set<string>();
  const pairs: { from: NodeId; to: NodeId }[] = [];
  while (pairs.length < want) {
    const a = rng.nextBelow(nodes.length);
    const b = rng.nextBelow(nodes.length);
    if (a === b) continue;
    const key = a < b ? `${a}:${b}` : `${b}:${a}`;
    if (seen.has(key)) continue;
    seen.add(key);
    pairs.push({ from: nodes[a], to: nodes[b] });
  }
  return pairs;
}

function exponential(rng: Xoshiro128, mean: number): number {
  return -mean * Math.log(1 - rng.nextFloat());
}

/** Poisson(mean): inversion for small means, rounded normal beyond 30. */
function poisson(rng: Xoshiro128, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) {
    const u = 1 - rng.nextFloat();
    const v = rng.nextFloat();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.nextFloat();
  while (p > limit) {
    k++;
    p *= rng.nextFloat();
  }
  return k;
}

function shuffle(rng: Xoshiro128, a: number[]): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.nextBelow(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
