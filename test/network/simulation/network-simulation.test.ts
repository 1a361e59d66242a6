/**
 * The 50-node network simulation, small version (a couple of simulated minutes
 * each, seconds of wall time): no path through a down or alarmed link, no key
 * from the attacked link after its alarm and its pairs routed around it,
 * blocking 0 far below capacity and most requests blocked far above it, key
 * conserved (consumed on all hops = delivered × hops), the transit share never
 * exceeded, and the same report for the same seed. Seeds are drawn per run and
 * printed (QKDD_SEED=N replays one).
 */
import { describe, expect, it } from 'vitest';
import { runNetworkSimulation, type NetworkSimulationReport } from '../../../src/network/simulation/network-simulation.ts';
import { withSeed } from '../../support/seed.ts';

const SMALL = { nodes: 50, durationS: 120, samples: 60 } as const;

function withoutWallTime(r: NetworkSimulationReport): Omit<NetworkSimulationReport, 'wallSeconds'> {
  const { wallSeconds: _, ...rest } = r;
  return rest;
}

function checkBooks(r: NetworkSimulationReport): void {
  // Conservation: what the links' books say was consumed equals what the requests took, hop by hop.
  expect(r.totals.consumedBits).toBe(r.totals.deliveredBitHops);
  expect(r.totals.deliveredBits).toBe(r.totals.delivered * r.requestBits);
  expect(r.totals.deliveredBitHops).toBe(r.totals.hops * r.requestBits);
  let own = 0;
  let transit = 0;
  for (const b of r.linkBooks) {
    own += b.ownBits;
    transit += b.transitBits;
    // The share: relayed traffic took at most its share of the key the link had.
    expect(b.transitBits).toBeLessThanOrEqual(b.transitShare * b.haveBits + 1e-6);
  }
  expect(own + transit).toBe(r.totals.consumedBits);
  expect(r.violations.shareExceeded).toBe(0);
  expect(r.violations.routedThroughUnusable).toBe(0);
}

describe('network simulation (50 nodes, small)', () => {
  it('with failures and an attack: routes around them, conserves key, keeps the share', async () => {
    await withSeed('netsim-failures', (_rng, seed) => {
      const r = runNetworkSimulation({ ...SMALL, seed, load: 0.2, keysPerRequest: 256, attack: { atS: 40 } });
      console.log(
        `netsim seed ${seed}: ${r.topology.links.length} links, ${r.totals.requests} requests, blocked ${(100 * r.blockedRatio).toFixed(2)} %, attack on ${r.attackedLink}, ${r.events.length} events, ${r.wallSeconds.toFixed(2)} s`,
      );
      expect(r.topology.nodes).toHaveLength(50);
      expect(r.totals.requests).toBeGreaterThan(500);
      expect(r.totals.delivered).toBeGreaterThan(0);
      checkBooks(r);
      // The attacked link gave no key after its alarm, and its pool stayed where it was.
      expect(r.attackedLink).not.toBeNull();
      expect(r.violations.attackedLinkConsumed).toBe(0);
      const i = r.topology.links.findIndex((l) => l.id === r.attackedLink);
      const after = r.sampleTimesS.map((t, k) => [t, r.levels[i][k]] as const).filter(([t]) => t > r.attackAtS! + r.stepS);
      expect(after.length).toBeGreaterThan(5);
      for (const [, level] of after) expect(level).toBe(after[0][1]);
      // Key kept flowing after the attack (the attacked link is not a bridge for the demand).
      const deliveredAfter = r.pairStats.reduce((a, p) => a + p.deliveredAfterAttack, 0);
      expect(deliveredAfter).toBeGreaterThan(0);
    });
  });

  it('far below capacity nothing is blocked (no failures; the attacked link is routed around)', async () => {
    await withSeed('netsim-light', (_rng, seed) => {
      // 0.5 requests/s of one 256-bit key per pair: 60 pairs offer 7.7 kbit/s in all, under a tenth of the
      // slowest link's rate (~80 kbit/s at 90 km), so no link can run short whatever paths the seed makes.
      const r = runNetworkSimulation({ ...SMALL, seed, requestsPerPairPerS: 0.5, keysPerRequest: 1, failures: null });
      console.log(`netsim light seed ${seed}: ${r.totals.requests} requests, blocked ${r.totals.requests - r.totals.delivered}`);
      expect(r.totals.requests).toBeGreaterThan(100);
      expect(r.blockedRatio).toBe(0);
      checkBooks(r);
      // Every pair that asked after the attack got keys: the ones whose shortest path crossed the attacked link too.
      expect(r.violations.attackedLinkConsumed).toBe(0);
    });
  });

  it('far above capacity most requests are blocked, and the books still balance', async () => {
    await withSeed('netsim-heavy', (_rng, seed) => {
      const r = runNetworkSimulation({
        ...SMALL,
        durationS: 30,
        seed,
        load: 10,
        keysPerRequest: 1024,
        pool: { capacityS: 120, initialS: 20, reserveS: 5, transitShare: 0.5 },
      });
      console.log(`netsim heavy seed ${seed}: ${r.totals.requests} requests, blocked ${(100 * r.blockedRatio).toFixed(1)} %`);
      expect(r.blockedRatio).toBeGreaterThan(0.5);
      expect(r.totals.delivered).toBeGreaterThan(0);
      checkBooks(r);
    });
  });

  it('is deterministic for a seed, and another seed gives another network', async () => {
    await withSeed('netsim-determinism', (_rng, seed) => {
      const opts = { ...SMALL, durationS: 30, seed, load: 0.2, keysPerRequest: 512 };
      const a = runNetworkSimulation(opts);
      const b = runNetworkSimulation(opts);
      expect(JSON.stringify(withoutWallTime(b))).toBe(JSON.stringify(withoutWallTime(a)));
      const c = runNetworkSimulation({ ...opts, seed: (seed + 1) >>> 0 });
      expect(JSON.stringify(c.topology)).not.toBe(JSON.stringify(a.topology));
    });
  });
});
