/**
 * Frames emitted while the receiver's detector is away are never detected.
 * The receiver tells the transmitter when a board is lost and when it is back
 * (an abort of frame 0), and the transmitter drops every frame the receiver
 * has not reported on at once: generation resumes right after the board
 * returns instead of after the frame timeout (set to 10 minutes here, so a
 * stall cannot pass), and the two stores still agree. The same holds when
 * the transmitter's own bench restarts its emission (a board error): the
 * frames armed before were not emitted whole.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirsPerTest } from '../support/temp-dir.ts';
import { KeyStore } from '../../src/keystore/key-store.ts';
import { MemoryAuthKeySource } from '../../src/peer/index.ts';
import { createLogger } from '../../src/log.ts';
import { AlarmBoard } from '../../src/node/alarms.ts';
import { TransmitterNode } from '../../src/node/transmitter-node.ts';
import { ReceiverNode } from '../../src/node/receiver-node.ts';
import type { ReceiverBench } from '../../src/node/bench-port.ts';
import { withSeed } from '../support/seed.ts';
import { helloA, helloB, openPair, randomBytes } from '../support/peer-channels.ts';
import { syntheticPattern } from '../support/synthetic-frame.ts';
import { SYNTHETIC_CHANNEL, SYNTHETIC_FRAME_PARAMS, syntheticBenches } from '../support/synthetic-benches.ts';
import { waitFor as until } from '../support/wait.ts';

const newDir = tempDirsPerTest('qkdd-boardlost-frames-');

/** How the node learns that frames were lost: the receiver's board-lost events, or the transmitter bench's emission restart. */
type Report = 'receiver board lost and back' | 'transmitter emission restarted';

describe.each<Report>(['receiver board lost and back', 'transmitter emission restarted'])('frames lost in flight (%s)', (report) => {
  it('are dropped on both sides at once; generation resumes long before the frame timeout', async () => {
    await withSeed(`lost frames: ${report}`, async (rng) => {
      const dir = newDir();
      const log = createLogger({ name: 'test', level: process.env.QKDD_TEST_LOG ?? 'silent' });
      const aliceStore = KeyStore.open({ path: join(dir, 'alice.sqlite'), maxBits: 1 << 26 });
      const bobStore = KeyStore.open({ path: join(dir, 'bob.sqlite'), maxBits: 1 << 26 });
      const psk = randomBytes(rng, 1 << 16);
      const benches = syntheticBenches(rng);
      // The detector "unplugged": the frames Alice emits meanwhile never reach Bob.
      let unplugged = false;
      const lost: number[] = [];
      const rx: ReceiverBench = {
        slotsPerFrame: benches.rx.slotsPerFrame,
        async nextFrame() {
          for (;;) {
            const f = await benches.rx.nextFrame();
            if (f === null || !unplugged) return f;
            lost.push(f.frameId);
          }
        },
        close: () => benches.rx.close(),
      };
      const aliceAlarms = new AlarmBoard(log);
      const bobAlarms = new AlarmBoard(log);
      const common = { params: SYNTHETIC_FRAME_PARAMS, inFlight: 2, authFraction: 0.1, frameTimeoutMs: 600_000, log };
      const alice = new TransmitterNode({
        ...common,
        bench: benches.tx,
        store: aliceStore,
        linkId: 'link-1',
        runId: 'r1',
        randomPattern: () => syntheticPattern(rng, SYNTHETIC_CHANNEL),
        alarms: aliceAlarms,
      });
      const bob = new ReceiverNode({
        ...common,
        bench: rx,
        store: bobStore,
        random: (n) => rng.fillU32(new Uint32Array(n)),
        alarms: bobAlarms,
      });
      const pair = await openPair({
        a: { keySource: new MemoryAuthKeySource(psk.slice()), hello: helloA },
        b: { keySource: new MemoryAuthKeySource(psk.slice()), hello: helloB },
      });
      const runs = [alice.runSession(pair.a), bob.runSession(pair.b)];
      try {
        expect(await until(() => alice.stats.blocksStored >= 1, 120_000), 'key before the unplug').toBe(true);
        unplugged = true;
        if (report === 'receiver board lost and back') bob.boardInterrupted('detector'); // the board-lost event
        // Alice fills her in-flight slots with frames Bob never sees.
        expect(await until(() => lost.length >= 2 && alice.framesInFlight === 2, 60_000), 'frames lost while unplugged').toBe(true);
        const blocksBefore = alice.stats.blocksStored;
        unplugged = false;
        if (report === 'receiver board lost and back')
          bob.boardInterrupted('detector'); // the board-restored event
        else alice.emissionRestarted('test: the boards restarted'); // what BoardTransmitterBench reports after a restart
        expect(await until(() => alice.stats.blocksStored >= blocksBefore + 2, 120_000), 'key after the detector is back').toBe(true);
        // Dropped at once, not timed out.
        expect(aliceAlarms.snapshot().byCode['frame-timeout']).toBeUndefined();
        expect(bobAlarms.snapshot().byCode['frame-timeout']).toBeUndefined();
        expect(alice.stats.framesAborted).toBeGreaterThanOrEqual(2);
      } finally {
        alice.stop();
        bob.stop();
        await benches.tx.close();
        await new Promise((r) => setTimeout(r, 300));
        await pair.cleanup();
        await Promise.allSettled(runs);
      }
      // Every block Bob stored is at Alice (stored, or pending its echo), and they agree on order.
      const aliceBlocks = [...aliceStore.recentBlockIds(1000), ...aliceStore.pendingBlockIds()];
      const bobBlocks = bobStore.recentBlockIds(1000);
      expect(bobBlocks.filter((id) => !aliceBlocks.includes(id))).toEqual([]);
      aliceStore.close();
      bobStore.close();
    });
  }, 400_000);
});
