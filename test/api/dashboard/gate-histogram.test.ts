/**
 * The dashboard's time histogram around the gate (src/node/gate-histogram.ts):
 * tags at known phases land in the bins the slot geometry says (the gate
 * opening is 0, the window is centred on the gate, delays longer than a
 * period and tags before the first gate wrap correctly), totals count every
 * tag of a channel, a roll publishes the period and starts over, and random
 * batches agree with a plain reference. Prints the cost per tag beside the
 * reference (no assertion on time).
 */
import { describe, expect, it } from 'vitest';
import { GateHistogram } from '../../../src/node/gate-histogram.ts';
import { withSeed } from '../../support/seed.ts';

const T = 10_000;
const GATE_DELAY = 123_456; // more than one period: fibre plus electronics
const GATE_WIDTH = 400;

function tags(list: [channel: number, ps: number][]): [Uint8Array, Float64Array] {
  return [Uint8Array.from(list.map((x) => x[0])), Float64Array.from(list.map((x) => x[1]))];
}

/** The plain reference: an object per tag, the textbook modulo. */
function reference(
  h: GateHistogram,
  gateDelayPs: number,
  channels: Uint8Array,
  times: Float64Array,
): { counts: number[][]; totals: number[] } {
  const counts = h.channels.map(() => new Array<number>(h.bins).fill(0));
  const totals = h.channels.map(() => 0);
  for (let i = 0; i < channels.length; i++) {
    const row = h.channels.indexOf(channels[i]);
    if (row < 0) continue;
    totals[row]++;
    const phase = (((times[i] - gateDelayPs) % h.slotPeriodPs) + h.slotPeriodPs) % h.slotPeriodPs; // 0 = gate opening
    const rel = phase >= h.slotPeriodPs + h.startPs ? phase - h.slotPeriodPs : phase; // before the gate: negative
    const bin = Math.floor((rel - h.startPs) / h.binPs);
    if (bin >= 0 && bin < h.bins) counts[row][bin]++;
  }
  return { counts, totals };
}

describe('gate histogram', () => {
  it('centres a window of five gate widths on the gate, in whole-ps bins', () => {
    const h = new GateHistogram({ slotPeriodPs: T, gateDelayPs: GATE_DELAY, gateWidthPs: GATE_WIDTH, channels: [0, 1, 2, 3] });
    expect(h.startPs).toBe(-800);
    expect(h.binPs).toBe(10);
    expect(h.bins).toBe(200); // -800 … 1200 ps
    expect(h.gateWidthPs).toBe(GATE_WIDTH);
    // A gate as wide as the slot: the whole slot, nothing twice.
    const full = new GateHistogram({ slotPeriodPs: 1000, gateDelayPs: 0, gateWidthPs: 5000, channels: [0] });
    expect(full.gateWidthPs).toBe(1000);
    expect(full.startPs).toBe(0);
    expect(full.bins * full.binPs).toBeLessThanOrEqual(1000);
  });

  it('bins each tag by its phase from the gate opening, per channel, and a roll publishes the period', () => {
    const h = new GateHistogram({ slotPeriodPs: T, gateDelayPs: GATE_DELAY, gateWidthPs: GATE_WIDTH, channels: [4, 5, 6, 7] });
    const at = (slot: number, fromGatePs: number): number => slot * T + GATE_DELAY + fromGatePs;
    const [c, t] = tags([
      [4, at(3, 0)], // the gate opening: bin 80
      [4, at(9, 205)], // in the gate: bin 100
      [5, at(12, -800)], // the window's first bin
      [5, at(12, 1199)], // its last bin
      [6, at(40, -801)], // just before the window: counted, not binned
      [6, at(41, 1200)], // just after it
      [7, 5], // before the first gate (t < gate delay): wraps to -1451 … outside
      [7, at(-13, 100)], // the gate of a slot before the delay elapsed (t > 0): bin 90
      [9, at(50, 0)], // a channel that is no detector
    ]);
    h.add(c, t);
    const before = h.snapshot();
    expect(before.counts.flat().every((x) => x === 0)).toBe(true); // nothing published before the first roll
    h.roll();
    const s = h.snapshot();
    const nonZero = s.counts.flatMap((row, r) => row.flatMap((n, b) => (n > 0 ? [[r, b, n]] : [])));
    expect(nonZero).toEqual([
      [0, 80, 1],
      [0, 100, 1],
      [1, 0, 1],
      [1, 199, 1],
      [3, 90, 1],
    ]);
    expect(s.totals).toEqual([2, 2, 2, 2]);
    expect(s.otherTags).toBe(1);
    expect(s).toMatchObject({ startPs: -800, binPs: 10, gateWidthPs: GATE_WIDTH, slotPeriodPs: T, channels: [4, 5, 6, 7] });
    // The next period starts from zero.
    h.roll();
    expect(h.snapshot().totals).toEqual([0, 0, 0, 0]);
    expect(
      h
        .snapshot()
        .counts.flat()
        .every((x) => x === 0),
    ).toBe(true);
  });

  it('agrees with a plain reference on random tags, and says what a tag costs', async () => {
    await withSeed('gate histogram', (rng) => {
      const h = new GateHistogram({ slotPeriodPs: T, gateDelayPs: GATE_DELAY, gateWidthPs: GATE_WIDTH, channels: [0, 1, 2, 3] });
      const n = 1 << 18;
      const channels = new Uint8Array(n);
      const times = new Float64Array(n);
      let slot = 0;
      for (let i = 0; i < n; i++) {
        slot += 1 + (rng.nextU32() % 50);
        channels[i] = rng.nextU32() % 5; // channel 4: no detector
        // Mostly near the gate (jitter), some anywhere in the slot (dark counts, afterpulses); fractional ps too.
        const offset = rng.nextU32() % 4 === 0 ? (rng.nextU32() % T) - T / 2 : (rng.nextU32() % 600) - 100 + (rng.nextU32() % 1000) / 1000;
        times[i] = slot * T + GATE_DELAY + offset;
      }
      h.add(channels, times);
      h.roll();
      const s = h.snapshot();
      const ref = reference(h, GATE_DELAY, channels, times);
      expect(s.totals).toEqual(ref.totals);
      expect(s.counts).toEqual(ref.counts);
      expect(s.counts.flat().reduce((a, b) => a + b, 0)).toBeGreaterThan(n / 2);

      // Cost per tag, beside the reference (printed; the machine is shared, so nothing is asserted).
      const rounds = 20;
      let t0 = performance.now();
      for (let r = 0; r < rounds; r++) h.add(channels, times);
      const ns = ((performance.now() - t0) * 1e6) / (rounds * n);
      t0 = performance.now();
      for (let r = 0; r < 3; r++) reference(h, GATE_DELAY, channels, times);
      const refNs = ((performance.now() - t0) * 1e6) / (3 * n);
      console.log(
        `gate histogram: ${ns.toFixed(1)} ns per tag (${(1e3 / ns).toFixed(0)} Mtags/s); plain reference ${refNs.toFixed(1)} ns per tag`,
      );
    });
  });
});
