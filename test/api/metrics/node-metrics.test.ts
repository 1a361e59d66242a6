/**
 * The Prometheus exposition of a node (src/api/metrics), against a fake node
 * whose status the test controls: every family is there with its type and
 * labels, the names follow the Prometheus conventions (and promtool's lint,
 * where installed, finds nothing but our key-bit unit), the values are the
 * status's, counters never go backwards, /metrics is served on both control
 * listeners behind the Host check, and the ETSI server's request hook feeds
 * the request counter and latency histogram.
 */
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ControlServer, startControlServer } from '../../../src/api/control/index.ts';
import { type Etsi014Server, MemoryPeerReservations, ReservationApplier, startEtsi014Server } from '../../../src/api/etsi014/index.ts';
import { type MeteredNode, METRICS_PATH, metricsForNode, metricsRoute, NodeMetrics } from '../../../src/api/metrics/index.ts';
import type { KeyStore } from '../../../src/keystore/key-store.ts';
import { createLogger } from '../../../src/log.ts';
import { AlarmBoard } from '../../../src/node/alarms.ts';
import type { BenchHealth } from '../../../src/node/bench-port.ts';
import { GenerationGate } from '../../../src/node/generation-gate.ts';
import type { NodeStatus } from '../../../src/node/qkd-node.ts';
import { call, configFor, identity, makePki, openStore, type Pki } from '../../support/etsi-kme-pair.ts';
import { type TempDir, tempDir, tempDirsPerTest } from '../../support/temp-dir.ts';

// ---- a fake node --------------------------------------------------------------

function fakeStatus(): NodeStatus {
  return {
    nodeId: 'kme-b',
    role: 'receiver',
    linkId: 'demo-link',
    boards: [
      { name: 'detector', field: 'boards.detector', address: 'tcp://127.0.0.1:7003', state: 'connected', sinceMs: 0 },
      { name: 'photon-source', field: 'boards.photonSource', address: 'tcp://127.0.0.1:7001', state: 'lost', sinceMs: 0 },
    ],
    peerConnected: true,
    peerSessions: 2,
    framesInFlight: 3,
    stats: {
      framesStarted: 120,
      framesOk: 110,
      framesAborted: 4,
      abortsByReason: { 'qber-over-threshold': 3, 'peer-abort': 1 },
      detections: 9_834_112,
      siftedKeyBits: 6_012_330,
      secretBits: 1_503_232,
      blocksStored: 110,
      lastQberTest: 0.0121,
      lastQberKey: 0.0108,
      lastQberTestByClass: [0.011, 0.016, Number.NaN],
      cascadeLeakBits: 702_114,
      cascadeRounds: 4_321,
    },
    store: { appBits: 1_315_328, authBits: 187_904, storedBits: 1_503_232, maxBits: 2_147_483_648, deliveredKeys: 12, pendingBlocks: 1 },
    alarms: { total: 4, byCode: { 'qber-over-threshold': 3, 'count-rate-out-of-range': 1 } },
    generation: { running: false, holds: [{ reason: 'safety:count-rate-out-of-range', detail: 'channel 2', sinceMs: 0 }] },
    authKey: { preSharedLeftBits: 33_000_000 },
  };
}

const HEALTH: BenchHealth = {
  boardTemperatures: [{ board: 'detector', degc: 31.5 }],
  source: { interlockOpen: false, emitting: true, laserCurrentMa: 42, laserTemperatureDegc: 25.25 },
  detectors: [
    { channel: 0, countsPerSecond: 120_000, temperatureDegc: -40 },
    { channel: 1, countsPerSecond: 118_000 },
    { channel: 2, countsPerSecond: 2_000_000 },
    { channel: 3, countsPerSecond: 121_000 },
  ],
};

interface Fake extends MeteredNode {
  current: NodeStatus;
  health: BenchHealth | null;
}

function fakeNode(): Fake {
  const node: Fake = {
    current: fakeStatus(),
    health: HEALTH,
    status: () => structuredClone(node.current),
    safety: { lastHealth: () => (node.health ? { health: node.health, atMs: 1_800_000_000_000 } : null) },
  };
  return node;
}

