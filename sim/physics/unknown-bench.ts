/**
 * The unknown bench: from a seed, draw the hidden truths a technician meets on
 * a real bench and must calibrate (issue 11) — the fibre's real length and
 * group index (thus the delay), each detector's signal delay (a common latency
 * and hundreds of ps of skew), the modulator's V_π and offset, the fibre's
 * polarization rotation and its random-walk drift, the source's actual mean
 * photon numbers (±20 % off their set points), each detector's efficiency,
 * dark counts, dead time and afterpulsing, and a thermal drift of the fibre's
 * delay (a drawn linear rate plus a small random walk, or the rate asked for).
 *
 * The result is physics options (for OpticalBench, createSimulatedBench, the
 * demo) plus the drawn truth. Nothing here reaches the daemon: the boards
 * report only what firmware would; tests read the truth through the
 * simulator's side channels (OpticalBench.truth(), qkd-sim --truth-file).
 */
import { resolveOptions, type BenchPhysicsOptionsInput } from './options.ts';
import { PhysicsRng } from './prng.ts';

export interface UnknownBenchOptions {
  /**
   * Time in which the fibre's polarization rotation (and the modulator's
   * offset, in angle) wanders by about 1 rad rms: a random walk of
   * 1/√τ rad/√s. Minutes on a fibre on a moving aerial cable, hours in a duct.
   * Default 1800 s.
   */
  polarizationTimeConstantS?: number;
  /** false: the drawn bench stands still (no drift at all). Default true. */
  drift?: boolean;
  /**
   * Linear drift of the fibre's propagation delay, ps/s, in place of the drawn one. The drawn
   * one is thermal: ≈ 35 ps per km per K times a temperature trend within ±0.2 K/h (a buried
   * cable; ±0.02 ps/s at 10 km). Aerial cables or a test's fast drift: set it.
   */
  delayDriftPsPerS?: number;
  /** Random walk of that delay, ps/√s, in place of the drawn one (≈ 0.01 ps/√s per 10 km). */
  delayRandomWalkPsPerSqrtS?: number;
}

/** What was drawn, in the units of the physics options (tests compare calibrations against it). */
export interface UnknownBenchDraw {
  seed: number;
  fibreLengthKm: number;
  groupIndex: number;
  /** Signal delay of each detector H, V, D, A, ps. */
  detectorDelaysPs: [number, number, number, number];
  halfWaveVoltageV: number;
  intrinsicOffsetV: number;
  initialRotationRad: number;
  polarizationTimeConstantS: number;
  /** Actual / set mean photon number [signal, decoy, vacuum]. */
  meanPhotonNumberScale: [number, number, number];
  efficiency: [number, number, number, number];
  darkCountRatesHz: [number, number, number, number];
  deadTimeNs: number;
  afterpulseProbability: number;
  /** Linear drift of the fibre delay, ps/s (0 when the bench does not drift). */
  delayDriftPsPerS: number;
  /** Random walk of the fibre delay, ps/√s (0 when the bench does not drift). */
  delayRandomWalkPsPerSqrtS: number;
}

const DRAW_STREAM = 0x9e3779b9;

/**
 * Physics options of an unknown bench drawn from `seed` around `base` (its
 * detector preset, pulse rate, nominal fibre length): `base` is what the
 * datasheets and the cable plan say; the draw is what the bench really is.
 */
