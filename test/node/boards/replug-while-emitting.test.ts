/**
 * Each board of the bench unplugged and plugged back while the transmitter
 * emits and the receiver assembles frames (the real drivers over loopback TCP
 * to the simulated boards): the board reconnects and frames emitted after it
 * is back reach the receiver again. The soak found a transmitter board that
 * never came back: the pattern driver restored the patterns from the
 * transmitter's buffers, which the transmitter wipes once a frame is emitted,
 * so every reconnect failed its re-arm (CRC-32C mismatch) and was retried
 * forever.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardName } from '../../../sim/index.ts';
import { parseBenchConfig } from '../../../src/config/load-bench-config.ts';
import { createLogger } from '../../../src/log.ts';
import type { BoardStateEvent } from '../../../src/node/bench-port.ts';
import { BoardReceiverBench } from '../../../src/node/boards/receiver-boards.ts';
import { BoardTransmitterBench } from '../../../src/node/boards/transmitter-boards.ts';
import { withSeed } from '../../support/seed.ts';
import { tcpSimBench } from '../../support/tcp-sim-bench.ts';
import { waitFor as until } from '../../support/wait.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const log = createLogger({ name: 't', level: process.env.QKDD_TEST_LOG ?? 'silent' });

/** Frames in flight at once, as the node keeps them; a frame not seen within FRAME_TIMEOUT_MS no longer counts. */
const IN_FLIGHT = 2;
const FRAME_TIMEOUT_MS = 5000;

describe('a board unplugged and plugged back while the transmitter emits', () => {
  it('each of the three boards reconnects and frames flow again', async () => {
    await withSeed('replug while emitting', async (rng, seed) => {
      const { sim, alice, bob } = await tcpSimBench({ seed }, cleanups);
      const tx = await BoardTransmitterBench.open(parseBenchConfig(alice, 'alice.yaml'), log);
      cleanups.push(() => tx.close());
      const rx = await BoardReceiverBench.open(parseBenchConfig(bob, 'bob.yaml'), log);
      cleanups.push(() => rx.close());

      const events: BoardStateEvent[] = [];
      tx.onBoardState((e) => events.push(e));
      rx.onBoardState((e) => events.push(e));
      // Frame numbers emitted (with when) and received; a board event drops what is in flight, as the node does.
      const inFlight = new Map<number, number>();
      const emitted: number[] = [];
      const received: number[] = [];
      const onEvent = (): void => inFlight.clear();
      tx.onBoardState(onEvent);
      rx.onBoardState(onEvent);

      let stopped = false;
      let loopError: unknown = null;
      const emitting = (async () => {
        const words = tx.slotsPerFrame / 8;
        while (!stopped) {
          for (const [frame, at] of inFlight) if (Date.now() - at > FRAME_TIMEOUT_MS) inFlight.delete(frame);
          if (inFlight.size >= IN_FLIGHT) {
            await new Promise((r) => setTimeout(r, 20));
            continue;
          }
          // Random states, intensity classes 0 and 1 only (class 3 is reserved).
          const pattern = rng.fillU32(new Uint32Array(words)).map((w) => w & 0x77777777);
          const frame = await tx.emitFrame(pattern);
          inFlight.set(frame, Date.now());
          emitted.push(frame);
        }
      })().catch((err: unknown) => {
        // emitFrame retries board errors itself: only the bench's close ends it.
        if (!stopped) loopError = err;
      });
      const receiving = (async () => {
        for (;;) {
          const f = await rx.nextFrame();
          if (f === null) return;
          received.push(f.frameId);
          for (const frame of inFlight.keys()) if (frame <= f.frameId) inFlight.delete(frame);
        }
      })().catch((err: unknown) => {
        if (!stopped) loopError = err;
      });
      cleanups.push(async () => {
        stopped = true;
        await rx.close();
        await tx.close();
        await Promise.allSettled([emitting, receiving]);
      });

      expect(await until(() => received.length >= 2, 60_000), 'frames before any unplug').toBe(true);
      const boards: BoardName[] = ['polarization-modulator', 'photon-source', 'detector'];
      for (const board of boards) {
        const eventsBefore = events.length;
        sim.control.unplug(board);
        expect(
          await until(() => events.slice(eventsBefore).some((e) => e.board === board && e.state === 'lost'), 30_000),
          `${board} lost`,
        ).toBe(true);
        await new Promise((r) => setTimeout(r, 300 + rng.nextBelow(1000))); // away for a while, as the soak's fault
        sim.control.replug(board);
        const restored = await until(() => events.slice(eventsBefore).some((e) => e.board === board && e.state === 'restored'), 60_000);
        expect(restored, `${board} reconnected after the replug`).toBe(true);
        // A frame emitted after the board is back reaches the receiver.
        const emittedBefore = emitted.length;
        const flows = await until(() => emitted.slice(emittedBefore).some((f) => received.includes(f)), 60_000);
        expect(flows, `frames flow again after ${board} is back`).toBe(true);
      }
      expect(loopError).toBeNull();
    });
  }, 240_000);
});
