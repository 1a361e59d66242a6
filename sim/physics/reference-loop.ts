/**
 * The plain way to simulate the bench, kept as the benchmark's reference and
 * as an independent cross-check: loop over every slot, draw the photon number
 * from a Poisson law, route each photon through Bob's beam splitters, detect
 * it with the detector efficiency, add a dark count per slot per detector,
 * apply jitter and dead time. No drift, no eavesdropper, no afterpulsing.
 * Cost is proportional to the number of pulses, which is why the bench does
 * not work this way.
 */
import { IDEAL_STATE_ANGLES_RAD } from './modulator.ts';
import {
  channelTransmittance,
  fibreDelayPs,
  misalignmentFromExtinctionDb,
  resolveOptions,
  type BenchPhysicsOptionsInput,
} from './options.ts';
import type { PulsePattern } from './pattern.ts';
import { PhysicsRng } from './prng.ts';
import { routingProbabilities } from './receiver.ts';

export interface ReferenceRunResult {
  count: number;
  channels: Uint8Array;
  /** Detection times on the source clock (no tagger clock offset), sorted per channel only. */
  detectionTimesPs: Float64Array;
  /** Slot of each tag (−1 for dark counts). */
  slots: Float64Array;
}

/** Simulate `slotCount` slots from slot 0, cycling through `pattern`, ideal calibration. */
export function referencePerPulseRun(input: BenchPhysicsOptionsInput, pattern: PulsePattern, slotCount: number): ReferenceRunResult {
  const o = resolveOptions(input);
  const rng = new PhysicsRng(o.seed);
  const period = 1e12 / o.source.pulseRateHz;
  const delay = fibreDelayPs(o.fibre);
  const t = channelTransmittance(o.fibre);
  const dop = 1 - 2 * misalignmentFromExtinctionDb(o.modulator.extinctionRatioDb);
  const mus = [o.source.meanPhotonNumberSignal, o.source.meanPhotonNumberDecoy, o.source.meanPhotonNumberVacuum, 0];
  const route = new Float64Array(16);
  for (let s = 0; s < 4; s++) routingProbabilities(IDEAL_STATE_ANGLES_RAD[s], dop, o.detectors.basisSplitRatioZ, route, s * 4);
  const eff = o.detectors.efficiency;
  const window = o.detectors.gateWidthPs ?? period;
  const pDark = -Math.expm1(-o.detectors.darkCountRateHz * window * 1e-12);
  const deadPs = o.detectors.deadTimeNs * 1000;
  const jitter = o.detectors.jitterRmsPs;
  const deadUntil = [-Infinity, -Infinity, -Infinity, -Infinity];
  let cap = 1024;
  let channels = new Uint8Array(cap);
  let times = new Float64Array(cap);
  let slots = new Float64Array(cap);
  let count = 0;
  const clicked = [false, false, false, false];
  const dark = [false, false, false, false];
  const n = pattern.slotCount;
  for (let k = 0; k < slotCount; k++) {
    const pos = k % n;
    const nib = (pattern.words[pos >>> 3] >>> ((pos & 7) << 2)) & 15;
    const s = nib & 3;
    for (let c = 0; c < 4; c++) {
      clicked[c] = false;
      dark[c] = pDark > 0 && rng.nextFloat53() < pDark;
    }
    const photons = rng.nextPoisson(mus[nib >>> 2]);
    for (let i = 0; i < photons; i++) {
      if (rng.nextOpen() >= t) continue; // lost in the fibre
      let u = rng.nextOpen();
      for (let c = 0; c < 4; c++) {
        u -= route[s * 4 + c];
        if (u < 0) {
          if (rng.nextOpen() < eff[c]) clicked[c] = true;
          break;
        }
      }
    }
    for (let c = 0; c < 4; c++) {
      if (!clicked[c] && !dark[c]) continue;
      const time = k * period + delay + (clicked[c] ? jitter * rng.nextNormal() : (rng.nextOpen() - 0.5) * window);
      if (time < deadUntil[c]) continue;
      deadUntil[c] = time + deadPs;
      if (count === cap) {
        cap *= 2;
        const ch2 = new Uint8Array(cap);
        ch2.set(channels);
        channels = ch2;
        const t2 = new Float64Array(cap);
        t2.set(times);
        times = t2;
        const s2 = new Float64Array(cap);
        s2.set(slots);
        slots = s2;
      }
      channels[count] = c;
      times[count] = time;
      slots[count] = clicked[c] ? k : -1;
      count++;
    }
  }
  return { count, channels: channels.slice(0, count), detectionTimesPs: times.slice(0, count), slots: slots.slice(0, count) };
}
