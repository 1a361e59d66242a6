import { describe, expect, it } from 'vitest';
import { withSeed } from '../../support/seed.ts';
import { firstDifference, runBench } from '../../support/sim-physics.ts';

/** Default bench (drift, darks, afterpulses, jitter, dead time, clock offset all on) at 10 km. */
function run(seed: number, chunkPs: number) {
  return runBench({ seed, frameSlotCount: 1 << 16, driftStepPs: 1e8 }, 2e9, [0.7, 0.2], chunkPs);
}

describe('determinism', () => {
  it('same seed → identical tags, whatever the chunk size; different seed → different tags', async () => {
    await withSeed('determinism', (_r, seed) => {
      const a = run(seed, 1e9);
      const b = run(seed, 1e9);
      const c = run(seed, 3.7e7); // ~37 µs chunks: shorter than the fibre delay
      const d = run(seed ^ 1, 1e9);
      expect(a.timestampsPs.length).toBeGreaterThan(5_000);
      expect(firstDifference(b.timestampsPs, a.timestampsPs)).toBe(-1);
      expect(firstDifference(b.channels, a.channels)).toBe(-1);
      expect(firstDifference(c.timestampsPs, a.timestampsPs)).toBe(-1);
      expect(firstDifference(c.channels, a.channels)).toBe(-1);
      expect(firstDifference(c.kinds, a.kinds)).toBe(-1);
      expect(firstDifference(d.timestampsPs, a.timestampsPs)).not.toBe(-1);
    });
  });

  it('streams sorted, integer timestamps across chunk boundaries', async () => {
    await withSeed('sorted stream', (_r, seed) => {
      const r = runBench({ seed, frameSlotCount: 1 << 16, detectors: { jitterRmsPs: 300, deadTimeNs: 0 } }, 2e9, [0.7, 0.2], 1.3e6);
      let unsorted = 0;
      let nonInteger = 0;
      for (let i = 0; i < r.timestampsPs.length; i++) {
        if (i > 0 && r.timestampsPs[i] < r.timestampsPs[i - 1]) unsorted++;
        if (!Number.isInteger(r.timestampsPs[i])) nonInteger++;
      }
      expect(r.timestampsPs.length).toBeGreaterThan(10_000);
      expect(unsorted).toBe(0);
      expect(nonInteger).toBe(0);
    });
  });
});
