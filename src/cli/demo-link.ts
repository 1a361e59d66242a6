/**
 * The simulated two-node link that `qkdd demo` runs, as an object that tests
 * and benchmarks drive too: the simulated bench served on pseudo-terminals
 * (or loopback TCP), the demo PKI and pre-shared key, both bench configs,
 * and the two `qkdd run` processes, each of which can be killed (SIGKILL, as
 * a crash) and restarted on its state.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import { createSimulatedBench, serveOnPty, serveOnTcp, BOARD_NAMES, type BoardName, type SimulatedBench } from '../../sim/index.ts';
import { generateDemoPki } from '../api/pki/demo-pki.ts';
import type { NodeStatus } from '../node/qkd-node.ts';
import { demoBlockBits, demoConfigs, DEMO_FRAME_SLOTS, DEMO_SOURCE } from './demo-configs.ts';
import { qkddCommandArgs } from './self-command.ts';

/** Detector physics of the demo bench: SNSPD-class, so that 100 MHz at 10 km is not dead-time limited. */
export const DEMO_PHYSICS = {
  drift: false,
  // The bench clock's frame length is fixed once any board starts it; match the nodes' frames.
  frameSlotCount: DEMO_FRAME_SLOTS,
  source: { pulseRateHz: DEMO_SOURCE.rateHz },
  detectors: {
    efficiency: [0.6, 0.6, 0.6, 0.6] as [number, number, number, number],
    darkCountRateHz: 100,
    deadTimeNs: 20,
    afterpulseProbability: 0.002,
    jitterRmsPs: 40,
    basisSplitRatioZ: DEMO_SOURCE.keyBasisProbability,
  },
};

export interface DemoLinkOptions {
  stateDir: string;
  distanceKm: number;
  attack: boolean;
  seed: number;
  boards: 'auto' | 'pty' | 'tcp';
  /** controlA/controlB: loopback HTTP ports of the control APIs (unset: each node's socket only). */
  ports: { peer: number; etsiA: number; etsiB: number; peerConnect?: number; controlA?: number; controlB?: number };
  logLevel?: string;
  /** Extra Node.js options for both node processes, placed before the entry script (a test's `--import` preload). */
  nodeArgs?: readonly string[];
  /** Run the node processes from the compiled dist/ even when this process runs the sources (tests; dist/ must be built). */
  compiled?: boolean;
  /**
   * An unknown bench (sim/physics/unknown-bench.ts): hidden truths drawn from `seed` that the
   * nodes' configs do not know (gate delay from the nominal distance only, no input delays, the
   * known bench's modulator voltages), each node with a calibration file in its state folder
   * (`<node>/calibration.yaml`) for `qkdctl calibrate`. Tests read the truth with `sim.truth()`.
   */
  unknownBench?: { seed: number; polarizationTimeConstantS?: number } | null;
  /** Polarization tracking on the transmitter and delay tracking on the receiver (config tracking.polarization / .delay). Default off. */
  tracking?: boolean;
  /** Pulse rate of the simulated source and of both nodes' configs (the chain bench's 1 GHz line); default the demo's. */
  pulseRateHz?: number;
}

export type NodeName = 'alice' | 'bob';

/** Mode of every secret file of the demo (pre-shared keys, key stores, private keys). */
export const SECRET_FILE_MODE = 0o600;
/** Mode of the demo's folders: each holds secrets (or, for the state folder, folders that do). */
export const SECRET_FOLDER_MODE = 0o700;
/** The folders of the demo's state, relative to it ('' is the state folder itself). */
export const DEMO_FOLDERS = ['', 'alice', 'bob', 'pki'] as const;
/** Secret files a demo state may hold from an earlier run, relative to it. */
const DEMO_SECRETS = [
  'psk.bin',
  ...['alice', 'bob'].flatMap((n) =>
    ['psk.bin', 'psk.bin.pos', 'keys.sqlite', 'keys.sqlite-wal', 'keys.sqlite-shm'].map((f) => `${n}/${f}`),
  ),
];

/**
 * The state folder and its node and PKI folders, 0700 from their creation (mkdir with the mode, no
 * later chmod). A state folder left by an earlier demo version may have wider modes: the demo owns
 * it, so its folders and the secrets in it are narrowed to 0700 / 0600 (the nodes' preflight would
 * refuse them otherwise). Nothing in them is ever widened.
 */
