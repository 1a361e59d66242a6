/**
 * Tag streaming under credit (time_tagger.proto, GrantCredit) and the
 * pattern-paced bench: the detector stops sending when its credit is used
 * up and resumes on a grant; a running pattern board without its next
 * pattern holds bench time still.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardLink } from '../../../drivers/link/index.ts';
import { qkd } from '../../../firmware-protocol/index.ts';
import { createSimulatedBench, type SimulatedBench } from '../../../sim/index.ts';
import {
  SLOTS_PER_FRAME,
  configureModulator,
  configureSource,
  connectLink,
  enableAllChannels,
  until,
  uploadAndArm,
} from '../../support/sim-board-link.ts';

let sim: SimulatedBench | null = null;
afterEach(() => {
  sim?.close();
  sim = null;
});

/** A clean bench: no fibre, no dead time, no dark counts or afterpulses; ~49 detections per all-signal frame. */
const CLEAN = { distanceKm: 0, physics: { detectors: { deadTimeNs: 0, darkCountRateHz: 0, afterpulseProbability: 0 } } };

async function threeBoards(s: SimulatedBench): Promise<{ src: BoardLink; mod: BoardLink; det: BoardLink }> {
  const src = (await connectLink(s.boards.photonSource, 'src')).link;
  const mod = (await connectLink(s.boards.polarizationModulator, 'mod')).link;
  const det = (await connectLink(s.boards.detector, 'det')).link;
  await configureSource(src);
  await configureModulator(mod);
  await enableAllChannels(det);
  return { src, mod, det };
}

describe('tag stream credit', () => {
  it('stops at the credit limit, resumes on GrantCredit, numbers batches without gaps and ends with `last`', async () => {
    sim = createSimulatedBench({ seed: 11, ...CLEAN });
    const { src, mod, det } = await threeBoards(sim);
    await uploadAndArm(src, new Uint8Array(SLOTS_PER_FRAME).fill(qkd.IntensityClass.INTENSITY_CLASS_SIGNAL));
    await uploadAndArm(mod, new Uint8Array(SLOTS_PER_FRAME).fill(qkd.Bb84State.BB84_STATE_D));
    const batches: qkd.TagBatch[] = [];
    det.onEvent('tagBatch', (b) => batches.push(b));
    const { streamId } = await det.call('startTagStream', { channelMask: 0b1111, batchMaxTags: 5, initialCreditLimitSeq: 2 });
    const { startFrame } = await src.call('start', {});
    await mod.call('start', { startFrame });
    // Play exactly five frames: a stop frame is what lets bench time run past them.
    const last = Number(startFrame) + 4;
    await src.call('stop', { stopFrame: last });
    await mod.call('stop', { stopFrame: last });
    // Poll without granting more (a smaller or equal limit is ignored) until the board holds a backlog.
    let queued = 0;
    const poll = async (): Promise<void> => {
      queued = (await det.call('grantCredit', { streamId, creditLimitSeq: 1 })).queuedBatches;
    };
    for (let i = 0; i < 20_000 && !(queued > 0 && batches.length >= 2); i++) await poll();
    expect(batches.map((b) => b.batchSeq)).toEqual([0, 1]);
    const g = await det.call('grantCredit', { streamId, creditLimitSeq: 1_000 });
    expect(g.nextBatchSeq).toBe(2);
    await until(() => sim!.bench.nextFrame > last + 2, 'bench past the run');
    await det.call('stopTagStream', {});
    await until(() => batches.some((b) => b.last), 'the last batch');
    expect(batches.map((b) => b.batchSeq)).toEqual(batches.map((_, i) => i));
    expect(batches.every((b) => b.streamId === streamId && b.tagCount <= 5 && b.tags.length === 8 * b.tagCount)).toBe(true);
    expect(batches.at(-1)!.last).toBe(true);
    const tags = batches.reduce((n, b) => n + b.tagCount, 0);
    // 5 frames × 1024 slots × (1 − e^{−0.05}) ≈ 250 detections; Poisson 5σ ≈ 80.
    expect(tags).toBeGreaterThan(170);
    expect(tags).toBeLessThan(330);
  }, 120_000);
});

describe('pattern-paced bench', () => {
  it('holds bench time when a running board has no pattern for the next frame, and moves on when the next bank is armed', async () => {
    sim = createSimulatedBench({ seed: 12, ...CLEAN });
    const { src, mod } = await threeBoards(sim);
    const signal = new Uint8Array(SLOTS_PER_FRAME).fill(qkd.IntensityClass.INTENSITY_CLASS_SIGNAL);
    const states = new Uint8Array(SLOTS_PER_FRAME).fill(qkd.Bb84State.BB84_STATE_H);
    await uploadAndArm(src, signal, 0);
    await uploadAndArm(mod, states, 0);
    const { startFrame } = await src.call('start', {});
    const F = Number(startFrame);
    await mod.call('start', { startFrame });
    await until(() => sim!.bench.nextFrame === F + 1, 'the first frame played');
    // Nothing more is scheduled: the bench waits for the transmitter's next pattern.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(Number((await src.call('getStatus', {})).currentFrame)).toBe(F + 1);
    expect((await src.call('getStatus', {})).runState).toBe(qkd.RunState.RUN_STATE_RUNNING);
    expect(sim.bench.physics.telemetry().patternUnderrunFrames).toBe(0);
    // The playing bank is refused; the idle one is uploaded and switched in at the next frame.
    expect(
      await src.call('uploadPattern', { bank: 0, totalSlots: 1024, offsetSlots: 0, packed: new Uint8Array(256) }).catch(() => 'refused'),
    ).toBe('refused');
    await uploadAndArm(src, signal, 1, 12288, F + 1);
    expect(sim.bench.nextFrame).toBe(F + 1); // the modulator has no pattern for F + 1 yet
    await uploadAndArm(mod, states, 1, 12288, F + 1);
    await until(() => sim!.bench.nextFrame === F + 2, 'the second frame played');
  });
});
