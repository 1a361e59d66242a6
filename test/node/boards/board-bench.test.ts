/**
 * The node's bench adapters against the simulated boards through the real
 * driver stack (loopback TCP here; the pseudo-terminal path is covered by the
 * integration tests): frames emitted by the transmitter bench come back as
 * detected frames at the receiver bench, in order, with the frame numbers the
 * boards used, and detections consistent with the pattern.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log.ts';
import { parseBenchConfig } from '../../../src/config/load-bench-config.ts';
import { BoardTransmitterBench } from '../../../src/node/boards/transmitter-boards.ts';
import { BoardReceiverBench } from '../../../src/node/boards/receiver-boards.ts';
import { makePatternGenerator } from '../../../src/node/random-pattern.ts';
import { slotNibble } from '../../../src/pipeline/sifting/pattern.ts';
import { DEMO_SOURCE } from '../../../src/cli/demo-configs.ts';
import { tcpSimBench } from '../../support/tcp-sim-bench.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('board benches over the simulated boards', () => {
  it('emit frames at the transmitter and detect the same frames, in order, at the receiver', async () => {
    const { sim, ...cfgText } = await tcpSimBench({ seed: 11 }, cleanups);
    const alice = parseBenchConfig(cfgText.alice, 'alice.yaml');
    const bob = parseBenchConfig(cfgText.bob, 'bob.yaml');
    const log = createLogger({ name: 't', level: process.env.QKDD_TEST_LOG ?? 'silent' });
    const rx = await BoardReceiverBench.open(bob, log);
    cleanups.push(() => rx.close());
    const tx = await BoardTransmitterBench.open(alice, log);
    cleanups.push(() => tx.close());
    const gen = makePatternGenerator({ keyBasis: DEMO_SOURCE.keyBasisProbability, intensities: [0.5, 0.3, 0.2] });
    const patterns = new Map<number, Uint32Array>();
    const emitted: number[] = [];
    // Keep two frames ahead, as the node does: a frame completes when the next one's tags arrive.
    const emit = async (): Promise<void> => {
      const p = gen(tx.slotsPerFrame);
      const f = await tx.emitFrame(p.slice());
      patterns.set(f, p);
      emitted.push(f);
    };
    await emit();
    await emit();
    const detected: number[] = [];
    for (let i = 0; i < 4; i++) {
      const frame = await rx.nextFrame();
      expect(frame).not.toBeNull();
      detected.push(frame!.frameId);
      const pattern = patterns.get(frame!.frameId)!;
      expect(pattern).toBeDefined();
      // Matched-basis detections agree with the pattern's bit up to the ~1 % misalignment.
      const d = frame!.detections;
      let matched = 0;
      let errors = 0;
      for (let k = 0; k < d.count; k++) {
        const nib = slotNibble(pattern, d.slots[k]);
        if (((nib >>> 1) & 1) !== d.bases[k]) continue;
        matched++;
        if ((nib & 1) !== d.bits[k]) errors++;
      }
      expect(matched).toBeGreaterThan(100_000);
      expect(errors / matched).toBeLessThan(0.03);
      await emit();
    }
    expect(detected).toEqual(emitted.slice(0, 4));
  }, 240_000);
});
