import { describe, expect, it } from 'vitest';
import { allocTimingOutput, assignSlots, resolveDoubleClick, type TimingParams } from '../../../src/pipeline/timing/assign-slots.ts';
import { makeChannelMap } from '../../../src/pipeline/timing/channel-map.ts';
import { withSeed } from '../../support/seed.ts';

// Frame: 10 slots of 1000 ps from 5000 ps; gate opens 200 ps after each
// emission edge and lasts 300 ps, so slot s's gate is [5200 + 1000 s, 5500 + 1000 s).
const params: TimingParams = { slotPeriodPs: 1000, slotsPerFrame: 10, frameStartPs: 5000, gateDelayPs: 200, gateWidthPs: 300 };

function run(tags: Array<[number, number]>, random: () => number = () => 0, map = makeChannelMap()) {
  const channels = Uint8Array.from(tags.map((t) => t[0]));
  const ts = Float64Array.from(tags.map((t) => t[1]));
  const out = allocTimingOutput(tags.length);
  assignSlots(channels, ts, 0, tags.length, params, map, random, out);
  return {
    out,
    slots: Array.from(out.slots.subarray(0, out.detections)),
    bases: Array.from(out.bases.subarray(0, out.detections)),
    bits: Array.from(out.bits.subarray(0, out.detections)),
  };
}

