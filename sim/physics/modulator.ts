/**
 * Polarization modulator (LiNbO3 phase modulator in a polarization
 * interferometer): the drive voltage sets the angle of the output state on the
 * Poincaré great circle through H, D, V, A:
 *
 *   φ(V) = π · (V + V_bias − V_offset(t)) / V_π(t)
 *
 * with H at φ = 0, D at π/2, V at π and A at 3π/2 (≡ −π/2). V_offset drifts
 * (linear + random walk: the DC drift of the crystal) and V_π drifts linearly
 * (temperature), so a voltage table calibrated once goes stale: that is what
 * makes the calibration in src/calibration meaningful.
 */
import type { ModulatorOptions } from './options.ts';
import type { PhysicsRng } from './prng.ts';

export const STATE_H = 0;
export const STATE_V = 1;
export const STATE_D = 2;
export const STATE_A = 3;

/** Ideal Poincaré angles of the four states, indexed H, V, D, A. */
export const IDEAL_STATE_ANGLES_RAD: readonly number[] = [0, Math.PI, Math.PI / 2, -Math.PI / 2];

export interface ModulatorCalibration {
  /** Drive voltage per state, indexed H, V, D, A. */
  stateVoltagesV: [number, number, number, number];
  biasVoltageV: number;
}

export class PolarizationModulator {
  /** Current drive table and bias, as set by the modulator board firmware. */
  readonly stateVoltagesV = new Float64Array(4);
  biasVoltageV = 0;
  /** Hidden physical state (ground truth; a real board cannot read it). */
  halfWaveVoltageV: number;
  intrinsicOffsetV: number;

  constructor(private readonly opts: ModulatorOptions) {
    this.halfWaveVoltageV = opts.halfWaveVoltageV;
    this.intrinsicOffsetV = opts.intrinsicOffsetV;
    this.applyCalibration(this.idealCalibration());
  }

  /** The voltages that would produce the ideal states right now. */
  idealCalibration(): ModulatorCalibration {
    const vpi = this.halfWaveVoltageV;
    return {
      stateVoltagesV: [0, vpi, vpi / 2, -vpi / 2],
      biasVoltageV: this.intrinsicOffsetV,
    };
  }

  applyCalibration(c: ModulatorCalibration): void {
    this.stateVoltagesV.set(c.stateVoltagesV);
    this.biasVoltageV = c.biasVoltageV;
  }

  /** Poincaré angle produced for drive voltage `voltageV`. */
  angleForVoltageRad(voltageV: number): number {
    return (Math.PI * (voltageV + this.biasVoltageV - this.intrinsicOffsetV)) / this.halfWaveVoltageV;
  }

  /** Poincaré angle of state `state` (0..3 = H, V, D, A) with the current table. */
  stateAngleRad(state: number): number {
    return this.angleForVoltageRad(this.stateVoltagesV[state]);
  }

  /**
   * Degree of polarization of the prepared states: 1 − 2·e_d, so that a
   * perfectly aligned state still errs with probability e_d in its own basis.
   */
  degreeOfPolarization(): number {
    const ed = 1 / (1 + 10 ** (this.opts.extinctionRatioDb / 10));
    return 1 - 2 * ed;
  }

  /** Advance the drift by `dtS` seconds. */
  step(dtS: number, rng: PhysicsRng, driftEnabled: boolean): void {
    if (!driftEnabled) return;
    const o = this.opts;
    this.intrinsicOffsetV += o.offsetDriftVPerS * dtS;
    if (o.offsetRandomWalkVPerSqrtS > 0) this.intrinsicOffsetV += o.offsetRandomWalkVPerSqrtS * Math.sqrt(dtS) * rng.nextNormal();
    this.halfWaveVoltageV *= 1 + o.halfWaveDriftRelativePerS * dtS;
  }
}
