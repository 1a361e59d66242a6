/**
 * `chain`: the whole two-node link on this machine — the simulated bench
 * (boards on loopback TCP, so the figures do not depend on socat), both
 * `qkdd run` processes, the authenticated peer channel on loopback, durable
 * stores — at several operating points (issue 14's table):
 *
 *   10 km, 100 MHz (the demo's bench) · 10 km, 1 GHz · 50 km · 100 km
 *
 * Each line measures, over a window after warm-up: secret Mbit/s node A
 * stored (`value`), light-seconds emitted per wall second (`realTimeFraction`:
 * lit slots the simulated source played ÷ its pulse rate), and each process'
 * CPU-seconds per light-second (`cpuPerLightSecondA/B/Sim`, utime + stime
 * from /proc/<pid>/stat of the two node processes and of this one, which
 * hosts the simulator). Targets (issue 14): each node ≤ 1.0 and the
 * simulator ≤ 2.0 CPU-seconds per light-second; at 10 km the secret rate
 * ≥ 0.5 × post-processing alone (`target`).
 *
 * reference: the same frame size's post-processing alone (both sessions in
 * this process on synthetic frames of the same channel, no boards, no
 * network, no store), secret Mbit/s — what the link would give if boards,
 * transport and storage cost nothing.
 *
 * Figures are noisy on a shared machine: compare lines of one run, and read
 * `loadAverage` (1-minute load when the window closed).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { DemoLink } from '../../src/cli/demo-link.ts';
import { DEMO_FRAME_SLOTS, DEMO_SOURCE } from '../../src/cli/demo-configs.ts';
import { runLinkInProcess } from '../../src/node/frame/run-frame-in-process.ts';
import { Xoshiro128 } from '../../src/pipeline/prng.ts';
import { freePort, tempState } from '../support/link-harness.ts';
import { syntheticFrame } from '../support/synthetic-frame.ts';
import { BENCH_CHANNEL, paramsFor } from './postprocessing.bench.ts';
import type { BenchContext, BenchResult, BenchSuite } from './harness.ts';

/** Issue 14's targets: CPU-seconds per light-second. */
const CPU_TARGET_NODE = 1.0;
const CPU_TARGET_SIM = 2.0;

interface ChainPoint {
  name: string;
  distanceKm: number;
  rateHz: number;
}

const POINTS: readonly ChainPoint[] = [
  { name: '10 km, 100 MHz', distanceKm: 10, rateHz: DEMO_SOURCE.rateHz },
  { name: '10 km, 1 GHz', distanceKm: 10, rateHz: 1e9 },
  { name: '50 km, 100 MHz', distanceKm: 50, rateHz: DEMO_SOURCE.rateHz },
  { name: '100 km, 100 MHz', distanceKm: 100, rateHz: DEMO_SOURCE.rateHz },
];

/** utime + stime of a process, in seconds (Linux /proc; fields 14 and 15, after the command name). */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ on Linux
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** The block size the node used, from its config (the block setting of issue 14 item 3, when present). */
function blockSizeOf(link: DemoLink): string {
  const yaml = readFileSync(link.configPath('alice'), 'utf8');
  const m = /^\s*(block\w*|nX):\s*(.+)$/im.exec(yaml);
  return m ? `${m[1]}: ${m[2].trim()}` : `frame (${DEMO_FRAME_SLOTS} slots)`;
}

