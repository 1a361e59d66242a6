/**
 * One GET /metrics scrape of a busy node, in scrapes/s (target: 200/s, i.e.
 * 5 ms or less per scrape), beside a plain reference: the same numbers
 * written as exposition text by hand (string concatenation), served by the
 * same control server, in the same run.
 *
 * The node is a fake with a realistic status: both counters and gauges of a
 * node that makes key (growing between scrapes), three boards, four detector
 * channels, every alarm code and abort reason, a safety hold, and the ETSI
 * latency histogram filled with thousands of requests over every endpoint
 * and several status codes. "Busy": while the scrapes run, a timer keeps the
 * event loop about half busy with 1 ms chunks of synchronous work, as a node
 * doing post-processing in its main thread would; scrapes wait behind them.
 *
 * value: scrapes/s through HTTP on loopback (control server, /metrics route,
 * keep-alive client in this process), the registry as `qkdd run` builds it
 * (with the process metrics). reference: the hand-written text of the qkdd
 * families, same server, same load. Extras: ms per scrape of each, of the
 * registry without the process metrics (like for like with the reference),
 * without the load, the series count and the body size.
 */
import { Agent, request } from 'node:http';
import { ALARM_CODES } from '../../src/node/alarms.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ControlServer, type RawControlRoute, startControlServer } from '../../src/api/control/index.ts';
import { ETSI_LATENCY_BUCKETS_S, metricsRoute, NodeMetrics } from '../../src/api/metrics/index.ts';
import { createLogger } from '../../src/log.ts';
import { AlarmBoard } from '../../src/node/alarms.ts';
import type { BenchHealth } from '../../src/node/bench-port.ts';
import { GenerationGate } from '../../src/node/generation-gate.ts';
import type { NodeStatus } from '../../src/node/qkd-node.ts';
import { Xoshiro128 } from '../../src/pipeline/prng.ts';
import type { BenchResult, BenchSuite } from './harness.ts';

const TARGET_MS = 5;
const ABORT_REASONS = [
  'qber-over-threshold',
  'length-not-positive',
  'insufficient-statistics',
  'verification-failed',
  'protocol-error',
  'generation-held',
  'peer-abort',
];
const ENDPOINTS = ['status', 'enc_keys', 'dec_keys', 'other'] as const;
const CODES = [200, 400, 401, 404, 503];

/** A node making key: every status() shows a few more frames, bits and alarms. */
class BusyFakeNode {
  private calls = 0;
  readonly gate = new GenerationGate();
  readonly alarms = new AlarmBoard(createLogger({ name: 'bench', level: 'silent' }));
  readonly health: BenchHealth = {
    boardTemperatures: [
      { board: 'photon-source', degc: 34.1 },
      { board: 'polarization-modulator', degc: 33.2 },
      { board: 'detector', degc: 31.7 },
    ],
    source: { interlockOpen: false, emitting: true, laserCurrentMa: 42.5, laserTemperatureDegc: 25.01 },
    detectors: [0, 1, 2, 3].map((channel) => ({ channel, countsPerSecond: 118_000 + channel * 1_234, temperatureDegc: -40.2 })),
  };
  readonly safety = { lastHealth: () => ({ health: this.health, atMs: Date.now() }) };

  constructor() {
    this.gate.hold('safety:count-rate-out-of-range', 'channel 2 counts 2000000/s');
  }