// ---- a small parser of the text exposition format -----------------------------

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
interface Family {
  name: string;
  type: string;
  help: string;
  samples: Sample[];
}

function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const family = (name: string): Family => {
    let f = families.get(name);
    if (!f) {
      f = { name, type: 'untyped', help: '', samples: [] };
      families.set(name, f);
    }
    return f;
  };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let m = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (m) {
      if (m[1] === 'HELP') family(m[2]).help = m[3];
      else family(m[2]).type = m[3];
      continue;
    }
    m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    const base = [...families.keys()].find((n) => m![1] === n || (m![1].startsWith(`${n}_`) && /_(bucket|sum|count)$/.test(m![1])));
    family(base ?? m[1]).samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return families;
}

/** The value of the one sample of `family` (named `name`, default the family) with exactly these labels. */
function sampleValue(fams: Map<string, Family>, family: string, labels: Record<string, string> = {}, name = family): number | undefined {
  const f = fams.get(family);
  const s = f?.samples.filter((x) => x.name === name && sameLabels(x.labels, labels));
  if (s && s.length > 1) throw new Error(`${family}: ${s.length} samples with ${JSON.stringify(labels)}`);
  return s?.[0]?.value;
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

/** Each qkdd family: its type and its label names. */
const FAMILIES: Record<string, { type: 'counter' | 'gauge' | 'histogram'; labels: string[] }> = {
  qkdd_node_info: { type: 'gauge', labels: ['link_id', 'node_id', 'role'] },
  qkdd_qber_ratio: { type: 'gauge', labels: ['basis', 'intensity'] },
  qkdd_detections_total: { type: 'counter', labels: [] },
  qkdd_sifted_bits_total: { type: 'counter', labels: [] },
  qkdd_secret_bits_total: { type: 'counter', labels: [] },
  qkdd_frames_started_total: { type: 'counter', labels: [] },
  qkdd_frames_ok_total: { type: 'counter', labels: [] },
  qkdd_frames_dropped_total: { type: 'counter', labels: ['reason'] },
  qkdd_frames_in_flight: { type: 'gauge', labels: [] },
  qkdd_blocks_stored_total: { type: 'counter', labels: [] },
  qkdd_cascade_leak_bits_total: { type: 'counter', labels: [] },
  qkdd_cascade_round_trips_total: { type: 'counter', labels: [] },
  qkdd_generation_running: { type: 'gauge', labels: [] },
  qkdd_generation_hold: { type: 'gauge', labels: ['reason'] },
  qkdd_keystore_bits: { type: 'gauge', labels: ['pool'] },
  qkdd_keystore_capacity_bits: { type: 'gauge', labels: [] },
  qkdd_keystore_pending_blocks: { type: 'gauge', labels: [] },
  qkdd_keys_delivered_total: { type: 'counter', labels: [] },
  qkdd_peer_connected: { type: 'gauge', labels: [] },
  qkdd_peer_sessions_total: { type: 'counter', labels: [] },
  qkdd_auth_key_left_bits: { type: 'gauge', labels: ['source'] },
  qkdd_alarms_total: { type: 'counter', labels: ['code'] },
  qkdd_board_state: { type: 'gauge', labels: ['board', 'state'] },
  qkdd_board_temperature_celsius: { type: 'gauge', labels: ['board'] },
  qkdd_detector_count_rate_hertz: { type: 'gauge', labels: ['channel'] },
  qkdd_detector_temperature_celsius: { type: 'gauge', labels: ['channel'] },
  qkdd_laser_current_amperes: { type: 'gauge', labels: [] },
  qkdd_laser_temperature_celsius: { type: 'gauge', labels: [] },
  qkdd_interlock_open: { type: 'gauge', labels: [] },
  qkdd_bench_health_timestamp_seconds: { type: 'gauge', labels: [] },
  qkdd_etsi_requests_total: { type: 'counter', labels: ['code', 'endpoint'] },
  qkdd_etsi_request_duration_seconds: { type: 'histogram', labels: ['endpoint'] },
};

const promtool = spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0;
if (!promtool) console.warn('promtool not found (Debian package prometheus): the promtool lint of the exposition is skipped');

describe('the exposition of a node', () => {
  it('has every family with its type and labels, named by the Prometheus conventions', async () => {
    const metrics = new NodeMetrics(fakeNode(), { processMetrics: false });
    metrics.observeEtsiRequest({ endpoint: 'enc_keys', status: 200, seconds: 0.004 });
    const fams = parseExposition(await metrics.exposition());
    expect([...fams.keys()].sort()).toEqual(Object.keys(FAMILIES).sort());
    for (const [name, f] of fams) {
      const want = FAMILIES[name];
      expect(f.type, name).toBe(want.type);
      expect(f.help.length, `${name} has a help text`).toBeGreaterThan(10);
      // Names: prefix, lowercase snake case; counters and only counters end in _total; a unit where one applies.
      expect(name).toMatch(/^qkdd_[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
      expect(name.endsWith('_total'), name).toBe(want.type === 'counter');
      if (/bits|leak/.test(name)) expect(name, 'a bit count is named _bits').toMatch(/_bits(_total)?$/);
      if (want.type === 'histogram') expect(name).toMatch(/_seconds$/);
      for (const s of f.samples) {
        const labelNames = Object.keys(s.labels).filter((l) => l !== 'le');
        expect(labelNames.sort(), `${s.name} labels`).toEqual(want.labels);
        for (const [l, v] of Object.entries(s.labels)) {
          expect(l).toMatch(/^[a-z][a-z0-9_]*$/);
          if (l !== 'le') expect(v, `${s.name}{${l}}`).toBe(v.toLowerCase());
        }
        expect(Number.isNaN(s.value), `${s.name} is a number`).toBe(false);
      }
    }
  });

  it("carries the node's numbers", async () => {
    const node = fakeNode();
    const fams = parseExposition(await new NodeMetrics(node, { processMetrics: false }).exposition());
    const v = (family: string, labels: Record<string, string> = {}) => sampleValue(fams, family, labels);
    expect(v('qkdd_node_info', { node_id: 'kme-b', role: 'receiver', link_id: 'demo-link' })).toBe(1);
    expect(v('qkdd_qber_ratio', { basis: 'z', intensity: 'all' })).toBe(0.0108);
    expect(v('qkdd_qber_ratio', { basis: 'x', intensity: 'all' })).toBe(0.0121);
    expect(v('qkdd_qber_ratio', { basis: 'x', intensity: 'signal' })).toBe(0.011);
    expect(v('qkdd_qber_ratio', { basis: 'x', intensity: 'decoy' })).toBe(0.016);
    // Not measured (NaN): no series rather than a made-up number.
    expect(v('qkdd_qber_ratio', { basis: 'x', intensity: 'vacuum' })).toBeUndefined();
    expect(v('qkdd_detections_total')).toBe(9_834_112);
    expect(v('qkdd_sifted_bits_total')).toBe(6_012_330);
    expect(v('qkdd_secret_bits_total')).toBe(1_503_232);
    expect(v('qkdd_frames_started_total')).toBe(120);
    expect(v('qkdd_frames_ok_total')).toBe(110);
    expect(v('qkdd_frames_dropped_total', { reason: 'qber-over-threshold' })).toBe(3);
    expect(v('qkdd_frames_dropped_total', { reason: 'peer-abort' })).toBe(1);
    expect(v('qkdd_frames_in_flight')).toBe(3);
    expect(v('qkdd_blocks_stored_total')).toBe(110);
    expect(v('qkdd_cascade_leak_bits_total')).toBe(702_114);
    expect(v('qkdd_cascade_round_trips_total')).toBe(4_321);
    expect(v('qkdd_generation_running')).toBe(0);
    expect(v('qkdd_generation_hold', { reason: 'safety:count-rate-out-of-range' })).toBe(1);
    expect(v('qkdd_generation_hold', { reason: 'operator' })).toBe(0);
    expect(v('qkdd_keystore_bits', { pool: 'app' })).toBe(1_315_328);
    expect(v('qkdd_keystore_bits', { pool: 'auth' })).toBe(187_904);
    expect(v('qkdd_keystore_capacity_bits')).toBe(2_147_483_648);
    expect(v('qkdd_keystore_pending_blocks')).toBe(1);
    expect(v('qkdd_keys_delivered_total')).toBe(12);
    expect(v('qkdd_peer_connected')).toBe(1);
    expect(v('qkdd_peer_sessions_total')).toBe(2);
    expect(v('qkdd_auth_key_left_bits', { source: 'pre_shared' })).toBe(33_000_000);
    expect(v('qkdd_auth_key_left_bits', { source: 'store' })).toBe(187_904);
    expect(v('qkdd_alarms_total', { code: 'qber-over-threshold' })).toBe(3);
    expect(v('qkdd_alarms_total', { code: 'count-rate-out-of-range' })).toBe(1);
    // Known codes that never happened are there at 0, so increase() sees their first one.
    expect(v('qkdd_alarms_total', { code: 'interlock-open' })).toBe(0);
    expect(v('qkdd_board_state', { board: 'detector', state: 'connected' })).toBe(1);
    expect(v('qkdd_board_state', { board: 'detector', state: 'lost' })).toBe(0);
    expect(v('qkdd_board_state', { board: 'photon-source', state: 'lost' })).toBe(1);
    expect(v('qkdd_board_state', { board: 'photon-source', state: 'connected' })).toBe(0);
    expect(v('qkdd_board_temperature_celsius', { board: 'detector' })).toBe(31.5);
    for (const d of HEALTH.detectors!) expect(v('qkdd_detector_count_rate_hertz', { channel: String(d.channel) })).toBe(d.countsPerSecond);
    expect(v('qkdd_detector_temperature_celsius', { channel: '0' })).toBe(-40);
    expect(v('qkdd_detector_temperature_celsius', { channel: '1' })).toBeUndefined();
    expect(v('qkdd_laser_current_amperes')).toBe(0.042);
    expect(v('qkdd_laser_temperature_celsius')).toBe(25.25);
    expect(v('qkdd_interlock_open')).toBe(0);
    expect(v('qkdd_bench_health_timestamp_seconds')).toBe(1_800_000_000);
  });

  it('leaves out what the node does not know yet (no frame, no health reading)', async () => {
    const node = fakeNode();
    node.health = null;
    node.current.stats = {};
    node.current.authKey = undefined;
    const fams = parseExposition(await new NodeMetrics(node, { processMetrics: false }).exposition());
    for (const f of [
      'qkdd_qber_ratio',
      'qkdd_frames_dropped_total',
      'qkdd_detector_count_rate_hertz',
      'qkdd_laser_current_amperes',
      'qkdd_bench_health_timestamp_seconds',
    ])
      expect(fams.get(f)?.samples, f).toEqual([]);
    // A counter without a statistic yet stays at 0.
    expect(sampleValue(fams, 'qkdd_detections_total')).toBe(0);
    expect(sampleValue(fams, 'qkdd_auth_key_left_bits', { source: 'pre_shared' })).toBeUndefined();
    expect(sampleValue(fams, 'qkdd_keystore_bits', { pool: 'app' })).toBe(1_315_328);
  });

  it('counters follow the statistics up and never go backwards', async () => {
    const node = fakeNode();
    const metrics = new NodeMetrics(node, { processMetrics: false });
    const counters = (text: string): Map<string, number> => {
      const out = new Map<string, number>();
      for (const f of parseExposition(text).values())
        if (f.type === 'counter') for (const s of f.samples) out.set(`${s.name}${JSON.stringify(s.labels)}`, s.value);
      return out;
    };
    const first = counters(await metrics.exposition());
    const st = node.current.stats as Record<string, unknown>;
    // Growth is added.
    st.secretBits = 1_503_232 + 4096;
    st.abortsByReason = { 'qber-over-threshold': 5, 'peer-abort': 1, 'length-not-positive': 2 };
    node.current.alarms.byCode['qber-over-threshold'] = 5;
    const second = counters(await metrics.exposition());
    expect(second.get('qkdd_secret_bits_total{}')).toBe(1_503_232 + 4096);
    expect(second.get('qkdd_frames_dropped_total{"reason":"qber-over-threshold"}')).toBe(5);
    expect(second.get('qkdd_frames_dropped_total{"reason":"length-not-positive"}')).toBe(2);
    expect(second.get('qkdd_alarms_total{"code":"qber-over-threshold"}')).toBe(5);
    // A statistic that goes down (a restarted source) does not take the counter down; growth after it counts again.
    st.detections = 1000;
    st.secretBits = 0;
    node.current.peerSessions = 0;
    const third = counters(await metrics.exposition());
    st.detections = 1500;
    const fourth = counters(await metrics.exposition());
    for (const [prev, next] of [
      [first, second],
      [second, third],
      [third, fourth],
    ]) {
      for (const [k, v] of prev) expect(next.get(k), k).toBeGreaterThanOrEqual(v);
    }
    expect(third.get('qkdd_detections_total{}')).toBe(9_834_112);
    expect(fourth.get('qkdd_detections_total{}')).toBe(9_834_112 + 500);
    expect(third.get('qkdd_secret_bits_total{}')).toBe(1_503_232 + 4096);
  });

  it('reads the node once per scrape', async () => {
    const node = fakeNode();
    let reads = 0;
    const status = node.status;
    node.status = () => {
      reads++;
      return status();
    };
    const metrics = new NodeMetrics(node, { processMetrics: false });
    await metrics.exposition();
    await metrics.exposition();
    expect(reads).toBe(2);
  });

  it('includes the process metrics unless asked not to', async () => {
    const fams = parseExposition(await new NodeMetrics(fakeNode()).exposition());
    expect(fams.get('process_cpu_seconds_total')?.type).toBe('counter');
    expect(fams.get('nodejs_heap_size_used_bytes')?.type).toBe('gauge');
  });

  it.skipIf(!promtool)("passes promtool's lint, but for our key unit (bits, not bytes)", async () => {
    const metrics = new NodeMetrics(fakeNode());
    metrics.observeEtsiRequest({ endpoint: 'dec_keys', status: 200, seconds: 0.002 });
    const r = spawnSync('promtool', ['check', 'metrics'], { input: await metrics.exposition(), encoding: 'utf8' });
    const problems = `${r.stdout}${r.stderr}`
      .split('\n')
      .filter((l) => l.trim() !== '')
      // prom-client's own nodejs_active_*_total gauges are its naming, not ours.
      .filter((l) => !/^nodejs_active_\w+_total non-counter/.test(l))
      .filter((l) => !/^qkdd_\S+_bits(_total)? use base unit "bytes" instead of "bits"$/.test(l));
    expect(problems).toEqual([]);
    expect(r.status === 0 || r.status === 3, `promtool exit ${r.status}`).toBe(true);
  });

  it('metricsForNode gives one registry per node', () => {
    const a = fakeNode();
    const b = fakeNode();
    expect(metricsForNode(a, { processMetrics: false })).toBe(metricsForNode(a));
    expect(metricsForNode(b, { processMetrics: false })).not.toBe(metricsForNode(a));
  });
});

// ---- GET /metrics on the control API ---------------------------------------------

function get(
  where: { socketPath: string } | { port: number },
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; type?: string }> {
  return new Promise((resolve, reject) => {
    const target = 'socketPath' in where ? where : { host: '127.0.0.1', port: where.port };
    const req = request({ ...target, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: res.headers['content-type'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /metrics', () => {
  const newDir = tempDirsPerTest('qkdd-metrics-');
  const servers: ControlServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('serves the exposition on loopback HTTP and the socket, behind the Host check, and is listed', async () => {
    const fake = fakeNode();
    const node = {
      ...fake,
      status: fake.status,
      gate: new GenerationGate(),
      alarms: new AlarmBoard(createLogger({ name: 't', level: 'silent' })),
    };
    const server = await startControlServer({
      node,
      socketPath: join(newDir(), 'control.sock'),
      http: { host: '127.0.0.1', port: 0 },
      rawRoutes: [metricsRoute(new NodeMetrics(node, { processMetrics: false }))],
    });
    servers.push(server);
    const port = Number(new URL(server.url!).port);
    for (const where of [{ port }, { socketPath: server.socketPath }]) {
      const r = await get(where, METRICS_PATH);
      expect(r.status).toBe(200);
      expect(r.type).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(sampleValue(parseExposition(r.body), 'qkdd_qber_ratio', { basis: 'x', intensity: 'all' })).toBe(0.0121);
    }
    expect((await get({ port }, METRICS_PATH, { Host: 'evil.example:80' })).status).toBe(403);
    const list = JSON.parse((await get({ port }, '/api/v1')).body) as { endpoints: { method: string; path: string }[] };
    expect(list.endpoints).toContainEqual(expect.objectContaining({ method: 'GET', path: '/metrics' }));
  });
});

// ---- the ETSI server's request hook ----------------------------------------------

describe('ETSI 014 request metrics', () => {
  let dir: TempDir;
  let pki: Pki;
  let storeA: KeyStore;
  let storeB: KeyStore;
  let server: Etsi014Server;
  const metrics = new NodeMetrics(fakeNode(), { processMetrics: false });

  beforeAll(async () => {
    dir = tempDir('qkdd-metrics-etsi-');
    pki = await makePki(dir.dir);
    storeA = openStore(join(dir.dir, 'a.db'));
    storeB = openStore(join(dir.dir, 'b.db'));
    const block = new Uint8Array(4096).map((_, i) => (i * 131 + 7) & 0xff);
    storeA.addBlock('blk-0', block.slice());
    storeB.addBlock('blk-0', block.slice());
    const cfgA = configFor('A');
    const cfgB = configFor('B');
    const applierB = new ReservationApplier({ store: storeB, localSaeIds: cfgB.localSaeIds, remoteSaeIds: cfgB.remoteSaeIds });
    server = await startEtsi014Server({
      store: storeA,
      peer: new MemoryPeerReservations(applierB),
      config: cfgA,
      tls: { ca: pki.pem('ca'), cert: pki.pem('kme-a'), key: pki.pem('kme-a-key') },
      onRequest: (r) => metrics.observeEtsiRequest(r),
    });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    storeA?.close();
    storeB?.close();
    dir?.remove();
  });

  it('counts requests by endpoint and status code and times them', async () => {
    const saeA = identity(pki, 'sae-a');
    expect((await call(server.url, saeA, 'GET', '/api/v1/keys/sae-b/status')).status).toBe(200);
    expect((await call(server.url, saeA, 'GET', '/api/v1/keys/sae-b/status')).status).toBe(200);
    expect((await call(server.url, saeA, 'POST', '/api/v1/keys/sae-b/enc_keys', { number: 1 })).status).toBe(200);
    expect((await call(server.url, saeA, 'DELETE', '/api/v1/keys/sae-b/enc_keys')).status).toBe(405);
    expect((await call(server.url, saeA, 'GET', '/api/v1/nothing?x=1')).status).toBe(404);
    // An SAE the server refuses (not attached to this KME) is counted too.
    expect((await call(server.url, identity(pki, 'sae-x'), 'GET', '/api/v1/keys/sae-b/status')).status).toBe(401);

    const fams = parseExposition(await metrics.exposition());
    const n = (endpoint: string, code: string) => sampleValue(fams, 'qkdd_etsi_requests_total', { endpoint, code });
    expect(n('status', '200')).toBe(2);
    expect(n('enc_keys', '200')).toBe(1);
    expect(n('enc_keys', '405')).toBe(1);
    expect(n('other', '404')).toBe(1);
    expect(n('status', '401')).toBe(1);
    const count = (endpoint: string) =>
      sampleValue(fams, 'qkdd_etsi_request_duration_seconds', { endpoint }, 'qkdd_etsi_request_duration_seconds_count');
    expect(count('status')).toBe(3);
    expect(count('enc_keys')).toBe(2);
    expect(count('dec_keys')).toBe(0);
    expect(count('other')).toBe(1);
    const sum = sampleValue(fams, 'qkdd_etsi_request_duration_seconds', { endpoint: 'enc_keys' }, 'qkdd_etsi_request_duration_seconds_sum');
    expect(sum).toBeGreaterThan(0);
    const inf = sampleValue(
      fams,
      'qkdd_etsi_request_duration_seconds',
      { endpoint: 'status', le: '+Inf' },
      'qkdd_etsi_request_duration_seconds_bucket',
    );
    expect(inf).toBe(3);
  });
});
