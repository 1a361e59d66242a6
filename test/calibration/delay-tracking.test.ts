/**
 * The DelayTracker controller (src/node/delay-tracking.ts) on synthetic tags:
 * Gaussian arrivals around a known offset from the gate centre (per detector
 * skews, slots folded by the period) over a flat floor of dark counts. It
 * measures the detection-weighted offset with the floor subtracted, moves the
 * gate delay by gain × offset (clamped), converges on a constant offset and
 * follows a ramp, waits for enough detections, ignores unmapped channels, and
 * reports each detector's offset.
 */
import { describe, expect, it } from 'vitest';
import { PhysicsRng } from '../../sim/physics/index.ts';
import { DelayTracker } from '../../src/node/delay-tracking.ts';
import { makeChannelMap } from '../../src/pipeline/timing/channel-map.ts';

const PERIOD = 10_000;
const GATE = 400;
const SLOTS = 1 << 16;

interface Frame {
  channels: Uint8Array;
  times: Float64Array;
}

/**
 * One frame's tags: `n` detections at gate centre + `offset` + skew[c] + N(0, 40 ps) in random slots,
 * `dark` tags uniform over the frame, `sync` tags on channel 9 (not a detector).
 */
function frame(
  rng: PhysicsRng,
  frameStart: number,
  gateDelay: number,
  offset: number,
  n: number,
  dark: number,
  skew = [0, 0, 0, 0],
  sync = 0,
): Frame {
  const total = n + dark + sync;
  const channels = new Uint8Array(total);
  const times = new Float64Array(total);
  for (let i = 0; i < n; i++) {
    const c = rng.nextU32() & 3;
    const slot = Math.floor(rng.nextOpen() * SLOTS);
    channels[i] = c;
    times[i] = Math.round(frameStart + slot * PERIOD + gateDelay + GATE / 2 + offset + skew[c] + 40 * rng.nextNormal());
  }
  for (let i = n; i < n + dark; i++) {
    channels[i] = rng.nextU32() & 3;
    times[i] = Math.round(frameStart + rng.nextOpen() * SLOTS * PERIOD);
  }
  for (let i = n + dark; i < total; i++) {
    channels[i] = 9;
    times[i] = Math.round(frameStart + (rng.nextOpen() * SLOTS + 0.5) * PERIOD + gateDelay);
  }
  return { channels, times };
}

const tracker = (o: Partial<ConstructorParameters<typeof DelayTracker>[0]> = {}): DelayTracker =>
  new DelayTracker({ slotPeriodPs: PERIOD, gateWidthPs: GATE, initialGateDelayPs: 50_000, channelMap: makeChannelMap(), ...o });

