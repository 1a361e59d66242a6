/**
 * The sampling through short dead windows (optical-bench.ts `draw`): with fast
 * detectors a dead window of a few slots is drawn through with every
 * detector's bound, and candidates inside it are rejected, instead of being
 * drawn around. The counts per detector, the dead-time losses' effect and the
 * double clicks must stay those of the plain per-pulse loop (which applies
 * dead time tag by tag), in the regime where it matters: dead time 3 slots,
 * high efficiency, bright pulses.
 */
import { describe, expect, it } from 'vitest';
import { withSeed } from '../../support/seed.ts';
import { report, runAgainstPerPulse } from '../../support/sim-physics.ts';

describe('short dead windows', () => {
  it('give the per-pulse loop’s counts per detector with 3-slot dead time and 60 % detectors', async () => {
    await withSeed('short dead time', (_r, seed) => {
      const slotCount = 1_000_000;
      const periodPs = 1000;
      const opts = {
        seed,
        drift: false,
        frameSlotCount: 1 << 16,
        source: { meanPhotonNumberSignal: 0.8, meanPhotonNumberDecoy: 0.2 },
        fibre: { lengthKm: 0 },
        detectors: {
          efficiency: [0.6, 0.5, 0.6, 0.4] as [number, number, number, number],
          basisSplitRatioZ: 0.7,
          darkCountRateHz: 100,
          deadTimeNs: 3,
          afterpulseProbability: 0,
          jitterRmsPs: 20,
        },
        tagger: { clockOffsetPpm: 0 },
      };
      const { fast, countFast, countRef } = runAgainstPerPulse(opts, slotCount, periodPs);
      // Dead time matters here: without it the brightest detector would count ~10 % more.
      expect(fast.bench.telemetry().deadTimeLosses).toBeGreaterThan(0.03 * countFast[0]);
      for (let c = 0; c < 4; c++) {
        const tol = 5 * Math.sqrt(countFast[c] + countRef[c]);
        report(`short dead time channel ${c}: fast ${countFast[c]} per-pulse ${countRef[c]} ±${tol.toFixed(0)} (5σ)`);
        expect(Math.abs(countFast[c] - countRef[c])).toBeLessThan(tol);
      }
      // No two tags of one detector closer than its dead time.
      const last = [-Infinity, -Infinity, -Infinity, -Infinity];
      let closer = 0;
      for (let i = 0; i < fast.detectionTimesPs.length; i++) {
        const c = fast.channels[i];
        if (fast.detectionTimesPs[i] - last[c] < 3000) closer++;
        last[c] = fast.detectionTimesPs[i];
      }
      expect(closer).toBe(0);
    });
  }, 60_000);
});