describe('assignSlots', () => {
  it('assigns slots at the gate edges and counts what it drops', () => {
    const r = run([
      [0, 5199], // slot −1 (last ps of the previous frame's slot 9): before the frame
      [0, 5200], // slot 0, offset 0: gate opening is inside → H
      [1, 6499], // slot 1, offset 299: last ps inside the gate → V
      [2, 7500], // slot 2, offset 300: gate closed → outside
      [3, 8199], // slot 2, offset 999: outside
      [3, 8200], // slot 3, offset 0 → A
      [7, 9300], // slot 4 on an unmapped channel
      [2, 14250], // slot 9 → D
      [0, 15200], // slot 10: past the frame, loop stops here
      [0, 15300],
    ]);
    expect(r.slots).toEqual([0, 1, 3, 9]);
    expect(r.bases).toEqual([0, 0, 1, 1]);
    expect(r.bits).toEqual([0, 1, 1, 0]);
    expect(r.out.beforeFrame).toBe(1);
    expect(r.out.outsideGate).toBe(2);
    expect(r.out.unmappedChannel).toBe(1);
    expect(r.out.nextTagIndex).toBe(8);
    expect(r.out.doubleClicksSameBasis + r.out.doubleClicksCrossBasis).toBe(0);
  });

  it('squashes a same-basis double click to a random bit in that basis', () => {
    // D and A in slot 4 (gate [9200, 9500)): X basis, bit from r & 1.
    const tags: Array<[number, number]> = [
      [2, 9250],
      [3, 9260],
    ];
    for (const r of [0, 1]) {
      const res = run(tags, () => r);
      expect(res.slots).toEqual([4]);
      expect(res.bases).toEqual([1]);
      expect(res.bits).toEqual([r]);
      expect(res.out.doubleClicksSameBasis).toBe(1);
      expect(res.out.doubleClicksCrossBasis).toBe(0);
    }
  });

  it('resolves a cross-basis double click to a random basis among the clicked ones', () => {
    // H and A in slot 5: r bit 0 chooses the basis; Z → H (bit 0), X → A (bit 1).
    const tags: Array<[number, number]> = [
      [0, 10210],
      [3, 10220],
    ];
    const z = run(tags, () => 0);
    expect([z.bases[0], z.bits[0]]).toEqual([0, 0]);
    const x = run(tags, () => 1);
    expect([x.bases[0], x.bits[0]]).toEqual([1, 1]);
    expect(x.out.doubleClicksCrossBasis).toBe(1);
    // H, V and D: Z chosen → bit from r bit 1; X chosen → D.
    expect(resolveDoubleClick(0b0111, 0b00)).toBe(0); // Z, bit 0 (H)
    expect(resolveDoubleClick(0b0111, 0b10)).toBe(1); // Z, bit 1 (V)
    expect(resolveDoubleClick(0b0111, 0b01)).toBe(2); // X, only D clicked
    expect(resolveDoubleClick(0b0111, 0b11)).toBe(2);
  });

  it('treats two tags of one channel in one slot as a single click', () => {
    const r = run([
      [1, 6210],
      [1, 6290],
    ]);
    expect(r.slots).toEqual([1]);
    expect(r.bits).toEqual([1]);
    expect(r.out.doubleClicksSameBasis + r.out.doubleClicksCrossBasis).toBe(0);
  });

  it('squashes several double-click slots in slot order, one draw each, around single clicks and repeats', () => {
    // Slot 0: H H V D (three outcomes, cross-basis); slot 1: V; slot 2: D A A (same basis); slot 3: H.
    const draws = [0b10, 0b1];
    let next = 0;
    const r = run(
      [
        [0, 5210],
        [0, 5220],
        [1, 5230],
        [2, 5240],
        [1, 6210],
        [2, 7210],
        [3, 7220],
        [3, 7230],
        [0, 8300],
      ],
      () => draws[next++],
    );
    expect(next).toBe(2);
    expect(r.slots).toEqual([0, 1, 2, 3]);
    // Slot 0: r = 0b10 → Z basis, both Z bits clicked → bit from r bit 1 = 1 (V). Slot 2: X, bit r & 1 = 1 (A).
    expect(r.bases).toEqual([0, 0, 1, 0]);
    expect(r.bits).toEqual([1, 1, 1, 0]);
    expect(r.out.doubleClicksCrossBasis).toBe(1);
    expect(r.out.doubleClicksSameBasis).toBe(1);
  });

  it('follows a configured channel map', () => {
    const map = makeChannelMap({ h: 5, v: 4, d: 7, a: 6 });
    const r = run(
      [
        [5, 5200],
        [4, 6200],
        [7, 7200],
        [6, 8200],
        [0, 9200],
      ],
      () => 0,
      map,
    );
    expect(r.bases).toEqual([0, 0, 1, 1]);
    expect(r.bits).toEqual([0, 1, 0, 1]);
    expect(r.out.unmappedChannel).toBe(1);
    expect(() => makeChannelMap({ h: 1, v: 1, d: 2, a: 3 })).toThrow(RangeError);
  });

  it('drops tags that go back in time instead of breaking slot order', () => {
    const r = run([
      [0, 7200],
      [1, 5200],
      [2, 8200],
    ]);
    expect(r.slots).toEqual([2, 3]);
    expect(r.out.outOfOrder).toBe(1);
  });

  it('rejects a gate wider than the slot period', () => {
    const out = allocTimingOutput(1);
    expect(() =>
      assignSlots(new Uint8Array(1), new Float64Array(1), 0, 1, { ...params, gateWidthPs: 1001 }, makeChannelMap(), () => 0, out),
    ).toThrow(RangeError);
  });

  it('agrees with an exact integer reference on random large timestamps', async () => {
    await withSeed('timing-random', (rng) => {
      // Timestamps near 2^50 ps exercise the reciprocal's rounding correction.
      const p: TimingParams = {
        slotPeriodPs: 800 + rng.nextBelow(400),
        slotsPerFrame: 5000,
        frameStartPs: 2 ** 50 + rng.nextBelow(1 << 30),
        gateDelayPs: rng.nextBelow(50_000),
        gateWidthPs: 0,
      };
      p.gateWidthPs = 1 + rng.nextBelow(p.slotPeriodPs);
      const n = 20_000;
      const channels = new Uint8Array(n);
      const ts = new Float64Array(n);
      let t = p.frameStartPs;
      for (let i = 0; i < n; i++) {
        t += rng.nextBelow(600); // often several tags per slot, including exact gate edges
        ts[i] = t;
        channels[i] = rng.nextBelow(5); // channel 4 is unmapped
      }
      const out = allocTimingOutput(n);
      // Random stream stands in for the squashing RNG; reference reuses the same draws.
      const draws: number[] = [];
      const random = (): number => {
        const r = rng.nextU32();
        draws.push(r);
        return r;
      };
      assignSlots(channels, ts, 0, n, p, makeChannelMap(), random, out);

      // Reference: integer remainder, one Map entry per slot.
      const origin = p.frameStartPs + p.gateDelayPs;
      const masks = new Map<number, number>();
      let outside = 0;
      let consumed = n;
      for (let i = 0; i < n; i++) {
        const rel = ts[i] - origin;
        const off = ((rel % p.slotPeriodPs) + p.slotPeriodPs) % p.slotPeriodPs;
        const slot = (rel - off) / p.slotPeriodPs;
        if (slot >= p.slotsPerFrame) {
          consumed = i;
          break;
        }
        if (slot < 0 || off >= p.gateWidthPs || channels[i] === 4) {
          if (slot >= 0 && off >= p.gateWidthPs) outside++;
          continue;
        }
        masks.set(slot, (masks.get(slot) ?? 0) | (1 << channels[i]));
      }
      const slots = [...masks.keys()].sort((a, b) => a - b);
      let d = 0;
      const expected = slots.map((s) => {
        const m = masks.get(s)!;
        const code = (m & (m - 1)) === 0 ? 31 - Math.clz32(m) : resolveDoubleClick(m, draws[d++]);
        return [s, code >>> 1, code & 1];
      });
      expect(d).toBe(draws.length);
      expect(out.nextTagIndex).toBe(consumed);
      expect(out.outsideGate).toBe(outside);
      const got = Array.from({ length: out.detections }, (_, i) => [out.slots[i], out.bases[i], out.bits[i]]);
      expect(got).toEqual(expected);
    });
  });

  it('gives the exact reference result across its 16 Ki-tag chunks, from any start, for maps the fast path takes and the one it does not', async () => {
    await withSeed('timing-chunks', (rng) => {
      // Several chunks of dense tags: double clicks (also astride chunk edges), unmapped
      // channels (4, and 200 above the 16 the fast path packs), tags before the frame and
      // past its end, exact slot and gate edges, a start index inside the arrays.
      const p: TimingParams = {
        slotPeriodPs: 700 + rng.nextBelow(600),
        slotsPerFrame: 20_000 + rng.nextBelow(5000), // ends inside the ~30 000 slots the tags span
        frameStartPs: 2 ** 49 + rng.nextBelow(1 << 30),
        gateDelayPs: rng.nextBelow(60_000),
        gateWidthPs: 0,
      };
      p.gateWidthPs = 1 + rng.nextBelow(p.slotPeriodPs);
      const n = 70_000;
      const channels = new Uint8Array(n);
      const ts = new Float64Array(n);
      const origin = p.frameStartPs + p.gateDelayPs;
      let t = origin - 20 * p.slotPeriodPs;
      for (let i = 0; i < n; i++) {
        const r = rng.nextBelow(8);
        // Mostly steps of up to a slot; sometimes exactly onto a slot or gate edge (time never goes back).
        if (r === 0) t = origin + Math.ceil((t - origin) / p.slotPeriodPs) * p.slotPeriodPs;
        else if (r === 1) t = Math.max(t, origin + Math.floor((t - origin) / p.slotPeriodPs) * p.slotPeriodPs + p.gateWidthPs);
        else t += rng.nextBelow(p.slotPeriodPs);
        ts[i] = t;
        const c = rng.nextBelow(41);
        channels[i] = c === 40 ? 200 : c % 5; // 0..3 mapped (default map), 4 and 200 not
      }
      const start = rng.nextBelow(3000);
      for (const map of [makeChannelMap(), makeChannelMap({ h: 0, v: 1, d: 2, a: 3 }), makeChannelMap({ h: 3, v: 0, d: 200, a: 1 })]) {
        const draws: number[] = [];
        const random = (): number => {
          const r = rng.nextU32();
          draws.push(r);
          return r;
        };
        const out = allocTimingOutput(n);
        assignSlots(channels, ts, start, n, p, map, random, out);
        const ref = referenceAssign(channels, ts, start, n, p, map, draws);
        expect(ref.draws).toBe(draws.length);
        expect(out.nextTagIndex).toBe(ref.consumed);
        expect([out.outsideGate, out.beforeFrame, out.unmappedChannel, out.outOfOrder]).toEqual([ref.outside, ref.before, ref.unmapped, 0]);
        expect(out.doubleClicksSameBasis + out.doubleClicksCrossBasis).toBe(ref.draws);
        const got = Array.from({ length: out.detections }, (_, i) => [out.slots[i], out.bases[i], out.bits[i]]);
        expect(got).toEqual(ref.detections);
        expect(ref.consumed).toBeLessThan(n); // the frame ended inside the tags
        expect(ref.detections.length).toBeGreaterThan(1000); // tags exactly on a slot edge (1 in 8) are always in the gate
      }
    });
  });

  it('draws squashed bits without bias (seeded)', async () => {
    await withSeed('timing-squash-bias', (rng) => {
      const n = 4000;
      let ones = 0;
      let zBasis = 0;
      for (let i = 0; i < n; i++) {
        ones += resolveDoubleClick(0b0011, rng.nextU32()) & 1; // H+V
        zBasis += resolveDoubleClick(0b0111, rng.nextU32()) >>> 1 === 0 ? 1 : 0; // H+V+D
      }
      // Binomial(4000, 1/2): σ ≈ 31.6; 5σ keeps false failures below 1e-6.
      expect(Math.abs(ones - n / 2)).toBeLessThan(5 * 31.7);
      expect(Math.abs(zBasis - n / 2)).toBeLessThan(5 * 31.7);
    });
  });
});

