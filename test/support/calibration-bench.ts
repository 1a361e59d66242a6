/**
 * An unknown bench in-process for the calibration tests: the physics
 * (sim/physics OpticalBench) drawn by drawUnknownBench around the demo's
 * operating point (100 MHz, SNSPD-class detectors, 10 km), a fresh random
 * pattern per frame (as the transmitter node emits them, so a delay of many
 * frames' worth of slots is not ambiguous), and the tags and patterns of a
 * stretch of bench time — what `qkdctl calibrate` records from the two nodes,
 * without boards or processes. The hidden truth comes with it.
 */
import {
  type BenchPhysicsOptionsInput,
  drawUnknownBench,
  OpticalBench,
  PhysicsRng,
  randomPattern,
  type UnknownBenchDraw,
} from '../../sim/physics/index.ts';
import type { PatternSet, TagSet } from '../../src/calibration/tag-data.ts';
import { DEMO_PHYSICS } from '../../src/cli/demo-link.ts';
import { concat } from './sim-physics.ts';

/** The demo's source operating point (DEMO_SOURCE), as set points. */
export const CAL_SETPOINTS = { signal: 0.6, decoy: 0.2, vacuum: 0.0002 };
export const CAL_CLASS_PROBABILITIES: [number, number] = [0.5, 0.3];

export interface CalibrationRun {
  readonly bench: OpticalBench;
  readonly draw: UnknownBenchDraw;
  readonly tags: TagSet;
  readonly patterns: PatternSet;
  readonly slotPeriodPs: number;
  /** Bench time the run covered, ps. */
  readonly durationPs: number;
}

/** The unknown bench of `seed` around the demo physics (10 km), with or without light. */
export function unknownDemoBench(seed: number, frameSlots = 1 << 18, extra: BenchPhysicsOptionsInput = {}) {
  const base: BenchPhysicsOptionsInput = {
    ...DEMO_PHYSICS,
    frameSlotCount: frameSlots,
    groundTruth: false,
    fibre: { lengthKm: 10 },
    tagger: { clockOffsetPpm: 0 },
    source: {
      ...DEMO_PHYSICS.source,
      meanPhotonNumberSignal: CAL_SETPOINTS.signal,
      meanPhotonNumberDecoy: CAL_SETPOINTS.decoy,
      meanPhotonNumberVacuum: CAL_SETPOINTS.vacuum,
    },
    ...extra,
  };
  return drawUnknownBench(seed, base, { drift: false });
}

/**
 * Runs `frames` lit frames of fresh random patterns (frame 0 from slot 0) and
 * collects every tag until the last frame's photons are in; `lit: false`
 * leaves the laser dark for `darkDurationPs` of bench time instead.
 */
export function runCalibrationBench(
  seed: number,
  o: { frames?: number; frameSlots?: number; lit?: boolean; darkDurationPs?: number } = {},
): CalibrationRun {
  const frameSlots = o.frameSlots ?? 1 << 18;
  const { physics, draw } = unknownDemoBench(seed, frameSlots);
  const bench = new OpticalBench(physics);
  const T = bench.slotPeriodPs;
  const lit = o.lit ?? true;
  const frames = new Map<number, Uint32Array>();
  const rng = new PhysicsRng((seed ^ 0x7a11) >>> 0);
  let durationPs: number;
  if (lit) {
    const n = o.frames ?? 8;
    for (let f = 0; f < n; f++) {
      const p = randomPattern(frameSlots, () => rng.nextU32(), CAL_CLASS_PROBABILITIES[0], CAL_CLASS_PROBABILITIES[1]);
      bench.queueFramePattern(f, p);
      frames.set(f, p.words);
    }
    // Frames after the queued ones have no pattern: they go out dark.
    bench.startEmission(0);
    durationPs = n * frameSlots * T + bench.truth().fibreDelayPs + 1e6;
  } else {
    for (let c = 0; c < 3; c++) bench.setMeanPhotonNumber(c, 0);
    durationPs = o.darkDurationPs ?? 30e12;
  }
  const ch: Uint8Array[] = [];
  const ts: Float64Array[] = [];
  const step = lit ? 1e9 : 1e12;
  for (let t = 0; t < durationPs; ) {
    t = Math.min(durationPs, t + step);
    const c = bench.advanceTo(t);
    ch.push(c.channels);
    ts.push(c.timestampsPs);
  }
  return {
    bench,
    draw,
    tags: { channels: concat(ch, (n) => new Uint8Array(n)), timestampsPs: concat(ts, (n) => new Float64Array(n)) },
    patterns: { slotsPerFrame: frameSlots, frames },
    slotPeriodPs: T,
    durationPs,
  };
}

/** One line of the truth-vs-found table the tests print (and the closing note collects). */
export function truthLine(seed: number, quantity: string, truth: number, found: number, unit: string): string {
  const err = Math.abs(found - truth);
  const rel = truth !== 0 ? ` (${((100 * err) / Math.abs(truth)).toFixed(2)} %)` : '';
  const fmt = (x: number): string => (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-2 && x !== 0) ? x.toPrecision(6) : x.toFixed(3));
  return `seed ${seed} | ${quantity} | truth ${fmt(truth)} ${unit} | found ${fmt(found)} ${unit} | |error| ${fmt(err)} ${unit}${rel}`;
}