  status = (): NodeStatus => {
    const k = ++this.calls;
    const frames = 10_000 + k;
    return {
      nodeId: 'kme-b',
      role: 'receiver',
      linkId: 'demo-link',
      boards: [
        { name: 'photon-source', field: 'boards.photonSource', address: 'tcp://127.0.0.1:7001', state: 'connected', sinceMs: 0 },
        {
          name: 'polarization-modulator',
          field: 'boards.polarizationModulator',
          address: 'tcp://127.0.0.1:7002',
          state: 'connected',
          sinceMs: 0,
        },
        { name: 'detector', field: 'boards.detector', address: 'tcp://127.0.0.1:7003', state: 'lost', sinceMs: 0 },
      ],
      peerConnected: true,
      peerSessions: 3,
      framesInFlight: 4,
      stats: {
        framesStarted: frames + 4,
        framesOk: frames - 40,
        framesAborted: 40,
        abortsByReason: Object.fromEntries(ABORT_REASONS.map((r, i) => [r, 5 + i + (k % 3)])),
        detections: frames * 81_234,
        siftedKeyBits: frames * 49_880,
        secretBits: frames * 12_288,
        blocksStored: frames - 40,
        lastQberTest: 0.0121 + (k % 7) * 1e-4,
        lastQberKey: 0.0108,
        lastQberTestByClass: [0.0113, 0.0162, 0.48],
        cascadeLeakBits: frames * 5_802,
        cascadeRounds: frames * 37,
      },
      store: {
        appBits: 1_315_328 + k * 8,
        authBits: 187_904,
        storedBits: 1_503_232,
        maxBits: 2_147_483_648,
        deliveredKeys: 12 + k,
        pendingBlocks: 1,
      },
      alarms: { total: 999, byCode: Object.fromEntries(ALARM_CODES.map((c, i) => [c, i + 1])) },
      generation: { running: this.gate.isOpen, holds: this.gate.current() },
      authKey: { preSharedLeftBits: 33_000_000 },
    };
  };
}

/** The ETSI request history, kept twice: in the registry, and as plain counts for the reference. */
class PlainEtsi {
  readonly counts = new Map<string, number>();
  readonly buckets = new Map<string, number[]>();
  readonly sums = new Map<string, number>();
  readonly totals = new Map<string, number>();

