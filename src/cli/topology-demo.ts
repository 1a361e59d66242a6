/**
 * `qkdd demo --topology line3|ring4` (`npm start -- --topology ring4`): a
 * small trusted-relay QKD network on this machine (issue 13). Each link is a
 * simulated bench (sim/, boards on loopback TCP) at a low pulse rate that
 * fits a shared machine, with a known bench (the demo's operating point; no
 * calibration); each node is a `qkdd node --config` process running its links
 * and the key relay. Node i (a, b, c, …) serves ETSI GS QKD 014 at
 * https://127.0.0.1:(8443+i) for SAE `sae-<letter>`, PKI in `<state>/pki/`
 * (`ca.pem`, `sae-<letter>.pem`, `sae-<letter>-key.pem`, `kme-<letter>.pem`).
 *
 * The demo itself acts as the SAEs of the first node and of the opposite node:
 * in rounds of 16 keys it asks node a for keys for the opposite node's SAE
 * (enc_keys, relayed) and fetches them there (dec_keys), checks they are
 * equal, and prints per-link secret key rates and the end-to-end rate.
 * `--attack-link ID` puts an intercept-resend eavesdropper on that link's
 * fibre: the link's QBER alarms, it stops delivering key, and the network
 * routes around it (in a ring; in a line there is no other way).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { createSimulatedBench, serveOnTcp, BOARD_NAMES, type SimulatedBench } from '../../sim/index.ts';
import { generateDemoPki, type DemoLeaf } from '../api/pki/demo-pki.ts';
import type { TrustedNodeStatus } from '../network/node/trusted-node.ts';
import { demoBlockBits, demoConfigs } from './demo-configs.ts';
import { DEMO_PHYSICS } from './demo-link.ts';
import { qkddCommandArgs } from './self-command.ts';
import { formatOptions, parseOptions, usageError, type OptionSpec } from './args.ts';
import { packageVersion } from '../../sim/cli/version.ts';

export const TOPOLOGIES = {
  line3: {
    nodes: ['a', 'b', 'c'],
    links: [
      ['a', 'b'],
      ['b', 'c'],
    ],
    pair: ['a', 'c'],
  },
  ring4: {
    nodes: ['a', 'b', 'c', 'd'],
    links: [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'a'],
    ],
    pair: ['a', 'c'],
  },
} as const;
export type TopologyName = keyof typeof TOPOLOGIES;

export interface TopologyDemoOptions {
  readonly topology: TopologyName;
  readonly stateDir: string;
  /** Link ID (e.g. `ab`) with an intercept-resend eavesdropper, or null. */
  readonly attackLink: string | null;
  readonly seed: number;
  /** Pulse rate of every simulated source, Hz. */
  readonly pulseRateHz: number;
  readonly distanceKm: number;
  /** First ETSI port (node i listens on basePort + i). */
  readonly etsiBasePort: number;
  readonly logLevel?: string;
  /** Print the start line and each rate line as one JSON object (`--json`). */
  readonly json?: boolean;
}

export interface E2eCounters {
  keys: number;
  mismatches: number;
  failures: number;
  lastError: string | null;
  lastPath: string | null;
}

export class TopologyDemo {
  readonly latest = new Map<string, TrustedNodeStatus>();
  readonly e2e: E2eCounters = { keys: 0, mismatches: 0, failures: 0, lastError: null, lastPath: null };
  private readonly children = new Map<string, ChildProcess>();
  private stopped = false;
  private allExitedListener: (() => void) | null = null;
  /** Settles when every node process has exited without stop() (the demo has nothing left to run). */
  readonly allExited = new Promise<void>((resolve) => {
    this.allExitedListener = resolve;
  });

  private constructor(
    readonly o: TopologyDemoOptions,
    readonly linkIds: string[],
    private readonly sims: { sim: SimulatedBench; close: () => Promise<void> }[],
    readonly etsiUrls: Map<string, string>,
  ) {}

