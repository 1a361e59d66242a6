/**
 * Delay tracking (src/node/delay-tracking.ts) against the bench physics: the
 * fibre's propagation delay drifts in the simulator (sim/physics/fibre.ts,
 * seeded), the receiver's frame assembler (src/node/boards/tag-frame-
 * assembler.ts, the same code the receiver node runs) times the tags of each
 * frame with the gate the tracker holds, and each frame's in-gate detections
 * are sifted against the emitted pattern (signal class) for the QBER, as the
 * nodes would. In-process, no boards: a few seconds per run.
 *
 * The drift moves the detections by ~2.6 ps per frame, ~800 ps over the run:
 * with a 400 ps gate (±5σ of 40 ps jitter) centred on them at the start, they
 * leave it a third of the way through. Tracking on: every block of 20 frames
 * keeps its detection rate within 3 % of the drift-free run's and its QBER
 * within 1.5× the drift-free QBER. Tracking off: the rate falls below half
 * the drift-free one (and the QBER of what is left rises past the 11 % abort
 * threshold, or the frames carry too few detections to be frames at all).
 */
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../sim/cli/options.ts';
import { drawUnknownBench, OpticalBench, PhysicsRng, randomPattern, type BenchPhysicsOptionsInput } from '../../sim/physics/index.ts';
import { DelayTracker } from '../../src/node/delay-tracking.ts';
import { TagFrameAssembler } from '../../src/node/boards/tag-frame-assembler.ts';
import { makeChannelMap } from '../../src/pipeline/timing/channel-map.ts';

const SLOTS = 1 << 16;
const RATE_HZ = 1e8;
const PERIOD_PS = 1e12 / RATE_HZ;
const FRAME_PS = SLOTS * PERIOD_PS;
const FRAMES = 300;
const BLOCK = 20;
const GATE_WIDTH_PS = 400;
const QBER_MAX = 0.11;
/** ~800 ps over the run's 0.197 s of link time (2.6 ps per 0.66 ms frame). */
const DRIFT_PS_PER_S = 4000;

function physics(seed: number, driftPsPerS: number): BenchPhysicsOptionsInput {
  return {
    seed,
    frameSlotCount: SLOTS,
    // Drift on, but only the delay's: the modulator and the fibre's rotation stand still.
    drift: true,
    driftStepPs: 1e8,
    source: { pulseRateHz: RATE_HZ },
    modulator: { halfWaveDriftRelativePerS: 0, offsetDriftVPerS: 0, offsetRandomWalkVPerSqrtS: 0 },
    fibre: {
      lengthKm: 10,
      polarizationRandomWalkRadPerSqrtS: 0,
      delayDriftPsPerS: driftPsPerS,
      delayRandomWalkPsPerSqrtS: driftPsPerS > 0 ? 20 : 0,
    },
    detectors: { efficiency: [0.6, 0.6, 0.6, 0.6], darkCountRateHz: 2000, deadTimeNs: 20, afterpulseProbability: 0.002, jitterRmsPs: 40 },
    tagger: { clockOffsetPpm: 0 },
  };
}

interface Block {
  /** In-gate detections per frame (frames the assembler skipped as dark count 0). */
  rate: number;
  /** Signal-class sifted QBER (NaN without sifted bits). */
  qber: number;
}

