import { describe, expect, it } from 'vitest';
import { TAG_AFTERPULSE } from '../../../sim/physics/index.ts';
import { withSeed } from '../../support/seed.ts';
import { report, runBench } from '../../support/sim-physics.ts';

describe('detector dead time', () => {
  it('never registers two tags on one detector closer than the dead time, and saturates as r/(1 + r·τ)', async () => {
    await withSeed('dead time', (_r, seed) => {
      const deadTimeNs = 1000;
      const eta = 0.1;
      const mu = 0.5;
      const durationPs = 5e9; // 5 ms at 1 GHz, 0 km: heavily saturated
      const r = runBench(
        {
          seed,
          drift: false,
          frameSlotCount: 1 << 16,
          source: { meanPhotonNumberSignal: mu },
          fibre: { lengthKm: 0 },
          detectors: { efficiency: [eta, eta, eta, eta], darkCountRateHz: 0, deadTimeNs, afterpulseProbability: 0 },
          tagger: { clockOffsetPpm: 1.5 },
        },
        durationPs,
        [1, 0],
      );
      const last = [-Infinity, -Infinity, -Infinity, -Infinity];
      const lastTruth = [-Infinity, -Infinity, -Infinity, -Infinity];
      let minGapTagPs = Infinity;
      let minGapTruthPs = Infinity;
      const perChannel = [0, 0, 0, 0];
      for (let i = 0; i < r.timestampsPs.length; i++) {
        const c = r.channels[i];
        minGapTagPs = Math.min(minGapTagPs, r.timestampsPs[i] - last[c]);
        minGapTruthPs = Math.min(minGapTruthPs, r.detectionTimesPs[i] - lastTruth[c]);
        last[c] = r.timestampsPs[i];
        lastTruth[c] = r.detectionTimesPs[i];
        perChannel[c]++;
      }
      // Physical time: ≥ τ (float rounding of t + τ allowed: 1e-3 ps). Tagger
      // time runs 1.5 ppm fast and is floored to 1 ps: gap ≥ τ·(1 + 1.5e-6) − 1 ps.
      expect(minGapTruthPs).toBeGreaterThanOrEqual(deadTimeNs * 1000 - 1e-3);
      expect(minGapTagPs).toBeGreaterThanOrEqual(deadTimeNs * 1000 - 1);
      // Saturation: each detector gets clicks at r = f·(1 − e^{−μη/4}) on average
      // over the uniformly random states (routing ¼ on average, small state
      // dependence averages out over the dead time); non-paralyzable dead time
      // registers r/(1 + r·τ). The count's variance is below Poisson (dead time
      // regularises it), so 5·sqrt(N) is a conservative 5σ.
      const rate = 1e9 * (1 - Math.exp(-mu * eta * 0.25));
      const expectedPerChannel = ((rate / (1 + rate * deadTimeNs * 1e-9)) * (durationPs - r.bench.latencyPs)) / 1e12;
      for (let c = 0; c < 4; c++) {
        report(`dead time: channel ${c} registered ${perChannel[c]} expected ${expectedPerChannel.toFixed(0)}`);
        expect(Math.abs(perChannel[c] - expectedPerChannel)).toBeLessThan(5 * Math.sqrt(expectedPerChannel));
      }
    });
  });
});

describe('afterpulsing', () => {
  it('raises the count by 1/(1 − p) with exponential delays of the configured mean after the dead time', async () => {
    await withSeed('afterpulsing', (_r, seed) => {
      const p = 0.1;
      const tauNs = 100;
      const deadTimeNs = 10;
      const eta = 0.1;
      const mu = 0.5;
      const lengthKm = 100;
      const durationPs = 2e11; // 0.2 s at 1 GHz, 100 km: ~1e5 primary clicks, far from saturation
      const r = runBench(
        {
          seed,
          drift: false,
          frameSlotCount: 1 << 16,
          source: { meanPhotonNumberSignal: mu },
          fibre: { lengthKm },
          detectors: {
            efficiency: [eta, eta, eta, eta],
            darkCountRateHz: 0,
            deadTimeNs,
            afterpulseProbability: p,
            afterpulseTimeConstantNs: tauNs,
          },
        },
        durationPs,
        [1, 0],
        2e10,
      );
      const t = 10 ** ((-0.2 * lengthKm) / 10);
      const delayPs = (lengthKm * 1000 * 1.468 * 1e12) / 299792458;
      const emittingPs = durationPs - r.bench.latencyPs - delayPs;
      // Primary clicks: f·(1 − e^{−μtη}) per second; every registered click
      // (afterpulses too) spawns another with probability p: total = primary/(1 − p).
      // Dead-time losses are r·τ_dead ≈ 1.6e4 /s · 10 ns ≈ 2e-4 per detector: negligible here.
      const primary = (1e9 * (1 - Math.exp(-mu * t * eta)) * emittingPs) / 1e12;
      const expectedTotal = primary / (1 - p);
      const total = r.timestampsPs.length;
      // Variance of the total: a compound Poisson sum over primaries of X = 1 + G,
      // G the geometric cascade (mean p/(1−p), variance p/(1−p)²), so
      // Var = N_p·E[X²] = N_p·(1 + p)/(1 − p)².
      const sd = Math.sqrt((primary * (1 + p)) / ((1 - p) * (1 - p)));
      report(
        `afterpulsing: total ${total} expected ${expectedTotal.toFixed(0)} ±${(5 * sd).toFixed(0)} (5σ); without afterpulses ${primary.toFixed(0)}`,
      );
      expect(Math.abs(total - expectedTotal)).toBeLessThan(5 * sd);
      // And the rise is resolved: the afterpulse-free expectation is excluded.
      expect(total - primary).toBeGreaterThan(5 * sd);

      // Delay of each afterpulse after its parent (the previous tag on its
      // detector at these low rates) minus the dead time: exponential, mean τ, sd τ.
      let n = 0;
      let sum = 0;
      const last = [-Infinity, -Infinity, -Infinity, -Infinity];
      for (let i = 0; i < r.kinds.length; i++) {
        const c = r.channels[i];
        if (r.kinds[i] === TAG_AFTERPULSE) {
          sum += r.detectionTimesPs[i] - last[c] - deadTimeNs * 1000;
          n++;
        }
        last[c] = r.detectionTimesPs[i];
      }
      const meanDelayPs = sum / n;
      report(`afterpulse delay mean ${(meanDelayPs / 1000).toFixed(2)} ns expected ${tauNs} ns over ${n}`);
      // Parent misattribution (another click in between) needs a click within ~τ: rate·τ ≈ 1e-3, below 5σ = 5/√n ≈ 2 %.
      expect(Math.abs(meanDelayPs - tauNs * 1000)).toBeLessThan((5 * tauNs * 1000) / Math.sqrt(n));
    });
  });
});
