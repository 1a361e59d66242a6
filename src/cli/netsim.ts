/**
 * `qkdd netsim` — the trusted-relay network simulation by hand: a seeded
 * network (50 nodes by default) over modelled links, run through the real
 * routing code (src/network/simulation), with its figures printed and, with
 * --plot, an SVG of the delivered rate, blocked requests and link key levels.
 * Nothing is started: no boards, no processes, no ports.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import { formatOptions, parseOptions, type OptionSpec } from './args.ts';
import {
  DEFAULT_SIMULATION_OPTIONS,
  renderSimulationSvg,
  runNetworkSimulation,
  type NetworkSimulationReport,
} from '../network/simulation/index.ts';
import { packageVersion } from '../../sim/cli/version.ts';

const D = DEFAULT_SIMULATION_OPTIONS;

const SPEC = {
  nodes: { kind: 'number', help: 'trusted nodes in the network', default: D.nodes, min: 2, max: 2000 },
  seed: { kind: 'number', help: 'seed of the network, demand, failures and attack', default: D.seed, min: 0 },
  duration: { kind: 'number', help: 'simulated time, s', default: D.durationS, min: 1 },
  step: { kind: 'number', help: 'time step, s', default: D.stepS, min: 0.01 },
  load: {
    kind: 'number',
    help: 'offered demand: at 1, bits × hops offered equal the key all links make',
    default: D.load,
    min: 0,
  },
  pairs: { kind: 'number', help: 'SAE pairs with demand', default: D.pairs, min: 1 },
  'key-bits': { kind: 'number', help: 'key size, bits', default: D.keyBits, min: 8 },
  'keys-per-request': { kind: 'number', help: 'keys per request (ETSI 014 number)', default: D.keysPerRequest, min: 1 },
  'transit-share': {
    kind: 'number',
    help: 'largest share of a link’s key relayed traffic may take',
    default: D.pool.transitShare,
    min: 0,
    max: 1,
  },
  'reserve-s': { kind: 'number', help: 'pool kept for a link’s own demand, s of its key rate', default: D.pool.reserveS, min: 0 },
  'capacity-s': { kind: 'number', help: 'pool capacity, s of the link’s key rate', default: D.pool.capacityS, min: 0 },
  'mtbf-s': { kind: 'number', help: 'mean time between failures per link, s (0: no failures)', default: D.failures?.mtbfS ?? 0, min: 0 },
  'mttr-s': { kind: 'number', help: 'mean time to repair a link, s', default: D.failures?.mttrS ?? 60, min: 0 },
  'attack-link': { kind: 'string', help: 'link under attack (default: the busiest link that is not a bridge)' },
  'attack-at': { kind: 'number', help: 'when the attack starts, s (default: a third of the duration)', min: 0 },
  'no-attack': { kind: 'boolean', help: 'no attacked link' },
  routing: { kind: 'string', help: 'path weights', choices: ['key-aware', 'hop-count'], default: 'key-aware' },
  plot: { kind: 'string', help: 'write an SVG plot of the run to this file' },
  json: { kind: 'boolean', help: 'print the report as one JSON document (without the time series unless --full)' },
  full: { kind: 'boolean', help: 'with --json: include the time series and link levels' },
} satisfies Record<string, OptionSpec>;

export const NETSIM_HELP = `usage: qkdd netsim [options]

Simulates a trusted-relay QKD network: a seeded random metro network (links
20–90 km of fibre, key rates from the finite-key model), SAE pairs asking for
keys, link failures and one attacked link, routed by the real key-aware
router over per-link key pools (src/network/README.md). Prints the delivered
end-to-end key rate, the blocked-request ratio and per-link figures; --plot
writes an SVG of them over time.

${formatOptions(SPEC)}`;

export async function runNetsimCommand(argv: string[]): Promise<number> {
  const { values: v, help, version, positionals } = parseOptions(argv, SPEC);
  if (help) {
    console.log(NETSIM_HELP);
    return 0;
  }
  if (version) {
    console.log(`qkdd ${packageVersion()}`);
    return 0;
  }
  if (positionals.length > 0) throw new QkdError(QkdErrorCode.Usage, `qkdd netsim takes no arguments, got '${positionals[0]}'`);
  const json = v.json;
  const started = Date.now();
  let lastProgress = started;
  const report = runSimulation(v, (t, total) => {
    if (json) return;
    const now = Date.now();
    if (now - lastProgress < 1000) return;
    lastProgress = now;
    process.stderr.write(`netsim: ${Math.round(t)} of ${total} simulated s\n`);
  });
  let plotPath: string | undefined;
  if (v.plot) {
    plotPath = resolve(v.plot);
    try {
      writeFileSync(plotPath, renderSimulationSvg(report));
    } catch (err) {
      throw new QkdError(
        QkdErrorCode.FileUnusable,
        `--plot ${plotPath}: cannot write the plot (${(err as Error).message})`,
        { path: plotPath },
        { cause: err },
      );
    }
  }
  if (json) {
    const { timeline, levels, sampleTimesS, ...summary } = report;
    const doc = v.full ? { ...report, plot: plotPath ?? null } : { ...summary, plot: plotPath ?? null };
    console.log(JSON.stringify(doc));
  } else console.log(formatReport(report, plotPath));
  return 0;
}

function runSimulation(
  v: ReturnType<typeof parseOptions<typeof SPEC>>['values'],
  onProgress: (t: number, total: number) => void,
): NetworkSimulationReport {
  const mtbf = v['mtbf-s'] ?? 0;
  try {
    return runNetworkSimulation({
      seed: v.seed ?? D.seed,
      nodes: v.nodes ?? D.nodes,
      durationS: v.duration ?? D.durationS,
      stepS: v.step ?? D.stepS,
      load: v.load ?? D.load,
      pairs: v.pairs ?? D.pairs,
      keyBits: v['key-bits'] ?? D.keyBits,
      keysPerRequest: v['keys-per-request'] ?? D.keysPerRequest,
      pool: {
        capacityS: v['capacity-s'] ?? D.pool.capacityS,
        initialS: D.pool.initialS,
        reserveS: v['reserve-s'] ?? D.pool.reserveS,
        transitShare: v['transit-share'] ?? D.pool.transitShare,
      },
      failures: mtbf > 0 ? { mtbfS: mtbf, mttrS: v['mttr-s'] ?? 60 } : null,
      attack: v['no-attack']
        ? null
        : { ...(v['attack-link'] ? { link: v['attack-link'] } : {}), ...(v['attack-at'] !== undefined ? { atS: v['attack-at'] } : {}) },
      routing: { weighting: v.routing as 'key-aware' | 'hop-count' },
      onProgress,
    });
  } catch (err) {
    if (err instanceof RangeError) throw new QkdError(QkdErrorCode.Usage, `qkdd netsim: ${err.message}`, {}, { cause: err });
    throw err;
  }
}

export function formatReport(r: NetworkSimulationReport, plotPath?: string): string {
  const n = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const rates = [...r.linkRatesBps].sort((a, b) => a - b);
  const lengths = r.topology.links.map((l) => l.lengthKm ?? 0).sort((a, b) => a - b);
  const failures = r.events.filter((e) => e.kind === 'down').length;
  const afterAttack = r.pairStats.reduce((a, p) => a + p.deliveredAfterAttack, 0);
  const lines = [
    `network   ${r.topology.nodes.length} nodes, ${r.topology.links.length} links (fibre ${n(lengths[0], 1)}–${n(lengths.at(-1) ?? 0, 1)} km, median ${n(lengths[lengths.length >> 1], 1)} km), seed ${r.seed}`,
    `links     key rate ${n(rates[0] / 1e3, 1)}–${n((rates.at(-1) ?? 0) / 1e3, 1)} kbit/s (median ${n(rates[rates.length >> 1] / 1e3, 1)} kbit/s), total ${n(rates.reduce((a, b) => a + b, 0) / 1e6, 2)} Mbit/s`,
    `demand    ${r.pairs.length} SAE pairs, ${n(r.requestsPerPairPerS, 2)} requests/s each of ${r.requestBits / r.keyBits} × ${r.keyBits}-bit keys; offered ${n(r.offeredBitsPerS / 1e6, 3)} Mbit/s`,
    `events    ${failures} link failures over ${n(r.durationS)} s${r.attackedLink ? `; attack on ${r.attackedLink} from ${n(r.attackAtS ?? 0, 1)} s (${n(afterAttack)} requests delivered after it)` : '; no attack'}`,
    `delivered ${n(r.deliveredKeysPerS, 1)} keys/s = ${n(r.deliveredBitsPerS / 1e6, 3)} Mbit/s end to end, mean ${n(r.totals.delivered ? r.totals.hops / r.totals.delivered : 0, 2)} hops`,
    `blocked   ${n(100 * r.blockedRatio, 2)} % of ${n(r.totals.requests)} requests (no path with the key: ${n(r.totals.blockedNoPath)}, reservation failed: ${n(r.totals.blockedReservation)})`,
    `key       made ${n(r.totals.generatedBits / 1e6, 1)} Mbit, consumed ${n(r.totals.consumedBits / 1e6, 1)} Mbit on all hops, discarded (pools full) ${n(r.totals.discardedBits / 1e6, 1)} Mbit`,
    `checks    routed through a down/alarmed link: ${r.violations.routedThroughUnusable}; transit share exceeded: ${r.violations.shareExceeded}; key from the attacked link after the alarm: ${r.violations.attackedLinkConsumed} bits`,
    `wall      ${n(r.wallSeconds, 2)} s (${n(r.durationS / Math.max(1e-9, r.wallSeconds), 0)} simulated s per s)`,
  ];
  if (plotPath) lines.push(`plot      ${plotPath}`);
  return lines.join('\n');
}