  static async start(o: TopologyDemoOptions): Promise<TopologyDemo> {
    const topo = TOPOLOGIES[o.topology];
    const linkIds = topo.links.map(([x, y]) => `${x}${y}`);
    if (o.attackLink !== null && !linkIds.includes(o.attackLink))
      throw usageError(`--attack-link ${o.attackLink}: the ${o.topology} topology has links ${linkIds.join(', ')}`);
    const state = resolve(o.stateDir);
    mkdirSync(state, { recursive: true, mode: 0o700 });
    const pki = join(state, 'pki');
    const leaves: DemoLeaf[] = topo.nodes.flatMap((n) => [
      { name: `kme-${n}`, commonName: `kme-${n}`, kind: 'server' as const, altNames: ['IP:127.0.0.1', 'DNS:localhost'] },
      { name: `sae-${n}`, commonName: `sae-${n}`, kind: 'client' as const, altNames: [`URI:sae:sae-${n}`] },
    ]);
    await generateDemoPki(pki, { leaves });
    const nodeLinks = new Map<string, { config: string; peer: string }[]>(topo.nodes.map((n) => [n, []]));
    const sims: { sim: SimulatedBench; close: () => Promise<void> }[] = [];
    for (const [i, [x, y]] of topo.links.entries()) {
      const id = `${x}${y}`;
      const sim = createSimulatedBench({
        seed: o.seed + i,
        distanceKm: o.distanceKm,
        attack: id === o.attackLink ? { kind: 'intercept-resend', fraction: 1 } : null,
        physics: { ...DEMO_PHYSICS, source: { pulseRateHz: o.pulseRateHz } },
      });
      const served: Record<string, { url: string; close: () => Promise<void> | void }> = {};
      for (const name of BOARD_NAMES) {
        const t = await serveOnTcp(sim.board(name), 0);
        served[name] = { url: t.url, close: () => t.close() };
      }
      sims.push({ sim, close: async () => void (await Promise.all(Object.values(served).map((s) => s.close()))) });
      const delayPs = (o.distanceKm * 1.468 * 1e15) / 299792458;
      const linkDir = join(state, id);
      const text = demoConfigs(
        linkDir,
        {
          photonSource: served['photon-source'].url,
          polarizationModulator: served['polarization-modulator'].url,
          detector: served.detector.url,
        },
        { peer: await freePort(), etsiA: 0, etsiB: 0 },
        { gateDelayPs: Math.max(0, Math.round(delayPs - 200)), gateWidthPs: 400 },
        o.pulseRateHz,
        demoBlockBits(o.distanceKm),
      );
      const psk = randomBytes(4 << 20);
      for (const [side, yaml, node, peer] of [
        ['alice', text.alice, x, y],
        ['bob', text.bob, y, x],
      ] as const) {
        const cfg = parseYaml(yaml) as Record<string, unknown> & { node: { id: string; linkId: string }; frame: { workers: number } };
        delete cfg.etsi;
        cfg.node.id = `${node}-${id}`;
        cfg.node.linkId = id;
        cfg.frame.workers = 1;
        mkdirSync(join(linkDir, side), { recursive: true, mode: 0o700 });
        writeFileSync(join(linkDir, side, 'psk.bin'), psk, { mode: 0o600 });
        const file = join(state, `${id}-${node}.yaml`);
        writeFileSync(file, `# Written by qkdd demo --topology; rewritten at each start.\n${stringifyYaml(cfg)}`);
        nodeLinks.get(node)!.push({ config: file, peer });
      }
    }
    const saes = Object.fromEntries(topo.nodes.map((n) => [`sae-${n}`, n]));
    const etsiUrls = new Map<string, string>();
    const demo = new TopologyDemo(o, linkIds, sims, etsiUrls);
    for (const [i, n] of topo.nodes.entries()) {
      const port = o.etsiBasePort + i;
      etsiUrls.set(n, `https://127.0.0.1:${port}`);
      const file = join(state, `node-${n}.yaml`);
      writeFileSync(
        file,
        `# Written by qkdd demo --topology; rewritten at each start.\n${stringifyYaml({
          node: { id: n },
          state: `state-${n}`,
          links: nodeLinks.get(n),
          pools: { reserveBits: 0, transitShare: 1 },
          etsi: {
            listen: `127.0.0.1:${port}`,
            localSaeIds: [`sae-${n}`],
            saes,
            tls: { ca: 'pki/ca.pem', cert: `pki/kme-${n}.pem`, key: `pki/kme-${n}-key.pem` },
          },
        })}`,
      );
      demo.spawnNode(n, file);
    }
    return demo;
  }

