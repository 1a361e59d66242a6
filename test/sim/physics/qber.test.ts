import { describe, expect, it } from 'vitest';
import { withSeed } from '../../support/seed.ts';
import { fibreDelayPsFor, report, runBench, siftedCounts } from '../../support/sim-physics.ts';

const lengthKm = 10;
const eta = 0.1;
const mu = 0.5;
const periodPs = 1000;
const extinctionRatioDb = 20;

/** e_d = 1 / (1 + 10^(ER/10)), the error of a perfectly aligned state. */
const ed = 1 / (1 + 10 ** (extinctionRatioDb / 10));

function baseOptions(seed: number, darkHz: number, interceptFraction = 0) {
  return {
    seed,
    drift: false,
    frameSlotCount: 1 << 16,
    source: { pulseRateHz: 1e12 / periodPs, meanPhotonNumberSignal: mu },
    fibre: { lengthKm },
    modulator: { extinctionRatioDb },
    detectors: {
      efficiency: [eta, eta, eta, eta] as [number, number, number, number],
      darkCountRateHz: darkHz,
      deadTimeNs: 0,
      afterpulseProbability: 0,
      jitterRmsPs: 50,
    },
    tagger: { clockOffsetPpm: 0 },
    eve: { interceptFraction },
  };
}

/**
 * Predicted sifted QBER of signal slots with single clicks only, perfect
 * alignment: per slot the detectors click independently with
 * P_c = 1 − exp(−λ_c − d), λ_c = μ·t·η·q_c, d = R·(slot window) and
 * q = ½·(1 ± S)/2 on the prepared basis, ¼ on the other, S = 1 − 2·e_d.
 */
function predictedQber(darkHz: number): number {
  const t = 10 ** ((-0.2 * lengthKm) / 10);
  const S = 1 - 2 * ed;
  const d = darkHz * periodPs * 1e-12;
  const q = [(1 + S) / 4, (1 - S) / 4, 0.25, 0.25];
  const P = q.map((qc) => 1 - Math.exp(-mu * t * eta * qc - d));
  const single = (c: number) => P[c] * P.reduce((acc, pc, i) => (i === c ? acc : acc * (1 - pc)), 1);
  return single(1) / (single(0) + single(1));
}

describe('QBER of the simulated bench', () => {
  it('equals the modelled misalignment e_d under perfect calibration and no dark counts', async () => {
    await withSeed('qber no dark', (_r, seed) => {
      const r = runBench(baseOptions(seed, 0), 6e9);
      const { sifted, errors } = siftedCounts(r, fibreDelayPsFor(lengthKm), periodPs);
      const q = errors / sifted;
      const predicted = predictedQber(0);
      expect(Math.abs(predicted - ed)).toBeLessThan(1e-4); // without darks the prediction is e_d itself
      // 5σ of a proportion over the sifted events
      report(`${expect.getState().currentTestName}: QBER ${q.toFixed(5)} predicted ${predicted.toFixed(5)} sifted ${sifted}`);
      expect(Math.abs(q - predicted), `QBER ${q} vs ${predicted} over ${sifted}`).toBeLessThan(
        5 * Math.sqrt((predicted * (1 - predicted)) / sifted),
      );
    });
  });

  it('adds exactly the predicted dark-count errors (≈ ½·p_dark per sifted click)', async () => {
    await withSeed('qber with dark', (_r, seed) => {
      const darkHz = 1e5; // 1e-4 per detector per 1 ns slot window
      const r = runBench(baseOptions(seed, darkHz), 1e10);
      const { sifted, errors } = siftedCounts(r, fibreDelayPsFor(lengthKm), periodPs);
      const q = errors / sifted;
      const predicted = predictedQber(darkHz);
      const tol = 5 * Math.sqrt((predicted * (1 - predicted)) / sifted);
      report(`${expect.getState().currentTestName}: QBER ${q.toFixed(5)} predicted ${predicted.toFixed(5)} sifted ${sifted}`);
      expect(Math.abs(q - predicted), `QBER ${q} vs ${predicted} over ${sifted}`).toBeLessThan(tol);
      // and the dark contribution is resolved: e_d alone is excluded
      expect(q - ed).toBeGreaterThan(tol);
    });
  });

  it('full intercept-resend gives QBER ≈ 25 % (exactly 1/4 + e_d/2)', async () => {
    await withSeed('intercept-resend', (_r, seed) => {
      const r = runBench(baseOptions(seed, 0, 1), 5e9);
      const { sifted, errors } = siftedCounts(r, fibreDelayPsFor(lengthKm), periodPs);
      const q = errors / sifted;
      const predicted = 0.25 + ed / 2;
      report(`${expect.getState().currentTestName}: QBER ${q.toFixed(5)} predicted ${predicted.toFixed(5)} sifted ${sifted}`);
      expect(Math.abs(q - predicted), `QBER ${q} vs ${predicted} over ${sifted}`).toBeLessThan(
        5 * Math.sqrt((predicted * (1 - predicted)) / sifted),
      );
      // every signal tag came from Eve
      expect(r.kinds.every((k) => k === 1)).toBe(true);
    });
  });

  it('half intercept-resend gives the click-weighted mixture of 1/4 + e_d/2 and e_d', async () => {
    await withSeed('half intercept-resend', (_r, seed) => {
      const r = runBench(baseOptions(seed, 0, 0.5), 5e9);
      const { sifted, errors } = siftedCounts(r, fibreDelayPsFor(lengthKm), periodPs);
      const q = errors / sifted;
      // Sifted clicks come from intercepted and untouched pulses in proportion to
      // their click probabilities: Eve's (1 − e^{−μ})·t·η (one photon) versus 1 − e^{−μtη}.
      const t = 10 ** ((-0.2 * lengthKm) / 10);
      const wEve = (1 - Math.exp(-mu)) * t * eta;
      const wAlice = 1 - Math.exp(-mu * t * eta);
      const predicted = (wEve * (0.25 + ed / 2) + wAlice * ed) / (wEve + wAlice);
      report(`${expect.getState().currentTestName}: QBER ${q.toFixed(5)} predicted ${predicted.toFixed(5)} sifted ${sifted}`);
      expect(Math.abs(q - predicted), `QBER ${q} vs ${predicted} over ${sifted}`).toBeLessThan(
        5 * Math.sqrt((predicted * (1 - predicted)) / sifted),
      );
    });
  });
});
