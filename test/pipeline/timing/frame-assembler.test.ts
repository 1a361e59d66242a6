/**
 * TagFrameAssembler (src/node/boards/tag-frame-assembler.ts) against a plain
 * model of it: the tags of all batches so far in one array from index 0,
 * each frame cut out with assignSlots once the stream has passed its last
 * gate, the rest copied down. The assembler reuses and grows typed buffers
 * and is handed batches of any size (in longer arrays, with a count); the
 * frames, detections, draws and counters must not depend on that.
 */
import { describe, expect, it } from 'vitest';
import { TagFrameAssembler } from '../../../src/node/boards/tag-frame-assembler.ts';
import { allocTimingOutput, assignSlots } from '../../../src/pipeline/timing/assign-slots.ts';
import { makeChannelMap } from '../../../src/pipeline/timing/channel-map.ts';
import { withSeed } from '../../support/seed.ts';

interface Opts {
  slotsPerFrame: number;
  slotPeriodPs: number;
  gateDelayPs: number;
  gateWidthPs: number;
  minDetections: number;
}
type Frame = [number, number[], number[], number[]];

/** The model: everything appended to one growing array, frames cut from index 0. */
function model(o: Opts, batches: Array<[Uint8Array, Float64Array]>, random: () => number) {
  const map = makeChannelMap();
  const ch: number[] = [];
  const ts: number[] = [];
  const frames: Frame[] = [];
  const counters = { framesEmitted: 0, framesSkipped: 0, outsideGate: 0, beforeFrame: 0, doubleClicks: 0 };
  const framePs = o.slotsPerFrame * o.slotPeriodPs;
  let frame = -1;
  for (const [c, t] of batches) {
    ch.push(...c);
    ts.push(...t);
    while (ts.length > 0) {
      if (frame < 0) frame = Math.max(0, Math.floor((ts[0] - o.gateDelayPs) / framePs));
      const frameStartPs = frame * framePs;
      const lastGateEnd = frameStartPs + o.gateDelayPs + (o.slotsPerFrame - 1) * o.slotPeriodPs + o.gateWidthPs;
      if (ts[ts.length - 1] < lastGateEnd) break;
      const out = allocTimingOutput(ts.length);
      const p = {
        slotPeriodPs: o.slotPeriodPs,
        slotsPerFrame: o.slotsPerFrame,
        frameStartPs,
        gateDelayPs: o.gateDelayPs,
        gateWidthPs: o.gateWidthPs,
      };
      assignSlots(Uint8Array.from(ch), Float64Array.from(ts), 0, ts.length, p, map, random, out);
      counters.outsideGate += out.outsideGate;
      counters.beforeFrame += out.beforeFrame;
      counters.doubleClicks += out.doubleClicksSameBasis + out.doubleClicksCrossBasis;
      const d = out.detections;
      if (d >= o.minDetections) {
        frames.push([
          frame,
          Array.from(out.slots.subarray(0, d)),
          Array.from(out.bases.subarray(0, d)),
          Array.from(out.bits.subarray(0, d)),
        ]);
        counters.framesEmitted++;
      } else counters.framesSkipped++;
      ch.splice(0, out.nextTagIndex);
      ts.splice(0, out.nextTagIndex);
      frame = ts.length > 0 ? Math.max(frame + 1, Math.floor((ts[0] - o.gateDelayPs) / framePs)) : frame + 1;
    }
  }
  return { frames, counters };
}

describe('TagFrameAssembler', () => {
  it('cuts the same frames, detections and counters as the plain model, whatever the batch sizes', async () => {
    await withSeed('frame-assembler-model', (rng) => {
      const o: Opts = { slotsPerFrame: 2048, slotPeriodPs: 1000, gateDelayPs: 3_456_789, gateWidthPs: 350, minDetections: 40 };
      const framePs = o.slotsPerFrame * o.slotPeriodPs;
      // 30 frames: most lit (dense tags, double clicks), some dark (a few dark counts: skipped),
      // some with no tags at all; tags of a frame's last slot after its gate, and before slot 0.
      const ch: number[] = [];
      const ts: number[] = [];
      let t = 0;
      for (let f = 0; f < 30; f++) {
        const kind = f % 6; // 0: no tags, 1: a few dark counts, else lit (every kind occurs: the checks below always hold)
        const end = (f + 1) * framePs + o.gateDelayPs;
        if (kind === 0) {
          t = end - rng.nextBelow(o.slotPeriodPs);
          continue;
        }
        const step = kind === 1 ? framePs / 8 : 1 + rng.nextBelow(2 * o.slotPeriodPs);
        while (t < end) {
          t += rng.nextBelow(step);
          ts.push(t);
          ch.push(rng.nextBelow(5));
        }
      }
      const batches: Array<[Uint8Array, Float64Array]> = [];
      for (let i = 0; i < ts.length; ) {
        const k = Math.min(ts.length - i, 1 + rng.nextBelow(rng.nextBelow(4) === 0 ? 20_000 : 700));
        batches.push([Uint8Array.from(ch.slice(i, i + k)), Float64Array.from(ts.slice(i, i + k))]);
        i += k;
      }
      const words: number[] = [];
      for (let i = 0; i < 20_000; i++) words.push(rng.nextU32());
      let a = 0;
      let b = 0;
      const expected = model(o, batches, () => words[a++]);
      const asm = new TagFrameAssembler({ ...o, channelMap: makeChannelMap(), random: () => words[b++] });
      const got: Frame[] = [];
      for (const [c, tt] of batches) {
        // Pass a longer array with a count, as the receiver does with its read buffers.
        const c2 = new Uint8Array(c.length + 3);
        c2.set(c);
        const t2 = new Float64Array(tt.length + 3);
        t2.set(tt);
        for (const f of asm.push(c2, t2, c.length)) {
          const d = f.detections;
          got.push([f.frameId, Array.from(d.slots), Array.from(d.bases), Array.from(d.bits)]);
          expect(d.count).toBe(d.slots.length);
        }
      }
      expect(b).toBe(a);
      expect(got).toEqual(expected.frames);
      expect(asm.counters).toEqual(expected.counters);
      expect(expected.counters.framesEmitted).toBeGreaterThan(10);
      expect(expected.counters.framesSkipped).toBeGreaterThan(0);
      expect(expected.counters.doubleClicks).toBeGreaterThan(0);
    });
  });
});