/** Exact integer reference: one Map entry per slot, squashed in slot order with the given draws. */
function referenceAssign(
  channels: Uint8Array,
  ts: Float64Array,
  start: number,
  end: number,
  p: TimingParams,
  map: Int8Array,
  draws: number[],
) {
  const origin = p.frameStartPs + p.gateDelayPs;
  const masks = new Map<number, number>();
  let outside = 0;
  let before = 0;
  let unmapped = 0;
  let consumed = end;
  for (let i = start; i < end; i++) {
    const rel = ts[i] - origin;
    const off = ((rel % p.slotPeriodPs) + p.slotPeriodPs) % p.slotPeriodPs;
    const slot = (rel - off) / p.slotPeriodPs;
    if (slot >= p.slotsPerFrame) {
      consumed = i;
      break;
    }
    if (slot < 0) before++;
    else if (off >= p.gateWidthPs) outside++;
    else if (map[channels[i]] < 0) unmapped++;
    else masks.set(slot, (masks.get(slot) ?? 0) | (1 << map[channels[i]]));
  }
  let d = 0;
  const detections = [...masks.keys()]
    .sort((a, b) => a - b)
    .map((s) => {
      const m = masks.get(s) as number;
      const code = (m & (m - 1)) === 0 ? 31 - Math.clz32(m) : resolveDoubleClick(m, draws[d++]);
      return [s, code >>> 1, code & 1];
    });
  return { detections, consumed, outside, before, unmapped, draws: d };
}
