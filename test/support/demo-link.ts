/**
 * Starts a DemoLink (the simulated bench and two `qkdd run` processes,
 * src/cli/demo-link.ts) for a test, on free ports in a fresh state folder:
 * the setup that the qkdctl, dashboard and crash tests repeated. The test
 * registers `cleanup` (stops the link once, then removes the state folder).
 */
import { DemoLink, type DemoLinkOptions, socatAvailable } from '../../src/cli/demo-link.ts';
import { freePort } from './link-harness.ts';
import { type TempDir, tempDir } from './temp-dir.ts';

export interface StartDemoLinkOptions {
  readonly seed: number;
  /** Default 10 km. */
  readonly distanceKm?: number;
  /** Default false. */
  readonly attack?: boolean;
  /** Default: pty when socat is installed, tcp otherwise. */
  readonly boards?: DemoLinkOptions['boards'];
  /** Which nodes serve their control API on a free loopback HTTP port (default both; the socket is always served). */
  readonly controlHttp?: readonly ('alice' | 'bob')[];
  /** Prefix of the temporary state folder. */
  readonly statePrefix?: string;
  /** An unknown bench drawn from this seed (DemoLinkOptions.unknownBench); default: the known bench. */
  readonly unknownBench?: DemoLinkOptions['unknownBench'];
}

export interface StartedDemoLink {
  readonly link: DemoLink;
  readonly state: TempDir;
  /** Stops the link (once: later calls give the same exit codes). */
  stop(): Promise<Awaited<ReturnType<DemoLink['stop']>>>;
  /** Stops the link if still running and removes the state folder. */
  cleanup(): Promise<void>;
}

export async function startDemoLink(o: StartDemoLinkOptions): Promise<StartedDemoLink> {
  const state = tempDir(o.statePrefix ?? 'qkdd-link-');
  const http = o.controlHttp ?? ['alice', 'bob'];
  let link: DemoLink;
  try {
    link = await DemoLink.start({
      stateDir: state.dir,
      distanceKm: o.distanceKm ?? 10,
      attack: o.attack ?? false,
      seed: o.seed,
      compiled: true,
      boards: o.boards ?? (socatAvailable() ? 'pty' : 'tcp'),
      ...(o.unknownBench ? { unknownBench: o.unknownBench } : {}),
      ports: {
        peer: await freePort(),
        etsiA: await freePort(),
        etsiB: await freePort(),
        ...(http.includes('alice') ? { controlA: await freePort() } : {}),
        ...(http.includes('bob') ? { controlB: await freePort() } : {}),
      },
    });
  } catch (err) {
    state.remove();
    throw err;
  }
  let stopped: ReturnType<DemoLink['stop']> | null = null;
  const stop = (): ReturnType<DemoLink['stop']> => {
    stopped ??= link.stop();
    return stopped;
  };
  return {
    link,
    state,
    stop,
    async cleanup() {
      await stop();
      state.remove();
    },
  };
}

/**
 * Free ports as `qkdd demo` flags (peer, ETSI A and B, and with `control` the control APIs of A and B),
 * for tests that run the demo command itself.
 */
export async function demoPortFlags(o: { control: boolean }): Promise<string[]> {
  const names = ['--peer-port', '--etsi-port-a', '--etsi-port-b', ...(o.control ? ['--control-port-a', '--control-port-b'] : [])];
  const ports = await Promise.all(names.map(() => freePort()));
  return names.flatMap((name, i) => [name, String(ports[i])]);
}
