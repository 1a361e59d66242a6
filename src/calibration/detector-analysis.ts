/**
 * The detectors' figures and the source's actual mean photon numbers, from a
 * dark recording (the transmitter's light off) and a lit one with its
 * disclosed patterns (pure analysis; `qkdctl calibrate detectors` and
 * `intensities` record the data).
 *
 * Detectors (per channel):
 *  - dead time: the shortest gap between two of its tags (a non-paralyzable
 *    detector never registers closer; at Mcps rates the shortest of 10⁵ gaps
 *    sits within picoseconds of it);
 *  - dark count rate: tags per second with the light off, less the
 *    afterpulses those dark counts cause themselves (÷ (1 + p_ap));
 *  - afterpulsing probability: afterpulses come microseconds after their
 *    parent click, so they fall evenly over the slot like dark counts; the
 *    floor of the arrival histogram far from the photons gives their rate B,
 *    and p_ap = (B / (1 − R·τ) − D) / R with R the registered rate (the
 *    1 − R·τ: an afterpulse registers only on a live detector);
 *  - relative efficiency ε_c = η_c·b_c (detector efficiency × the share of
 *    the receiver's beam splitter towards its basis): with λ_c(s) the mean
 *    photons detector c sees from a signal slot of state s, and the two
 *    detectors of one basis sharing each state's photons,
 *    λ_1(s)/ε_1 + λ_2(s)/ε_2 = μ·t for every state s — a least-squares fit
 *    over the four states gives μ·t·ε_c without knowing the polarization.
 *
 * Intensities: the ratio of class k to signal is Σ L·λ(class k) / Σ L·λ(signal)
 * over detectors and states (L: live slots of class k), exact in expectation;
 * the signal class's absolute value needs one number from outside, the system
 * transmittance T_sys (the probability that a photon leaving the transmitter
 * is detected, averaged over polarization: fibre × receiver optics × detector
 * efficiency, measured with a calibrated attenuated laser and power meter):
 * μ_signal = Σ_c μ·t·ε_c / (2·T_sys).
 */
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import type { SlotStatistics } from './slot-statistics.ts';
import { LABELS, type PerDetector, type TagSet } from './tag-data.ts';

export interface DarkRecording {
  readonly tags: TagSet;
  /** Bench time the recording covered, ps (default: first to last tag, scaled by N/(N−1)). */
  readonly durationPs?: number;
}

export interface DetectorFigures {
  readonly darkCountRateHz: PerDetector<number>;
  /** Statistical error (1σ) of each dark count rate, Hz. */
  readonly darkCountErrorHz: PerDetector<number>;
  readonly deadTimeNs: PerDetector<number>;
  /** Statistical error of each dead time, ns (one-sided: the estimate is the shortest gap, never below the truth). */
  readonly deadTimeErrorNs: PerDetector<number>;
  /** Null where the slot has no region far enough from the photons to see the floor (a fast source with wide jitter). */
  readonly afterpulseProbability: PerDetector<number | null>;
  readonly afterpulseErrorAbs: PerDetector<number | null>;
  /** ε_c / mean ε (1 = average). */
  readonly relativeEfficiency: PerDetector<number>;
  /** μ_signal·t·ε_c of each detector (mean signal photons it would see with its basis's full share). */
  readonly signalPhotonsPerSlot: PerDetector<number>;
  /** Registered count rate in the lit recording, counts/s. */
  readonly countRateCps: PerDetector<number>;
}

const per = <T>(f: (i: number) => T): PerDetector<T> => ({ h: f(0), v: f(1), d: f(2), a: f(3) });

function failed(message: string): QkdError {
  return new QkdError(QkdErrorCode.CalibrationFailed, message, {});
}

/** Least squares of x1·a_s + x2·b_s = 1 over the states s (rows with NaN skipped). */
function pairFit(a: number[], b: number[]): [number, number] {
  let saa = 0;
  let sab = 0;
  let sbb = 0;
  let sa = 0;
  let sb = 0;
  for (let s = 0; s < a.length; s++) {
    if (!Number.isFinite(a[s]) || !Number.isFinite(b[s])) continue;
    saa += a[s] * a[s];
    sab += a[s] * b[s];
    sbb += b[s] * b[s];
    sa += a[s];
    sb += b[s];
  }
  const det = saa * sbb - sab * sab;
  if (!(Math.abs(det) > 1e-12 * saa * sbb))
    throw failed('the four states reach the detectors alike: the modulator does not modulate (cannot tell the detectors apart)');
  return [(sa * sbb - sb * sab) / det, (sb * saa - sa * sab) / det];
}

/** μ·t·ε_c per detector from the signal slots (nibble = state | class 0 << 2). */
export function signalPhotonsPerDetector(stats: SlotStatistics): number[] {
  const lam = (c: number, s: number): number => stats.channels[c].lambda[s];
  const states = [0, 1, 2, 3];
  const [xh, xv] = pairFit(
    states.map((s) => lam(0, s)),
    states.map((s) => lam(1, s)),
  );
  const [xd, xa] = pairFit(
    states.map((s) => lam(2, s)),
    states.map((s) => lam(3, s)),
  );
  return [1 / xh, 1 / xv, 1 / xd, 1 / xa];
}