function run(
  seed: number,
  driftPsPerS: number,
  tracking: boolean,
): { blocks: Block[]; tracker: DelayTracker | null; delayMovedPs: number } {
  const bench = new OpticalBench(physics(seed, driftPsPerS));
  const perfect = bench.perfectCalibration();
  bench.applyCalibration(perfect);
  const rng = new PhysicsRng(seed ^ 0x7a6);
  const pattern = randomPattern(SLOTS, () => rng.nextU32(), 0.5, 0.3);
  bench.setRepeatingPattern(pattern);
  const start = bench.startEmission(0);
  if (start !== 0) throw new Error(`emission started at slot ${start}`);
  const delay0 = bench.fibre.delayPs;
  const gateDelayPs = Math.round(delay0 - GATE_WIDTH_PS / 2);
  const channelMap = makeChannelMap();
  const tracker = tracking
    ? new DelayTracker({ slotPeriodPs: PERIOD_PS, gateWidthPs: GATE_WIDTH_PS, initialGateDelayPs: gateDelayPs, channelMap })
    : null;
  let doubles = 0;
  const assembler = new TagFrameAssembler({
    slotsPerFrame: SLOTS,
    slotPeriodPs: PERIOD_PS,
    gateDelayPs,
    gateWidthPs: GATE_WIDTH_PS,
    channelMap,
    minDetections: 1000,
    random: () => (doubles++ * 2654435761) >>> 0,
    ...(tracker ? { delayTracker: tracker } : {}),
  });
  const detections = new Float64Array(FRAMES);
  const sifted = new Float64Array(FRAMES);
  const errors = new Float64Array(FRAMES);
  // Tags reach the tagger a fibre delay after emission: run past the last frame's gates.
  const endPs = FRAMES * FRAME_PS + delay0 + 2 * FRAME_PS;
  for (let t = 0; t < endPs; ) {
    t = Math.min(endPs, t + FRAME_PS / 4);
    const chunk = bench.advanceTo(t);
    for (const f of assembler.push(chunk.channels.subarray(0, chunk.count), chunk.timestampsPs.subarray(0, chunk.count))) {
      if (f.frameId >= FRAMES) continue;
      const d = f.detections;
      detections[f.frameId] = d.count;
      for (let i = 0; i < d.count; i++) {
        const s = d.slots[i];
        const nib = (pattern.words[s >>> 3] >>> ((s & 7) << 2)) & 15;
        if (nib >>> 2 !== 0 || ((nib >>> 1) & 1) !== d.bases[i]) continue;
        sifted[f.frameId]++;
        if ((nib & 1) !== d.bits[i]) errors[f.frameId]++;
      }
    }
  }
  const blocks: Block[] = [];
  for (let b = 0; b < FRAMES / BLOCK; b++) {
    let n = 0;
    let s = 0;
    let e = 0;
    for (let f = b * BLOCK; f < (b + 1) * BLOCK; f++) {
      n += detections[f];
      s += sifted[f];
      e += errors[f];
    }
    blocks.push({ rate: n / BLOCK, qber: s > 0 ? e / s : Number.NaN });
  }
  return { blocks, tracker, delayMovedPs: bench.fibre.delayPs - delay0 };
}

const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;

function check(seed: number): void {
  const still = run(seed, 0, false);
  const rate0 = still.blocks.reduce((a, b) => a + b.rate, 0) / still.blocks.length;
  const qber0 = still.blocks.reduce((a, b) => a + b.qber, 0) / still.blocks.length;
  const tracked = run(seed, DRIFT_PS_PER_S, true);
  const untracked = run(seed, DRIFT_PS_PER_S, false);
  const worstRate = Math.min(...tracked.blocks.map((b) => b.rate));
  const worstQber = Math.max(...tracked.blocks.map((b) => b.qber));
  const lastUntracked = untracked.blocks[untracked.blocks.length - 1];
  const snap = tracked.tracker?.snapshot();
  const lostAt = untracked.blocks.findIndex((b) => b.rate < 0.5 * rate0);
  console.log(
    `[delay tracking seed ${seed}] fibre delay drifted ${tracked.delayMovedPs.toFixed(0)} ps over ${FRAMES} frames ` +
      `(${DRIFT_PS_PER_S} ps/s + 20 ps/√s; gate ${GATE_WIDTH_PS} ps); drift-free: ${rate0.toFixed(0)} detections/frame, QBER ${pct(qber0)}; ` +
      `tracked: worst block ${worstRate.toFixed(0)} detections/frame (${pct(worstRate / rate0)} of drift-free), worst QBER ${pct(worstQber)} ` +
      `(limit ${pct(1.5 * qber0)}), gate moved ${snap?.movedPs} ps in ${snap?.updates} updates; ` +
      `untracked: below half the rate from frame ${lostAt * BLOCK}, last block ${lastUntracked.rate.toFixed(0)} detections/frame (${pct(lastUntracked.rate / rate0)}), QBER ${Number.isNaN(lastUntracked.qber) ? 'n/a (no frames)' : pct(lastUntracked.qber)}`,
  );
  // The drift is real and would take the detections out of the gate.
  expect(Math.abs(tracked.delayMovedPs)).toBeGreaterThan(GATE_WIDTH_PS);
  // Tracking: the gate followed it, the rate and the QBER held in every block.
  expect(Math.abs((snap?.movedPs ?? 0) - tracked.delayMovedPs)).toBeLessThan(GATE_WIDTH_PS / 4);
  expect(worstRate).toBeGreaterThan(0.97 * rate0);
  expect(worstQber).toBeLessThan(1.5 * qber0);
  // No tracking: the detections leave the gate.
  expect(lastUntracked.rate).toBeLessThan(0.5 * rate0);
  if (!Number.isNaN(lastUntracked.qber) && lastUntracked.rate > 1000) expect(lastUntracked.qber).toBeGreaterThan(QBER_MAX);
}

