/**
 * The dashboard's routes on a control server with a fake node: the page and
 * its files (with a content security policy; nothing outside the public
 * folder and uPlot's files), and the live feed — server-sent events with a
 * snapshot at once and then every period, the receiver's count rates and
 * gate histogram from its raw tags (attached only while someone watches),
 * null detector data on a transmitter, and the same Host check as the API.
 */
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ControlServer, startControlServer } from '../../../src/api/control/index.ts';
import {
  DASHBOARD_PUBLIC_DIR,
  type DashboardNode,
  type DashboardSnapshotJson,
  dashboardRoutes,
  packageRoot,
} from '../../../src/api/dashboard/index.ts';
import { type BenchConfig, benchConfigSchema } from '../../../src/config/index.ts';
import { createLogger } from '../../../src/log.ts';
import { AlarmBoard } from '../../../src/node/alarms.ts';
import type { TagListener } from '../../../src/node/bench-port.ts';
import { GenerationGate } from '../../../src/node/generation-gate.ts';
import type { NodeStatus } from '../../../src/node/qkd-node.ts';
import { tempDirsPerTest } from '../../support/temp-dir.ts';

const newDir = tempDirsPerTest('qkdd-dashboard-');
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const RATE_HZ = 1e8; // 10 000 ps slots
const GATE_DELAY = 48_760;
const GATE_WIDTH = 400;

function config(role: 'transmitter' | 'receiver'): BenchConfig {
  return benchConfigSchema.parse({
    node: { id: role === 'receiver' ? 'kme-b' : 'kme-a', role, linkId: 'l' },
    boards:
      role === 'receiver'
        ? { detector: 'tcp://127.0.0.1:1' }
        : { photonSource: 'tcp://127.0.0.1:1', polarizationModulator: 'tcp://127.0.0.1:2' },
    peer: role === 'receiver' ? { connect: '127.0.0.1:1', preSharedKeyFile: 'psk' } : { listen: '127.0.0.1:1', preSharedKeyFile: 'psk' },
    keystore: { path: 'keys.sqlite' },
    source: {
      rateHz: RATE_HZ,
      intensities: { signal: 0.6, decoy: 0.2, vacuum: 0.0002 },
      intensityProbabilities: { signal: 0.5, decoy: 0.3, vacuum: 0.2 },
    },
    ...(role === 'receiver'
      ? { detector: { channels: { h: 0, v: 1, d: 2, a: 3 }, gateDelayPs: GATE_DELAY, gateWidthPs: GATE_WIDTH } }
      : { modulator: { stateVoltagesV: [0, 1, 2, 3] } }),
    thresholds: { qberMax: 0.11 },
  });
}

/** A node with a status, alarms and (receiver) a raw tag stream the test drives. */
function fakeNode(cfg: BenchConfig): DashboardNode & { listeners: Set<TagListener> } {
  const listeners = new Set<TagListener>();
  const alarms = new AlarmBoard(createLogger({ name: 't', level: 'silent' }));
  alarms.raise('board-lost', 'warning', 'board detector lost; generation pauses until it is back');
  const status = (): NodeStatus => ({
    nodeId: cfg.node.id,
    role: cfg.node.role,
    linkId: cfg.node.linkId,
    boards: [{ name: 'detector', field: 'boards.detector', address: 'tcp://127.0.0.1:1', state: 'connected', sinceMs: Date.now() }],
    peerConnected: true,
    peerSessions: 1,
    framesInFlight: 1,
    stats: { siftedKeyBits: 1000, secretBits: 200, lastQberKey: 0.021, lastQberTest: 0.025 },
    store: { appBits: 4096, authBits: 512, storedBits: 4608, maxBits: 1 << 20, deliveredKeys: 2, pendingBlocks: 0 },
    alarms: { total: 1, byCode: { 'board-lost': 1 } },
    generation: { running: true, holds: [] },
  });
  return {
    listeners,
    gate: new GenerationGate(),
    alarms,
    status,
    ...(cfg.node.role === 'receiver'
      ? {
          onTags: (l: TagListener) => {
            listeners.add(l);
            return () => listeners.delete(l);
          },
          // The detector board's own counter for H only (its telemetry, as the safety monitor read it).
          safety: {
            lastHealth: () => ({
              atMs: Date.now(),
              health: { boardTemperatures: [{ board: 'detector', degc: 31.5 }], detectors: [{ channel: 0, countsPerSecond: 123_456 }] },
            }),
          },
        }
      : {}),
  };
}