  private spawnNode(n: string, file: string): void {
    // Each node's log (stderr) goes to <state>/<node>.log, so the demo's terminal shows only its own lines.
    const logFd = openSync(join(this.o.stateDir, `${n}.log`), 'a', 0o600);
    const child = spawn(process.execPath, [...qkddCommandArgs(), 'node', '--config', file, '--log-level', this.o.logLevel ?? 'warn'], {
      stdio: ['ignore', 'pipe', logFd],
    });
    closeSync(logFd);
    this.children.set(n, child);
    // Never leave a node behind if this process ends some other way than stop().
    process.once('exit', () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { node?: TrustedNodeStatus };
        if (parsed.node) this.latest.set(n, parsed.node);
      } catch {
        /* not a status line */
      }
    });
    child.once('exit', (code, signal) => {
      if (this.stopped) return;
      process.stderr.write(`qkdd demo: node ${n} exited (${code ?? signal})\n`);
      const running = [...this.children.values()].some((c) => c.exitCode === null && c.signalCode === null);
      if (!running) this.allExitedListener?.();
    });
  }

  /** One round of the SAEs: `count` keys from the first node for the opposite node's SAE, fetched there. */
  async exchange(count: number, sizeBits = 256): Promise<number> {
    const [from, to] = TOPOLOGIES[this.o.topology].pair;
    const pki = join(resolve(this.o.stateDir), 'pki');
    const id = (n: string): { ca: Buffer; cert: Buffer; key: Buffer } => ({
      ca: readFileSync(join(pki, 'ca.pem')),
      cert: readFileSync(join(pki, `sae-${n}.pem`)),
      key: readFileSync(join(pki, `sae-${n}-key.pem`)),
    });
    try {
      const enc = await post(`${this.etsiUrls.get(from)}/api/v1/keys/sae-${to}/enc_keys`, id(from), { number: count, size: sizeBits });
      if (enc.status !== 200) throw new Error(`enc_keys ${enc.status}: ${String((enc.body as { message?: string }).message)}`);
      const keys = (enc.body as { keys: { key_ID: string; key: string }[] }).keys;
      const dec = await post(`${this.etsiUrls.get(to)}/api/v1/keys/sae-${from}/dec_keys`, id(to), {
        key_IDs: keys.map((k) => ({ key_ID: k.key_ID })),
      });
      if (dec.status !== 200) throw new Error(`dec_keys ${dec.status}: ${String((dec.body as { message?: string }).message)}`);
      const got = new Map((dec.body as { keys: { key_ID: string; key: string }[] }).keys.map((k) => [k.key_ID, k.key]));
      let same = 0;
      for (const k of keys) if (got.get(k.key_ID) === k.key) same++;
      this.e2e.keys += same;
      this.e2e.mismatches += keys.length - same;
      this.e2e.lastError = null;
      const st = await get(`${this.etsiUrls.get(from)}/api/v1/keys/sae-${to}/status`, id(from));
      const path = (st.body as { path?: string[] | null }).path;
      this.e2e.lastPath = path ? path.join('-') : null;
      return same;
    } catch (err) {
      this.e2e.failures++;
      this.e2e.lastError = (err as Error).message;
      return 0;
    }
  }

  /** Secret key made on each link so far (its allocator end's count), bits. */
  linkSecretBits(): Map<string, { bits: number; up: boolean; alarmed: boolean }> {
    const out = new Map<string, { bits: number; up: boolean; alarmed: boolean }>();
    for (const s of this.latest.values()) {
      for (const l of s.links) {
        if (!l.allocator) continue;
        out.set(l.id, { bits: l.secretBits, up: l.up, alarmed: l.alarmed });
      }
    }
    return out;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(
      [...this.children.values()].map(
        (c) =>
          new Promise<void>((done) => {
            if (c.exitCode !== null || c.signalCode !== null) return done();
            const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
            c.once('exit', () => {
              clearTimeout(t);
              done();
            });
            c.kill('SIGTERM');
          }),
      ),
    );
    for (const s of this.sims) {
      await s.close();
      s.sim.close();
    }
  }
}

