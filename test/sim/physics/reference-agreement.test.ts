import { describe, expect, it } from 'vitest';
import { withSeed } from '../../support/seed.ts';
import { report, runAgainstPerPulse } from '../../support/sim-physics.ts';

describe('detection-level sampling agrees with the plain per-pulse simulation', () => {
  it('gives the same click counts per detector as a loop that draws every pulse photon by photon', async () => {
    await withSeed('reference agreement', (_r, seed) => {
      const slotCount = 2_000_000;
      const periodPs = 1000;
      const opts = {
        seed,
        drift: false,
        frameSlotCount: 1 << 16,
        source: { meanPhotonNumberSignal: 0.6, meanPhotonNumberDecoy: 0.15 },
        fibre: { lengthKm: 0 },
        // Unequal efficiencies and split so that routing errors would show.
        detectors: {
          efficiency: [0.1, 0.15, 0.2, 0.05] as [number, number, number, number],
          basisSplitRatioZ: 0.6,
          darkCountRateHz: 1e5,
          deadTimeNs: 0,
          afterpulseProbability: 0,
        },
        tagger: { clockOffsetPpm: 0 },
      };
      const { fast, ref, countFast, countRef } = runAgainstPerPulse(opts, slotCount, periodPs);
      for (let c = 0; c < 4; c++) {
        // Two independent (nearly Poisson) counts: sd of the difference sqrt(N1 + N2).
        const tol = 5 * Math.sqrt(countFast[c] + countRef[c]);
        report(`reference agreement channel ${c}: fast ${countFast[c]} per-pulse ${countRef[c]} ±${tol.toFixed(0)} (5σ)`);
        expect(Math.abs(countFast[c] - countRef[c])).toBeLessThan(tol);
      }
      // Double clicks (two detectors, one pulse) test the conditional channel
      // sampling: pairs of consecutive tags from the same slot.
      const doubles = (slots: Float64Array): number => {
        let n = 0;
        for (let i = 1; i < slots.length; i++) if (slots[i] >= 0 && slots[i] === slots[i - 1]) n++;
        return n;
      };
      const dFast = doubles(fast.truthSlots);
      const dRef = doubles(ref.slots);
      const tol = 5 * Math.sqrt(dFast + dRef);
      report(`reference agreement double clicks: fast ${dFast} per-pulse ${dRef} ±${tol.toFixed(0)} (5σ)`);
      expect(dRef).toBeGreaterThan(100);
      expect(Math.abs(dFast - dRef)).toBeLessThan(tol);
    });
  });
});