async function measurePoint(ctx: BenchContext, p: ChainPoint, reference: number): Promise<BenchResult> {
  const warmupMs = ctx.quick ? 6_000 : 30_000;
  const windowMs = ctx.quick ? 20_000 : 90_000;
  const state = tempState();
  const link = await DemoLink.start({
    stateDir: state.dir,
    distanceKm: p.distanceKm,
    attack: false,
    seed: 3,
    boards: 'tcp',
    pulseRateHz: p.rateHz,
    ports: { peer: await freePort(), etsiA: await freePort(), etsiB: await freePort() },
  });
  const bench = link.sim.bench;
  try {
    ctx.progress(`chain ${p.name}: starting`);
    // The first lit frame (at 100 km a frame may make no key, so frames started is the sign of life).
    await link.waitFor((s) => bench.slotsModulated > 0 && Number(s.alice?.stats.framesStarted ?? 0) >= 1, 120_000);
    ctx.progress(`chain ${p.name}: warming up ${warmupMs / 1000} s`);
    await new Promise((r) => setTimeout(r, warmupMs));
    const pids = { a: link.pid('alice'), b: link.pid('bob') };
    if (pids.a === undefined || pids.b === undefined) throw new Error(`chain ${p.name}: a node is not running`);
    const sample = () => ({
      t: process.hrtime.bigint(),
      slots: bench.slotsModulated,
      cpuA: processCpuSeconds(pids.a!),
      cpuB: processCpuSeconds(pids.b!),
      cpuSim: processCpuSeconds(process.pid),
      secretBits: Number(link.latest.alice?.stats.secretBits ?? 0),
      framesOk: Number(link.latest.alice?.stats.framesOk ?? 0),
      framesStarted: Number(link.latest.alice?.stats.framesStarted ?? 0),
    });
    const s0 = sample();
    ctx.progress(`chain ${p.name}: measuring ${windowMs / 1000} s`);
    await new Promise((r) => setTimeout(r, windowMs));
    const s1 = sample();
    const wallS = Number(s1.t - s0.t) / 1e9;
    const lightS = (s1.slots - s0.slots) / p.rateHz;
    const perLight = (cpu: number): number => (lightS > 0 ? cpu / lightS : Number.POSITIVE_INFINITY);
    const secretMbps = (s1.secretBits - s0.secretBits) / wallS / 1e6;
    const atTenKm = p.distanceKm === 10;
    return {
      bench: 'chain',
      unit: 'Mbit/s',
      value: secretMbps,
      reference,
      referenceName: 'post-processing alone, in-process synthetic frames (10 km, 100 MHz channel)',
      ...(atTenKm ? { target: 0.5 * reference } : {}),
      point: p.name,
      distanceKm: p.distanceKm,
      rateHz: p.rateHz,
      realTimeFraction: lightS / wallS,
      cpuPerLightSecondA: perLight(s1.cpuA - s0.cpuA),
      cpuPerLightSecondB: perLight(s1.cpuB - s0.cpuB),
      cpuPerLightSecondSim: perLight(s1.cpuSim - s0.cpuSim),
      cpuTargetNode: CPU_TARGET_NODE,
      cpuTargetSim: CPU_TARGET_SIM,
      secretBitsPerLightSecond: lightS > 0 ? (s1.secretBits - s0.secretBits) / lightS : 0,
      framesPerS: (s1.framesStarted - s0.framesStarted) / wallS,
      framesOkPerS: (s1.framesOk - s0.framesOk) / wallS,
      qberKey: Number(link.latest.bob?.stats.lastQberKey),
      blockSize: blockSizeOf(link),
      windowS: wallS,
      loadAverage: loadavg()[0],
    };
  } finally {
    await link.stop();
    state.remove();
  }
}

/** Post-processing alone on synthetic frames of the demo's size and channel, one after the other, into blocks: secret Mbit/s. */
function postProcessingAlone(ctx: BenchContext): number {
  const rng = new Xoshiro128(7);
  const params = paramsFor(BENCH_CHANNEL);
  const inputs = Array.from({ length: ctx.quick ? 3 : 5 }, () => syntheticFrame(rng, BENCH_CHANNEL));
  const t0 = process.hrtime.bigint();
  const r = runLinkInProcess(inputs, params, (n) => rng.fillU32(new Uint32Array(n)));
  let refBits = 0;
  for (const b of r.blocks) {
    if (b.alice.ok) {
      refBits += b.alice.secretBits;
      b.alice.key.fill(0);
    }
    if (b.bob.ok) b.bob.key.fill(0);
  }
  return refBits / (Number(process.hrtime.bigint() - t0) / 1e9) / 1e6;
}

const suite: BenchSuite = async (ctx) => {
  ctx.progress('chain: post-processing alone (reference)');
  let reference = Number.NaN;
  try {
    reference = postProcessingAlone(ctx);
  } catch (err) {
    // The chain lines still print: the reference is the post-processing's, measured apart.
    ctx.progress(`chain: the post-processing reference failed (${(err as Error).message}); lines print without it`);
  }
  const results: BenchResult[] = [];
  for (const p of POINTS) results.push(await measurePoint(ctx, p, reference));
  return results;
};

export default suite;