/** A loopback port free now (for a link's peer channel). */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      srv.close(() => done(port));
    });
  });
}

function post(url: string, who: { ca: Buffer; cert: Buffer; key: Buffer }, body: unknown): Promise<{ status: number; body: unknown }> {
  return call(url, who, 'POST', JSON.stringify(body));
}

function get(url: string, who: { ca: Buffer; cert: Buffer; key: Buffer }): Promise<{ status: number; body: unknown }> {
  return call(url, who, 'GET');
}

function call(
  url: string,
  who: { ca: Buffer; cert: Buffer; key: Buffer },
  method: string,
  payload?: string,
): Promise<{ status: number; body: unknown }> {
  return new Promise((done, fail) => {
    const req = request(
      url,
      {
        method,
        ...who,
        agent: false,
        headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            done({ status: res.statusCode ?? 0, body: JSON.parse(text) });
          } catch {
            done({ status: res.statusCode ?? 0, body: { message: text } });
          }
        });
      },
    );
    req.on('error', fail);
    req.end(payload);
  });
}

/** Run the demo until SIGINT/SIGTERM, printing rates every `printEveryS`. */
export async function runTopologyDemo(o: TopologyDemoOptions, printEveryS = 5): Promise<number> {
  const demo = await TopologyDemo.start(o);
  const [from, to] = TOPOLOGIES[o.topology].pair;
  const json = o.json === true;
  if (json) {
    console.log(
      JSON.stringify({
        event: 'started',
        topology: o.topology,
        nodes: TOPOLOGIES[o.topology].nodes,
        links: demo.linkIds,
        pulseRateHz: o.pulseRateHz,
        distanceKm: o.distanceKm,
        attackLink: o.attackLink,
        etsi: Object.fromEntries(demo.etsiUrls),
        saes: [`sae-${from}`, `sae-${to}`],
        stateDir: resolve(o.stateDir),
      }),
    );
  } else
    console.log(
      `qkdd demo --topology ${o.topology}: nodes ${TOPOLOGIES[o.topology].nodes.join(', ')}, links ${demo.linkIds.join(', ')}; ` +
        `simulated benches at ${o.pulseRateHz / 1e6} MHz, ${o.distanceKm} km, known bench (no calibration); attack: ${o.attackLink ?? 'none'}; ` +
        `ETSI 014 ${[...demo.etsiUrls].map(([n, u]) => `${n}=${u}`).join(' ')}; SAEs sae-${from} → sae-${to}; state in ${resolve(o.stateDir)}`,
    );
  let running = true;
  let nodesGone = false;
  const stop = new Promise<void>((done) => {
    const end = (): void => {
      running = false;
      done();
    };
    process.once('SIGINT', end);
    process.once('SIGTERM', end);
    void demo.allExited.then(() => {
      nodesGone = true;
      end();
    });
  });
  const t0 = Date.now();
  let lastPrint = Date.now();
  let lastBits = new Map<string, number>();
  let lastKeys = 0;
  while (running) {
    const got = await Promise.race([demo.exchange(16), stop.then(() => 0)]);
    // A short pause between rounds that delivered; a longer one while no path has key yet.
    await Promise.race([new Promise((r) => setTimeout(r, got > 0 ? 200 : 1000)), stop]);
    const dt = (Date.now() - lastPrint) / 1000;
    if (dt < printEveryS) continue;
    const links = demo.linkSecretBits();
    const e2eRate = (demo.e2e.keys - lastKeys) / dt;
    if (json) {
      console.log(
        JSON.stringify({
          event: 'rates',
          atS: Math.round((Date.now() - t0) / 1000),
          links: Object.fromEntries(
            [...links].map(([id, l]) => [
              id,
              { state: l.alarmed ? 'alarm' : l.up ? 'up' : 'down', kbitPerS: (l.bits - (lastBits.get(id) ?? l.bits)) / dt / 1000 },
            ]),
          ),
          e2e: {
            from,
            to,
            keysPerS: e2eRate,
            keys: demo.e2e.keys,
            path: demo.e2e.lastPath ?? null,
            mismatches: demo.e2e.mismatches,
            lastError: demo.e2e.lastError ?? null,
          },
        }),
      );
    }
    const parts = [...links].map(([id, l]) => {
      const rate = (l.bits - (lastBits.get(id) ?? l.bits)) / dt;
      return `${id} ${l.alarmed ? 'ALARM' : l.up ? 'up' : 'down'} ${(rate / 1000).toFixed(1)} kbit/s`;
    });
    if (!json)
      console.log(
        `[${Math.round((Date.now() - t0) / 1000)} s] links: ${parts.join(' | ') || 'starting'} — end to end ${from}→${to}: ${e2eRate.toFixed(2)} keys/s ` +
          `(${demo.e2e.keys} keys, path ${demo.e2e.lastPath ?? 'none'}${demo.e2e.mismatches ? `, ${demo.e2e.mismatches} MISMATCHED` : ''}${demo.e2e.lastError ? `; last error: ${demo.e2e.lastError}` : ''})`,
      );
    lastBits = new Map([...links].map(([id, l]) => [id, l.bits]));
    lastKeys = demo.e2e.keys;
    lastPrint = Date.now();
  }
  await demo.stop();
  if (nodesGone) {
    process.stderr.write('qkdd demo: every node process has exited; the demo stops (see the lines above for each exit)\n');
    return 1;
  }
  return 0;
}