export function prepareStateFolder(stateDir: string): void {
  for (const d of DEMO_FOLDERS) {
    const path = join(stateDir, d);
    mkdirSync(path, { recursive: true, mode: SECRET_FOLDER_MODE });
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, SECRET_FOLDER_MODE);
  }
  const keys = readdirSync(join(stateDir, 'pki')).filter((f) => f.endsWith('-key.pem'));
  for (const f of [...DEMO_SECRETS, ...keys.map((k) => `pki/${k}`)]) {
    const path = join(stateDir, f);
    if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, SECRET_FILE_MODE);
  }
}

export function socatAvailable(): boolean {
  return spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
}

export class DemoLink {
  readonly latest: Partial<Record<NodeName, NodeStatus>> = {};
  readonly transport: 'pty' | 'tcp';
  readonly boardUrls: Record<BoardName, string>;
  private readonly children: Partial<Record<NodeName, ChildProcess>> = {};
  private readonly exitListeners: ((name: NodeName, code: number | null, signal: NodeJS.Signals | null) => void)[] = [];

  private constructor(
    readonly o: DemoLinkOptions,
    readonly sim: SimulatedBench,
    private readonly served: Record<BoardName, { url: string; close: () => Promise<void> | void }>,
    transport: 'pty' | 'tcp',
  ) {
    this.transport = transport;
    this.boardUrls = Object.fromEntries(BOARD_NAMES.map((n) => [n, served[n].url])) as Record<BoardName, string>;
  }

  static async start(o: DemoLinkOptions): Promise<DemoLink> {
    const stateDir = resolve(o.stateDir);
    prepareStateFolder(stateDir);
    // One pre-shared key, one copy per node (each keeps its own position file); 0600 from creation ('wx').
    const psk = join(stateDir, 'psk.bin');
    if (!existsSync(psk)) writeFileSync(psk, randomBytes(4 << 20), { mode: SECRET_FILE_MODE, flag: 'wx' });
    for (const n of ['alice', 'bob']) {
      const copy = join(stateDir, n, 'psk.bin');
      if (!existsSync(copy)) writeFileSync(copy, readFileSync(psk), { mode: SECRET_FILE_MODE, flag: 'wx' });
    }
    await generateDemoPki(join(stateDir, 'pki'));
    const sim = createSimulatedBench({
      seed: o.seed,
      distanceKm: o.distanceKm,
      attack: o.attack ? { kind: 'intercept-resend', fraction: 1 } : null,
      physics: o.pulseRateHz ? { ...DEMO_PHYSICS, source: { pulseRateHz: o.pulseRateHz } } : DEMO_PHYSICS,
      ...(o.unknownBench ? { unknownBench: o.unknownBench } : {}),
    });
    const usePty = o.boards === 'pty' || (o.boards === 'auto' && socatAvailable());
    const served = {} as Record<BoardName, { url: string; close: () => Promise<void> | void }>;
    for (const name of BOARD_NAMES) {
      const endpoint = sim.board(name);
      if (usePty) {
        const p = await serveOnPty(endpoint, {});
        served[name] = { url: `serial://${p.path}`, close: () => p.close() };
      } else {
        const t = await serveOnTcp(endpoint, 0);
        served[name] = { url: t.url, close: () => t.close() };
      }
    }
    const delayPs = (o.distanceKm * 1.468 * 1e15) / 299792458;
    // An unknown bench starts with the gate open over the whole slot: every tag is in a frame, so the
    // link keeps emitting (frames fail fast on their QBER) while qkdctl calibrate delay finds the gate.
    const gateWidthPs = o.unknownBench ? Math.round(1e12 / (o.pulseRateHz ?? DEMO_SOURCE.rateHz)) : 400;
    const cfg = demoConfigs(
      stateDir,
      {
        photonSource: served['photon-source'].url,
        polarizationModulator: served['polarization-modulator'].url,
        detector: served.detector.url,
      },
      o.ports,
      { gateDelayPs: Math.max(0, Math.round(delayPs - gateWidthPs / 2)), gateWidthPs },
      o.pulseRateHz,
      demoBlockBits(o.distanceKm),
    );
    // On an unknown bench each node gets a calibration file (written by qkdctl calibrate, applied at its start).
    const calibration = (n: string): string => (o.unknownBench ? `calibration:\n  file: ${join(stateDir, n, 'calibration.yaml')}\n` : '');
    const tracking = o.tracking ? 'tracking:\n  polarization: true\n' : '';
    const delayTracking = o.tracking ? 'tracking:\n  delay: true\n' : '';
    writeFileSync(join(stateDir, 'alice.yaml'), cfg.alice + calibration('alice') + tracking);
    writeFileSync(join(stateDir, 'bob.yaml'), cfg.bob + calibration('bob') + delayTracking);
    const link = new DemoLink({ ...o, stateDir }, sim, served, usePty ? 'pty' : 'tcp');
    link.startNode('alice');
    link.startNode('bob');
    return link;
  }

