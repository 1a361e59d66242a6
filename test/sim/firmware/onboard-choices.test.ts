/**
 * FEATURE_ONBOARD_CHOICES end to end on the simulated boards
 * (firmware-protocol/FRAMING.md §11): both pattern boards draw their symbols
 * (DrawPattern), one frame is played, the detector's tags come back, and
 * the host reads back the symbols of the detected slots only (ReadChoices).
 * The read-back symbols are the ones the physics emitted: the detections'
 * error rate is the bench's (≈ 1 %), none lands on a vacuum slot, and the
 * count matches the drawn weights' prediction. The drawn symbols realise
 * their weights (binomial bounds), the two boards draw independently, the
 * same seed reads back the same symbols, and the board refuses what
 * firmware would refuse.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TagStream, type BoardLink } from '../../../drivers/link/index.ts';
import { decodeTagRecords, qkd, readChoicesRequests, symbolAt, symbolWeights } from '../../../firmware-protocol/index.ts';
import { createSimulatedBench, type SimulatedBench } from '../../../sim/index.ts';
import { withSeed } from '../../support/seed.ts';
import {
  PULSE_RATE_HZ,
  configureModulator,
  configureSource,
  connectLink,
  enableAllChannels,
  statusOf,
  until,
  uploadAndArm,
} from '../../support/sim-board-link.ts';

const FRAME_SLOTS = 1 << 16;
const MU_SIGNAL = 0.5;
const MU_DECOY = 0.1;
const ETA = 0.1; // sim/physics/options.ts default efficiency
const T = 10 ** (-(10 * 0.2) / 10); // 10 km at 0.2 dB/km
const PERIOD_PS = 1e12 / PULSE_RATE_HZ;
/** IntensityClass weights: vacuum, decoy, signal, reserved. */
const SOURCE_P = [0.1, 0.2, 0.7, 0] as const;
/** Bb84State weights H, V, D, A: Z with 0.7. */
const MOD_P = [0.35, 0.35, 0.15, 0.15] as const;

let sim: SimulatedBench | null = null;
afterEach(() => {
  sim?.close();
  sim = null;
});

interface Boards {
  src: BoardLink;
  mod: BoardLink;
  det: BoardLink;
}

async function openBench(seed: number, onboardChoices = true): Promise<Boards> {
  sim = createSimulatedBench({
    seed,
    distanceKm: 10,
    onboardChoices,
    physics: { detectors: { deadTimeNs: 0, afterpulseProbability: 0 }, drift: false },
  });
  const src = (await connectLink(sim.boards.photonSource, 'src')).link;
  const mod = (await connectLink(sim.boards.polarizationModulator, 'mod')).link;
  const det = (await connectLink(sim.boards.detector, 'det')).link;
  await configureSource(src, MU_SIGNAL, MU_DECOY, FRAME_SLOTS);
  await configureModulator(mod, FRAME_SLOTS);
  await enableAllChannels(det);
  return { src, mod, det };
}

/** Draw on both boards, play one frame, collect its detections as (slot in frame, channel). */
async function playDrawnFrame(b: Boards): Promise<{ frame: number; slots: Uint32Array; channels: Uint8Array }> {
  await b.src.call('drawPattern', { bank: 0, totalSlots: FRAME_SLOTS, symbolWeights: symbolWeights(SOURCE_P) });
  await b.mod.call('drawPattern', { bank: 0, totalSlots: FRAME_SLOTS, symbolWeights: symbolWeights(MOD_P) });
  await b.src.call('armPattern', { bank: 0, patternCrc32c: 0 });
  await b.mod.call('armPattern', { bank: 0, patternCrc32c: 0 });
  const frame = Number((await b.src.call('start', { startFrame: 0 })).startFrame);
  const stream = await TagStream.start(b.det, { channelMask: 0b1111, startFrame: frame });
  const times: number[] = [];
  const chans: number[] = [];
  const offsets = new Float64Array(2000);
  const cbuf = new Uint8Array(2000);
  let ended = false;
  stream.on('batch', (batch) => {
    const n = decodeTagRecords(batch.tags, cbuf, offsets);
    for (let i = 0; i < n; i++) {
      times.push(Number(batch.baseTimePs) + offsets[i]);
      chans.push(cbuf[i]);
    }
    stream.release();
  });
  stream.on('end', () => (ended = true));
  stream.on('error', () => undefined);
  await b.mod.call('start', { startFrame: frame });
  await b.src.call('stop', { stopFrame: frame });
  await b.mod.call('stop', { stopFrame: frame });
  const delayPs = sim!.bench.physics.truth().fibreDelayPs;
  const done = frame + 2 + Math.ceil(delayPs / (FRAME_SLOTS * PERIOD_PS));
  await until(() => sim!.bench.nextFrame > done, 'the frame to reach the detector');
  await stream.stop();
  await until(() => ended, 'the end of the stream');
  // Map to slots of the frame; keep one tag per slot (no dead time: a double click keeps the first).
  const first = frame * FRAME_SLOTS;
  const slots: number[] = [];
  const channels: number[] = [];
  for (let i = 0; i < times.length; i++) {
    const slot = Math.round((times[i] - delayPs) / PERIOD_PS) - first;
    if (slot < 0 || slot >= FRAME_SLOTS || slot === slots[slots.length - 1]) continue;
    slots.push(slot);
    channels.push(chans[i]);
  }
  return { frame, slots: Uint32Array.from(slots), channels: Uint8Array.from(channels) };
}

