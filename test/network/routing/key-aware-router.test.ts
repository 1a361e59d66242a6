/**
 * The key-aware path chooser: never a down, alarmed or short hop; own vs
 * transit key; detours around a draining link; and, on random graphs, it finds
 * a path exactly when one exists whose every hop can give the request.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hopWeight, KeyAwareRouter, shortestKeyPath } from '../../../src/network/routing/key-aware-router.ts';
import { Topology, linkStateOf, type LinkState } from '../../../src/network/routing/topology.ts';
import { isQkdError } from '../../../errors/index.ts';
import { QkdErrorCode } from '../../../errors/codes.ts';

const BIG = 10_000_000;

function link(id: string, a: string, b: string, state: Partial<LinkState> = {}): LinkState {
  return linkStateOf({ id, a, b }, { up: true, availableBits: BIG, transitBits: BIG, rateBps: 0, ...state });
}

/** Ring a–b–c–d–a. */
function ring(states: Record<string, Partial<LinkState>> = {}): Topology {
  return new Topology(
    ['a', 'b', 'c', 'd'],
    [link('ab', 'a', 'b', states.ab), link('bc', 'b', 'c', states.bc), link('cd', 'c', 'd', states.cd), link('da', 'd', 'a', states.da)],
  );
}

describe('KeyAwareRouter', () => {
  it('takes the fewest hops when key is plentiful, and a path lists nodes and the links between them', () => {
    const t = ring();
    const p = new KeyAwareRouter(() => t).choosePath('a', 'b', 256);
    expect(p).toEqual({ nodes: ['a', 'b'], links: ['ab'] });
    const q = new KeyAwareRouter(() => t).choosePath('a', 'c', 256);
    expect(q?.links).toHaveLength(2);
    expect(q?.nodes[0]).toBe('a');
    expect(q?.nodes[2]).toBe('c');
  });

  it('routes around a down link and an alarmed link, and gives null when both ways are cut', () => {
    const router = (t: Topology) => new KeyAwareRouter(() => t);
    expect(router(ring({ ab: { up: false } })).choosePath('a', 'b', 256)?.links).toEqual(['da', 'cd', 'bc']);
    expect(router(ring({ ab: { alarmed: true } })).choosePath('a', 'b', 256)?.links).toEqual(['da', 'cd', 'bc']);
    expect(router(ring({ ab: { alarmed: true }, cd: { up: false } })).choosePath('a', 'b', 256)).toBeNull();
  });

  it('never takes a hop with less key than the request; own traffic may use the whole pool, relayed only the transit part', () => {
    // ab has 1000 bits, of which 100 for transit.
    const t = ring({ ab: { availableBits: 1000, transitBits: 100 } });
    const r = new KeyAwareRouter(() => t, { weighting: 'hop-count' });
    expect(r.choosePath('a', 'b', 800)?.links).toEqual(['ab']); // own demand: the whole pool
    expect(r.choosePath('a', 'b', 1200)?.links).toEqual(['da', 'cd', 'bc']); // more than ab has
    // d → b relays over ab or over cd, bc: 2 hops either way; ab cannot give 800 to transit traffic.
    expect(r.choosePath('d', 'b', 800)?.links).toEqual(['cd', 'bc']);
    const scarce = ring({ ab: { availableBits: 1000, transitBits: 100 }, cd: { up: false } });
    expect(new KeyAwareRouter(() => scarce).choosePath('d', 'b', 800)).toBeNull();
    expect(new KeyAwareRouter(() => scarce).choosePath('d', 'b', 100)?.links).toEqual(['da', 'ab']);
    expect(new KeyAwareRouter(() => scarce).choosePath('d', 'b', 101)).toBeNull();
  });

  it('detours around a draining link, which hop-count routing does not', () => {
    // a–c directly over two hops via b (scarce ab) or three hops via d, e (plentiful).
    const t = new Topology(
      ['a', 'b', 'c', 'd', 'e'],
      [
        link('ab', 'a', 'b', { availableBits: 2000, transitBits: 2000 }),
        link('bc', 'b', 'c'),
        link('ad', 'a', 'd'),
        link('de', 'd', 'e'),
        link('ec', 'e', 'c'),
      ],
    );
    const aware = new KeyAwareRouter(() => t, { scarcityBits: 64 * 1024, refillHorizonS: 1 });
    const hops = new KeyAwareRouter(() => t, { weighting: 'hop-count' });
    expect(aware.choosePath('a', 'c', 256)?.links).toEqual(['ad', 'de', 'ec']);
    expect(hops.choosePath('a', 'c', 256)?.links).toEqual(['ab', 'bc']);
    // A high key rate refills the link: counted as spare key, it is taken again.
    t.setState('ab', { rateBps: 10_000_000 });
    expect(aware.choosePath('a', 'c', 256)?.links).toEqual(['ab', 'bc']);
  });

  it('gives null for an unknown node and a zero-hop path from a node to itself', () => {
    const t = ring();
    expect(shortestKeyPath(t, 'a', 'zz', 8)).toBeNull();
    expect(shortestKeyPath(t, 'a', 'a', 8)).toEqual({ nodes: ['a'], links: [] });
  });

  it('weighs a plentiful hop about 1, a scarce one more, and a short, down or alarmed one infinite', () => {
    const policy = { scarcityBits: 1000, refillHorizonS: 1, weighting: 'key-aware' as const };
    expect(hopWeight(link('x', 'a', 'b', { availableBits: 1e9, transitBits: 1e9 }), 10, true, policy)).toBeCloseTo(1, 5);
    expect(hopWeight(link('x', 'a', 'b', { availableBits: 1010, transitBits: 1010 }), 10, true, policy)).toBeCloseTo(1 + 1000 / 1001, 9);
    expect(hopWeight(link('x', 'a', 'b', { availableBits: 9, transitBits: 9 }), 10, true, policy)).toBe(Infinity);
    expect(hopWeight(link('x', 'a', 'b', { up: false }), 10, false, policy)).toBe(Infinity);
    expect(hopWeight(link('x', 'a', 'b', { alarmed: true }), 10, false, policy)).toBe(Infinity);
  });

  it('finds a path exactly when one with enough key on every hop exists, and its hops are all usable (random graphs)', () => {
    const arb = fc.record({
      n: fc.integer({ min: 2, max: 9 }),
      edges: fc.array(
        fc.record({
          a: fc.nat(8),
          b: fc.nat(8),
          up: fc.boolean(),
          alarmed: fc.boolean(),
          avail: fc.integer({ min: 0, max: 3000 }),
          transitFrac: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        { maxLength: 20 },
      ),
      from: fc.nat(8),
      to: fc.nat(8),
      bits: fc.integer({ min: 1, max: 2000 }),
      hopCount: fc.boolean(),
    });
    fc.assert(
      fc.property(arb, (g) => {
        const nodes = Array.from({ length: g.n }, (_, i) => `n${i}`);
        const links: LinkState[] = [];
        g.edges.forEach((e, i) => {
          const a = e.a % g.n;
          const b = e.b % g.n;
          if (a === b) return;
          const transit = Math.floor(e.avail * e.transitFrac);
          links.push(
            linkStateOf(
              { id: `l${i}`, a: nodes[a], b: nodes[b] },
              { up: e.up, alarmed: e.alarmed, availableBits: e.avail, transitBits: transit },
            ),
          );
        });
        const t = new Topology(nodes, links);
        const from = nodes[g.from % g.n];
        const to = nodes[g.to % g.n];
        if (from === to) return;
        const p = shortestKeyPath(t, from, to, g.bits, {
          scarcityBits: 1000,
          refillHorizonS: 1,
          weighting: g.hopCount ? 'hop-count' : 'key-aware',
        });
        // Oracle: BFS over hops that can give the bits (own key on a direct from–to link, transit key elsewhere).
        const ok = (l: LinkState, u: string, v: string) =>
          l.up && !l.alarmed && (u === from && v === to ? l.availableBits : l.transitBits) >= g.bits;
        const seen = new Set([from]);
        const queue = [from];
        while (queue.length > 0) {
          const u = queue.shift()!;
          for (const { link: l, neighbour: v } of t.adjacent(u)) {
            if (!seen.has(v) && ok(l, u, v)) {
              seen.add(v);
              queue.push(v);
            }
          }
        }
        expect(p !== null).toBe(seen.has(to));
        if (!p) return;
        expect(p.nodes[0]).toBe(from);
        expect(p.nodes.at(-1)).toBe(to);
        expect(p.links).toHaveLength(p.nodes.length - 1);
        expect(new Set(p.nodes).size).toBe(p.nodes.length); // loop-free
        p.links.forEach((id, i) => {
          const l = t.link(id)!;
          expect([l.a, l.b].sort()).toEqual([p.nodes[i], p.nodes[i + 1]].sort());
          expect(l.up && !l.alarmed).toBe(true);
          expect(p.links.length === 1 ? l.availableBits : l.transitBits).toBeGreaterThanOrEqual(g.bits);
        });
      }),
      { seed: 1307, numRuns: 400 },
    );
  });

  it('a topology with an unknown link end, a repeated ID or a self-loop is TopologyInvalid naming it', () => {
    const bad = (f: () => unknown, id: string) => {
      try {
        f();
        expect.fail('no error');
      } catch (e) {
        expect(isQkdError(e, QkdErrorCode.TopologyInvalid)).toBe(true);
        expect((e as Error).message).toContain(id);
      }
    };
    bad(() => new Topology(['a', 'b'], [link('x1', 'a', 'q')]), "'q'");
    bad(() => new Topology(['a', 'b'], [link('x2', 'a', 'b'), link('x2', 'b', 'a')]), "'x2'");
    bad(() => new Topology(['a', 'b'], [link('x3', 'a', 'a')]), "'x3'");
    bad(() => new Topology(['a', 'a'], []), "'a'");
  });
});