  observe(endpoint: string, code: number, seconds: number): void {
    const key = `${endpoint} ${code}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    const b = this.buckets.get(endpoint) ?? ETSI_LATENCY_BUCKETS_S.map(() => 0);
    ETSI_LATENCY_BUCKETS_S.forEach((le, i) => {
      if (seconds <= le) b[i]++;
    });
    this.buckets.set(endpoint, b);
    this.sums.set(endpoint, (this.sums.get(endpoint) ?? 0) + seconds);
    this.totals.set(endpoint, (this.totals.get(endpoint) ?? 0) + 1);
  }
}

/** What one writes without a library: the same families, concatenated. */
function plainExposition(node: BusyFakeNode, etsi: PlainEtsi): string {
  const s = node.status();
  const h = node.health;
  const st = s.stats as Record<string, number> & { abortsByReason: Record<string, number>; lastQberTestByClass: number[] };
  let out = '';
  const fam = (name: string, type: string, help: string): void => {
    out += `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`;
  };
  const line = (name: string, labels: string, v: number): void => {
    out += `${name}${labels ? `{${labels}}` : ''} ${v}\n`;
  };
  fam('qkdd_node_info', 'gauge', 'The node.');
  line('qkdd_node_info', `node_id="${s.nodeId}",role="${s.role}",link_id="${s.linkId}"`, 1);
  fam('qkdd_qber_ratio', 'gauge', 'QBER.');
  line('qkdd_qber_ratio', 'basis="z",intensity="all"', st.lastQberKey);
  line('qkdd_qber_ratio', 'basis="x",intensity="all"', st.lastQberTest);
  for (const [i, c] of ['signal', 'decoy', 'vacuum'].entries())
    line('qkdd_qber_ratio', `basis="x",intensity="${c}"`, st.lastQberTestByClass[i]);
  const simple: [string, string, number][] = [
    ['qkdd_detections_total', 'counter', st.detections],
    ['qkdd_sifted_bits_total', 'counter', st.siftedKeyBits],
    ['qkdd_secret_bits_total', 'counter', st.secretBits],
    ['qkdd_frames_started_total', 'counter', st.framesStarted],
    ['qkdd_frames_ok_total', 'counter', st.framesOk],
    ['qkdd_frames_in_flight', 'gauge', s.framesInFlight],
    ['qkdd_blocks_stored_total', 'counter', st.blocksStored],
    ['qkdd_cascade_leak_bits_total', 'counter', st.cascadeLeakBits],
    ['qkdd_cascade_round_trips_total', 'counter', st.cascadeRounds],
    ['qkdd_generation_running', 'gauge', s.generation.running ? 1 : 0],
    ['qkdd_keystore_capacity_bits', 'gauge', s.store.maxBits],
    ['qkdd_keystore_pending_blocks', 'gauge', s.store.pendingBlocks],
    ['qkdd_keys_delivered_total', 'counter', s.store.deliveredKeys],
    ['qkdd_peer_connected', 'gauge', s.peerConnected ? 1 : 0],
    ['qkdd_peer_sessions_total', 'counter', s.peerSessions],
    ['qkdd_laser_current_amperes', 'gauge', (h.source?.laserCurrentMa ?? 0) / 1000],
    ['qkdd_laser_temperature_celsius', 'gauge', h.source?.laserTemperatureDegc ?? 0],
    ['qkdd_interlock_open', 'gauge', h.source?.interlockOpen ? 1 : 0],
    ['qkdd_bench_health_timestamp_seconds', 'gauge', Date.now() / 1000],
  ];
  for (const [name, type, v] of simple) {
    fam(name, type, 'A number.');
    line(name, '', v);
  }
  fam('qkdd_frames_dropped_total', 'counter', 'Frames dropped.');
  for (const [r, n] of Object.entries(st.abortsByReason)) line('qkdd_frames_dropped_total', `reason="${r}"`, n);
  fam('qkdd_generation_hold', 'gauge', 'Holds.');
  const held = new Set(s.generation.holds.map((x) => x.reason));
  for (const r of [
    'operator',
    'safety:interlock',
    'safety:laser-off',
    'safety:over-temperature',
    'safety:detector-saturated',
    'safety:count-rate-out-of-range',
  ])
    line('qkdd_generation_hold', `reason="${r}"`, held.has(r) ? 1 : 0);
  fam('qkdd_keystore_bits', 'gauge', 'Stored bits.');
  line('qkdd_keystore_bits', 'pool="app"', s.store.appBits);
  line('qkdd_keystore_bits', 'pool="auth"', s.store.authBits);
  fam('qkdd_auth_key_left_bits', 'gauge', 'Authentication key left.');
  line('qkdd_auth_key_left_bits', 'source="pre_shared"', s.authKey?.preSharedLeftBits ?? 0);
  line('qkdd_auth_key_left_bits', 'source="store"', s.store.authBits);
  fam('qkdd_alarms_total', 'counter', 'Alarms.');
  for (const [c, n] of Object.entries(s.alarms.byCode)) line('qkdd_alarms_total', `code="${c}"`, n);
  fam('qkdd_board_state', 'gauge', 'Board states.');
  for (const b of s.boards)
    for (const state of ['connected', 'lost']) line('qkdd_board_state', `board="${b.name}",state="${state}"`, b.state === state ? 1 : 0);
  fam('qkdd_board_temperature_celsius', 'gauge', 'Board temperatures.');
  for (const b of h.boardTemperatures) line('qkdd_board_temperature_celsius', `board="${b.board}"`, b.degc);
  fam('qkdd_detector_count_rate_hertz', 'gauge', 'Count rates.');
  for (const d of h.detectors ?? []) line('qkdd_detector_count_rate_hertz', `channel="${d.channel}"`, d.countsPerSecond);
  fam('qkdd_detector_temperature_celsius', 'gauge', 'Detector temperatures.');
  for (const d of h.detectors ?? []) line('qkdd_detector_temperature_celsius', `channel="${d.channel}"`, d.temperatureDegc ?? 0);
  fam('qkdd_etsi_requests_total', 'counter', 'ETSI requests.');
  for (const [key, n] of etsi.counts) {
    const [endpoint, code] = key.split(' ');
    line('qkdd_etsi_requests_total', `endpoint="${endpoint}",code="${code}"`, n);
  }
  fam('qkdd_etsi_request_duration_seconds', 'histogram', 'ETSI latency.');
  for (const [endpoint, b] of etsi.buckets) {
    for (const [i, le] of ETSI_LATENCY_BUCKETS_S.entries())
      line('qkdd_etsi_request_duration_seconds_bucket', `le="${le}",endpoint="${endpoint}"`, b[i]);
    line('qkdd_etsi_request_duration_seconds_bucket', `le="+Inf",endpoint="${endpoint}"`, etsi.totals.get(endpoint) ?? 0);
    line('qkdd_etsi_request_duration_seconds_sum', `endpoint="${endpoint}"`, etsi.sums.get(endpoint) ?? 0);
    line('qkdd_etsi_request_duration_seconds_count', `endpoint="${endpoint}"`, etsi.totals.get(endpoint) ?? 0);
  }
  return out;
}

function scrape(agent: Agent, port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`${path}: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Median ms of `fn` over at least `minSeconds` (and 5 calls), after two warm-up calls. */
async function timeAsync(fn: () => Promise<unknown>, minSeconds: number, maxRepetitions = 2000): Promise<number> {
  await fn();
  await fn();
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < maxRepetitions && (performance.now() - start < minSeconds * 1000 || samples.length < 5)) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1];
}

