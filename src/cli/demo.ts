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
import { resolve } from 'node:path';
import { formatOptions, parseOptions, type OptionSpec } from './args.ts';
import { DemoLink } from './demo-link.ts';
import { packageVersion } from '../../sim/cli/version.ts';

const SPEC = {
  json: { kind: 'boolean', help: 'print status as JSON lines instead of text' },
  duration: { kind: 'number', help: 'stop cleanly after this many seconds', min: 0 },
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
  const link = await DemoLink.start({
    stateDir: resolve(values.state ?? '.qkdd-demo'),
    distanceKm: values['distance-km'] ?? 10,
    attack: values.attack === 'intercept-resend',
    seed: values.seed ?? 1,
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
      storedBitsA: a.store.appBits,
      storedBitsB: b.store.appBits,
      alarms,
      alarmCodes: { ...a.alarms.byCode, ...b.alarms.byCode },
      peerConnected: a.peerConnected && b.peerConnected,
    };
    const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : '-');
    say(
      `t=${obj.tS}s  QBER ${pct(qber)} (test ${pct(qberTest)})  sifted ${(siftedRate / 1e3).toFixed(1)} kbit/s  secret ${(secretRate / 1e3).toFixed(1)} kbit/s  ` +
        `frames ok ${obj.framesOk} dropped ${obj.framesDropped}  stored A ${(obj.storedBitsA / 1e3).toFixed(1)} kbit B ${(obj.storedBitsB / 1e3).toFixed(1)} kbit  ` +
        `alarms ${alarms}${alarms ? ` ${JSON.stringify(obj.alarmCodes)}` : ''}  peer ${obj.peerConnected ? 'up' : 'down'}`,
      obj,
    );
  }, 1000);

  await new Promise<void>((resolveStop) => {
    process.once('SIGINT', resolveStop);
    process.once('SIGTERM', resolveStop);
    if (values.duration !== undefined) setTimeout(resolveStop, values.duration * 1000);
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