export function drawUnknownBench(
  seed: number,
  base: BenchPhysicsOptionsInput = {},
  o: UnknownBenchOptions = {},
): { physics: BenchPhysicsOptionsInput; draw: UnknownBenchDraw } {
  const b = resolveOptions({ ...base, seed });
  const rng = new PhysicsRng((seed ^ DRAW_STREAM) >>> 0);
  const u = (lo: number, hi: number): number => lo + (hi - lo) * rng.nextOpen();
  const logU = (lo: number, hi: number): number => Math.exp(u(Math.log(lo), Math.log(hi)));
  const round = (x: number, digits: number): number => Number(x.toFixed(digits));
  const tau = o.polarizationTimeConstantS ?? 1800;
  if (!(tau > 0)) throw new RangeError('polarizationTimeConstantS must be positive');
  const drift = o.drift ?? true;

  // Cable plan says L; the spool is within ±3 % of it, the group index within its datasheet range.
  const fibreLengthKm = b.fibre.lengthKm * u(0.97, 1.03);
  const groupIndex = u(1.467, 1.469);
  // Detector latency (SNSPD readout, amplifiers, cables): a common 2–30 ns and ±400 ps of skew.
  const common = u(2000, 30000);
  const detectorDelaysPs = [0, 1, 2, 3].map(() => Math.round(common + u(-400, 400))) as [number, number, number, number];
  const halfWaveVoltageV = round(b.modulator.halfWaveVoltageV * u(0.8, 1.2), 4);
  const intrinsicOffsetV = round(u(-1.5, 1.5), 4);
  const initialRotationRad = u(-Math.PI, Math.PI);
  const meanPhotonNumberScale = [0, 1, 2].map(() => u(0.8, 1.2)) as [number, number, number];
  const efficiency = b.detectors.efficiency.map((e) => Math.min(1, e * u(0.85, 1.15))) as [number, number, number, number];
  const darkBase = b.detectors.darkCountRateHz;
  const darkCountRatesHz = [0, 1, 2, 3].map(() => darkBase * logU(0.5, 2)) as [number, number, number, number];
  const deadTimeNs = round(b.detectors.deadTimeNs * u(0.8, 1.25), 2);
  const afterpulseProbability = b.detectors.afterpulseProbability * logU(0.5, 2);
  // 1 rad rms in τ, from two independent walks of equal size: the fibre's rotation and (in angle) the modulator's offset.
  const rwRad = 1 / Math.sqrt(tau);
  // Drawn last, so that the draws above stay what they were for a seed. Thermal delay drift:
  // 35 ps/(km·K) × a trend of ±0.2 K/h, plus a random walk of 0.01 ps/√s per 10 km.
  const drawnDelayDrift = (35 * fibreLengthKm * u(-0.2, 0.2)) / 3600;
  const delayDriftPsPerS = drift ? (o.delayDriftPsPerS ?? drawnDelayDrift) : 0;
  const delayRandomWalkPsPerSqrtS = drift ? (o.delayRandomWalkPsPerSqrtS ?? 0.001 * fibreLengthKm) : 0;
  if (!Number.isFinite(delayDriftPsPerS) || !(delayRandomWalkPsPerSqrtS >= 0)) {
    throw new RangeError('delayDriftPsPerS must be finite and delayRandomWalkPsPerSqrtS ≥ 0');
  }

  const physics: BenchPhysicsOptionsInput = {
    ...base,
    seed,
    drift,
    source: { ...base.source, meanPhotonNumberScale },
    modulator: {
      ...base.modulator,
      halfWaveVoltageV,
      intrinsicOffsetV,
      halfWaveDriftRelativePerS: 0,
      offsetDriftVPerS: 0,
      offsetRandomWalkVPerSqrtS: ((rwRad / Math.SQRT2) * halfWaveVoltageV) / Math.PI,
    },
    fibre: {
      ...base.fibre,
      lengthKm: fibreLengthKm,
      groupIndex,
      initialRotationRad,
      polarizationRandomWalkRadPerSqrtS: rwRad / Math.SQRT2,
      polarizationDriftRadPerS: 0,
      delayDriftPsPerS,
      delayRandomWalkPsPerSqrtS,
    },
    detectors: { ...base.detectors, efficiency, darkCountRatesHz, delayPs: detectorDelaysPs, deadTimeNs, afterpulseProbability },
  };
  return {
    physics,
    draw: {
      seed,
      fibreLengthKm,
      groupIndex,
      detectorDelaysPs,
      halfWaveVoltageV,
      intrinsicOffsetV,
      initialRotationRad,
      polarizationTimeConstantS: tau,
      meanPhotonNumberScale,
      efficiency,
      darkCountRatesHz,
      deadTimeNs,
      afterpulseProbability,
      delayDriftPsPerS,
      delayRandomWalkPsPerSqrtS,
    },
  };
}
