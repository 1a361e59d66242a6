/**
 * Simulated optical bench: tags generated per second of wall time at 1 GHz,
 * for 0, 10 and 150 km of fibre with the default detectors (free-running
 * InGaAs SPADs, 10 %, 1 µs dead time), beside a plain per-pulse loop (every
 * slot, Poisson photon number, photon-by-photon routing) measured on a
 * shorter stretch in the same run. `realTimeFactor` = simulated seconds per
 * wall second (> 1: faster than the hardware it stands for).
 */
import { timeIt, type BenchResult, type BenchSuite } from './harness.ts';
import { OpticalBench, PhysicsRng, randomPattern, referencePerPulseRun } from '../../sim/physics/index.ts';

const RATE_HZ = 1e9;
const FRAME_SLOTS = 1 << 20;

const suite: BenchSuite = async (ctx) => {
  const rows: BenchResult[] = [];
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