describe('DelayTracker', () => {
  it('measures the offset with the dark-count floor subtracted and moves the gate by gain × offset', () => {
    for (const seed of [1, 2]) {
      const rng = new PhysicsRng(seed);
      const t = tracker({ gain: 1, maxStepPs: 1000 });
      // Heavy floor: 2000 dark tags against 5000 detections; 60 ps late.
      const f = frame(rng, 0, t.gateDelayPs, 60, 5000, 2000);
      t.observe(f.channels, f.times, 0, f.channels.length, 0);
      expect(t.endFrame()).toBe(t.gateDelayPs);
      const s = t.snapshot();
      expect(s.updates).toBe(1);
      // 5000 detections of σ = 40 ps: σ of the mean 0.6 ps; the floor (≈ 160 tags in the window) adds ≈ 2 ps.
      expect(Math.abs((s.lastOffsetPs ?? 0) - 60)).toBeLessThan(8);
      expect(Math.abs(s.movedPs - 60)).toBeLessThan(8);
      expect(s.lastFloorFraction).toBeGreaterThan(0.01);
      expect(s.lastFloorFraction).toBeLessThan(0.1);
    }
  });

  it('reports each detector’s offset (a skew is kept, the gate follows the weighted mean)', () => {
    const rng = new PhysicsRng(3);
    const t = tracker({ gain: 1, maxStepPs: 1000 });
    const skew = [-30, 30, -10, 10];
    const f = frame(rng, 0, t.gateDelayPs, 0, 20_000, 200, skew);
    t.observe(f.channels, f.times, 0, f.channels.length, 0);
    t.endFrame();
    const d = t.snapshot().detectorOffsetPs;
    for (const [i, l] of (['h', 'v', 'd', 'a'] as const).entries()) expect(Math.abs((d[l] ?? NaN) - skew[i])).toBeLessThan(4);
    expect(Math.abs(t.snapshot().movedPs)).toBeLessThan(4);
  });

  it('clamps a step to maxStepPs and converges on a constant offset', () => {
    const rng = new PhysicsRng(4);
    const t = tracker({ gain: 0.5, maxStepPs: 50 });
    const truthCentre = 50_000 + GATE / 2 + 180; // detections 180 ps later than the gate centre at the start
    const steps: number[] = [];
    for (let k = 0; k < 30; k++) {
      const start = k * SLOTS * PERIOD;
      const before = t.gateDelayPs;
      const f = frame(rng, start, t.gateDelayPs, truthCentre - (t.gateDelayPs + GATE / 2), 3000, 100);
      t.observe(f.channels, f.times, 0, f.channels.length, start);
      steps.push(t.endFrame() - before);
    }
    expect(steps[0]).toBe(50);
    for (const s of steps) expect(Math.abs(s)).toBeLessThanOrEqual(50);
    expect(Math.abs(t.gateDelayPs + GATE / 2 - truthCentre)).toBeLessThan(5);
  });

  it('follows a ramp with a lag of about drift/gain', () => {
    const rng = new PhysicsRng(5);
    const t = tracker({ gain: 0.5 });
    let centre = 50_000 + GATE / 2;
    for (let k = 0; k < 200; k++) {
      centre += 3; // 3 ps per frame
      const start = k * SLOTS * PERIOD;
      const f = frame(rng, start, t.gateDelayPs, centre - (t.gateDelayPs + GATE / 2), 3000, 100);
      t.observe(f.channels, f.times, 0, f.channels.length, start);
      t.endFrame();
    }
    // Steady-state lag of a proportional loop: drift per frame × (1 − gain) / gain = 3 ps, plus noise.
    expect(Math.abs(centre - (t.gateDelayPs + GATE / 2) - 3)).toBeLessThan(8);
    expect(t.snapshot().movedPs).toBeGreaterThan(580);
  });

  it('waits for minSignal detections across frames, and ignores unmapped channels', () => {
    const rng = new PhysicsRng(6);
    const t = tracker({ gain: 1, minSignal: 1000 });
    const a = frame(rng, 0, t.gateDelayPs, 40, 600, 0, undefined, 5000);
    t.observe(a.channels, a.times, 0, a.channels.length, 0);
    t.endFrame();
    expect(t.snapshot().updates).toBe(0);
    expect(t.snapshot().lastOffsetPs).toBeNull();
    expect(t.gateDelayPs).toBe(50_000);
    const b = frame(rng, SLOTS * PERIOD, t.gateDelayPs, 40, 600, 0);
    t.observe(b.channels, b.times, 0, b.channels.length, SLOTS * PERIOD);
    t.endFrame();
    expect(t.snapshot().updates).toBe(1);
    // The sync tags on channel 9 (at the gate's far edge of the period) would pull the mean if counted.
    expect(Math.abs(t.snapshot().movedPs - 40)).toBeLessThan(6);
  });

  it('reads at most maxTagsPerFrame tags of a frame, evenly strided, and still finds the offset', () => {
    const rng = new PhysicsRng(7);
    const t = tracker({ gain: 1, maxStepPs: 1000, maxTagsPerFrame: 2000, minSignal: 500 });
    // Tags sorted by time, as a frame's are: the stride samples the whole frame.
    const f = frame(rng, 0, t.gateDelayPs, -70, 60_000, 3000);
    const order = Array.from(f.times.keys()).sort((x, y) => f.times[x] - f.times[y]);
    const channels = Uint8Array.from(order, (i) => f.channels[i]);
    const times = Float64Array.from(order, (i) => f.times[i]);
    t.observe(channels, times, 0, times.length, 0);
    t.endFrame();
    const s = t.snapshot();
    expect(s.updates).toBe(1);
    // ≈ 1900 sampled detections of σ = 40 ps: σ of the mean ≈ 1 ps, the floor's share ≈ 3 ps.
    expect(Math.abs((s.lastOffsetPs ?? 0) + 70)).toBeLessThan(10);
  });

  it('refuses a gate wider than the period or a gain outside (0, 1]', () => {
    expect(() => tracker({ gateWidthPs: PERIOD + 1 })).toThrow(RangeError);
    expect(() => tracker({ gain: 0 })).toThrow(RangeError);
    expect(() => tracker({ gain: 1.5 })).toThrow(RangeError);
  });
});
