import { describe, expect, it } from 'vitest';
import { withSeed } from '../../support/seed.ts';
import { fibreDelayPsFor, report, runBench, siftedCounts } from '../../support/sim-physics.ts';

describe('modulator drift', () => {
  it('without recalibration the QBER grows over simulated time as the offset drifts; a fresh calibration restores it', async () => {
    await withSeed('drift', (_r, seed) => {
      const rateHz = 1e8;
      const periodPs = 1e12 / rateHz;
      const lengthKm = 50;
      const offsetDriftVPerS = 0.5;
      const halfWaveV = 4;
      const extinctionRatioDb = 20;
      const driftStepPs = 1e9; // 1 ms
      const durationPs = 1e12; // 1 s uncorrected, then 0.1 s after recalibration
      let recalibratedFromSlot = Infinity;
      const r = runBench(
        {
          seed,
          frameSlotCount: 1 << 16,
          driftStepPs,
          source: { pulseRateHz: rateHz },
          fibre: { lengthKm, polarizationRandomWalkRadPerSqrtS: 0 },
          modulator: {
            halfWaveVoltageV: halfWaveV,
            offsetDriftVPerS,
            offsetRandomWalkVPerSqrtS: 0,
            halfWaveDriftRelativePerS: 0,
            extinctionRatioDb,
          },
          detectors: { darkCountRateHz: 0, deadTimeNs: 0, afterpulseProbability: 0 },
          tagger: { clockOffsetPpm: 0 },
        },
        durationPs + 1e11,
        [0.7, 0.2],
        1e10,
        (bench, elapsedPs) => {
          if (elapsedPs === durationPs) {
            bench.applyCalibration(bench.perfectCalibration());
            recalibratedFromSlot = Math.ceil(elapsedPs / periodPs);
          }
        },
      );
      const delayPs = fibreDelayPsFor(lengthKm);
      const window = 1e7; // slots = 0.1 s
      const early = siftedCounts(r, delayPs, periodPs, 0, 0, window);
      const late = siftedCounts(r, delayPs, periodPs, 0, durationPs / periodPs - window, durationPs / periodPs);
      const after = siftedCounts(r, delayPs, periodPs, 0, recalibratedFromSlot, Infinity);
      const qEarly = early.errors / early.sifted;
      const qLate = late.errors / late.sifted;
      const qAfter = after.errors / after.sifted;

      // Prediction: in drift step k the offset is off by rate·k·1 ms, a Poincaré
      // angle error δ_k = π·ΔV/V_π, and a sifted error (1 − S·cos δ_k)/2 with
      // S = 1 − 2e_d. The sifted rate does not depend on δ (the two outputs of a
      // basis share it), so the window's QBER is the plain average over its steps.
      const S = 1 - 2 / (1 + 10 ** (extinctionRatioDb / 10));
      const stepSlots = driftStepPs / periodPs;
      const predictWindow = (fromSlot: number, toSlot: number): number => {
        let sum = 0;
        let n = 0;
        for (let k = fromSlot / stepSlots; k < toSlot / stepSlots; k++) {
          const delta = (Math.PI * offsetDriftVPerS * k * 1e-3) / halfWaveV;
          sum += (1 - S * Math.cos(delta)) / 2;
          n++;
        }
        return sum / n;
      };
      const pEarly = predictWindow(0, window);
      const pLate = predictWindow(durationPs / periodPs - window, durationPs / periodPs);
      const ed = (1 - S) / 2;
      report(
        `drift: QBER first 0.1 s ${qEarly.toFixed(5)} (pred ${pEarly.toFixed(5)}), last 0.1 s ${qLate.toFixed(5)} (pred ${pLate.toFixed(5)}), after recalibration ${qAfter.toFixed(5)} (pred ${ed.toFixed(5)})`,
      );
      // 5σ of each proportion; the growth must exceed 5σ of the difference.
      const sd = (q: number, n: number) => Math.sqrt((q * (1 - q)) / n);
      expect(Math.abs(qEarly - pEarly)).toBeLessThan(5 * sd(pEarly, early.sifted));
      expect(Math.abs(qLate - pLate)).toBeLessThan(5 * sd(pLate, late.sifted));
      expect(qLate - qEarly).toBeGreaterThan(5 * Math.hypot(sd(qEarly, early.sifted), sd(qLate, late.sifted)));
      expect(Math.abs(qAfter - ed)).toBeLessThan(5 * sd(ed, after.sifted));
      // The hidden state moved as configured (ground truth, rate × time, drift lags the fibre delay).
      const truth = r.bench.truth();
      expect(truth.intrinsicOffsetV - 0.7).toBeGreaterThan(offsetDriftVPerS * 1.0);
    });
  });
});
