/**
 * The simulated bench (sim/) in-process, each board served on a loopback TCP
 * port, and the demo's two node configs pointing at them: the setup that the
 * node's board-bench, settings and safety tests repeated. Everything it starts
 * is registered on the test's cleanup list (closed in reverse order).
 */
import { BOARD_NAMES, createSimulatedBench, serveOnTcp, type SimulatedBench } from '../../sim/index.ts';
import { DEMO_PHYSICS } from '../../src/cli/demo-link.ts';
import { demoConfigs } from '../../src/cli/demo-configs.ts';

export interface TcpSimBenchOptions {
  readonly seed: number;
  /** Default 10 km. */
  readonly distanceKm?: number;
  /** The state folder the configs name (default /tmp/unused: the test opens no store). */
  readonly stateDir?: string;
  /** The configs' peer and ETSI ports (default 1, 2, 3: unused). */
  readonly ports?: { peer: number; etsiA: number; etsiB: number };
  /** Default: the fibre delay of `distanceKm` less 200 ps, rounded. */
  readonly gateDelayPs?: number;
}

export interface TcpSimBench {
  readonly sim: SimulatedBench;
  /** Each board's tcp:// address. */
  readonly urls: Record<string, string>;
  /** The demo's node configs (YAML) on these boards. */
  readonly alice: string;
  readonly bob: string;
}

/** The fibre delay of `distanceKm` (refractive index 1.468), ps. */
export function fibreDelayPs(distanceKm: number): number {
  return (distanceKm * 1.468 * 1e15) / 299792458;
}

export async function tcpSimBench(o: TcpSimBenchOptions, cleanups: { push(c: () => Promise<void> | void): unknown }): Promise<TcpSimBench> {
  const distanceKm = o.distanceKm ?? 10;
  const sim = createSimulatedBench({ seed: o.seed, distanceKm, physics: DEMO_PHYSICS });
  cleanups.push(() => sim.close());
  const urls: Record<string, string> = {};
  for (const name of BOARD_NAMES) {
    const t = await serveOnTcp(sim.board(name), 0);
    cleanups.push(() => t.close());
    urls[name] = t.url;
  }
  const text = demoConfigs(
    o.stateDir ?? '/tmp/unused',
    { photonSource: urls['photon-source'], polarizationModulator: urls['polarization-modulator'], detector: urls.detector },
    o.ports ?? { peer: 1, etsiA: 2, etsiB: 3 },
    { gateDelayPs: o.gateDelayPs ?? Math.round(fibreDelayPs(distanceKm) - 200), gateWidthPs: 400 },
  );
  return { sim, urls, alice: text.alice, bob: text.bob };
}
