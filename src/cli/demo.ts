/**
 * `qkdd demo` (what `npm start` runs): the simulated bench and both nodes on
 * this machine, with nothing installed beyond `npm ci`.
 *
 * - The simulator runs in this process; each board is served on its own
 *   pseudo-terminal through socat when socat is installed (a real serial line
 *   for the serialport binding), otherwise on a loopback TCP port.
 * - Each node is its own `qkdd run` process (so either can be killed and
 *   restarted), with its bench config, pre-shared key, key store and log in
 *   the state folder (default .qkdd-demo/), and an ETSI GS QKD 014 server on
 *   https://127.0.0.1:8443 (A, transmitter, SAE sae-a) and :8444 (B, receiver,
 *   SAE sae-b) with the demo PKI in <state>/pki/.
 * - One status line per second; Ctrl-C (or --duration) stops both nodes
 *   cleanly (stores closed, nothing half-written), then the simulator.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSimulatedBench, serveOnPty, serveOnTcp, BOARD_NAMES, type BoardName } from '../../sim/index.ts';
import { generateDemoPki } from '../api/pki/demo-pki.ts';
import type { NodeStatus } from '../node/qkd-node.ts';
import { formatOptions, parseOptions, type OptionSpec } from './args.ts';
import { demoConfigs, DEMO_FRAME_SLOTS, DEMO_SOURCE } from './demo-configs.ts';

const SPEC = {
  json: { kind: 'boolean', help: 'print status as JSON lines instead of text' },
  duration: { kind: 'number', help: 'stop cleanly after this many seconds', min: 0 },
  'distance-km': { kind: 'number', help: 'fibre length between the nodes, in km', default: 10, min: 0, max: 300 },
  attack: { kind: 'string', help: 'eavesdropper on the fibre', choices: ['none', 'intercept-resend'], default: 'none' },
  state: { kind: 'string', help: 'folder for configs, keys, stores, PKI and logs', default: '.qkdd-demo' },
  seed: { kind: 'number', help: 'seed of the simulated bench', default: 1, min: 0 },
  boards: { kind: 'string', help: 'how boards are served: pty (socat), tcp, or auto (pty when socat is installed)', choices: ['auto', 'pty', 'tcp'], default: 'auto' },
  'peer-port': { kind: 'number', help: 'TCP port of the peer channel between the nodes', default: 7700, min: 1, max: 65535 },
  'etsi-port-a': { kind: 'number', help: 'ETSI 014 HTTPS port of node A', default: 8443, min: 1, max: 65535 },
  'etsi-port-b': { kind: 'number', help: 'ETSI 014 HTTPS port of node B', default: 8444, min: 1, max: 65535 },
} satisfies Record<string, OptionSpec>;

export const DEMO_HELP = `usage: qkdd demo [options]     (npm start runs this)

A simulated two-node QKD link on this machine: the simulated bench (boards
on pseudo-terminals when socat is installed, else on loopback TCP), node A
(transmitter) and node B (receiver) as two qkdd processes, key stores and
ETSI GS QKD 014 servers at https://127.0.0.1:8443 (A) and :8444 (B).
Prints a status line each second: QBER, sifted and secret key rate, keys
stored, alarms. Ctrl-C stops both nodes cleanly.

${formatOptions(SPEC)}`;

const here = dirname(fileURLToPath(import.meta.url));
const QKDD_BIN = resolve(here, '../../bin/qkdd.js');

/** Detector physics of the demo bench: SNSPD-class, so that 100 MHz at 10 km is not dead-time limited. */
const DEMO_PHYSICS = {
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

function socatAvailable(): boolean {
  return spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
}

export async function runDemoCommand(argv: string[]): Promise<number> {
  const { values, help } = parseOptions(argv, SPEC);
  if (help) {
    console.log(DEMO_HELP);
    return 0;
  }
  const stateDir = resolve(values.state ?? '.qkdd-demo');
  const distanceKm = values['distance-km'] ?? 10;
  const json = values.json;
  const say = (line: string, obj: Record<string, unknown>): void => {
    console.log(json ? JSON.stringify(obj) : line);
  };
  for (const d of ['alice', 'bob', 'pki']) mkdirSync(join(stateDir, d), { recursive: true });

  // One pre-shared key, one copy per node (each keeps its own position file).
  const psk = join(stateDir, 'psk.bin');
  if (!existsSync(psk)) writeFileSync(psk, randomBytes(4 << 20), { mode: 0o600 });
  for (const n of ['alice', 'bob']) if (!existsSync(join(stateDir, n, 'psk.bin'))) copyFileSync(psk, join(stateDir, n, 'psk.bin'));
  await generateDemoPki(join(stateDir, 'pki'));

  const sim = createSimulatedBench({
    seed: values.seed ?? 1,
    distanceKm,
    attack: values.attack === 'intercept-resend' ? { kind: 'intercept-resend', fraction: 1 } : null,
    physics: DEMO_PHYSICS,
  });
  const usePty = values.boards === 'pty' || (values.boards === 'auto' && socatAvailable());
  const served: Record<BoardName, { url: string; close: () => Promise<void> | void }> = {} as never;
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
  say(
    `qkdd demo: boards on ${usePty ? 'pseudo-terminals (socat)' : 'loopback TCP (socat not found)'}; ${distanceKm} km; attack: ${values.attack}; state in ${stateDir}`,
    { event: 'start', transport: usePty ? 'pty' : 'tcp', boards: Object.fromEntries(BOARD_NAMES.map((n) => [n, served[n].url])), distanceKm, attack: values.attack, stateDir },
  );

  const delayPs = (distanceKm * 1.468 * 1e15) / 299792458;
  const gateWidthPs = 400;
  const cfg = demoConfigs(
    stateDir,
    { photonSource: served['photon-source'].url, polarizationModulator: served['polarization-modulator'].url, detector: served.detector.url },
    { peer: values['peer-port'] ?? 7700, etsiA: values['etsi-port-a'] ?? 8443, etsiB: values['etsi-port-b'] ?? 8444 },
    { gateDelayPs: Math.round(delayPs - gateWidthPs / 2), gateWidthPs },
  );
  writeFileSync(join(stateDir, 'alice.yaml'), cfg.alice);
  writeFileSync(join(stateDir, 'bob.yaml'), cfg.bob);

  const latest: { a?: NodeStatus; b?: NodeStatus } = {};
  const children: ChildProcess[] = [];
  const startNode = (who: 'a' | 'b', name: string): ChildProcess => {
    const child = spawn(process.execPath, [QKDD_BIN, 'run', '--config', join(stateDir, `${name}.yaml`), '--log', join(stateDir, `${name}.log`)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { status?: NodeStatus };
        if (parsed.status) latest[who] = parsed.status;
      } catch {
        // not a status line
      }
    });
    children.push(child);
    return child;
  };
  startNode('a', 'alice');
  startNode('b', 'bob');

  const started = Date.now();
  let prev = { t: started, sifted: 0, secret: 0 };
  const timer = setInterval(() => {
    const a = latest.a;
    const b = latest.b;
    if (!a || !b) return;
    const now = Date.now();
    const sifted = Number(b.stats.siftedKeyBits ?? 0);
    const secret = Number(a.stats.secretBits ?? 0);
    const dt = (now - prev.t) / 1000;
    const siftedRate = (sifted - prev.sifted) / dt;
    const secretRate = (secret - prev.secret) / dt;
    prev = { t: now, sifted, secret };
    const qber = Number(b.stats.lastQberKey);
    const qberTest = Number(b.stats.lastQberTest);
    const alarms = a.alarms.total + b.alarms.total;
    const obj = {
      event: 'status',
      tS: Math.round((now - started) / 1000),
      qberKey: qber,
      qberTest,
      siftedBitsPerS: Math.round(siftedRate),
      secretBitsPerS: Math.round(secretRate),
      framesOk: Number(a.stats.framesOk ?? 0),
      framesAborted: Number(b.stats.framesAborted ?? 0),
      storedBitsA: a.store.appBits,
      storedBitsB: b.store.appBits,
      alarms,
      alarmCodes: { ...a.alarms.byCode, ...b.alarms.byCode },
      peerConnected: a.peerConnected && b.peerConnected,
    };
    const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : '-');
    say(
      `t=${obj.tS}s  QBER ${pct(qber)} (test ${pct(qberTest)})  sifted ${(siftedRate / 1e3).toFixed(1)} kbit/s  secret ${(secretRate / 1e3).toFixed(1)} kbit/s  ` +
        `frames ok ${obj.framesOk} dropped ${obj.framesAborted}  stored A ${(obj.storedBitsA / 1e3).toFixed(1)} kbit B ${(obj.storedBitsB / 1e3).toFixed(1)} kbit  alarms ${alarms}${alarms ? ` ${JSON.stringify(obj.alarmCodes)}` : ''}  peer ${obj.peerConnected ? 'up' : 'down'}`,
      obj,
    );
  }, 1000);

  await new Promise<void>((resolveStop) => {
    process.once('SIGINT', resolveStop);
    process.once('SIGTERM', resolveStop);
    if (values.duration !== undefined) setTimeout(resolveStop, values.duration * 1000);
    for (const c of children) c.once('exit', (code) => code !== 0 && code !== null && resolveStop());
  });
  clearInterval(timer);
  say('qkdd demo: stopping both nodes', { event: 'stopping' });
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((r) => {
          if (c.exitCode !== null) return r();
          c.once('exit', () => r());
          c.kill('SIGTERM');
          setTimeout(() => c.kill('SIGKILL'), 15_000).unref();
        }),
    ),
  );
  for (const name of BOARD_NAMES) await served[name].close();
  sim.close();
  const failed = children.filter((c) => c.exitCode !== 0);
  say(`qkdd demo: stopped${failed.length ? ` (${failed.length} node(s) exited with an error; see ${stateDir}/*.log)` : ''}`, { event: 'stopped', failed: failed.length });
  return failed.length ? 1 : 0;
}