/** Keeps the event loop about half busy: a 1 ms chunk of synchronous work every 2 ms. */
function busyLoop(): () => void {
  const timer = setInterval(() => {
    const until = performance.now() + 1;
    let x = 0;
    while (performance.now() < until) x += Math.sqrt(x + 1);
    if (x < 0) console.log(x);
  }, 2);
  return () => clearInterval(timer);
}

const suite: BenchSuite = async (ctx) => {
  const minSeconds = ctx.quick ? 0.3 : 1.5;
  const node = new BusyFakeNode();
  const etsi = new PlainEtsi();
  const full = new NodeMetrics(node);
  const qkddOnly = new NodeMetrics(node, { processMetrics: false });
  // Thousands of ETSI requests over every endpoint and several codes, in both registries and the plain counts.
  const rng = new Xoshiro128(20_261_206);
  for (let i = 0; i < 5000; i++) {
    const endpoint = ENDPOINTS[rng.nextU32() % ENDPOINTS.length];
    const status = CODES[rng.nextU32() % CODES.length];
    const seconds = 0.0005 + (rng.nextU32() / 2 ** 32) * 0.05;
    full.observeEtsiRequest({ endpoint, status, seconds });
    qkddOnly.observeEtsiRequest({ endpoint, status, seconds });
    etsi.observe(endpoint, status, seconds);
  }
  const plainRoute: RawControlRoute = {
    path: '/metrics-plain',
    method: 'GET',
    summary: 'hand-written exposition (bench reference)',
    handle: (_req, res) => {
      const text = plainExposition(node, etsi);
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    },
  };
  const qkddOnlyRoute: RawControlRoute = { ...metricsRoute(qkddOnly), path: '/metrics-qkdd' };
  const dir = mkdtempSync(join(tmpdir(), 'qkdd-bench-metrics-'));
  let server: ControlServer | null = null;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    server = await startControlServer({
      node,
      socketPath: join(dir, 'control.sock'),
      http: { host: '127.0.0.1', port: 0 },
      rawRoutes: [metricsRoute(full), qkddOnlyRoute, plainRoute],
    });
    const port = Number(new URL(server.url!).port);
    const text = await full.exposition();
    const series = text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
    const qkddSeries = text.split('\n').filter((l) => l.startsWith('qkdd_')).length;
    const bytes = await scrape(agent, port, '/metrics');

    ctx.progress('metrics: scrapes of an idle node');
    const idleMs = await timeAsync(() => scrape(agent, port, '/metrics'), minSeconds / 2);
    ctx.progress('metrics: scrapes of a busy node (/metrics, without process metrics, hand-written reference)');
    const stop = busyLoop();
    let busyMs: number;
    let busyQkddMs: number;
    let referenceMs: number;
    try {
      busyMs = await timeAsync(() => scrape(agent, port, '/metrics'), minSeconds);
      busyQkddMs = await timeAsync(() => scrape(agent, port, '/metrics-qkdd'), minSeconds);
      referenceMs = await timeAsync(() => scrape(agent, port, '/metrics-plain'), minSeconds);
    } finally {
      stop();
    }
    const exposeMs = await timeAsync(() => full.exposition(), minSeconds / 2);
    const result: BenchResult = {
      bench: 'metrics-scrape',
      unit: 'scrapes/s',
      value: 1000 / busyMs,
      reference: 1000 / referenceMs,
      referenceName: 'hand-written exposition text of the qkdd families, same server and load',
      target: 1000 / TARGET_MS,
      msPerScrape: busyMs,
      targetMs: TARGET_MS,
      referenceMsPerScrape: referenceMs,
      qkddOnlyMsPerScrape: busyQkddMs,
      idleMsPerScrape: idleMs,
      inProcessExpositionMs: exposeMs,
      series,
      qkddSeries,
      bytes,
    };
    return [result];
  } finally {
    agent.destroy();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

export default suite;
