/**
 * Timing stage throughput: tags → (slot, basis, bit), in Mtag/s, beside a
 * plain reference (one object per tag, `%` and `Math.floor`, a Map of click
 * sets per slot, results pushed as objects).
 *
 * `assignSlots` alone is the headline `value` (one call over all tags). The
 * node runs it frame by frame inside TagFrameAssembler (tags pushed in
 * batches, frames of 2^22 slots cut out, detections copied out per frame):
 * `assemblerMtagPerS` is that path on the same tags, so the line also says
 * what the node gets (`assemblerDetections` is lower than `detections`: the
 * assembler's frame grid starts at time 0, and the last, incomplete frame stays
 * in it waiting for later tags).
 */
import { Xoshiro128 } from '../../src/pipeline/prng.ts';
import { allocTimingOutput, assignSlots, type TimingParams } from '../../src/pipeline/timing/assign-slots.ts';
import { makeChannelMap } from '../../src/pipeline/timing/channel-map.ts';
import { TagFrameAssembler } from '../../src/node/boards/tag-frame-assembler.ts';
import { timeIt, type BenchSuite } from './harness.ts';

interface Tag {
  channel: number;
  timePs: number;
}
interface Detection {
  slot: number;
  basis: number;
  bit: number;
}

/** The obvious implementation: what one would write first. */
function referenceAssign(tags: Tag[], p: TimingParams, rng: Xoshiro128): Detection[] {
  const outcomeOf: Record<number, [number, number]> = { 0: [0, 0], 1: [0, 1], 2: [1, 0], 3: [1, 1] };
  const clicks = new Map<number, Array<[number, number]>>();
  for (const tag of tags) {
    const rel = tag.timePs - p.frameStartPs - p.gateDelayPs;
    const offset = ((rel % p.slotPeriodPs) + p.slotPeriodPs) % p.slotPeriodPs;
    const slot = Math.floor(rel / p.slotPeriodPs);
    if (slot < 0 || slot >= p.slotsPerFrame || offset >= p.gateWidthPs) continue;
    const o = outcomeOf[tag.channel];
    if (!o) continue;
    const list = clicks.get(slot) ?? [];
    if (!list.some((c) => c[0] === o[0] && c[1] === o[1])) list.push(o);
    clicks.set(slot, list);
  }
  const out: Detection[] = [];
  for (const [slot, list] of clicks) {
    if (list.length === 1) {
      out.push({ slot, basis: list[0][0], bit: list[0][1] });
      continue;
    }
    const bases = [...new Set(list.map((c) => c[0]))];
    const basis = bases[rng.nextBelow(bases.length)];
    const bits = list.filter((c) => c[0] === basis).map((c) => c[1]);
    out.push({ slot, basis, bit: bits[rng.nextBelow(bits.length)] });
  }
  out.sort((a, b) => a.slot - b.slot);
  return out;
}

const suite: BenchSuite = async (ctx) => {
  const nTags = ctx.quick ? 1_000_000 : 10_000_000;
  const rng = new Xoshiro128(0x71a1);
  // 1.25 GHz source (800 ps slots), 300 ps gate, ~1 tag per 4 slots; ~10 % of
  // tags outside the gate, ~1 % double clicks.
  const params: TimingParams = {
    slotPeriodPs: 800,
    slotsPerFrame: 8 * nTags,
    frameStartPs: 1_000_000_000,
    gateDelayPs: 52_345,
    gateWidthPs: 300,
  };
  const channels = new Uint8Array(nTags);
  const ts = new Float64Array(nTags);
  let slot = 0;
  for (let i = 0; i < nTags; i++) {
    const r = rng.nextU32();
    const doubleClick = i > 0 && (r & 127) === 0;
    if (!doubleClick) slot += 1 + (rng.nextU32() % 7);
    const inGate = (r >>> 8) % 10 !== 0;
    const offset = inGate ? 10 + ((r >>> 12) % 280) : 310 + ((r >>> 12) % 480);
    ts[i] = Math.max(ts[i - 1] ?? 0, params.frameStartPs + params.gateDelayPs + slot * params.slotPeriodPs + offset);
    channels[i] = (r >>> 4) & 3;
  }
  const map = makeChannelMap();
  const out = allocTimingOutput(nTags);
  const squashRng = new Xoshiro128(7);
  const random = (): number => squashRng.nextU32();
  ctx.progress(`timing: ${nTags} tags`);
  const t = timeIt(
    () => {
      assignSlots(channels, ts, 0, nTags, params, map, random, out);
    },
    ctx.quick ? 0.3 : 1,
  );
  const value = nTags / t.secondsPerCall / 1e6;

  // The node's path: batches of 2^16 tags into the frame assembler, 2^22-slot frames.
  const batch = 1 << 16;
  let assembled = 0;
  const ta = timeIt(
    () => {
      const assembler = new TagFrameAssembler({
        slotsPerFrame: 1 << 22,
        slotPeriodPs: params.slotPeriodPs,
        gateDelayPs: params.gateDelayPs,
        gateWidthPs: params.gateWidthPs,
        channelMap: map,
        minDetections: 1,
        random,
      });
      assembled = 0;
      for (let i = 0; i < nTags; i += batch) {
        const k = Math.min(batch, nTags - i);
        for (const f of assembler.push(channels.subarray(i, i + k), ts.subarray(i, i + k), k)) assembled += f.detections.count;
      }
    },
    ctx.quick ? 0.3 : 1,
    20,
  );
  const assemblerMtagPerS = nTags / ta.secondsPerCall / 1e6;

  // The reference allocates one object per tag; keep it to ≤ 2·10^6 tags so it fits in memory.
  const nRef = Math.min(nTags, 2_000_000);
  const tags: Tag[] = [];
  for (let i = 0; i < nRef; i++) tags.push({ channel: channels[i], timePs: ts[i] });
  const refParams = { ...params };
  let refDetections = 0;
  const tr = timeIt(
    () => {
      refDetections = referenceAssign(tags, refParams, new Xoshiro128(7)).length;
    },
    ctx.quick ? 0.3 : 1,
    5,
  );
  const reference = nRef / tr.secondsPerCall / 1e6;
  ctx.progress(`timing: ${out.detections} detections, reference ${refDetections} on its ${nRef}-tag prefix`);
  return [
    {
      bench: 'timing',
      unit: 'Mtag/s',
      value,
      reference,
      referenceName: 'object per tag, Map of clicks per slot',
      target: 300,
      tags: nTags,
      referenceTags: nRef,
      detections: out.detections,
      outsideGate: out.outsideGate,
      doubleClicks: out.doubleClicksSameBasis + out.doubleClicksCrossBasis,
      assemblerMtagPerS,
      assemblerDetections: assembled,
    },
  ];
};

export default suite;
