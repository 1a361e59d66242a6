/**
 * Polarization calibration: the modulator's drive table and bias that
 * minimise the QBER in both bases, found from no knowledge of the modulator
 * (V_π, offset) or of the fibre's rotation. The routine drives a probe — set
 * the modulator, measure the X-basis QBER — which is the control API of a
 * running link (qkdctl calibrate polarization) or, in tests, the in-process
 * bench physics. The analysis is polarization-fit.ts.
 *
 * Sequence:
 *  1. coarse: drive table [0, s₀, s₀/2, −s₀/2] with a guessed span s₀, the
 *     bias stepped across its range (more than one period, 2·V_π); the fit of
 *     the QBER's sinusoid gives V_π and the bias of lowest QBER;
 *  2. fine: table [0, V_π, V_π/2, −V_π/2] (D and A now π apart, so H and V
 *     too), the bias stepped in a small window (± a fraction of a radian)
 *     around the coarse optimum, and the sinusoid at the known V_π refitted;
 *  3. check: one measurement at the result.
 * Why both bases come out right from the X basis alone: the modulator is
 * linear in the voltage, so once D and A sit at ±π/2 about the aligned angle,
 * H (their midpoint) and V (H + V_π) sit at 0 and π.
 */
import { type BiasPoint, driveTable, fitBiasAtHalfWave, fitBiasScan, optimalBias, type SinusoidFit } from './polarization-fit.ts';

export interface ModulatorSettings {
  /** Drive voltage of each state [H, V, D, A], V. */
  stateVoltagesV: [number, number, number, number];
  biasV: number;
}

export interface BasisErrors {
  errors: number;
  bits: number;
}

/** What one measurement returns: the X (test) basis always; the Z (key) basis when known. */
export interface PolarizationMeasurement {
  x: BasisErrors;
  z?: BasisErrors;
}

export interface PolarizationProbe {
  /** Apply `settings` to the modulator, then measure the QBER of frames emitted entirely under them. */
  measure(settings: ModulatorSettings): Promise<PolarizationMeasurement>;
}

export interface PolarizationCalibrationOptions {
  /** Drive span of the coarse scan (a guess of V_π), V. Default 4. */
  spanGuessV?: number;
  /** Bias range of the coarse scan, V. Default −8..8: more than one period for V_π ≤ 8 V. */
  biasMinV?: number;
  biasMaxV?: number;
  /** Points of the coarse scan. Default 17 (1 V apart over −8..8). */
  coarsePoints?: number;
  /**
   * Range in which V_π is sought, V. Default 0.55·span..10: below half the span the D–A
   * splitting passes π and the fringe inverts (the scan would find the worst bias).
   */
  halfWaveMinV?: number;
  halfWaveMaxV?: number;
  /** Points of the fine scan and its half width in radians of the Poincaré angle. Defaults 5 and 0.4. */
  finePoints?: number;
  fineHalfWidthRad?: number;
  /** A progress line per step (qkdctl prints them on stderr). */
  onProgress?: (line: string) => void;
}

export interface PolarizationCalibrationResult {
  settings: ModulatorSettings;
  halfWaveVoltageV: number;
  /** QBER measured at the result (X basis; Z when the probe reports it). */
  qberX: number;
  qberZ: number | null;
  /** Amplitude of the fitted sinusoid (≈ S/2 when aligned): a sanity figure. */
  fringeAmplitude: number;
  measurements: number;
  coarse: { biasV: number; qberX: number }[];
  fine: { biasV: number; qberX: number }[];
}

const rate = (b: BasisErrors): number => (b.bits > 0 ? b.errors / b.bits : NaN);
const pct = (q: number): string => `${(100 * q).toFixed(2)} %`;

export async function calibratePolarization(
  probe: PolarizationProbe,
  o: PolarizationCalibrationOptions = {},
): Promise<PolarizationCalibrationResult> {
  const say = o.onProgress ?? (() => undefined);
  const span0 = o.spanGuessV ?? 4;
  const bMin = o.biasMinV ?? -8;
  const bMax = o.biasMaxV ?? 8;
  const nCoarse = Math.max(7, o.coarsePoints ?? 17);
  const range = { minV: o.halfWaveMinV ?? 0.55 * span0, maxV: o.halfWaveMaxV ?? 10 };
  let measurements = 0;

  const coarse: BiasPoint[] = [];
  for (let i = 0; i < nCoarse; i++) {
    const biasV = bMin + ((bMax - bMin) * i) / (nCoarse - 1);
    const m = await probe.measure({ stateVoltagesV: driveTable(span0), biasV });
    measurements++;
    coarse.push({ biasV, errors: m.x.errors, bits: m.x.bits });
    say(`polarization: coarse ${i + 1}/${nCoarse}: bias ${biasV.toFixed(2)} V → QBER(X) ${pct(rate(m.x))}`);
  }
  const first: SinusoidFit = fitBiasScan(coarse, range);
  const vpi = first.halfWaveVoltageV;
  const bias0 = optimalBias(first, (bMin + bMax) / 2);
  say(`polarization: V_π ≈ ${vpi.toFixed(3)} V, bias ≈ ${bias0.toFixed(3)} V (fringe amplitude ${first.amplitude.toFixed(3)})`);

  const nFine = Math.max(3, o.finePoints ?? 5);
  const halfWidthV = ((o.fineHalfWidthRad ?? 0.4) * vpi) / Math.PI;
  const table = driveTable(vpi);
  const fine: BiasPoint[] = [];
  for (let i = 0; i < nFine; i++) {
    const biasV = bias0 - halfWidthV + (2 * halfWidthV * i) / (nFine - 1);
    const m = await probe.measure({ stateVoltagesV: table, biasV });
    measurements++;
    fine.push({ biasV, errors: m.x.errors, bits: m.x.bits });
    say(`polarization: fine ${i + 1}/${nFine}: bias ${biasV.toFixed(3)} V → QBER(X) ${pct(rate(m.x))}`);
  }
  const second = fitBiasAtHalfWave(fine, vpi);
  // A fine fit without a fringe (amplitude ≪ the coarse one) means the window missed: keep the coarse optimum.
  const biasV = second.amplitude > first.amplitude / 4 ? optimalBias(second, bias0) : bias0;
  const settings: ModulatorSettings = { stateVoltagesV: table, biasV };
  const check = await probe.measure(settings);
  measurements++;
  const qberX = rate(check.x);
  const qberZ = check.z && check.z.bits > 0 ? rate(check.z) : null;
  say(`polarization: bias ${biasV.toFixed(3)} V → QBER(X) ${pct(qberX)}${qberZ === null ? '' : `, QBER(Z) ${pct(qberZ)}`}`);
  return {
    settings,
    halfWaveVoltageV: vpi,
    qberX,
    qberZ,
    fringeAmplitude: second.amplitude,
    measurements,
    coarse: coarse.map((p) => ({ biasV: p.biasV, qberX: p.errors / p.bits })),
    fine: fine.map((p) => ({ biasV: p.biasV, qberX: p.errors / p.bits })),
  };
}