describe('the fibre delay drift of the simulator', () => {
  it('is off by default, follows its linear rate plus a seeded random walk when on, and leaves a bench without it unchanged', () => {
    const at = (o: BenchPhysicsOptionsInput, ms: number): { delay: number; tags: number } => {
      const b = new OpticalBench({ ...o, frameSlotCount: SLOTS, source: { pulseRateHz: RATE_HZ }, tagger: { clockOffsetPpm: 0 } });
      b.setRepeatingPattern(randomPattern(SLOTS, () => 0x12345678, 1, 0));
      b.startEmission(0);
      let tags = 0;
      for (let t = 0; t < ms; t++) tags += b.advanceTo((t + 1) * 1e9).count;
      return { delay: b.fibre.delayPs - b.fibre.initialDelayPs, tags };
    };
    const still = at({ seed: 3, drift: true }, 50);
    expect(still.delay).toBe(0);
    const ramp = at({ seed: 3, drift: true, fibre: { delayDriftPsPerS: 1000 } }, 50);
    expect(Math.abs(ramp.delay - 50)).toBeLessThan(2); // 1000 ps/s × 50 ms, in 1 ms drift steps
    const walkA = at({ seed: 3, drift: true, fibre: { delayDriftPsPerS: 1000, delayRandomWalkPsPerSqrtS: 100 } }, 50);
    const walkB = at({ seed: 3, drift: true, fibre: { delayDriftPsPerS: 1000, delayRandomWalkPsPerSqrtS: 100 } }, 50);
    expect(walkA).toEqual(walkB);
    expect(walkA.delay).not.toBe(ramp.delay);
    // drift: false stops it, as every other drift.
    expect(at({ seed: 3, drift: false, fibre: { delayDriftPsPerS: 1000 } }, 20).delay).toBe(0);
  });
});

describe('the unknown bench’s delay drift', () => {
  it('is drawn thermal (±0.2 K/h × 35 ps/(km·K)), or the rate asked for (qkd-sim --delay-drift-ps-per-s), and off without drift', () => {
    for (let seed = 0; seed < 20; seed++) {
      const { draw, physics } = drawUnknownBench(seed, { fibre: { lengthKm: 10 } });
      expect(Math.abs(draw.delayDriftPsPerS)).toBeLessThanOrEqual((35 * draw.fibreLengthKm * 0.2) / 3600);
      expect(physics.fibre?.delayDriftPsPerS).toBe(draw.delayDriftPsPerS);
      expect(draw.delayRandomWalkPsPerSqrtS).toBeGreaterThan(0);
    }
    expect(drawUnknownBench(3, {}, { delayDriftPsPerS: 7 }).draw.delayDriftPsPerS).toBe(7);
    expect(drawUnknownBench(3, {}, { delayDriftPsPerS: 7, drift: false }).draw).toMatchObject({
      delayDriftPsPerS: 0,
      delayRandomWalkPsPerSqrtS: 0,
    });
    // The draws made before it are unchanged by it.
    const { delayDriftPsPerS: _a, delayRandomWalkPsPerSqrtS: _b, ...rest } = drawUnknownBench(3, {}).draw;
    const { delayDriftPsPerS: _c, delayRandomWalkPsPerSqrtS: _d, ...restAsked } = drawUnknownBench(3, {}, { delayDriftPsPerS: 7 }).draw;
    expect(restAsked).toEqual(rest);
    expect(parseCli(['--tcp', '0', '--unknown-bench', '7', '--delay-drift-ps-per-s', '2.5'])).toMatchObject({
      kind: 'run',
      options: { unknownBench: { seed: 7, delayDriftPsPerS: 2.5 } },
    });
    expect(parseCli(['--tcp', '0', '--delay-drift-ps-per-s', '2'])).toMatchObject({ kind: 'error' });
  });
});

describe('delay tracking while making key (bench physics, drifting fibre delay)', () => {
  for (const seed of [5, 12]) {
    it(`seed ${seed}: keeps the rate within 3 % and the QBER within 1.5× of the drift-free run; untracked the detections leave the gate`, () => {
      check(seed);
    }, 120_000);
  }
});
