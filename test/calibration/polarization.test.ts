/**
 * Polarization calibration against the hidden truth of the bench physics,
 * over 5 seeds: V_π, the modulator's offset and the fibre's rotation drawn
 * at random (unknown to the routine), drift off. The QBER with the settings
 * found must be within 0.2 % (absolute) of the QBER with the simulator's own
 * perfect calibration, in both bases, measured over the same long window; and
 * the noise-free excess computed from the true state angles must be too.
 */
import { describe, expect, it } from 'vitest';
import { calibratePolarization } from '../../src/calibration/polarization.ts';
import { driveTable, fitBiasScan, optimalBias } from '../../src/calibration/polarization-fit.ts';
import { PhysicsPolarizationProbe, PROBE_PHYSICS, unknownModulator } from '../support/polarization-bench.ts';

const SEEDS = [11, 23, 37, 41, 59];

describe('polarization calibration on an unknown modulator and fibre', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: QBER within 0.2 % of the optimum in both bases`, async () => {
      const truth = unknownModulator(seed);
      const probe = new PhysicsPolarizationProbe({
        ...PROBE_PHYSICS,
        seed,
        drift: false,
        modulator: { halfWaveVoltageV: truth.halfWaveVoltageV, intrinsicOffsetV: truth.intrinsicOffsetV },
      });
      probe.bench.fibre.rotationRad = truth.rotationRad;
      const t0 = performance.now();
      const result = await calibratePolarization(probe);
      const ms = performance.now() - t0;
      const excess = probe.excessQber();
      const found = await probe.measure(result.settings, 200_000);
      const perfect = probe.bench.perfectCalibration();
      const opt = await probe.measure({ stateVoltagesV: perfect.stateVoltagesV, biasV: perfect.biasVoltageV }, 200_000);
      const q = (b: { errors: number; bits: number }): number => b.errors / b.bits;
      console.log(
        `[polarization seed ${seed}] V_π truth ${truth.halfWaveVoltageV.toFixed(3)} found ${result.halfWaveVoltageV.toFixed(3)} V; ` +
          `QBER X found ${(100 * q(found.x)).toFixed(3)} % optimum ${(100 * q(opt.x)).toFixed(3)} %; ` +
          `Z found ${(100 * q(found.z!)).toFixed(3)} % optimum ${(100 * q(opt.z!)).toFixed(3)} %; ` +
          `excess from truth ${(100 * excess).toFixed(4)} %; ${result.measurements} measurements, ${ms.toFixed(0)} ms`,
      );
      expect(excess).toBeLessThan(0.002);
      expect(Math.abs(q(found.x) - q(opt.x))).toBeLessThan(0.002);
      expect(Math.abs(q(found.z!) - q(opt.z!))).toBeLessThan(0.002);
      expect(Math.abs(result.halfWaveVoltageV - truth.halfWaveVoltageV) / truth.halfWaveVoltageV).toBeLessThan(0.05);
    }, 60_000);
  }
});

describe('the bias-scan fit', () => {
  it('recovers V_π and the optimum bias from noise-free points', () => {
    const vpi = 4.6;
    const c = 1.1;
    const points = [];
    for (let i = 0; i <= 16; i++) {
      const biasV = -8 + i;
      const q = 0.5 - 0.45 * Math.sin((Math.PI * 4) / (2 * vpi)) * Math.cos((Math.PI * biasV) / vpi + c);
      points.push({ biasV, errors: q * 1e6, bits: 1e6 });
    }
    const fit = fitBiasScan(points, { minV: 2.2, maxV: 10 });
    expect(fit.halfWaveVoltageV).toBeCloseTo(vpi, 4);
    const b = optimalBias(fit, 0);
    expect(Math.cos((Math.PI * b) / vpi + c)).toBeCloseTo(1, 6);
    expect(Math.abs(b)).toBeLessThanOrEqual(vpi);
    expect(driveTable(vpi)).toEqual([0, vpi, vpi / 2, -vpi / 2]);
  });
});
