/**
 * One frame end to end through the host stack: a seeded random pattern is
 * uploaded to the source and the modulator, played, and the detector's tags
 * come back through a TagStream (credit handled by the driver). The count is
 * checked against the physics prediction and the tags are mapped back to
 * slots to measure the error rate, without and with an intercept-resend
 * eavesdropper.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TagStream, type BoardLink } from '../../../drivers/link/index.ts';
import { decodeTagRecords, qkd } from '../../../firmware-protocol/index.ts';
import { createSimulatedBench, type SimulatedBench, type SimulatedBenchOptions } from '../../../sim/index.ts';
import type { Xoshiro128 } from '../../../src/pipeline/prng.ts';
import { withSeed } from '../../support/seed.ts';
import {
  PULSE_RATE_HZ,
  configureModulator,
  configureSource,
  connectLink,
  enableAllChannels,
  until,
  uploadAndArm,
} from '../../support/sim-board-link.ts';

const FRAME_SLOTS = 1 << 16;
const MU_SIGNAL = 0.5;
const MU_DECOY = 0.1;
const ETA = 0.1; // detector efficiency of the simulated bench (sim/physics/options.ts default)
const DISTANCE_KM = 10;
const LOSS_DB_PER_KM = 0.2;
const PERIOD_PS = 1e12 / PULSE_RATE_HZ;

let sim: SimulatedBench | null = null;
afterEach(() => {
  sim?.close();
  sim = null;
});

interface FrameRun {
  intensities: Uint8Array;
  states: Uint8Array;
  frame: number;
  fibreDelayPs: number;
  channels: Uint8Array;
  timesPs: Float64Array;
  count: number;
}

async function playOneFrame(rng: Xoshiro128, options: SimulatedBenchOptions): Promise<FrameRun> {
  // Dead time and afterpulses off so the count has a closed-form prediction.
  sim = createSimulatedBench({
    ...options,
    distanceKm: DISTANCE_KM,
    physics: { detectors: { deadTimeNs: 0, afterpulseProbability: 0 }, drift: false },
  });
  const src: BoardLink = (await connectLink(sim.boards.photonSource, 'src')).link;
  const mod: BoardLink = (await connectLink(sim.boards.polarizationModulator, 'mod')).link;
  const det: BoardLink = (await connectLink(sim.boards.detector, 'det')).link;
  await configureSource(src, MU_SIGNAL, MU_DECOY, FRAME_SLOTS);
  await configureModulator(mod, FRAME_SLOTS);
  await enableAllChannels(det);

  const intensities = new Uint8Array(FRAME_SLOTS);
  const states = new Uint8Array(FRAME_SLOTS);
  for (let i = 0; i < FRAME_SLOTS; i++) {
    const u = rng.nextU32() / 4294967296;
    intensities[i] =
      u < 0.7
        ? qkd.IntensityClass.INTENSITY_CLASS_SIGNAL
        : u < 0.9
          ? qkd.IntensityClass.INTENSITY_CLASS_DECOY
          : qkd.IntensityClass.INTENSITY_CLASS_VACUUM;
    states[i] = rng.nextU32() & 3;
  }
  await uploadAndArm(src, intensities, 0, 4096); // several chunks
  await uploadAndArm(mod, states, 0, 4096);

  // The driver's sequence: start the source at the next boundary (start_frame 0), open the
  // tag stream from that frame, start the modulator on the same frame, and stop both after it.
  const frame = Number((await src.call('start', { startFrame: 0 })).startFrame);
  const stream = await TagStream.start(det, { channelMask: 0b1111, startFrame: frame });
  const channels = new Uint8Array(1 << 16);
  const timesPs = new Float64Array(1 << 16);
  const offsets = new Float64Array(2000);
  const chans = new Uint8Array(2000);
  let count = 0;
  let ended = false;
  let bad = 0;
  stream.on('batch', (b) => {
    const n = decodeTagRecords(b.tags, chans, offsets);
    if (n !== b.tagCount) bad++;
    for (let i = 0; i < n; i++) {
      channels[count] = chans[i];
      timesPs[count] = Number(b.baseTimePs) + offsets[i];
      count++;
    }
    expect(Number(b.baseTimePs)).toBe(Number(b.baseSlot) * PERIOD_PS);
    stream.release();
  });
  stream.on('end', () => (ended = true));
  stream.on('error', () => undefined); // a grant racing the bench's close at the end of the test
  await mod.call('start', { startFrame: frame });
  await src.call('stop', { stopFrame: frame });
  await mod.call('stop', { stopFrame: frame });
  const fibreDelayPs = sim.bench.physics.truth().fibreDelayPs;
  // Past the frame and its flight time through the fibre, then end the stream.
  const doneFrame = frame + 2 + Math.ceil(fibreDelayPs / (FRAME_SLOTS * PERIOD_PS));
  await until(() => sim!.bench.nextFrame > doneFrame, 'the frame to reach the detector');
  await stream.stop();
  await until(() => ended, 'the end of the stream');
  expect(bad).toBe(0);
  expect(stream.stats.lostBatches).toBe(0);
  return { intensities, states, frame, fibreDelayPs, channels, timesPs, count };
}

/** Tags inside the frame's arrival window, mapped to (slot in frame, channel). */
function slotsOf(run: FrameRun): { slots: number[]; channels: number[] } {
  const slots: number[] = [];
  const channels: number[] = [];
  const first = run.frame * FRAME_SLOTS;
  for (let i = 0; i < run.count; i++) {
    const slot = Math.round((run.timesPs[i] - run.fibreDelayPs) / PERIOD_PS) - first;
    if (slot >= 0 && slot < FRAME_SLOTS) {
      slots.push(slot);
      channels.push(run.channels[i]);
    }
  }
  return { slots, channels };
}

