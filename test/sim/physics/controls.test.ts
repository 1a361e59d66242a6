import { describe, expect, it } from 'vitest';
import { OpticalBench, PhysicsRng, randomPattern, TAG_DARK, TAG_SIGNAL } from '../../../sim/physics/index.ts';
import { withSeed } from '../../support/seed.ts';
import { fibreDelayPsFor, nibbleAt, report, runBench, siftedCounts } from '../../support/sim-physics.ts';

describe('board controls', () => {
  it('emits queued frames from the start slot, goes dark on a pattern underrun, and stops at a frame boundary', async () => {
    await withSeed('frames and underrun', (_r, seed) => {
      const frame = 1 << 16;
      const bench = new OpticalBench({
        seed,
        frameSlotCount: frame,
        fibre: { lengthKm: 0 },
        detectors: { deadTimeNs: 0, darkCountRateHz: 1e4, afterpulseProbability: 0 },
      });
      const prng = new PhysicsRng(seed);
      const p0 = randomPattern(frame, () => prng.nextU32(), 1, 0);
      const p1 = randomPattern(frame, () => prng.nextU32(), 1, 0);
      bench.advanceTo(123_456); // not on a slot boundary
      bench.queueFramePattern(0, p0);
      bench.queueFramePattern(1, p1);
      const start = bench.startEmission();
      expect(start).toBe(124); // first slot at or after 123.456 ns
      expect(bench.frameStartTimePs(2)).toBe((start + 2 * frame) * 1000);
      const chunk = bench.advanceTo((start + 4 * frame) * 1000);
      const truth = chunk.truth!;
      let signalInFrames01 = 0;
      let signalLater = 0;
      let darkLater = 0;
      let stateMismatch = 0;
      for (let i = 0; i < chunk.count; i++) {
        const s = truth.slot[i];
        if (truth.kind[i] === TAG_SIGNAL) {
          const rel = s - start;
          expect(rel).toBeGreaterThanOrEqual(0);
          if (rel < 2 * frame) {
            signalInFrames01++;
            // With e_d ≈ 1 % the detector of the prepared state clicks most: count the rest.
            const nib = nibbleAt(rel < frame ? p0 : p1, rel % frame);
            if (chunk.channels[i] !== (nib & 3)) stateMismatch++;
          } else signalLater++;
        } else if (truth.kind[i] === TAG_DARK && truth.detectionTimePs[i] > (start + 2 * frame) * 1000) darkLater++;
      }
      expect(signalInFrames01).toBeGreaterThan(1000);
      expect(signalLater).toBe(0); // frames 2, 3: no pattern → dark
      expect(darkLater).toBeGreaterThan(0); // detectors still run
      // Wrong-detector fraction: ½ other basis + ½·e_d ≈ 0.505 — the prepared states are honoured.
      expect(Math.abs(stateMismatch / signalInFrames01 - 0.505)).toBeLessThan(5 * Math.sqrt(0.25 / signalInFrames01));
      expect(bench.telemetry().patternUnderrunFrames).toBe(2);

      // Restart with a repeating pattern, then stop: the stop lands on a frame boundary.
      bench.setRepeatingPattern(p0);
      const start2 = bench.startEmission();
      bench.advanceBy(frame * 1000 * 1.5);
      const stop = bench.stopEmission();
      expect((stop - start2) % frame).toBe(0);
      expect(stop - start2).toBe(2 * frame);
      const after = bench.advanceTo((stop + frame) * 1000);
      for (let i = 0; i < after.count; i++) {
        if (after.truth!.kind[i] === TAG_SIGNAL) expect(after.truth!.slot[i]).toBeLessThan(stop);
      }
      expect(bench.telemetry().emitting).toBe(false);
    });
  });

  it('a wrong drive voltage for one state raises that state’s error as (1 − S·cos δ)/2', async () => {
    await withSeed('calibration matters', (_r, seed) => {
      const vpi = 4;
      // D driven at V_π/2 + V_π/4: its Poincaré angle is off by δ = π/4.
      const lengthKm = 10;
      const r = runBench(
        {
          seed,
          drift: false,
          frameSlotCount: 1 << 16,
          modulator: { halfWaveVoltageV: vpi, intrinsicOffsetV: 0 },
          fibre: { lengthKm },
          detectors: { darkCountRateHz: 0, deadTimeNs: 0, afterpulseProbability: 0 },
          tagger: { clockOffsetPpm: 0 },
        },
        5e9,
        [1, 0],
        1e9,
        (bench, elapsedPs) => {
          if (elapsedPs === 1e9) bench.setStateVoltages([0, vpi, vpi / 2 + vpi / 4, -vpi / 2]);
        },
      );
      // Only slots prepared as D (nibble & 3 = 2) and measured in X, emitted after the change.
      const delayPs = fibreDelayPsFor(lengthKm);
      const fromSlot = 1e6 + 1;
      const all = siftedCounts(r, delayPs, 1000, 0, fromSlot);
      let dSifted = 0;
      let dErrors = 0;
      for (let i = 0; i < r.timestampsPs.length; i++) {
        const s = Math.round((r.timestampsPs[i] - delayPs) / 1000);
        if (s < fromSlot || (nibbleAt(r.pattern, s) & 3) !== 2 || r.channels[i] >>> 1 !== 1) continue;
        dSifted++;
        if (r.channels[i] !== 2) dErrors++;
      }
      const S = 1 - 2 / (1 + 100);
      const predicted = (1 - S * Math.cos(Math.PI / 4)) / 2;
      const q = dErrors / dSifted;
      report(
        `miscalibrated D: error ${q.toFixed(4)} predicted ${predicted.toFixed(4)} over ${dSifted}; all states ${(all.errors / all.sifted).toFixed(4)}`,
      );
      expect(Math.abs(q - predicted)).toBeLessThan(5 * Math.sqrt((predicted * (1 - predicted)) / dSifted));
      // The other three states stay at e_d: overall ≈ (3·e_d + predicted)/4 within 5σ.
      const overall = ((3 * (1 - S)) / 2 + predicted) / 4;
      expect(Math.abs(all.errors / all.sifted - overall)).toBeLessThan(5 * Math.sqrt((overall * (1 - overall)) / all.sifted));
    });
  });
});
