/**
 * `qkdd demo` (what `npm start` runs): the simulated bench and both nodes on
 * this machine, with nothing installed beyond `npm ci` (see demo-link.ts).
 * Node A (transmitter, SAE sae-a) serves ETSI GS QKD 014 at
 * https://127.0.0.1:8443, node B (receiver, SAE sae-b) at :8444, with the demo
 * PKI in <state>/pki/. Their control APIs (qkdctl status/stop/start/alarms,
 * docs/control-api.md) listen on http://127.0.0.1:9100/api/v1/ (A) and :9101
 * (B), and on each node's socket <state>/<node>/control.sock; the first lines
 * say so. One status line per second; Ctrl-C (or --duration)
 * stops both nodes cleanly (stores closed, nothing half-written), then the
 * simulator.
 */
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEMO_SOURCE } from './demo-configs.ts';
import { formatOptions, parseOptions, type OptionSpec } from './args.ts';
import { DemoLink } from './demo-link.ts';
import { runCalibrateAll } from './qkdctl/calibrate-all.ts';
import { describeFailure } from '../../errors/index.ts';
import { packageVersion } from '../../sim/cli/version.ts';

const SPEC = {
  json: { kind: 'boolean', help: 'print status as JSON lines instead of text' },
  'known-bench': {
    kind: 'boolean',
    help: 'skip calibration: a bench whose delay and modulator voltages the configs know, no drift (the earlier demo)',
  },
  duration: { kind: 'number', help: 'stop cleanly after this many seconds (of key making: after the calibration)', min: 0 },
  'distance-km': { kind: 'number', help: 'fibre length between the nodes, in km', default: 10, min: 0, max: 300 },
  attack: { kind: 'string', help: 'eavesdropper on the fibre', choices: ['none', 'intercept-resend'], default: 'none' },
  state: { kind: 'string', help: 'folder for configs, keys, stores, PKI and logs', default: '.qkdd-demo' },
  seed: { kind: 'number', help: 'seed of the simulated bench', default: 1, min: 0 },
  boards: {
    kind: 'string',
    help: 'how boards are served: pty (socat), tcp, or auto (pty when socat is installed)',
    choices: ['auto', 'pty', 'tcp'],
    default: 'auto',
  },
  'log-level': {
    kind: 'string',
    help: 'log level of the nodes (logs in <state>/alice.log, bob.log)',
    choices: ['error', 'warn', 'info', 'debug'],
    default: 'info',
  },
  'peer-port': { kind: 'number', help: 'TCP port of the peer channel between the nodes', default: 7700, min: 1, max: 65535 },
  'etsi-port-a': { kind: 'number', help: 'ETSI 014 HTTPS port of node A', default: 8443, min: 1, max: 65535 },
  'etsi-port-b': { kind: 'number', help: 'ETSI 014 HTTPS port of node B', default: 8444, min: 1, max: 65535 },
  'control-port-a': { kind: 'number', help: 'control API port of node A (loopback HTTP)', default: 9100, min: 1, max: 65535 },
  'control-port-b': { kind: 'number', help: 'control API port of node B (loopback HTTP)', default: 9101, min: 1, max: 65535 },
} satisfies Record<string, OptionSpec>;

export const DEMO_HELP = `usage: qkdd demo [options]     (npm start runs this)

A simulated two-node QKD link on this machine: the simulated bench (boards
on pseudo-terminals when socat is installed, else on loopback TCP), node A
(transmitter) and node B (receiver) as two qkdd processes, key stores and
ETSI GS QKD 014 servers at https://127.0.0.1:8443 (A) and :8444 (B), and
control APIs at http://127.0.0.1:9100/api/v1/ (A) and :9101 (B), which
qkdctl status/stop/start/alarms --url talk to.
Dashboards in a browser: http://127.0.0.1:9100/ (A) and :9101/ (B);
Prometheus metrics at http://127.0.0.1:9100/metrics (A) and :9101/metrics (B).
By default the bench is an unknown one (drawn from --seed: fibre delay,
detector skew, modulator V_π and offset, drifting fibre polarization and delay, actual
mean photon numbers, detector figures): the demo first runs qkdctl calibrate
all against it (progress lines), restarts the nodes on their calibration
files, then makes key with polarization and delay tracking on. --known-bench skips
that (the bench the configs know, no drift).
Prints a status line each second: QBER, sifted and secret key rate, keys
stored, alarms. Ctrl-C stops both nodes cleanly.

${formatOptions(SPEC)}`;