function qber(run: FrameRun, slots: number[], channels: number[]): number {
  let sifted = 0;
  let errors = 0;
  for (let k = 0; k < slots.length; k++) {
    const state = run.states[slots[k]];
    if (channels[k] >> 1 !== state >> 1) continue; // other basis: sifted out
    sifted++;
    if ((channels[k] & 1) !== (state & 1)) errors++;
  }
  return errors / sifted;
}

describe('one frame end to end', () => {
  it('returns as many tags as the physics predicts, in decodable batches, on the right slots', async () => {
    await withSeed('end-to-end frame', async (rng, seed) => {
      const run = await playOneFrame(rng, { seed });
      // P(click) per slot = 1 − exp(−μ·t·η): a Poissonian pulse thinned by channel
      // transmittance t and efficiency η (equal on all four detectors).
      const t = 10 ** ((-DISTANCE_KM * LOSS_DB_PER_KM) / 10);
      const mu = [0, MU_DECOY, MU_SIGNAL, 0]; // by IntensityClass (vacuum configured to 0)
      let expected = 0;
      let variance = 0;
      for (let i = 0; i < FRAME_SLOTS; i++) {
        const p = -Math.expm1(-mu[run.intensities[i]] * t * ETA);
        expected += p;
        variance += p * (1 - p);
      }
      const { slots, channels } = slotsOf(run);
      // Dark counts inside the 65.5 µs window: 4 × 500 Hz → 0.13 expected; allow 3.
      const tolerance = 5 * Math.sqrt(variance) + 3;
      expect(Math.abs(slots.length - expected)).toBeLessThan(tolerance);
      // No tag from before the stream's start frame (the rest outside the window are dark
      // counts of the stream's dark time, which follows the wall clock).
      for (let i = 0; i < run.count; i++) expect(run.timesPs[i]).toBeGreaterThanOrEqual(run.frame * FRAME_SLOTS * PERIOD_PS);
      // Timing jitter (80 ps rms) is far below half a slot: every detection lands on a lit slot.
      const onVacuum = slots.filter((s) => run.intensities[s] === qkd.IntensityClass.INTENSITY_CLASS_VACUUM).length;
      expect(onVacuum).toBeLessThanOrEqual(3);
      // Nominal drive table with the power-up bias: only the 20 dB extinction error (≈ 1 %).
      expect(qber(run, slots, channels)).toBeLessThan(0.04);
    });
  }, 120_000);

  it('shows the intercept-resend eavesdropper as a QBER near 25 %', async () => {
    await withSeed('end-to-end frame with Eve', async (rng, seed) => {
      const run = await playOneFrame(rng, { seed, attack: { kind: 'intercept-resend' } });
      const { slots, channels } = slotsOf(run);
      expect(slots.length).toBeGreaterThan(300);
      const q = qber(run, slots, channels);
      expect(q).toBeGreaterThan(0.15);
      expect(q).toBeLessThan(0.35);
    });
  }, 120_000);
});