  configPath(name: NodeName): string {
    return join(this.o.stateDir, `${name}.yaml`);
  }

  /** The node's control API socket. */
  controlSocket(name: NodeName): string {
    return join(this.o.stateDir, name, 'control.sock');
  }

  /** The node's control API on loopback HTTP (`http://127.0.0.1:PORT`), or null when not configured. */
  controlUrl(name: NodeName): string | null {
    const port = name === 'alice' ? this.o.ports.controlA : this.o.ports.controlB;
    return port === undefined ? null : `http://127.0.0.1:${port}`;
  }

  storePath(name: NodeName): string {
    return join(this.o.stateDir, name, 'keys.sqlite');
  }

  onNodeExit(listener: (name: NodeName, code: number | null, signal: NodeJS.Signals | null) => void): void {
    this.exitListeners.push(listener);
  }

  startNode(name: NodeName): ChildProcess {
    const self = qkddCommandArgs({ compiled: this.o.compiled === true });
    const args = [
      ...self.slice(0, -1),
      ...(this.o.nodeArgs ?? []),
      ...self.slice(-1),
      'run',
      '--config',
      this.configPath(name),
      '--log',
      join(this.o.stateDir, `${name}.log`),
    ];
    if (this.o.logLevel) args.push('--log-level', this.o.logLevel);
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { status?: NodeStatus };
        if (parsed.status) this.latest[name] = parsed.status;
      } catch {
        // not a status line
      }
    });
    child.once('exit', (code, signal) => {
      if (this.children[name] === child) delete this.children[name];
      for (const l of this.exitListeners) l(name, code, signal);
    });
    this.children[name] = child;
    delete this.latest[name];
    return child;
  }

  /** Process id of the running node, or undefined when it is not running. */
  pid(name: NodeName): number | undefined {
    return this.children[name]?.pid;
  }

  /** A crash: SIGKILL, no chance to close anything. Resolves once the process is gone. */
  async killNode(name: NodeName): Promise<void> {
    const c = this.children[name];
    if (!c) return;
    await new Promise<void>((r) => {
      c.once('exit', () => r());
      c.kill('SIGKILL');
    });
  }

  /** Clean stop of one node (SIGTERM); resolves with its exit code. */
  async stopNode(name: NodeName, graceMs = 20_000): Promise<number | null> {
    const c = this.children[name];
    if (!c) return 0;
    return new Promise((r) => {
      const t = setTimeout(() => c.kill('SIGKILL'), graceMs);
      t.unref();
      c.once('exit', (code) => {
        clearTimeout(t);
        r(code);
      });
      c.kill('SIGTERM');
    });
  }

  /** Wait until `predicate` holds on the latest statuses (checked every 200 ms), or time out. */
  async waitFor(predicate: (s: Partial<Record<NodeName, NodeStatus>>) => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (predicate(this.latest)) return true;
      await new Promise((r) => setTimeout(r, 200));
    }
    return predicate(this.latest);
  }

  /** Stop both nodes cleanly, then the simulator. Returns the nodes' exit codes. */
  async stop(): Promise<Record<NodeName, number | null>> {
    const [a, b] = await Promise.all([this.stopNode('alice'), this.stopNode('bob')]);
    for (const name of BOARD_NAMES) await this.served[name].close();
    this.sim.close();
    return { alice: a, bob: b };
  }
}
