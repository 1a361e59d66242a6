/**
 * Stopping a receiver whose detector board is gone: `BoardReceiverBench.close()`
 * must end even though the tag stream can never deliver its last batch (the
 * driver keeps reconnecting to a board that does not answer). It used to wait
 * for the stream's end before closing the driver, so `qkdd node` / `qkdd run`
 * stayed in `QkdNode.stop` until killed (issue 13, ring4 demo under load).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BOARD_NAMES, createSimulatedBench, serveOnTcp } from '../../../sim/index.ts';
import { parseBenchConfig } from '../../../src/config/load-bench-config.ts';
import { demoConfigs } from '../../../src/cli/demo-configs.ts';
import { DEMO_PHYSICS } from '../../../src/cli/demo-link.ts';
import { createLogger } from '../../../src/log.ts';
import { BoardReceiverBench } from '../../../src/node/boards/receiver-boards.ts';
import { waitFor, waitUntil } from '../../support/wait.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('receiver bench close', () => {
  it('ends when the detector board is gone and the tag stream can never end', async () => {
    const sim = createSimulatedBench({ seed: 5, distanceKm: 10, physics: DEMO_PHYSICS });
    cleanups.push(() => sim.close());
    const served = new Map<string, Awaited<ReturnType<typeof serveOnTcp>>>();
    for (const name of BOARD_NAMES) {
      const t = await serveOnTcp(sim.board(name), 0);
      served.set(name, t);
    }
    cleanups.push(async () => {
      for (const t of served.values()) await t.close();
    });
    const urls = Object.fromEntries([...served].map(([n, t]) => [n, t.url]));
    const text = demoConfigs(
      '/tmp/unused',
      { photonSource: urls['photon-source'], polarizationModulator: urls['polarization-modulator'], detector: urls.detector },
      { peer: 1, etsiA: 2, etsiB: 3 },
      { gateDelayPs: 1, gateWidthPs: 400 },
    );
    const log = createLogger({ name: 't', level: process.env.QKDD_TEST_LOG ?? 'silent' });
    const rx = await BoardReceiverBench.open(parseBenchConfig(text.bob, 'bob.yaml'), log);
    let lost = false;
    rx.onBoardState((e) => {
      if (e.board === 'detector' && e.state === 'lost') lost = true;
    });
    // The detector goes away for good: its port closes with the connection.
    await served.get('detector')!.close();
    served.delete('detector');
    await waitUntil(() => lost, 'the detector lost', 10_000);
    let closed = false;
    const closing = rx.close().then(() => (closed = true));
    expect(await waitFor(() => closed, 10_000)).toBe(true);
    await closing;
    expect(await rx.nextFrame()).toBeNull();
  }, 30_000);
});
