/**
 * Done-when of issue 9: an interlock trip injected in the simulator raises
 * the alarm and pauses key generation; clearing it resumes. The real path:
 * the simulated photon source opens its interlock and sends InterlockEvent
 * over loopback TCP → the photon-source driver → the transmitter's board
 * bench → the node's safety monitor → the generation gate. Two QkdNodes
 * (transmitter and receiver) make key over the simulated bench before, while
 * and after the interlock is open.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseBenchConfig } from '../../../src/config/load-bench-config.ts';
import { createLogger } from '../../../src/log.ts';
import { createBoardBench } from '../../../src/node/boards/create-board-bench.ts';
import { QkdNode } from '../../../src/node/qkd-node.ts';
import { withSeed } from '../../support/seed.ts';
import { tempDirsPerTest } from '../../support/temp-dir.ts';
import { tcpSimBench } from '../../support/tcp-sim-bench.ts';

const newDir = tempDirsPerTest('qkdd-interlock-');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const blocks = (node: QkdNode): number => node.status().stats.blocksStored as number;
const pulses = (sim: { bench: { pulsesByClass: Float64Array } }): number => sim.bench.pulsesByClass.reduce((a, b) => a + b, 0);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('safety: interlock', () => {
  it(
    'an interlock trip in the simulator raises interlock-open and pauses generation; closing it resumes',
    () =>
      withSeed('interlock trip', async (rng, seed) => {
        const dir = newDir();
        const { sim, ...text } = await tcpSimBench({ seed, stateDir: dir, ports: { peer: 0, etsiA: 1, etsiB: 2 } }, cleanups);
        const alice = parseBenchConfig(text.alice, 'alice.yaml');
        const bob = parseBenchConfig(text.bob, 'bob.yaml');
        // The same pre-shared key on both nodes, from the test's seed.
        const psk = new Uint8Array(1 << 20);
        for (let i = 0; i < psk.length; i += 4) new DataView(psk.buffer).setUint32(i, rng.nextU32(), true);
        for (const [cfg, name] of [
          [alice, 'alice'],
          [bob, 'bob'],
        ] as const) {
          mkdirSync(join(dir, name), { recursive: true, mode: 0o700 });
          writeFileSync(cfg.peer.preSharedKeyFile, psk, { mode: 0o600 });
          cfg.frame.workers = 1;
          cfg.safety.pollIntervalMs = 250;
        }
        alice.peer.listen = '127.0.0.1:0';
        const log = createLogger({ name: 't', level: process.env.QKDD_TEST_LOG ?? 'silent' });
        // Frames armed just before the trip stay dark and time out; a short timeout lets generation resume sooner.
        const frameTimeoutMs = 20_000;
        const a = await QkdNode.start({ config: alice, bench: await createBoardBench(alice, log), log, frameTimeoutMs });
        cleanups.push(() => a.stop());
        bob.peer.connect = `127.0.0.1:${a.peerListenPort}`;
        const b = await QkdNode.start({ config: bob, bench: await createBoardBench(bob, log), log, frameTimeoutMs });
        cleanups.push(() => b.stop());

        await expect.poll(() => blocks(a), { timeout: 240_000, interval: 200 }).toBeGreaterThan(0);
        expect(a.status().generation.running).toBe(true);
        expect(a.status().alarms.byCode['interlock-open']).toBeUndefined();

        sim.control.openInterlock();
        await expect.poll(() => a.status().generation.holds.map((h) => h.reason), { timeout: 30_000 }).toEqual(['safety:interlock']);
        expect(a.status().generation.running).toBe(false);
        expect(a.status().generation.holds[0].detail).toMatch(/interlock open/);
        expect(a.status().alarms.byCode['interlock-open']).toBe(1);
        expect(a.safety?.active().map((c) => c.condition)).toEqual(['interlock']);

        // Frames and blocks in flight at the trip finish or time out; after that nothing new starts.
        await expect.poll(() => a.status().framesInFlight + (a.status().blocksInFlight ?? 0), { timeout: 120_000, interval: 200 }).toBe(0);
        const heldBlocks = blocks(a);
        const heldPulses = pulses(sim);
        const heldStarted = a.status().stats.framesStarted;
        await sleep(3000); // a window in which an open gate would have started several frames
        expect(a.status().stats.framesStarted).toBe(heldStarted);
        expect(blocks(a)).toBe(heldBlocks);
        expect(pulses(sim)).toBe(heldPulses); // the source emitted nothing while held
        expect(a.status().generation.running).toBe(false);

        sim.control.closeInterlock();
        await expect.poll(() => a.status().generation.running, { timeout: 30_000 }).toBe(true);
        expect(a.status().generation.holds).toEqual([]);
        await expect.poll(() => blocks(a), { timeout: 240_000, interval: 200 }).toBeGreaterThan(heldBlocks);
        await expect.poll(() => b.status().stats.blocksStored as number, { timeout: 60_000, interval: 200 }).toBeGreaterThan(0);
        expect(pulses(sim)).toBeGreaterThan(heldPulses);
        expect(a.status().alarms.byCode['interlock-open']).toBe(1); // one trip, one alarm
      }),
    600_000,
  );
});
