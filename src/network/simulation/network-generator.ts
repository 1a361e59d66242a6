/**
 * A seeded random network of trusted nodes for the simulation: a random
 * geometric graph grown from one node (each new node is placed 20–70 km from a
 * node already placed, at least `minSpacingKm` from all, and joined to it), so
 * it is connected by construction, plus a link between every other pair
 * closer than `extraLinkKm` (a metro mesh with alternative paths). Fibre
 * lengths are the straight distance times `fibreFactor` (fibre follows roads
 * and ducts). Nodes are `n00`, `n01`, …; links `n03-n17` (lower ID first).
 */
import { Xoshiro128 } from '../../pipeline/prng.ts';
import type { LinkSpec } from '../routing/topology.ts';

export interface NetworkShape {
  nodes: number;
  /** Side of the square region, km. */
  areaKm: number;
  /** No two nodes closer than this, km. */
  minSpacingKm: number;
  /** A new node sits this far from the node it grows from, km (uniform). */
  growMinKm: number;
  growMaxKm: number;
  /** Any other pair closer than this (straight line) is linked too, km. */
  extraLinkKm: number;
  /** Fibre length / straight distance. */
  fibreFactor: number;
}

export const DEFAULT_NETWORK_SHAPE: NetworkShape = {
  nodes: 50,
  areaKm: 350,
  minSpacingKm: 15,
  growMinKm: 20,
  growMaxKm: 70,
  extraLinkKm: 35,
  fibreFactor: 1.25,
};

export interface GeneratedNetwork {
  topology: { nodes: string[]; links: (LinkSpec & { lengthKm: number })[] };
  positions: { node: string; xKm: number; yKm: number }[];
}

export function nodeName(i: number, count: number): string {
  return `n${String(i).padStart(Math.max(2, String(count - 1).length), '0')}`;
}

export function generateNetwork(seed: number, shape: Partial<NetworkShape> = {}): GeneratedNetwork {
  const s = { ...DEFAULT_NETWORK_SHAPE, ...shape };
  if (!(s.nodes >= 2)) throw new RangeError(`a network needs at least 2 nodes, got ${s.nodes}`);
  const rng = new Xoshiro128(seed);
  const xs: number[] = [s.areaKm / 2];
  const ys: number[] = [s.areaKm / 2];
  const edges: [number, number][] = [];
  let spacing = s.minSpacingKm;
  while (xs.length < s.nodes) {
    let placed = false;
    for (let attempt = 0; attempt < 200 && !placed; attempt++) {
      const parent = rng.nextBelow(xs.length);
      const angle = rng.nextFloat() * 2 * Math.PI;
      const r = s.growMinKm + rng.nextFloat() * (s.growMaxKm - s.growMinKm);
      const x = xs[parent] + r * Math.cos(angle);
      const y = ys[parent] + r * Math.sin(angle);
      if (x < 0 || y < 0 || x > s.areaKm || y > s.areaKm) continue;
      let ok = true;
      for (let j = 0; j < xs.length && ok; j++) ok = Math.hypot(xs[j] - x, ys[j] - y) >= spacing;
      if (!ok) continue;
      edges.push([parent, xs.length]);
      xs.push(x);
      ys.push(y);
      placed = true;
    }
    if (!placed) spacing /= 2; // a crowded region: relax the spacing rather than fail
  }
  const linked = new Set(edges.map(([a, b]) => `${Math.min(a, b)}:${Math.max(a, b)}`));
  for (let a = 0; a < s.nodes; a++) {
    for (let b = a + 1; b < s.nodes; b++) {
      if (linked.has(`${a}:${b}`)) continue;
      if (Math.hypot(xs[a] - xs[b], ys[a] - ys[b]) < s.extraLinkKm) edges.push([a, b]);
    }
  }
  const names = Array.from({ length: s.nodes }, (_, i) => nodeName(i, s.nodes));
  const links = edges
    .map(([p, q]) => {
      const [a, b] = p < q ? [p, q] : [q, p];
      const lengthKm = Math.round(Math.hypot(xs[a] - xs[b], ys[a] - ys[b]) * s.fibreFactor * 10) / 10;
      return { id: `${names[a]}-${names[b]}`, a: names[a], b: names[b], lengthKm };
    })
    .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return {
    topology: { nodes: names, links },
    positions: names.map((node, i) => ({ node, xKm: xs[i], yKm: ys[i] })),
  };
}