/** ReadChoices for `slots` of `frame`, split as the host splits them; one symbol per slot. */
async function readBack(link: BoardLink, frame: number, slots: Uint32Array): Promise<Uint8Array> {
  const out = new Uint8Array(slots.length);
  let at = 0;
  for (const req of readChoicesRequests(frame, slots)) {
    const res = await link.call('readChoices', req);
    const n = req.slotDeltas?.length ?? 0;
    expect(res.count).toBe(n);
    for (let k = 0; k < n; k++) out[at + k] = symbolAt(res.symbols, k);
    at += n;
  }
  return out;
}

const within = (count: number, n: number, p: number): void => {
  const sigma = Math.sqrt(n * p * (1 - p));
  expect(Math.abs(count - n * p)).toBeLessThanOrEqual(5 * sigma + 1);
};

describe('on-board choices (DrawPattern / ReadChoices)', () => {
  it('reads back, for the detected slots only, the symbols the physics emitted', async () => {
    await withSeed('onboard choices readback', async (_rng, seed) => {
      const b = await openBench(seed);
      const hello = await b.src.call('hello', { hostProtocolMajor: 1 });
      expect(hello.featureFlags & qkd.Feature.FEATURE_ONBOARD_CHOICES).not.toBe(0);
      expect(Number(hello.choiceMemorySlots)).toBe(2 ** 30);
      const run = await playDrawnFrame(b);
      // Count: Σ over classes of P(class) · P(click | class), per slot (dark counts: ≈ 0.1 in the window).
      const pClick = (mu: number): number => -Math.expm1(-mu * T * ETA);
      const pSlot = SOURCE_P[1] * pClick(MU_DECOY) + SOURCE_P[2] * pClick(MU_SIGNAL);
      within(run.slots.length, FRAME_SLOTS, pSlot);
      const classes = await readBack(b.src, run.frame, run.slots);
      const states = await readBack(b.mod, run.frame, run.slots);
      let onVacuum = 0;
      let sifted = 0;
      let errors = 0;
      let signal = 0;
      for (let i = 0; i < run.slots.length; i++) {
        if (classes[i] === qkd.IntensityClass.INTENSITY_CLASS_VACUUM) onVacuum++;
        if (classes[i] === qkd.IntensityClass.INTENSITY_CLASS_SIGNAL) signal++;
        if (run.channels[i] >> 1 !== states[i] >> 1) continue;
        sifted++;
        if ((run.channels[i] & 1) !== (states[i] & 1)) errors++;
      }
      // Jitter is far below half a slot: a detection on a vacuum slot is a dark count (≈ 0.1 expected).
      expect(onVacuum).toBeLessThanOrEqual(3);
      // Detections are signal with P(sig)·p(sig) / pSlot; the rest decoy.
      within(signal, run.slots.length, (SOURCE_P[2] * pClick(MU_SIGNAL)) / pSlot);
      // The nominal drive table: only the modulator's extinction error (≈ 1 %). Symbols unrelated to the emission would give 50 %.
      expect(sifted).toBeGreaterThan(500);
      expect(errors / sifted).toBeLessThan(0.04);
      // The same slots read again: the same symbols (idempotent).
      expect(await readBack(b.mod, run.frame, run.slots)).toEqual(states);
    });
  }, 120_000);

  it('draws each symbol with its weight, independently on the two boards, reproducibly from the seed', async () => {
    await withSeed('onboard choices statistics', async (_rng, seed) => {
      const all = Uint32Array.from({ length: FRAME_SLOTS }, (_, i) => i);
      const read = async (): Promise<{ s: Uint8Array; m: Uint8Array }> => {
        const b = await openBench(seed);
        const run = await playDrawnFrame(b);
        const out = { s: await readBack(b.src, run.frame, all), m: await readBack(b.mod, run.frame, all) };
        sim?.close();
        sim = null;
        return out;
      };
      const { s, m } = await read();
      const table = Array.from({ length: 4 }, () => new Array<number>(4).fill(0));
      for (let i = 0; i < FRAME_SLOTS; i++) table[s[i]][m[i]]++;
      for (let sym = 0; sym < 4; sym++) {
        within(
          table[sym].reduce((a, c) => a + c, 0),
          FRAME_SLOTS,
          SOURCE_P[sym],
        );
        within(table[0][sym] + table[1][sym] + table[2][sym] + table[3][sym], FRAME_SLOTS, MOD_P[sym]);
      }
      expect(table[3].every((c) => c === 0)).toBe(true); // the reserved class has weight 0
      // Independence: χ² of the 3 × 4 table (6 degrees of freedom); 40 is p ≈ 5·10^-7.
      let chi2 = 0;
      for (let a = 0; a < 3; a++)
        for (let c = 0; c < 4; c++) {
          const e = FRAME_SLOTS * SOURCE_P[a] * MOD_P[c];
          chi2 += (table[a][c] - e) ** 2 / e;
        }
      expect(chi2).toBeLessThan(40);
      // Neighbouring slots are not correlated either: P(same state as the slot before) = Σ p².
      let same = 0;
      for (let i = 1; i < FRAME_SLOTS; i++) if (m[i] === m[i - 1]) same++;
      within(
        same,
        FRAME_SLOTS - 1,
        MOD_P.reduce((a, p) => a + p * p, 0),
      );
      // The same seed, a new bench: the same frame's symbols again.
      const again = await read();
      expect(again.s).toEqual(s);
      expect(again.m).toEqual(m);
    });
  }, 120_000);

  it('refuses what firmware refuses: an unplayed or uploaded frame, bad slots, a reserved class, a board without the feature', async () => {
    const b = await openBench(5);
    expect(
      await statusOf(b.src.call('drawPattern', { bank: 0, totalSlots: FRAME_SLOTS, symbolWeights: symbolWeights([0.1, 0.2, 0.6, 0.1]) })),
    ).toBe(qkd.Status.STATUS_BAD_REQUEST);
    expect(await statusOf(b.src.call('drawPattern', { bank: 0, totalSlots: FRAME_SLOTS, symbolWeights: [1, 2, 3] }))).toBe(
      qkd.Status.STATUS_BAD_REQUEST,
    );
    const run = await playDrawnFrame(b);
    expect(await statusOf(b.mod.call('readChoices', { frame: run.frame + 1000, slotDeltas: [1] }))).toBe(qkd.Status.STATUS_OUT_OF_RANGE);
    expect(await statusOf(b.mod.call('readChoices', { frame: run.frame, slotDeltas: [5, 0] }))).toBe(qkd.Status.STATUS_BAD_REQUEST);
    expect(await statusOf(b.mod.call('readChoices', { frame: run.frame, slotDeltas: [FRAME_SLOTS] }))).toBe(qkd.Status.STATUS_BAD_REQUEST);
    // A frame played from an uploaded bank has no drawn symbols to read.
    await uploadAndArm(b.src, new Uint8Array(FRAME_SLOTS).fill(2));
    await uploadAndArm(b.mod, new Uint8Array(FRAME_SLOTS));
    const f2 = Number((await b.src.call('start', { startFrame: 0 })).startFrame);
    await b.mod.call('start', { startFrame: f2 });
    await b.src.call('stop', { stopFrame: f2 });
    await b.mod.call('stop', { stopFrame: f2 });
    await until(() => sim!.bench.nextFrame > f2, 'the uploaded frame to play');
    expect(await statusOf(b.mod.call('readChoices', { frame: f2, slotDeltas: [0] }))).toBe(qkd.Status.STATUS_BAD_STATE);
    sim?.close();
    const old = await openBench(5, false);
    const hello = await old.mod.call('hello', { hostProtocolMajor: 1 });
    expect(hello.featureFlags & qkd.Feature.FEATURE_ONBOARD_CHOICES).toBe(0);
    expect(await statusOf(old.mod.call('drawPattern', { bank: 0, totalSlots: FRAME_SLOTS, symbolWeights: symbolWeights(MOD_P) }))).toBe(
      qkd.Status.STATUS_UNSUPPORTED,
    );
  }, 120_000);
});