async function serve(
  role: 'transmitter' | 'receiver',
): Promise<{ server: ControlServer; port: number; node: ReturnType<typeof fakeNode> }> {
  const cfg = config(role);
  const node = fakeNode(cfg);
  const { routes, feed } = dashboardRoutes({ node, config: cfg, intervalMs: 100 });
  const server = await startControlServer({
    node,
    socketPath: join(newDir(), 'control.sock'),
    http: { host: '127.0.0.1', port: 0 },
    rawRoutes: routes,
  });
  cleanups.push(() => server.close());
  cleanups.push(() => feed.close());
  return { server, port: Number(new URL(server.url!).port), node };
}

interface Got {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function get(where: { socketPath: string } | { port: number }, path: string, headers: Record<string, string> = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    const target = 'socketPath' in where ? where : { host: '127.0.0.1', port: where.port };
    const req = request({ ...target, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Open the event stream and collect `n` snapshot events (then close it). */
function snapshots(
  where: { socketPath: string } | { port: number },
  n: number,
  onEach: (s: DashboardSnapshotJson) => void = () => {},
): Promise<{ type: string | undefined; list: DashboardSnapshotJson[]; retry: boolean }> {
  return new Promise((resolve, reject) => {
    const target = 'socketPath' in where ? where : { host: '127.0.0.1', port: where.port };
    const list: DashboardSnapshotJson[] = [];
    let retry = false;
    const req = request({ ...target, path: '/api/v1/events', headers: { Accept: 'text/event-stream' } }, (res) => {
      let buf = '';
      res.on('data', (c: Buffer) => {
        buf += c.toString();
        let end = buf.indexOf('\n\n');
        while (end >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          if (/^retry: \d+$/m.test(block)) retry = true;
          if (/^event: snapshot$/m.test(block)) {
            const data = block
              .split('\n')
              .filter((l) => l.startsWith('data: '))
              .map((l) => l.slice(6))
              .join('\n');
            const s = JSON.parse(data) as DashboardSnapshotJson;
            list.push(s);
            onEach(s);
            if (list.length === n) {
              req.destroy();
              resolve({ type: res.headers['content-type'], list, retry });
              return;
            }
          }
          end = buf.indexOf('\n\n');
        }
      });
    });
    req.on('error', (err) => (list.length >= n ? undefined : reject(err)));
    req.end();
  });
}

describe('dashboard routes', () => {
  it('serve the page with a content security policy, its modules and uPlot, and nothing else', async () => {
    const { server, port } = await serve('receiver');
    const page = await get({ port }, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.body).toContain('/dashboard/dashboard.js');
    for (const [path, type] of [
      ['/dashboard/dashboard.js', 'text/javascript; charset=utf-8'],
      ['/dashboard/charts.js', 'text/javascript; charset=utf-8'],
      ['/dashboard/dashboard.css', 'text/css; charset=utf-8'],
      ['/dashboard/vendor/uPlot.esm.js', 'text/javascript; charset=utf-8'],
      ['/dashboard/vendor/uPlot.min.css', 'text/css; charset=utf-8'],
    ]) {
      const r = await get({ port }, path);
      expect(r.status, path).toBe(200);
      expect(r.headers['content-type'], path).toBe(type);
      expect(r.body.length, path).toBeGreaterThan(100);
    }
    for (const path of [
      '/dashboard/../package.json',
      '/dashboard/%2e%2e/%2e%2e/package.json',
      '/dashboard/vendor/uPlot.cjs.js',
      '/dashboard/nope.js',
    ]) {
      expect((await get({ port }, path)).status, path).toBe(404);
    }
    // The page is for browsers: not on the socket; the Host check guards it as every endpoint.
    expect((await get({ socketPath: server.socketPath }, '/')).status).toBe(404);
    expect((await get({ port }, '/', { Host: 'evil.example' })).status).toBe(403);
    expect((await get({ port }, '/api/v1/events', { Host: 'evil.example' })).status).toBe(403);
    const list = JSON.parse((await get({ port }, '/api/v1')).body) as { endpoints: { path: string }[] };
    expect(list.endpoints.map((e) => e.path)).toEqual(expect.arrayContaining(['/', '/dashboard/', '/api/v1/events']));
  });

  it('find their public folder from the package root, whether the daemon runs from src/ or dist/', () => {
    const root = packageRoot();
    expect(DASHBOARD_PUBLIC_DIR).toBe(join(root, 'src', 'api', 'dashboard', 'public'));
    // tsc copies no .html/.css into dist/: the compiled module finds the same folder.
    expect(packageRoot(join(root, 'dist', 'src', 'api', 'dashboard'))).toBe(root);
  });

  it('stream snapshots of a receiver with count rates and the gate histogram from its tags, only while someone watches', async () => {
    const { port, node } = await serve('receiver');
    expect(node.listeners.size).toBe(0); // nobody watches: no tap on the tags
    const at = (slot: number, fromGatePs: number): number => slot * 10_000 + GATE_DELAY + fromGatePs;
    const feedTags = (): void => {
      // Per period: 30 tags on H at the gate's centre, 10 on D before the gate, 5 on a channel with no detector.
      const list: [number, number][] = [];
      for (let i = 0; i < 30; i++) list.push([0, at(100 + i, 200)]);
      for (let i = 0; i < 10; i++) list.push([2, at(200 + i, -300)]);
      for (let i = 0; i < 5; i++) list.push([9, at(300 + i, 0)]);
      for (const l of node.listeners) l(Uint8Array.from(list.map((x) => x[0])), Float64Array.from(list.map((x) => x[1])));
    };
    // A batch after each snapshot; a loaded machine may put two in one period or none, so look for a period with tags.
    const got = await snapshots({ port }, 4, () => feedTags());
    expect(got.type).toBe('text/event-stream; charset=utf-8');
    expect(got.retry).toBe(true);
    const [first, , , last] = got.list;
    expect(first.seq).toBeLessThan(last.seq);
    expect(first.status.node).toEqual({ id: 'kme-b', role: 'receiver' });
    expect(first.status.qber).toEqual({ Z: 0.021, X: 0.025 });
    expect(first.status.alarms.recent).toEqual([expect.objectContaining({ code: 'board-lost', severity: 'warning' })]);
    expect(first.qberMax).toBe(0.11);
    const lit = got.list.find((s) => (s.detector?.channels[0].tagsPerS ?? 0) > 0);
    expect(lit, 'no period with tags').toBeDefined();
    const d = lit!.detector!;
    expect(d).toMatchObject({ startPs: -800, binPs: 10, gateWidthPs: GATE_WIDTH, gateDelayPs: GATE_DELAY, slotPeriodPs: 10_000 });
    expect(d.channels.map((c) => [c.label, c.channel])).toEqual([
      ['H', 0],
      ['V', 1],
      ['D', 2],
      ['A', 3],
    ]);
    // Per batch: H has its 30 tags in the bin of +200 ps (bin 100), D its 10 at −300 ps (bin 50), 5 on no detector.
    const batches = d.channels[0].histogram[100] / 30;
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(Number.isInteger(batches)).toBe(true);
    expect(d.channels[0].histogram.reduce((a, b) => a + b, 0)).toBe(30 * batches);
    expect(d.channels[2].histogram[50]).toBe(10 * batches);
    expect(d.channels[2].histogram.reduce((a, b) => a + b, 0)).toBe(10 * batches);
    expect(d.channels[1].histogram.every((x) => x === 0)).toBe(true);
    expect(d.periodS).toBeGreaterThan(0);
    expect(Math.abs(d.channels[0].tagsPerS - (30 * batches) / d.periodS)).toBeLessThan(0.01 * d.channels[0].tagsPerS + 1);
    expect(Math.abs(d.channels[2].countsPerS - (10 * batches) / d.periodS)).toBeLessThan(0.01 * d.channels[2].countsPerS + 1);
    // A board counter, where the board reports one, is the detector's rate; the others are the tags'.
    expect(d.channels.map((c) => c.countSource)).toEqual(['board', 'tags', 'tags', 'tags']);
    expect(d.channels[0].countsPerS).toBe(123_456);
    expect(lit!.health).toMatchObject({ boardTemperatures: [{ board: 'detector', degc: 31.5 }], source: null });
    expect(Math.abs(d.otherCountsPerS - (5 * batches) / d.periodS)).toBeLessThan(0.01 * d.otherCountsPerS + 1);
    // The last watcher left: the tap is removed.
    await expect.poll(() => node.listeners.size, { timeout: 5000 }).toBe(0);
  });

  it('stream a transmitter without detector data, on the socket too', async () => {
    const { server } = await serve('transmitter');
    const got = await snapshots({ socketPath: server.socketPath }, 2);
    expect(got.list[0].status.node).toEqual({ id: 'kme-a', role: 'transmitter' });
    expect(got.list[0].detector).toBeNull();
    expect(got.list[1].detector).toBeNull();
    expect(got.list[1].health).toBeNull(); // this fake has no safety monitor
  });
});
