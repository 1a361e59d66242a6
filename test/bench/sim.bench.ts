/**
 * Simulated optical bench, two kinds of line.
 *
 * `sim` demo point (issue 14: the simulator ≤ 2.0 CPU-seconds per second of
 * light): the physics at the demo's operating point (10 km, 100 MHz, SNSPD
 * 60 %, 2^22-slot frames) with frames whose choices the boards draw on board
 * and the physics reads per click candidate (sim/firmware/drawn-choices.ts),
 * in CPU-seconds per light-second (`value`, lower is better), beside the same
 * with a whole 4-bit pattern built per frame, as the firmware joined the two
 * boards' uploads before (`reference`). The boards' protocol work (tag
 * batches, frames) comes on top; the chain bench measures the whole process.
 *
 * Then: tags generated per second of wall time at 1 GHz,
 * for 0, 10 and 150 km of fibre with the default detectors (free-running
 * InGaAs SPADs, 10 %, 1 µs dead time), beside a plain per-pulse loop (every
 * slot, Poisson photon number, photon-by-photon routing) measured on a
 * shorter stretch in the same run. `realTimeFactor` = simulated seconds per
 * wall second (> 1: faster than the hardware it stands for).
 */
import { timeIt, type BenchResult, type BenchSuite } from './harness.ts';
import { OpticalBench, PhysicsRng, randomPattern, referencePerPulseRun, type FrameSource } from '../../sim/physics/index.ts';
import { DrawnFrame, symbolTable } from '../../sim/firmware/drawn-choices.ts';
import { symbolWeights } from '../../firmware-protocol/index.ts';
import { DEMO_PHYSICS } from '../../src/cli/demo-link.ts';
import { DEMO_SOURCE } from '../../src/cli/demo-configs.ts';

/** CPU-seconds per light-second of the physics at the demo point, each frame from `frameFor`. */
function demoPointCpuPerLightSecond(
  frames: number,
  frameFor: (frame: number, slots: number) => FrameSource,
): { cpu: number; tagsPerFrame: number } {
  const slots = DEMO_PHYSICS.frameSlotCount;
  const bench = new OpticalBench({ ...DEMO_PHYSICS, seed: 3, fibre: { lengthKm: 10 }, groundTruth: false });
  const periodPs = 1e12 / DEMO_SOURCE.rateHz;
  bench.queueFramePattern(0, frameFor(0, slots));
  bench.startEmission(0);
  const spans = 16;
  bench.advanceTo((slots * periodPs) / spans); // warm-up: JIT
  const t0 = process.cpuUsage();
  let tags = 0;
  for (let i = 2; i <= frames * spans; i++) {
    // Each frame's source is made (timed) while the frame before plays, as the firmware does.
    if (i % spans === 2) bench.queueFramePattern(Math.floor(i / spans) + 1, frameFor(Math.floor(i / spans) + 1, slots));
    tags += bench.advanceTo((i * slots * periodPs) / spans).count;
  }
  const used = process.cpuUsage(t0);
  const lightS = ((frames * spans - 1) * slots) / spans / DEMO_SOURCE.rateHz;
  return { cpu: (used.user + used.system) / 1e6 / lightS, tagsPerFrame: (tags * spans) / (frames * spans - 1) };
}

const RATE_HZ = 1e9;
const FRAME_SLOTS = 1 << 20;

const suite: BenchSuite = async (ctx) => {
  const rows: BenchResult[] = [];
  {
    ctx.progress('sim: demo point, drawn choices and whole patterns');
    const frames = ctx.quick ? 3 : 10;
    const p = DEMO_SOURCE.intensityProbabilities;
    const z = DEMO_SOURCE.keyBasisProbability;
    const classes = symbolTable(symbolWeights([p.vacuum, p.decoy, p.signal, 0]));
    const states = symbolTable(symbolWeights([z / 2, z / 2, (1 - z) / 2, (1 - z) / 2]));
    const classBits = [2 << 2, 1 << 2, 0, 3 << 2];
    const drawn = demoPointCpuPerLightSecond(frames, (f, slotCount) => {
      const s = new DrawnFrame(0x1234, f, classes);
      const m = new DrawnFrame(0x5678, f, states);
      return { slotCount, nibbleAt: (pos: number) => m.symbol(pos) | classBits[s.symbol(pos)] };
    });
    const patternRng = new PhysicsRng(7);
    const whole = demoPointCpuPerLightSecond(frames, (_f, slotCount) =>
      randomPattern(slotCount, () => patternRng.nextU32(), p.signal, p.decoy),
    );
    rows.push({
      bench: 'sim',
      unit: 'CPU-s per light-s',
      value: drawn.cpu,
      reference: whole.cpu,
      referenceName: 'a whole 4-bit pattern made per frame (per-slot work, as the former join of the two boards)',
      point: 'demo bench: 10 km, 100 MHz, SNSPD 60 %, 2^22-slot frames',
      cpuTargetSim: 2.0,
      tagsPerFrame: drawn.tagsPerFrame,
      referenceTagsPerFrame: whole.tagsPerFrame,
    });
  }
  const patternRng = new PhysicsRng(7);
  const pattern = randomPattern(FRAME_SLOTS, () => patternRng.nextU32(), 0.7, 0.2);
  const chunkPs = ctx.quick ? 2e9 : 1e10; // 2 ms / 10 ms of simulated time per call
  const referenceSlots = ctx.quick ? 1e6 : 4e6;
  for (const distanceKm of [0, 10, 150]) {
    ctx.progress(`sim: ${distanceKm} km`);
    const bench = new OpticalBench({ seed: 11, frameSlotCount: FRAME_SLOTS, fibre: { lengthKm: distanceKm }, groundTruth: false });
    bench.setRepeatingPattern(pattern);
    bench.startEmission();
    let tags = 0;
    let calls = 0;
    const timing = timeIt(
      () => {
        tags += bench.advanceBy(chunkPs).count;
        calls++;
      },
      ctx.quick ? 0.3 : 1.5,
      ctx.quick ? 20 : 200,
    );
    // The first call (warm-up) also counted its tags; average over every call.
    const tagsPerCall = tags / calls;
    const value = tagsPerCall / timing.secondsPerCall / 1e6;
    const realTimeFactor = chunkPs / 1e12 / timing.secondsPerCall;

    let refTags = 0;
    const refTiming = timeIt(
      () => {
        refTags = referencePerPulseRun(
          { seed: 11, frameSlotCount: FRAME_SLOTS, fibre: { lengthKm: distanceKm } },
          pattern,
          referenceSlots,
        ).count;
      },
      ctx.quick ? 0.2 : 0.5,
      ctx.quick ? 3 : 10,
    );
    const reference = refTags / refTiming.secondsPerCall / 1e6;
    const referenceRealTimeFactor = referenceSlots / RATE_HZ / refTiming.secondsPerCall;
    rows.push({
      bench: 'sim',
      unit: 'Mtag/s',
      value,
      reference,
      referenceName: 'per-pulse loop, Poisson per pulse',
      distanceKm,
      rateHz: RATE_HZ,
      realTimeFactor,
      referenceRealTimeFactor,
      tagRateHz: (tagsPerCall / chunkPs) * 1e12,
    });
  }
  return rows;
};

export default suite;
