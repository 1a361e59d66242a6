import { describe, expect, it } from 'vitest';
import { withSeed } from '../../support/seed.ts';
import { fibreDelayPsFor, nibbleAt, report, runBench, slotOfTimestamp } from '../../support/sim-physics.ts';

describe('detection probability per pulse and intensity class', () => {
  it('matches 1 − exp(−η·μ·t) combined with the dark-count term 1 − exp(−4·R·gate)', async () => {
    await withSeed('detection probability', (_r, seed) => {
      const lengthKm = 10;
      const lossDbPerKm = 0.2;
      const eta = 0.1;
      const darkHz = 2.5e5; // exaggerated so that the dark term is visible in vacuum slots
      const gatePs = 400;
      const mu = [0.5, 0.1, 2e-4];
      const rateHz = 1e9;
      const periodPs = 1e12 / rateHz;
      const durationPs = 1.2e10; // 12 ms = 1.2e7 slots
      const r = runBench(
        {
          seed,
          drift: false,
          frameSlotCount: 1 << 16,
          source: { pulseRateHz: rateHz, meanPhotonNumberSignal: mu[0], meanPhotonNumberDecoy: mu[1], meanPhotonNumberVacuum: mu[2] },
          fibre: { lengthKm, lossDbPerKm },
          detectors: {
            efficiency: [eta, eta, eta, eta],
            darkCountRateHz: darkHz,
            deadTimeNs: 0,
            afterpulseProbability: 0,
            jitterRmsPs: 50,
            gateWidthPs: gatePs,
          },
          tagger: { clockOffsetPpm: 0 },
        },
        durationPs,
        [0.5, 0.3],
      );
      const delayPs = fibreDelayPsFor(lengthKm);
      const t = 10 ** ((-lossDbPerKm * lengthKm) / 10);
      // Slots whose photons have arrived and whose tags were released.
      const lastSlot = Math.floor((durationPs - r.bench.latencyPs - delayPs) / periodPs) - 1;
      // The pattern repeats: count classes over one frame, then over the remainder.
      const slotsPerClass = [0, 0, 0];
      const frame = r.pattern.slotCount;
      const fullFrames = Math.floor((lastSlot + 1) / frame);
      for (let s = 0; s < frame; s++) slotsPerClass[nibbleAt(r.pattern, s) >>> 2] += fullFrames;
      for (let s = fullFrames * frame; s <= lastSlot; s++) slotsPerClass[nibbleAt(r.pattern, s) >>> 2]++;
      const clickedPerClass = [0, 0, 0];
      let prev = -1;
      for (let i = 0; i < r.timestampsPs.length; i++) {
        const s = slotOfTimestamp(r.timestampsPs[i], delayPs, periodPs);
        if (s === prev || s < 0 || s > lastSlot) continue; // count each slot once
        prev = s;
        clickedPerClass[nibbleAt(r.pattern, s) >>> 2]++;
      }
      // Gated detectors: every tag lies within its gate (± 8σ jitter, + 1 ps binning).
      let outsideGate = 0;
      for (let i = 0; i < r.timestampsPs.length; i++) {
        const off = r.timestampsPs[i] - delayPs - slotOfTimestamp(r.timestampsPs[i], delayPs, periodPs) * periodPs;
        if (Math.abs(off) > gatePs / 2 + 8 * 50 + 1) outsideGate++;
      }
      expect(outsideGate).toBe(0);
      const pDarkAny = 1 - Math.exp(-4 * darkHz * gatePs * 1e-12);
      for (let k = 0; k < 3; k++) {
        const pSignal = 1 - Math.exp(-eta * mu[k] * t);
        const predicted = 1 - (1 - pSignal) * (1 - pDarkAny);
        const n = slotsPerClass[k];
        const measured = clickedPerClass[k] / n;
        // 5σ of a binomial proportion over n slots: 5·sqrt(p(1−p)/n)
        const tol = 5 * Math.sqrt((predicted * (1 - predicted)) / n);
        report(
          `detection probability class ${k}: measured ${measured.toExponential(4)} predicted ${predicted.toExponential(4)} ±${tol.toExponential(1)} (5σ, n=${n})`,
        );
        expect(Math.abs(measured - predicted), `class ${k}: measured ${measured}, predicted ${predicted}, n ${n}`).toBeLessThan(tol);
      }
      // The dark term is not negligible in vacuum slots: leaving it out would fail.
      const vacuumWithoutDark = 1 - Math.exp(-eta * mu[2] * t);
      expect(clickedPerClass[2] / slotsPerClass[2] - vacuumWithoutDark).toBeGreaterThan(
        10 * Math.sqrt(vacuumWithoutDark / slotsPerClass[2]),
      );
    });
  });
});

describe('intensity fluctuation', () => {
  it('raises the no-click probability to E[exp(−η·μ·t·f)] over the fluctuation f', async () => {
    await withSeed('intensity fluctuation', (_r, seed) => {
      // Large η·μ·t so that the fluctuation shows: 0 km, η = 1, μ = 2, σ = 30 %.
      const mu = 2;
      const sigma = 0.3;
      const slots = 300_000;
      const r = runBench(
        {
          seed,
          drift: false,
          frameSlotCount: 1 << 16,
          source: { meanPhotonNumberSignal: mu, intensityFluctuationRelative: sigma },
          fibre: { lengthKm: 0 },
          detectors: { efficiency: [1, 1, 1, 1], darkCountRateHz: 0, deadTimeNs: 0, afterpulseProbability: 0 },
          tagger: { clockOffsetPpm: 0 },
        },
        slots * 1000,
        [1, 0],
      );
      let clicked = 0;
      let prev = -1;
      const lastSlot = slots - 2;
      for (let i = 0; i < r.timestampsPs.length; i++) {
        const s = slotOfTimestamp(r.timestampsPs[i], 0, 1000);
        if (s === prev || s > lastSlot) continue;
        prev = s;
        clicked++;
      }
      const n = lastSlot + 1;
      // E[exp(−μ f)], f = max(0, 1 + σ z), z standard normal clipped at ±6: midpoint rule on z.
      let expectation = 0;
      let mass = 0;
      const dz = 1e-3;
      for (let z = -6 + dz / 2; z < 6; z += dz) {
        const w = Math.exp((-z * z) / 2);
        expectation += w * Math.exp(-mu * Math.max(0, 1 + sigma * z));
        mass += w;
      }
      const predicted = 1 - expectation / mass;
      const steady = 1 - Math.exp(-mu);
      const measured = clicked / n;
      const tol = 5 * Math.sqrt((predicted * (1 - predicted)) / n); // 5σ binomial
      report(
        `fluctuation: click probability ${measured.toFixed(5)} predicted ${predicted.toFixed(5)} ±${tol.toFixed(5)} (steady source ${steady.toFixed(5)})`,
      );
      expect(Math.abs(measured - predicted)).toBeLessThan(tol);
      expect(steady - measured).toBeGreaterThan(tol);
    });
  });
});
