/**
 * The trusted-relay network simulation (issue 13): a 50-node network for 600
 * simulated seconds (120 with --quick), with link failures and one attacked
 * link, routed by the key-aware router. `value` is the delivered end-to-end
 * keys per second; `reference` the same run (same seed, network, demand and
 * events) routed by plain hop-count shortest path, which still avoids down,
 * alarmed and key-short links but ignores how scarce a link's key is. The
 * blocked-request ratio of both is beside them, and the plot of the key-aware
 * run is written under the OS temp folder (`plot`).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { BenchResult, BenchSuite } from './harness.ts';
import { renderSimulationSvg, runNetworkSimulation } from '../../src/network/simulation/index.ts';

const SEED = 1;
const LOAD = 0.5;

const suite: BenchSuite = async (ctx) => {
  const durationS = ctx.quick ? 120 : 600;
  ctx.progress(`network: 50 nodes, ${durationS} simulated s, key-aware routing`);
  const aware = runNetworkSimulation({ seed: SEED, durationS, load: LOAD });
  ctx.progress('network: same run, hop-count routing');
  const hops = runNetworkSimulation({ seed: SEED, durationS, load: LOAD, routing: { weighting: 'hop-count' } });
  const plot = join(tmpdir(), 'qkdd-bench-network.svg');
  writeFileSync(plot, renderSimulationSvg(aware));
  const row: BenchResult = {
    bench: 'network',
    unit: 'keys/s',
    value: aware.deliveredKeysPerS,
    reference: hops.deliveredKeysPerS,
    referenceName: 'hop-count shortest path',
    blockedRatio: aware.blockedRatio,
    referenceBlockedRatio: hops.blockedRatio,
    deliveredBitsPerS: aware.deliveredBitsPerS,
    offeredBitsPerS: aware.offeredBitsPerS,
    keyBits: aware.keyBits,
    meanHops: aware.totals.delivered ? aware.totals.hops / aware.totals.delivered : 0,
    nodes: aware.topology.nodes.length,
    links: aware.topology.links.length,
    linkFailures: aware.events.filter((e) => e.kind === 'down').length,
    attackedLink: aware.attackedLink ?? 'none',
    load: LOAD,
    seed: SEED,
    simulatedS: aware.durationS,
    simulatedSPerWallS: aware.durationS / aware.wallSeconds,
    plot,
  };
  return [row];
};

export default suite;
