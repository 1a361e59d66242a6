/**
 * A host ahead of the light: the transmitter bench is asked for frame after
 * frame faster than the boards play them (as after every frame in flight
 * was dropped at once). With two pattern banks, the bank for frame n + 2 is
 * still playing frame n; the board answers STATUS_BAD_STATE, and the bench
 * waits for the bank to free instead of restarting the emission (which lost
 * the frames in flight and, in the soak, stalled the link for tens of
 * seconds). The frames come out consecutive and the receiver detects them
 * all. Real driver stack over loopback TCP to the simulated boards.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log.ts';
import { parseBenchConfig } from '../../../src/config/load-bench-config.ts';
import { BoardTransmitterBench } from '../../../src/node/boards/transmitter-boards.ts';
import { BoardReceiverBench } from '../../../src/node/boards/receiver-boards.ts';
import { tcpSimBench } from '../../support/tcp-sim-bench.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('a transmitter bench asked for frames faster than the boards play them', () => {
  it.each([
    ['drawn on the boards', true],
    ['uploaded patterns', false],
  ])(
    'waits for the idle bank (%s): consecutive frames, no emission restart, every frame detected',
    async (_what, drawn) => {
      const { sim, ...cfgText } = await tcpSimBench({ seed: 21 }, cleanups);
      void sim;
      const log = createLogger({ name: 't', level: process.env.QKDD_TEST_LOG ?? 'silent' });
      const rx = await BoardReceiverBench.open(parseBenchConfig(cfgText.bob, 'bob.yaml'), log);
      cleanups.push(() => rx.close());
      const tx = await BoardTransmitterBench.open(parseBenchConfig(cfgText.alice, 'alice.yaml'), log);
      cleanups.push(() => tx.close());
      const restarts: string[] = [];
      tx.onEmissionRestart((reason) => restarts.push(reason));
      const frames = 6;
      const emitted: number[] = [];
      for (let i = 0; i < frames; i++) {
        emitted.push(drawn ? await tx.emitDrawnFrame() : await tx.emitFrame(new Uint32Array(tx.slotsPerFrame / 8)));
      }
      expect(restarts).toEqual([]);
      for (let i = 1; i < frames; i++) expect(emitted[i]).toBe(emitted[0] + i);
      // Every frame but the last armed one has been played whole: the receiver reports each, in order.
      const detected: number[] = [];
      for (let i = 0; i < frames - 1; i++) detected.push((await rx.nextFrame())!.frameId);
      expect(detected).toEqual(emitted.slice(0, frames - 1));
    },
    60_000,
  );
});
