/**
 * Regression: the demo's large frames (2^22 slots at 100 MHz, ~520k tags
 * each) streamed through the transmitter and receiver benches over loopback
 * TCP. Two bench bugs broke it:
 *  - the physics was advanced to exactly the first undecided slot; whenever
 *    the slot before it held a click candidate the physics loaded the next
 *    frame's pattern (the dark default) before the host had armed it, so
 *    about one lit frame in five went out dark and the receiver, skipping it,
 *    fell a frame behind the transmitter for good;
 *  - a lit frame was simulated in one piece (~260 batches), overflowing the
 *    tagger's 256-batch FIFO: ~6k tags dropped at every frame's tail.
 * Every emitted frame must come back, lit, with no tag dropped.
 */
import { tmpdir } from 'node:os';
import { afterEach, expect, it } from 'vitest';
import { BOARD_NAMES, createSimulatedBench, serveOnTcp, type ServedTcp, type SimulatedBench } from '../../../sim/index.ts';
import { DEMO_PHYSICS } from '../../../src/cli/demo-link.ts';
import { demoConfigs } from '../../../src/cli/demo-configs.ts';
import { createLogger } from '../../../src/log.ts';
import { parseBenchConfig } from '../../../src/config/load-bench-config.ts';
import { BoardReceiverBench } from '../../../src/node/boards/receiver-boards.ts';
import { BoardTransmitterBench } from '../../../src/node/boards/transmitter-boards.ts';
import { makePatternGenerator } from '../../../src/node/random-pattern.ts';

const FRAMES = 6;
const DISTANCE_KM = 10;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const within = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms).unref())]);

it('streams several large frames through the boards: every frame arrives, lit, with no tag dropped', async () => {
  const sim: SimulatedBench = createSimulatedBench({ seed: 11, distanceKm: DISTANCE_KM, physics: DEMO_PHYSICS });
  cleanups.push(() => sim.close());
  const urls: Record<string, string> = {};
  for (const name of BOARD_NAMES) {
    const served: ServedTcp = await serveOnTcp(sim.board(name), 0);
    cleanups.push(() => served.close());
    urls[name] = served.url;
  }
  const delayPs = (DISTANCE_KM * 1.468 * 1e15) / 299792458;
  const c = demoConfigs(
    tmpdir(),
    { photonSource: urls['photon-source'], polarizationModulator: urls['polarization-modulator'], detector: urls.detector },
    { peer: 1, etsiA: 2, etsiB: 3 },
    { gateDelayPs: Math.round(delayPs - 200), gateWidthPs: 400 },
  );
  const log = createLogger({ name: 'large-frame-stream', level: 'error' });
  const rx = await BoardReceiverBench.open(parseBenchConfig(c.bob, 'bob'), log);
  cleanups.push(() => rx.close());
  const tx = await BoardTransmitterBench.open(parseBenchConfig(c.alice, 'alice'), log);
  cleanups.push(() => tx.close());
  const gen = makePatternGenerator({ keyBasis: 0.7, intensities: [0.5, 0.3, 0.2] });

  const emitted: number[] = [];
  const received: { frameId: number; count: number }[] = [];
  for (let i = 0; i < FRAMES; i++) {
    emitted.push(await tx.emitFrame(gen(tx.slotsPerFrame)));
    // Frame f is complete once the stream has passed its last gate, i.e. once f + 1 plays.
    if (i === 0) continue;
    const f = await within(rx.nextFrame(), 20_000, `frame ${emitted[i - 1]}`);
    expect(f).not.toBeNull();
    received.push({ frameId: f!.frameId, count: f!.detections.count });
  }

  expect(received.map((r) => r.frameId)).toEqual(emitted.slice(0, -1));
  // ~520k tags per lit frame at 10 km; a frame played dark would hold a few dark counts.
  for (const r of received) expect(r.count).toBeGreaterThan(300_000);
  const stats = (rx as unknown as { stream: { stats: { droppedTags: number; lostBatches: number } } }).stream.stats;
  expect(stats.droppedTags).toBe(0);
  expect(stats.lostBatches).toBe(0);
  expect(rx.counters.framesEmitted).toBe(FRAMES - 1);
}, 120_000);