const SPEC = {
  topology: { kind: 'string', help: 'the network: line3 (a–b–c) or ring4 (a–b–c–d–a)', choices: Object.keys(TOPOLOGIES) },
  'attack-link': { kind: 'string', help: 'put an intercept-resend eavesdropper on this link (e.g. ab)' },
  state: { kind: 'string', help: 'state folder (configs, key stores, relay stores, PKI)', default: '.qkdd-topology-demo' },
  seed: { kind: 'number', help: 'seed of the simulated benches', default: 1 },
  'rate-hz': {
    kind: 'number',
    help: 'pulse rate of every simulated source (low: a shared machine runs every link)',
    default: 5e6,
    min: 1e5,
  },
  'distance-km': { kind: 'number', help: 'fibre length of every link', default: 10, min: 0 },
  'etsi-port': { kind: 'number', help: 'ETSI 014 port of node a (node i: this + i)', default: 8443, min: 1 },
  'log-level': { kind: 'string', help: 'log level of the node processes (their logs: <state>/<node>.log)', default: 'warn' },
  json: { kind: 'boolean', help: 'print the start line and the rates as JSON lines (event: started, rates)' },
} satisfies Record<string, OptionSpec>;

export const TOPOLOGY_DEMO_HELP = `usage: qkdd demo --topology line3|ring4 [options]   (npm start -- --topology ring4)

A trusted-relay QKD network on this machine: every link a simulated bench,
every node a qkdd node process relaying keys. Node i (a, b, …) serves ETSI
GS QKD 014 at https://127.0.0.1:(8443+i) for SAE sae-<letter>; PKI in
<state>/pki/. Prints per-link and end-to-end key rates every 5 s.

${formatOptions(SPEC)}`;

export async function runTopologyDemoCommand(argv: string[]): Promise<number> {
  const { values, help, version } = parseOptions(argv, SPEC);
  if (help) {
    console.log(TOPOLOGY_DEMO_HELP);
    return 0;
  }
  if (version) {
    console.log(`qkdd ${packageVersion()}`);
    return 0;
  }
  if (!values.topology) throw usageError('--topology line3|ring4 is required');
  return runTopologyDemo({
    topology: values.topology as TopologyName,
    stateDir: values.state ?? '.qkdd-topology-demo',
    attackLink: values['attack-link'] ?? null,
    seed: values.seed ?? 1,
    pulseRateHz: values['rate-hz'] ?? 5e6,
    distanceKm: values['distance-km'] ?? 10,
    etsiBasePort: values['etsi-port'] ?? 8443,
    logLevel: values['log-level'],
    json: values.json === true,
  });
}
