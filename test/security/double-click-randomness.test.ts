/**
 * The receiver's double-click bits come from the CSPRNG, one fresh word per
 * double click, so no 32-bit seed reproduces them (before, they came from
 * xoshiro128** seeded with 32 random bits, and Bob's test bits in clear let
 * anyone search that seed).
 *
 * The frame assembler is the one the receiver's board bench builds
 * (`receiverFrameAssembler`, from the sim-bob example's settings); it is fed
 * a frame in which every slot is a double click on H and V (same basis: the
 * bit is the low bit of the random word). `crypto.getRandomValues` is
 * wrapped to record every word the CSPRNG hands out: each double-click bit
 * must be the low bit of the next recorded word, in order.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseBenchConfig, receiverBoardSettings } from '../../src/config/index.ts';
import { receiverFrameAssembler } from '../../src/node/boards/receiver-boards.ts';
import type { DetectedFrame } from '../../src/node/bench-port.ts';

const BOB = parseBenchConfig(readFileSync(new URL('../../examples/sim-bob.yaml', import.meta.url), 'utf8'), 'sim-bob.yaml');
const SETTINGS = receiverBoardSettings(BOB);
const DOUBLE_CLICKS = 5000;

/** Tags of one frame (frame 0) with a double click (H and V) in each of the first `n` slots, then one tag in frame 1 to close it. */
function doubleClickTags(n: number): { channels: Uint8Array; times: Float64Array } {
  const { slotPeriodPs, gateDelayPs, gateWidthPs, slotsPerFrame, channels: ch } = SETTINGS;
  const channels = new Uint8Array(2 * n + 1);
  const times = new Float64Array(2 * n + 1);
  for (let s = 0; s < n; s++) {
    const t = s * slotPeriodPs + gateDelayPs + Math.floor(gateWidthPs / 2);
    channels[2 * s] = ch.h;
    times[2 * s] = t;
    channels[2 * s + 1] = ch.v;
    times[2 * s + 1] = t + 1;
  }
  channels[2 * n] = ch.h;
  times[2 * n] = (slotsPerFrame + 1) * slotPeriodPs + gateDelayPs;
  return { channels, times };
}

function assembleOnce(): DetectedFrame {
  const { channels, times } = doubleClickTags(DOUBLE_CLICKS);
  const frames = receiverFrameAssembler(SETTINGS).push(channels, times);
  expect(frames).toHaveLength(1);
  expect(frames[0]!.detections.count).toBe(DOUBLE_CLICKS);
  return frames[0]!;
}

describe("the receiver's double-click bits", () => {
  afterEach(() => vi.restoreAllMocks());

  it('each is the low bit of a fresh CSPRNG word, one word per double click', () => {
    const original = globalThis.crypto.getRandomValues.bind(globalThis.crypto);
    const drawn: number[] = [];
    vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      original(array as unknown as Uint32Array);
      if (array instanceof Uint32Array) drawn.push(...array);
      else throw new Error('the double-click source should draw Uint32Array words');
      return array;
    });
    const frame = assembleOnce();
    // At least 32 bits of CSPRNG output per double click: the output is not an expansion of a short seed.
    expect(drawn.length).toBeGreaterThanOrEqual(DOUBLE_CLICKS);
    const { bases, bits } = frame.detections;
    for (let i = 0; i < DOUBLE_CLICKS; i++) {
      expect(bases[i], `basis of double click ${i}`).toBe(0);
      if (bits[i] !== (drawn[i]! & 1)) expect.fail(`bit of double click ${i} is not the low bit of CSPRNG word ${i}`);
    }
  });

  it('two receivers fed the same tags squash them differently (no fixed or shared seed)', () => {
    const a = assembleOnce().detections.bits;
    const b = assembleOnce().detections.bits;
    let same = 0;
    for (let i = 0; i < DOUBLE_CLICKS; i++) same += a[i] === b[i] ? 1 : 0;
    // Independent uniform bits agree on about half; outside 40..60 % has probability below 1e-40.
    expect(same / DOUBLE_CLICKS).toBeGreaterThan(0.4);
    expect(same / DOUBLE_CLICKS).toBeLessThan(0.6);
    let ones = 0;
    for (let i = 0; i < DOUBLE_CLICKS; i++) ones += a[i]!;
    expect(ones / DOUBLE_CLICKS).toBeGreaterThan(0.4);
    expect(ones / DOUBLE_CLICKS).toBeLessThan(0.6);
  });
});
