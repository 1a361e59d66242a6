/**
 * The Done-when test of /metrics: a real Prometheus server (Debian package
 * `prometheus`; skipped with a note where it is absent) scrapes both nodes
 * of a running simulated link (DemoLink: the simulated bench and two
 * `qkdd run` processes, control APIs on free loopback ports), and a query of
 * its HTTP API returns the QBER series of each node with a plausible value
 * (0 < QBER < 0.11, the demo's abort threshold). A request to node A's ETSI
 * GS QKD 014 server then shows in its request metrics (the hook qkdd run wires).
 *
 * Prometheus runs with a temporary config (scrape every second), its TSDB
 * in a temporary folder and its web listener on a free loopback port; it is
 * stopped in cleanup. Nothing asserts on wall-clock time; deadlines are
 * generous for a loaded machine.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DemoLink, socatAvailable } from '../../../src/cli/demo-link.ts';
import { call } from '../../support/etsi-kme-pair.ts';
import { freePort } from '../../support/link-harness.ts';
import { tempDir } from '../../support/temp-dir.ts';

const PROMETHEUS = 'prometheus';
const available = spawnSync(PROMETHEUS, ['--version'], { stdio: 'ignore' }).status === 0;
if (!available) console.warn('prometheus not found (Debian package prometheus): the Prometheus scrape test is skipped');

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The values of qkdd_detector_count_rate_hertz in an exposition. */
function parseRates(text: string): number[] {
  return [...text.matchAll(/^qkdd_detector_count_rate_hertz\{channel="\d+"\} (\S+)$/gm)].map((m) => Number(m[1]));
}

function getText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`${url}: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

function getJson<T>(url: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => {
        try {
          resolve(JSON.parse(text) as T);
        } catch (err) {
          reject(new Error(`${url}: HTTP ${res.statusCode}: ${text.slice(0, 200)}`, { cause: err }));
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Poll `probe` until it returns a value (not undefined) or the deadline passes (then undefined). */
async function poll<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return undefined;
}

interface PromVector {
  status: string;
  data: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
}
interface PromTargets {
  data: { activeTargets: { scrapeUrl: string; health: string; lastError: string }[] };
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

describe.skipIf(!available)('Prometheus scrapes a running node', () => {
  it('and a query of its HTTP API returns the QBER series of each node with a plausible value', { timeout: 300_000 }, async () => {
    const state = tempDir('qkdd-prometheus-');
    cleanups.push(() => state.remove());
    const controlA = await freePort();
    const controlB = await freePort();
    const etsiA = await freePort();
    const link = await DemoLink.start({
      stateDir: join(state.dir, 'link'),
      distanceKm: 10,
      attack: false,
      seed: 33,
      compiled: true,
      boards: socatAvailable() ? 'pty' : 'tcp',
      ports: { peer: await freePort(), etsiA, etsiB: await freePort(), controlA, controlB },
    });
    cleanups.push(() => link.stop());

    // Prometheus, started while the link comes up.
    const promPort = await freePort();
    const config = join(state.dir, 'prometheus.yml');
    writeFileSync(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        '  scrape_timeout: 1s',
        'scrape_configs:',
        '  - job_name: qkdd',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${controlA}', '127.0.0.1:${controlB}']`,
        '',
      ].join('\n'),
    );
    const prom = spawn(
      PROMETHEUS,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(state.dir, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let promLog = '';
    prom.stderr?.setEncoding('utf8').on('data', (c: string) => {
      promLog = (promLog + c).slice(-4000);
    });
    cleanups.push(() => stopProcess(prom));
    const api = `http://127.0.0.1:${promPort}/api/v1`;

    // Both targets up: Prometheus reaches /metrics through the control API's Host check.
    const up = await poll(async () => {
      const t = await getJson<PromTargets>(`${api}/targets`);
      const targets = t.data.activeTargets;
      return targets.length === 2 && targets.every((x) => x.health === 'up') ? targets : undefined;
    }, 120_000);
    expect(up, `targets never up; prometheus log:\n${promLog}`).toBeDefined();
    expect(up!.map((x) => x.scrapeUrl).sort()).toEqual(
      [`http://127.0.0.1:${controlA}/metrics`, `http://127.0.0.1:${controlB}/metrics`].sort(),
    );

    // The test-basis QBER of both nodes, once their first frame has measured it.
    const query = encodeURIComponent('qkdd_qber_ratio{job="qkdd",basis="x",intensity="all"}');
    const qber = await poll(async () => {
      const r = await getJson<PromVector>(`${api}/query?query=${query}`);
      return r.status === 'success' && r.data.result.length === 2 ? r.data.result : undefined;
    }, 180_000);
    expect(qber, `no QBER series in Prometheus; prometheus log:\n${promLog}`).toBeDefined();
    const byNode = Object.fromEntries(qber!.map((s) => [s.metric.instance, Number(s.value[1])]));
    for (const port of [controlA, controlB]) {
      const q = byNode[`127.0.0.1:${port}`];
      expect(q, `QBER of the node on ${port}`).toBeGreaterThan(0);
      expect(q).toBeLessThan(0.11);
    }

    // The node info says which is which.
    const info = await getJson<PromVector>(`${api}/query?query=${encodeURIComponent('qkdd_node_info')}`);
    expect(info.data.result.map((s) => s.metric.role).sort()).toEqual(['receiver', 'transmitter']);

    // The receiver's detector count rates (the safety monitor's last reading of the time tagger).
    const rates = parseRates(await getText(`http://127.0.0.1:${controlB}/metrics`));
    expect(rates.length, 'detector channels with a count rate on node B').toBeGreaterThan(0);
    expect(Math.max(...rates)).toBeGreaterThan(0);

    // qkdd run wires the ETSI server's request hook to the same registry: a status request to node A is counted.
    const pki = join(state.dir, 'link', 'pki');
    const sae = {
      ca: readFileSync(join(pki, 'ca.pem')),
      cert: readFileSync(join(pki, 'sae-a.pem')),
      key: readFileSync(join(pki, 'sae-a-key.pem')),
    };
    expect((await call(`https://127.0.0.1:${etsiA}`, sae, 'GET', '/api/v1/keys/sae-b/status')).status).toBe(200);
    const text = await getText(`http://127.0.0.1:${controlA}/metrics`);
    expect(text).toMatch(/^qkdd_etsi_requests_total\{endpoint="status",code="200"\} 1$/m);
    expect(text).toMatch(/^qkdd_etsi_request_duration_seconds_count\{endpoint="status"\} 1$/m);
  });
});
