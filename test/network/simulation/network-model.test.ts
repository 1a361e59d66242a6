/**
 * The simulation's models: link rates from the project's finite-key model
 * (grid interpolation close to the exact optimum, falling with distance, zero
 * beyond reach), the seeded network generator (connected, the lengths it
 * promises, deterministic) and the SVG plot.
 */
import { describe, expect, it } from 'vitest';
import { secretBitsPerPulse, secretBitsPerPulseExact, secretKeyRateBps } from '../../../src/network/simulation/link-rate-model.ts';
import { DEFAULT_NETWORK_SHAPE, generateNetwork } from '../../../src/network/simulation/network-generator.ts';
import { runNetworkSimulation } from '../../../src/network/simulation/network-simulation.ts';
import { renderSimulationSvg } from '../../../src/network/simulation/plot.ts';
import { withSeed } from '../../support/seed.ts';

describe('link rate model', () => {
  it('interpolates the finite-key optimum within a few per cent, falls with distance and is 0 beyond reach', () => {
    const exact = secretBitsPerPulseExact(35, 1e7);
    expect(exact).toBeGreaterThan(0);
    expect(Math.abs(secretBitsPerPulse(35, 1e7) / exact - 1)).toBeLessThan(0.05);
    let prev = Number.POSITIVE_INFINITY;
    for (let d = 0; d <= 84; d += 7) {
      const r = secretKeyRateBps(d);
      expect(r).toBeGreaterThan(0);
      expect(r).toBeLessThan(prev);
      prev = r;
    }
    expect(secretBitsPerPulseExact(200, 1e7)).toBe(0);
    expect(secretKeyRateBps(300)).toBe(0);
    expect(secretKeyRateBps(10, { pulseRateHz: 2e9, blockBits: 1e7 })).toBeCloseTo(2 * secretKeyRateBps(10), 6);
  });
});

describe('network generator', () => {
  it('gives a connected network of the size asked, links within the promised lengths, the same for a seed', async () => {
    await withSeed('netgen', (_rng, seed) => {
      const g = generateNetwork(seed);
      expect(generateNetwork(seed)).toEqual(g);
      const { nodes, links } = g.topology;
      expect(nodes).toHaveLength(50);
      const s = DEFAULT_NETWORK_SHAPE;
      const longest = Math.max(s.growMaxKm, s.extraLinkKm) * s.fibreFactor + 0.1;
      for (const l of links) {
        expect(l.lengthKm).toBeGreaterThan(0);
        expect(l.lengthKm).toBeLessThanOrEqual(longest);
      }
      const adj = new Map(nodes.map((n) => [n, [] as string[]]));
      for (const l of links) {
        adj.get(l.a)!.push(l.b);
        adj.get(l.b)!.push(l.a);
      }
      const seen = new Set([nodes[0]]);
      const queue = [nodes[0]];
      for (let i = 0; i < queue.length; i++) for (const v of adj.get(queue[i])!) if (!seen.has(v) && seen.add(v)) queue.push(v);
      expect(seen.size).toBe(50);
      expect(new Set(links.map((l) => l.id)).size).toBe(links.length);
    });
  });
});

describe('plot', () => {
  it('draws an SVG with the three panels, the attack marker and no NaN', () => {
    const r = runNetworkSimulation({ seed: 5, nodes: 20, durationS: 60, load: 0.2, attack: { atS: 20 } });
    const svg = renderSimulationSvg(r);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
    expect(svg).toContain('end-to-end key rate');
    expect(svg).toContain('blocked requests');
    expect(svg).toContain('link key pools');
    expect(svg).toContain(`attack on ${r.attackedLink}`);
    expect(svg.match(/<path d="M/g)?.length).toBeGreaterThanOrEqual(6);
  });
});
