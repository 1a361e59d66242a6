import { describe, expect, it } from 'vitest';
import { splitPattern } from '../../../src/node/boards/split-pattern.ts';
import { TagFrameAssembler } from '../../../src/node/boards/tag-frame-assembler.ts';
import { allocPattern, setSlot } from '../../../src/pipeline/sifting/pattern.ts';
import { makeChannelMap } from '../../../src/pipeline/timing/channel-map.ts';
import { withSeed } from '../../support/seed.ts';

describe('splitPattern', () => {
  it('gives each board its 2-bit symbols, 4 slots per byte, lowest slot in the lowest bits', async () => {
    await withSeed('splitPattern', (rng) => {
      const slots = 1024;
      const pattern = allocPattern(slots);
      const ref: number[][] = [];
      for (let s = 0; s < slots; s++) {
        const basis = rng.nextBelow(2);
        const bit = rng.nextBelow(2);
        const cls = rng.nextBelow(3);
        setSlot(pattern, s, basis, bit, cls);
        ref.push([bit | (basis << 1), 2 - cls]); // wire IntensityClass: 0 vacuum, 1 decoy, 2 signal
      }
      const { modulator, source } = splitPattern(pattern, slots);
      expect(modulator.length).toBe(slots / 4);
      for (let s = 0; s < slots; s++) {
        expect((modulator[s >> 2] >> ((s & 3) * 2)) & 3).toBe(ref[s][0]);
        expect((source[s >> 2] >> ((s & 3) * 2)) & 3).toBe(ref[s][1]);
      }
    });
  });
});

describe('TagFrameAssembler', () => {
  const T = 10_000;
  const S = 4096;
  const delay = 49_000_000;
  const width = 400;
  const make = (minDetections = 10): TagFrameAssembler =>
    new TagFrameAssembler({
      slotsPerFrame: S,
      slotPeriodPs: T,
      gateDelayPs: delay - width / 2,
      gateWidthPs: width,
      channelMap: makeChannelMap(),
      minDetections,
      random: () => 0,
    });

  it('assigns tags to frames and slots, skips unlit frames and completes a frame only once the stream has passed it', async () => {
    await withSeed('assembler', (rng) => {
      const a = make(10);
      // Frames 3 and 5 are lit (20 detections each); frame 4 has 2 dark counts only.
      const tags: Array<[number, number]> = [];
      const truth = new Map<number, Array<[number, number]>>();
      for (const f of [3, 5]) {
        const slots = new Set<number>();
        while (slots.size < 20) slots.add(rng.nextBelow(S));
        const list = [...slots].sort((x, y) => x - y).map((s) => [s, rng.nextBelow(4)] as [number, number]);
        truth.set(f, list);
        for (const [s, ch] of list) tags.push([ch, (f * S + s) * T + delay + (rng.nextBelow(201) - 100)]);
      }
      tags.push([0, (4 * S + 7) * T + delay], [1, (4 * S + 900) * T + delay + 150]);
      tags.push([2, (7 * S + 1) * T + delay]); // pushes time past frame 5
      tags.sort((x, y) => x[1] - y[1]);
      const half = tags.findIndex(([, t]) => t > 4 * S * T + delay);
      const first = a.push(Uint8Array.from(tags.slice(0, half).map((x) => x[0])), Float64Array.from(tags.slice(0, half).map((x) => x[1])));
      // Frame 3 is complete only when a later tag shows the stream has moved past its last gate.
      expect(first.map((f) => f.frameId)).toEqual([]);
      const rest = a.push(Uint8Array.from(tags.slice(half).map((x) => x[0])), Float64Array.from(tags.slice(half).map((x) => x[1])));
      expect(rest.map((f) => f.frameId)).toEqual([3, 5]);
      for (const f of rest) {
        const expected = truth.get(f.frameId)!;
        expect(Array.from(f.detections.slots)).toEqual(expected.map(([s]) => s));
        expect(Array.from(f.detections.bases)).toEqual(expected.map(([, ch]) => ch >> 1));
        expect(Array.from(f.detections.bits)).toEqual(expected.map(([, ch]) => ch & 1));
      }
      expect(a.counters.framesSkipped).toBe(1);
    });
  });
});