export async function runDemoCommand(argv: string[]): Promise<number> {
  const { values, help, version } = parseOptions(argv, SPEC);
  if (help) {
    console.log(DEMO_HELP);
    return 0;
  }
  if (version) {
    console.log(`qkdd ${packageVersion()}`);
    return 0;
  }
  const json = values.json;
  const say = (line: string, obj: Record<string, unknown>): void => void console.log(json ? JSON.stringify(obj) : line);
  const known = values['known-bench'] === true;
  const seed = values.seed ?? 1;
  const link = await DemoLink.start({
    ...(known ? {} : { unknownBench: { seed }, tracking: true }),
    stateDir: resolve(values.state ?? '.qkdd-demo'),
    distanceKm: values['distance-km'] ?? 10,
    attack: values.attack === 'intercept-resend',
    seed,
    boards: (values.boards ?? 'auto') as 'auto' | 'pty' | 'tcp',
    logLevel: values['log-level'],
    ports: {
      peer: values['peer-port'] ?? 7700,
      etsiA: values['etsi-port-a'] ?? 8443,
      etsiB: values['etsi-port-b'] ?? 8444,
      controlA: values['control-port-a'] ?? 9100,
      controlB: values['control-port-b'] ?? 9101,
    },
  });
  say(
    `qkdd demo: boards on ${link.transport === 'pty' ? 'pseudo-terminals (socat)' : 'loopback TCP (socat not found or --boards tcp)'}; ${link.o.distanceKm} km; attack: ${values.attack}; state in ${link.o.stateDir}`,
    {
      event: 'start',
      transport: link.transport,
      boards: link.boardUrls,
      distanceKm: link.o.distanceKm,
      attack: values.attack,
      stateDir: link.o.stateDir,
    },
  );
  const controlA = link.controlUrl('alice');
  const controlB = link.controlUrl('bob');
  say(`qkdd demo: control API of node A at ${controlA}/api/v1/, node B at ${controlB}/api/v1/ (try: qkdctl status --url ${controlA})`, {
    event: 'control',
    controlA: { url: controlA, socket: link.controlSocket('alice') },
    controlB: { url: controlB, socket: link.controlSocket('bob') },
  });
  say(
    `qkdd demo: dashboards (open in a browser): node A ${controlA}/ (transmitter), node B ${controlB}/ (receiver: count rates, time histogram)`,
    {
      event: 'dashboard',
      dashboardA: `${controlA}/`,
      dashboardB: `${controlB}/`,
    },
  );
  say(`qkdd demo: Prometheus metrics of node A at ${controlA}/metrics, node B at ${controlB}/metrics`, {
    event: 'metrics',
    metricsA: `${controlA}/metrics`,
    metricsB: `${controlB}/metrics`,
  });
  // Ctrl-C or SIGTERM stop the demo at any point, calibration included; --duration counts from the first status line.
  let stopNow: () => void = () => undefined;
  const stopRequested = new Promise<'stop'>((resolveStop) => {
    stopNow = () => resolveStop('stop');
    process.once('SIGINT', stopNow);
    process.once('SIGTERM', stopNow);
  });
  if (!known) {
    const ok = await Promise.race([calibrateDemo(link, say), stopRequested]);
    if (ok === 'stop') {
      say('qkdd demo: stopping both nodes (during calibration)', { event: 'stopping' });
      const codes = await link.stop();
      say('qkdd demo: stopped', { event: 'stopped', exitCodes: codes });
      return 0;
    }
    if (!ok) {
      say('qkdd demo: calibration failed; stopping', { event: 'stopping' });
      await link.stop();
      return 1;
    }
  }
  let failedExit = false;
  link.onNodeExit((name, code, signal) => {
    if (code === 0) return;
    failedExit = true;
    say(`qkdd demo: node ${name} exited (${signal ? `signal ${signal}` : `code ${code}`}); see ${link.o.stateDir}/${name}.log`, {
      event: 'node-exit',
      node: name,
      code,
      signal,
    });
  });

  const started = Date.now();
  /** Seconds from the start of key-making to the first block stored (the status lines carry it). */
  let firstBlockAtS: number | null = null;
  if (values.duration !== undefined) setTimeout(stopNow, values.duration * 1000);
  // Rates over a sliding window: frames complete every few seconds, so a 1 s difference would jump between 0 and bursts.
  const RATE_WINDOW_MS = 10_000;
  const history: { t: number; sifted: number; secret: number }[] = [];
  const timer = setInterval(() => {
    const a = link.latest.alice;
    const b = link.latest.bob;
    if (!a || !b) return;
    const now = Date.now();
    const sifted = Number(b.stats.siftedKeyBits ?? 0);
    const secret = Number(a.stats.secretBits ?? 0);
    history.push({ t: now, sifted, secret });
    while (history.length > 1 && now - history[0].t > RATE_WINDOW_MS) history.shift();
    const first = history[0];
    const dt = Math.max(1, (now - first.t) / 1000);
    const siftedRate = Math.max(0, (sifted - first.sifted) / dt);
    const secretRate = Math.max(0, (secret - first.secret) / dt);
    const qber = Number(b.stats.lastQberKey);
    const qberTest = Number(b.stats.lastQberTest);
    const alarms = a.alarms.total + b.alarms.total;
    // Both nodes' counts per code, summed (a spread of the two maps kept only one node's count per code).
    const alarmCodes: Record<string, number> = {};
    for (const byCode of [a.alarms.byCode, b.alarms.byCode])
      for (const [code, n] of Object.entries(byCode)) alarmCodes[code] = (alarmCodes[code] ?? 0) + Number(n);
    const blocksStored = Number(a.stats.blocksStored ?? 0);
    if (blocksStored > 0 && firstBlockAtS === null) firstBlockAtS = Math.round((now - started) / 1000);
    const obj = {
      event: 'status',
      tS: Math.round((now - started) / 1000),
      qberKey: Number.isFinite(qber) ? qber : null,
      qberTest: Number.isFinite(qberTest) ? qberTest : null,
      siftedBitsPerS: Math.round(siftedRate),
      secretBitsPerS: Math.round(secretRate),
      secretBitsTotal: secret,
      framesOk: Number(a.stats.framesOk ?? 0),
      framesDropped: Number(b.stats.framesAborted ?? 0),
      blocksStored,
      blocksDropped: Number(a.stats.blocksAborted ?? 0),
      blockBits: Number(a.stats.lastBlockKeyBits ?? 0),
      firstBlockAtS,
      storedBitsA: a.store.appBits,
      storedBitsB: b.store.appBits,
      alarms,
      alarmCodes,
      peerConnected: a.peerConnected && b.peerConnected,
    };
    const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : '-');
    say(
      `t=${obj.tS}s  QBER ${pct(qber)} (test ${pct(qberTest)})  sifted ${(siftedRate / 1e3).toFixed(1)} kbit/s  secret ${(secretRate / 1e3).toFixed(1)} kbit/s  ` +
        `frames ok ${obj.framesOk} dropped ${obj.framesDropped}  blocks ${obj.blocksStored} dropped ${obj.blocksDropped}  stored A ${(obj.storedBitsA / 1e3).toFixed(1)} kbit B ${(obj.storedBitsB / 1e3).toFixed(1)} kbit  ` +
        `alarms ${alarms}${alarms ? ` ${JSON.stringify(obj.alarmCodes)}` : ''}  peer ${obj.peerConnected ? 'up' : 'down'}`,
      obj,
    );
  }, 1000);

  await new Promise<void>((resolveStop) => {
    void stopRequested.then(() => resolveStop());
    link.onNodeExit((_name, code) => code !== 0 && resolveStop());
  });
  clearInterval(timer);
  say('qkdd demo: stopping both nodes', { event: 'stopping' });
  const codes = await link.stop();
  const failed = failedExit || codes.alice !== 0 || codes.bob !== 0;
  say(`qkdd demo: stopped${failed ? ` (a node exited with an error; see ${link.o.stateDir}/*.log)` : ''}`, {
    event: 'stopped',
    exitCodes: codes,
  });
  return failed ? 1 : 0;
}

/** Removes both nodes' key stores (with their -wal and -shm files); returns how many files went. */
function discardStores(stateDir: string): number {
  let n = 0;
  for (const node of ['alice', 'bob']) {
    for (const suffix of ['', '-wal', '-shm']) {
      const path = join(stateDir, node, `keys.sqlite${suffix}`);
      if (existsSync(path)) {
        rmSync(path);
        n++;
      }
    }
  }
  return n;
}

/**
 * The demo's calibration on its unknown bench: `qkdctl calibrate all` through both nodes' control
 * sockets (the demo restarts the receiver for the delay, as a technician would), then both nodes
 * restart on their calibration files (the intensities apply at a node's start). The system
 * transmittance for the intensities step is what a technician measures with a calibrated
 * attenuator and power meter; here the simulator stands in for that measurement.
 */
async function calibrateDemo(link: DemoLink, say: (line: string, obj: Record<string, unknown>) => void): Promise<boolean> {
  const t0 = Date.now();
  say('qkdd demo: unknown bench: calibrating first (qkdctl calibrate all: delay, detectors, polarization, intensities)…', {
    event: 'calibrating',
  });
  // Both nodes up and frames flowing (before the delay is known they end at once, on their QBER).
  const frames = (s: { stats: Record<string, unknown> } | undefined): number =>
    Number(s?.stats.framesOk ?? 0) + Number(s?.stats.framesAborted ?? 0);
  const up = await link.waitFor((s) => s.alice?.generation.running === true && frames(s.bob) >= 3, 180_000);
  if (!up) {
    say('qkdd demo: the link made no frame within 180 s', { event: 'calibration-failed' });
    return false;
  }
  const truth = link.sim.truth().now;
  const kb = DEMO_SOURCE.keyBasisProbability;
  const split = [kb, kb, 1 - kb, 1 - kb];
  const transmittance = (truth.transmittance * truth.efficiency.reduce((a, e, i) => a + e * split[i], 0)) / 2;
  const restart = async (name: 'alice' | 'bob'): Promise<void> => {
    await link.stopNode(name);
    link.startNode(name);
  };
  try {
    const r = await runCalibrateAll({
      receiver: link.controlSocket('bob'),
      transmitter: link.controlSocket('alice'),
      io: { json: false, result: () => undefined, progress: (line) => say(`qkdd demo: ${line}`, { event: 'calibration', line }) },
      transmittance,
      maxDelayUs: Math.max(50, link.o.distanceKm * 7.5 + 50),
      darkSeconds: 2,
      coarsePoints: 11,
      restartReceiver: () => restart('bob'),
    });
    say('qkdd demo: calibrated; restarting both nodes on their calibration files', {
      event: 'calibrated',
      seconds: r.seconds,
      steps: r.steps.map((s) => ({ step: s.step, seconds: s.seconds })),
    });
    // Key stored while calibrating had its length bounded with the set-point mean photon numbers, which
    // the unknown bench misses by up to ±20 %: its finite-key bound does not hold, so it is not key. Both
    // stores go while both nodes are down (the same blocks on each side, so they stay in agreement).
    await Promise.all([link.stopNode('alice'), link.stopNode('bob')]);
    const discarded = discardStores(link.o.stateDir);
    say(`qkdd demo: key made during calibration discarded (${discarded} store files)`, {
      event: 'calibration-key-discarded',
      files: discarded,
    });
    link.startNode('alice');
    link.startNode('bob');
    say(`qkdd demo: calibration took ${Math.round((Date.now() - t0) / 1000)} s; making key with polarization and delay tracking on`, {
      event: 'calibration-done',
      seconds: (Date.now() - t0) / 1000,
    });
    return true;
  } catch (err) {
    const report = describeFailure('qkdd demo', err, { debug: false, json: false });
    say(report.text, { event: 'calibration-failed', message: report.text });
    return false;
  }
}