export function analyzeDetectors(dark: DarkRecording, lit: SlotStatistics, channels: PerDetector<number>): DetectorFigures {
  const n = dark.tags.timestampsPs.length;
  const duration = dark.durationPs ?? (n > 1 ? ((dark.tags.timestampsPs[n - 1] - dark.tags.timestampsPs[0]) * n) / (n - 1) : 0);
  if (!(duration > 0)) throw failed('the dark recording holds no time (no tags at all)');
  const z = signalPhotonsPerDetector(lit);
  const meanZ = z.reduce((a, b) => a + b, 0) / 4;
  const darkCounts = LABELS.map((l) => {
    let k = 0;
    for (let i = 0; i < n; i++) if (dark.tags.channels[i] === channels[l]) k++;
    return k;
  });
  const stats = lit.channels;
  const deadPs = stats.map((c) => c.deadTimePs);
  const rate = stats.map((c) => (c.tags / c.spanPs) * 1e12);
  // Measured dark rate includes the afterpulses of dark counts (×(1 + p)); solve both together.
  const ap: (number | null)[] = [];
  const apErr: (number | null)[] = [];
  const darkRate: number[] = [];
  for (let i = 0; i < 4; i++) {
    const dMeasured = (darkCounts[i] / duration) * 1e12;
    const c = stats[i];
    if (c.floorPerPs > 0) {
      const B = c.floorRateCps;
      const live = Math.max(0.05, 1 - rate[i] * deadPs[i] * 1e-12);
      let p = 0;
      let d = dMeasured;
      for (let it = 0; it < 5; it++) {
        d = dMeasured / (1 + p);
        p = Math.max(0, (B / live - d) / rate[i]);
      }
      ap.push(p);
      // Poisson error of the floor count.
      const floorTags = Math.max(1, B * (c.spanPs / 1e12));
      apErr.push(Math.sqrt(floorTags) / (c.spanPs / 1e12) / live / rate[i]);
      darkRate.push(d);
    } else {
      ap.push(null);
      apErr.push(null);
      darkRate.push(dMeasured);
    }
  }
  return {
    darkCountRateHz: per((i) => darkRate[i]),
    darkCountErrorHz: per((i) => (Math.sqrt(Math.max(1, darkCounts[i])) / duration) * 1e12),
    deadTimeNs: per((i) => deadPs[i] / 1000),
    deadTimeErrorNs: per((i) => stats[i].deadTimeErrorPs / 1000),
    afterpulseProbability: per((i) => ap[i]),
    afterpulseErrorAbs: per((i) => apErr[i]),
    relativeEfficiency: per((i) => z[i] / meanZ),
    signalPhotonsPerSlot: per((i) => z[i]),
    countRateCps: per((i) => rate[i]),
  };
}

export interface IntensityFigures {
  /** Actual mean photon number per class. */
  readonly signal: number;
  readonly decoy: number;
  readonly vacuum: number;
  /** Class / signal, measured without any outside number. */
  readonly decoyToSignal: number;
  readonly vacuumToSignal: number;
  /** Photon clicks behind each class's figure (its statistical weight: relative error ≈ 1/√clicks). */
  readonly clicks: { signal: number; decoy: number; vacuum: number };
  readonly systemTransmittance: number;
}

export function analyzeIntensities(lit: SlotStatistics, systemTransmittance: number): IntensityFigures {
  if (!(systemTransmittance > 0 && systemTransmittance <= 1)) throw failed(`system transmittance ${systemTransmittance} is not in (0, 1]`);
  const z = signalPhotonsPerDetector(lit);
  const muSignal = z.reduce((a, b) => a + b, 0) / (2 * systemTransmittance);
  const ratio = (cls: number): { r: number; clicks: number } => {
    let num = 0;
    let den = 0;
    let clicks = 0;
    for (const c of lit.channels) {
      for (let s = 0; s < 4; s++) {
        const nib = s | (cls << 2);
        const live = c.slots[nib] - c.dead[nib];
        if (!(live > 0) || !Number.isFinite(c.lambda[nib]) || !Number.isFinite(c.lambda[s])) continue;
        num += live * c.lambda[nib];
        den += live * c.lambda[s];
        clicks += live * c.lambda[nib];
      }
    }
    if (!(den > 0)) throw failed(`no slots of intensity class ${cls} were recorded`);
    return { r: num / den, clicks };
  };
  const decoy = ratio(1);
  const vacuum = ratio(2);
  const signalClicks = ratio(0).clicks;
  return {
    signal: muSignal,
    decoy: decoy.r * muSignal,
    vacuum: vacuum.r * muSignal,
    decoyToSignal: decoy.r,
    vacuumToSignal: vacuum.r,
    clicks: { signal: signalClicks, decoy: decoy.clicks, vacuum: vacuum.clicks },
    systemTransmittance,
  };
}
