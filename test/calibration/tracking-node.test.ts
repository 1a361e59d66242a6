/**
 * The transmitter node's polarization tracking wiring (src/node/transmitter-node.ts with a
 * PolarizationTracker): over a link on the synthetic channel (no boards), each frame is
 * emitted after the tracker's bias trim, the bias dithers on both sides of its centre, the
 * frames' test QBER reaches the tracker (it updates), and key keeps being stored meanwhile.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyStore } from '../../src/keystore/key-store.ts';
import { MemoryAuthKeySource } from '../../src/peer/index.ts';
import { createLogger } from '../../src/log.ts';
import { AlarmBoard } from '../../src/node/alarms.ts';
import type { AdjustsModulatorBias, TransmitterBench } from '../../src/node/bench-port.ts';
import { PolarizationTracker } from '../../src/node/polarization-tracking.ts';
import { ReceiverNode } from '../../src/node/receiver-node.ts';
import { TransmitterNode } from '../../src/node/transmitter-node.ts';
import { helloA, helloB, openPair, randomBytes } from '../support/peer-channels.ts';
import { withSeed } from '../support/seed.ts';
import { SYNTHETIC_CHANNEL, SYNTHETIC_FRAME_PARAMS, syntheticBenches } from '../support/synthetic-benches.ts';
import { syntheticPattern } from '../support/synthetic-frame.ts';
import { tempDirsPerTest } from '../support/temp-dir.ts';

const newDir = tempDirsPerTest('qkdd-tracking-');

describe('polarization tracking in the transmitter node', () => {
  it('trims the bias around its centre before frames, takes each frame’s QBER, and key keeps coming', async () => {
    await withSeed('tracking-node', async (rng) => {
      const dir = newDir();
      const log = createLogger({ name: 'test', level: 'silent' });
      const benches = syntheticBenches(rng);
      const biases: number[] = [];
      const tx: TransmitterBench & AdjustsModulatorBias = {
        slotsPerFrame: benches.tx.slotsPerFrame,
        emitFrame: (p) => benches.tx.emitFrame(p),
        close: () => benches.tx.close(),
        async setModulatorBias(v) {
          biases.push(v);
        },
      };
      const tracker = new PolarizationTracker({ initialBiasV: 1, halfWaveVoltageV: 4, inFlight: 2 });
      const aliceStore = KeyStore.open({ path: join(dir, 'a.sqlite'), maxBits: 1 << 26 });
      const bobStore = KeyStore.open({ path: join(dir, 'b.sqlite'), maxBits: 1 << 26 });
      const common = { params: SYNTHETIC_FRAME_PARAMS, inFlight: 2, authFraction: 0.1, frameTimeoutMs: 30_000, log };
      const alice = new TransmitterNode({
        ...common,
        bench: tx,
        store: aliceStore,
        linkId: 'l',
        runId: 'r',
        randomPattern: () => syntheticPattern(rng, SYNTHETIC_CHANNEL),
        alarms: new AlarmBoard(log),
        tracker,
      });
      const bob = new ReceiverNode({
        ...common,
        bench: benches.rx,
        store: bobStore,
        random: (n) => rng.fillU32(new Uint32Array(n)),
        alarms: new AlarmBoard(log),
      });
      const psk = randomBytes(rng, 1 << 16);
      const pair = await openPair({
        a: { keySource: new MemoryAuthKeySource(psk.slice()), hello: helloA },
        b: { keySource: new MemoryAuthKeySource(psk.slice()), hello: helloB },
      });
      const runs = [alice.runSession(pair.a), bob.runSession(pair.b)];
      const deadline = Date.now() + 90_000;
      while ((tracker.updates < 2 || alice.stats.blocksStored < 2) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      alice.stop();
      bob.stop();
      await tx.close();
      await new Promise((r) => setTimeout(r, 300));
      await pair.cleanup();
      await Promise.allSettled(runs);
      aliceStore.close();
      bobStore.close();
      expect(tracker.updates).toBeGreaterThanOrEqual(2);
      expect(alice.stats.blocksStored).toBeGreaterThanOrEqual(2);
      // The dither: trims on both sides of the (moving) centre, each within the dither plus the steps taken.
      const dither = (0.05 * 4) / Math.PI;
      const maxStep = (0.3 * 4) / Math.PI;
      expect(biases.some((b) => b > 1) && biases.some((b) => b < 1)).toBe(true);
      for (const b of biases) expect(Math.abs(b - 1)).toBeLessThanOrEqual(dither + maxStep * tracker.updates + 1e-9);
    });
  }, 120_000);
});
