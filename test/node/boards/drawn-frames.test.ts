/**
 * Frames whose choices the boards draw themselves (FEATURE_ONBOARD_CHOICES),
 * through the node's bench adapters and the real driver stack over loopback
 * TCP: the transmitter bench emits drawn frames, the receiver bench detects
 * them, and the choices read back for the detected slots only — through
 * OnBoardChoices, as the transmitter node opens a drawn frame's session —
 * agree with the detections (the bench's ~1 % QBER), carry the configured
 * probabilities, and leave every other slot of the pattern empty.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log.ts';
import { parseBenchConfig } from '../../../src/config/load-bench-config.ts';
import { drawsChoicesOnBoard } from '../../../src/node/bench-port.ts';
import { BoardTransmitterBench } from '../../../src/node/boards/transmitter-boards.ts';
import { BoardReceiverBench } from '../../../src/node/boards/receiver-boards.ts';
import { OnBoardChoices } from '../../../src/node/onboard-choices.ts';
import { slotNibble } from '../../../src/pipeline/sifting/pattern.ts';
import { DEMO_SOURCE } from '../../../src/cli/demo-configs.ts';
import type { DecodedEnvelope } from '../../../src/peer/messages.ts';
import { wordsToBytes } from '../../../src/node/frame/wire.ts';
import { tcpSimBench } from '../../support/tcp-sim-bench.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('drawn frames through the board benches', () => {
  it('reads back, for the detected slots only, choices that match the detections and the configured probabilities', async () => {
    const { sim, ...cfgText } = await tcpSimBench({ seed: 13 }, cleanups);
    const alice = parseBenchConfig(cfgText.alice, 'alice.yaml');
    const bob = parseBenchConfig(cfgText.bob, 'bob.yaml');
    const log = createLogger({ name: 't', level: process.env.QKDD_TEST_LOG ?? 'silent' });
    const rx = await BoardReceiverBench.open(bob, log);
    cleanups.push(() => rx.close());
    const tx = await BoardTransmitterBench.open(alice, log);
    cleanups.push(() => tx.close());
    expect(drawsChoicesOnBoard(tx)).toBe(true);
    const choices = new OnBoardChoices(tx, tx.slotsPerFrame);
    const emitted: number[] = [];
    const emit = async (): Promise<void> => {
      emitted.push(await choices.emit());
    };
    await emit();
    await emit();
    const detected: number[] = [];
    let matched = 0;
    let errors = 0;
    let detections = 0;
    const byClass = [0, 0, 0, 0];
    for (let i = 0; i < 3; i++) {
      const frame = await rx.nextFrame();
      expect(frame).not.toBeNull();
      const { frameId, detections: d } = frame!;
      detected.push(frameId);
      expect(choices.isDrawn(frameId)).toBe(true);
      // The receiver's first message of the frame, as the transmitter node receives it.
      const env = {
        frameId,
        body: 'siftDetections',
        siftDetections: { slotCount: tx.slotsPerFrame, detectionCount: d.count, detectedSlots: wordsToBytes(d.slots, d.count) },
      } as unknown as DecodedEnvelope;
      let pattern: Uint32Array | null = null;
      const order: string[] = [];
      const routed = choices.route(
        frameId,
        env,
        (p) => {
          pattern = p;
          order.push('open');
        },
        async () => {
          order.push('deliver');
          return 'step';
        },
      );
      expect(routed).not.toBeNull();
      expect(await routed).toBe('step');
      expect(order).toEqual(['open', 'deliver']);
      const p = pattern as unknown as Uint32Array;
      let nonEmpty = 0;
      for (const w of p) if (w !== 0) nonEmpty++;
      // Only words holding a detected slot can be non-zero (8 slots per word).
      const words = new Set(Array.from(d.slots.subarray(0, d.count), (s) => s >>> 3));
      expect(nonEmpty).toBeLessThanOrEqual(words.size);
      for (let k = 0; k < d.count; k++) {
        const nib = slotNibble(p, d.slots[k]);
        byClass[nib >>> 2]++;
        detections++;
        if (((nib >>> 1) & 1) !== d.bases[k]) continue;
        matched++;
        if ((nib & 1) !== d.bits[k]) errors++;
      }
      choices.forget(frameId);
      await emit();
    }
    expect(detected).toEqual(emitted.slice(0, 3));
    // Choices unrelated to the emission would give 50 %; the bench's misalignment gives ~1 %.
    expect(matched).toBeGreaterThan(100_000);
    expect(errors / matched).toBeLessThan(0.03);
    // Detections by class: signal and decoy in proportion P(class)·μ(class) (clicks ∝ μ at these losses), vacuum ≈ none.
    const s = DEMO_SOURCE.intensityProbabilities;
    const mu = DEMO_SOURCE.intensities;
    const signalShare = (s.signal * mu.signal) / (s.signal * mu.signal + s.decoy * mu.decoy + s.vacuum * mu.vacuum);
    expect(byClass[3]).toBe(0);
    expect(byClass[2] / detections).toBeLessThan(0.01);
    expect(Math.abs(byClass[0] / detections - signalShare)).toBeLessThan(0.03);
    // A frame not emitted drawn is routed as usual.
    expect(
      choices.route(
        emitted[0] + 1000,
        {} as DecodedEnvelope,
        () => undefined,
        async () => 0,
      ),
    ).toBeNull();
    expect(sim.bench.nextFrame).toBeGreaterThan(emitted[2]);
  }, 240_000);
});
