/**
 * qkdctl against running nodes: the demo link (the simulated bench and two
 * `qkdd run` processes, DemoLink) with each node's control API on a free
 * loopback port. `qkdctl status --json` returns node, link, boards, QBER,
 * rates, stored key and alarms; `qkdctl stop` pauses key generation (once the
 * frames in flight have drained, the stored block count no longer grows) and
 * `qkdctl start` resumes it. Against a node that is not running, qkdctl says
 * which socket or URL it tried and exits 2.
 *
 * Nothing asserts on wall-clock time: "paused" is the same count at two reads
 * after the stop took effect and nothing was in flight; timeouts are generous
 * for a loaded machine.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import type { StatusJson } from '../../src/api/control/index.ts';
import { parse, stringify } from 'yaml';
import { createSimulatedBench, serveOnTcp } from '../../sim/index.ts';
import { freePort } from '../support/link-harness.ts';
import { type CliResult, runCli, startCli } from '../support/run-cli.ts';
import { tempDir } from '../support/temp-dir.ts';
import { startDemoLink } from '../support/demo-link.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function getStatus(url: string): Promise<StatusJson> {
  const u = new URL('/api/v1/status', url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: Number(u.port), path: u.pathname }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => {
        try {
          resolve(JSON.parse(text) as StatusJson);
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Poll the control API until `predicate` holds (null on timeout); a node not yet listening counts as not yet. */
async function waitForStatus(url: string, predicate: (s: StatusJson) => boolean, timeoutMs: number): Promise<StatusJson | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const s = await getStatus(url).catch(() => null);
    if (s && predicate(s)) return s;
    await new Promise((r) => setTimeout(r, 500));
  }
  return null;
}

const blocks = (s: StatusJson): number => Number(s.counters.blocksStored ?? 0);

function expectOk(r: CliResult): void {
  expect(r.signal, r.stderr).toBeNull();
  expect(r.code, r.stderr).toBe(0);
}

/** One line on stderr, `qkdctl: … [QKD-821 ControlUnreachable]`, exit 2. */
function expectUnreachable(r: CliResult, tried: string): void {
  expect(r.signal, r.stderr).toBeNull();
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toContain(tried);
  expect(lines[0]).toMatch(/^qkdctl: no node answers at .*\[QKD-821 ControlUnreachable\]$/);
  expect(r.stdout).toBe('');
}

describe('qkdctl status / stop / start against a running link', () => {
  it('reports the node, pauses key generation and resumes it', async () => {
    const demo = await startDemoLink({ seed: 21, statePrefix: 'qkdd-ctl-' });
    cleanups.push(() => demo.cleanup());
    const { link } = demo;
    const urlA = link.controlUrl('alice')!;
    const urlB = link.controlUrl('bob')!;

    // Key is being made: a block stored at both ends.
    const making = await waitForStatus(urlA, (s) => blocks(s) >= 1, 240_000);
    expect(making, 'no block stored by node A within the timeout').not.toBeNull();
    expect(await waitForStatus(urlB, (s) => blocks(s) >= 1 && s.qber.Z !== null, 120_000)).not.toBeNull();

    // status --json: the API's document, with everything a technician asks first.
    const json = await runCli('qkdctl', ['status', '--json', '--url', urlB]);
    expectOk(json);
    const s = JSON.parse(json.stdout) as StatusJson;
    expect(s.apiVersion).toBe(1);
    expect(s.node).toEqual({ id: 'kme-b', role: 'receiver' });
    expect(s.link).toMatchObject({ id: 'demo-link', peerConnected: true });
    expect(s.boards).toEqual([
      expect.objectContaining({ name: 'detector', field: 'boards.detector', address: link.boardUrls.detector, state: 'connected' }),
    ]);
    expect(s.qber.Z).toBeGreaterThanOrEqual(0);
    expect(s.qber.Z).toBeLessThan(0.05);
    expect(s.qber.X).toBeLessThan(0.05);
    expect(s.rates.windowS).toBeGreaterThan(0);
    expect(s.rates.siftedBitsPerS).not.toBeNull();
    expect(s.rates.secretBitsPerS).not.toBeNull();
    expect(s.storedKey.appBits).toBeGreaterThan(0);
    expect(s.storedKey.authBits).toBeGreaterThanOrEqual(0);
    expect(s.alarms).toMatchObject({ total: expect.any(Number), byCode: expect.any(Object), recent: expect.any(Array) });
    expect(s.generation).toEqual({ running: true, holds: [] });

    // The human summary, reaching node A through its config (the control socket it names).
    const human = await runCli('qkdctl', ['status', '--config', link.configPath('alice')]);
    expectOk(human);
    expect(human.stdout).toContain('node kme-a (transmitter), link demo-link, peer connected');
    expect(human.stdout).toContain('generation: running');
    expect(human.stdout).toMatch(/boards: photon-source connected .*polarization-modulator connected/);

    // stop: node A (the transmitter) starts no new frame; once nothing is in flight, no block is added.
    const stop = await runCli('qkdctl', ['stop', '--url', urlA, '--reason', 'test: pause']);
    expectOk(stop);
    expect(stop.stdout).toContain('key generation stopped');
    // Frames and blocks: a block closed from frames sifted before the stop runs to its end.
    const idle = (x: StatusJson): boolean => x.counters.framesInFlight === 0 && x.counters.blocksInFlight === 0;
    const drained = await waitForStatus(urlA, (x) => !x.generation.running && idle(x), 180_000);
    expect(drained, 'frames in flight never drained after the stop').not.toBeNull();
    expect(drained!.generation.holds).toEqual([expect.objectContaining({ reason: 'operator', detail: 'test: pause' })]);
    expect(await waitForStatus(urlB, idle, 180_000)).not.toBeNull();
    const heldA1 = await getStatus(urlA);
    const heldB1 = await getStatus(urlB);
    await new Promise((r) => setTimeout(r, 4000));
    const heldA2 = await getStatus(urlA);
    const heldB2 = await getStatus(urlB);
    expect(blocks(heldA2)).toBe(blocks(heldA1));
    expect(blocks(heldB2)).toBe(blocks(heldB1));
    expect(heldA2.counters.framesStarted).toBe(heldA1.counters.framesStarted);
    const again = await runCli('qkdctl', ['stop', '--json', '--socket', link.controlSocket('alice')]);
    expectOk(again);
    expect(JSON.parse(again.stdout)).toMatchObject({ changed: false, generation: { running: false } });

    // start: generation resumes and blocks are stored again.
    const start = await runCli('qkdctl', ['start', '--url', urlA]);
    expectOk(start);
    expect(start.stdout).toContain('key generation is running');
    const resumed = await waitForStatus(urlA, (x) => x.generation.running && blocks(x) > blocks(heldA2), 240_000);
    expect(resumed, 'no new block after qkdctl start').not.toBeNull();
    expect(await waitForStatus(urlB, (x) => blocks(x) > blocks(heldB2), 120_000)).not.toBeNull();

    // alarms: the same counts as the status.
    const alarms = await runCli('qkdctl', ['alarms', '--json', '--url', urlA]);
    expectOk(alarms);
    expect(JSON.parse(alarms.stdout)).toMatchObject({ total: expect.any(Number), byCode: expect.any(Object), recent: expect.any(Array) });

    expect(await demo.stop()).toEqual({ alice: 0, bob: 0 });
  }, 600_000);
});

describe('qkdctl against a node that is not running', () => {
  it('names the socket or URL it tried, one line, exit 2', async () => {
    const dir = tempDir('qkdd-ctl-down-');
    cleanups.push(() => dir.remove());
    const socket = join(dir.dir, 'control.sock');
    const port = await freePort();
    const [bySocket, byUrl, asJson] = await Promise.all([
      runCli('qkdctl', ['status', '--socket', socket]),
      runCli('qkdctl', ['stop', '--url', `http://127.0.0.1:${port}`]),
      runCli('qkdctl', ['alarms', '--json', '--socket', socket]),
    ]);
    expectUnreachable(bySocket, `socket ${socket}`);
    expect(bySocket.stderr).toContain('no such socket');
    expectUnreachable(byUrl, `URL http://127.0.0.1:${port}`);
    expect(byUrl.stderr).toContain('connection refused');
    // With --json the failure is a JSON object on stderr, stdout stays empty.
    expect(asJson.code).toBe(2);
    expect(asJson.stdout).toBe('');
    expect(JSON.parse(asJson.stderr)).toMatchObject({
      error: { codeName: 'ControlUnreachable', message: expect.stringContaining(socket) },
    });
  }, 120_000);

  it('refuses a command line that names no node, or two', async () => {
    const [none, two] = await Promise.all([
      runCli('qkdctl', ['status']),
      runCli('qkdctl', ['status', '--socket', '/tmp/x.sock', '--url', 'http://127.0.0.1:1']),
    ]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^qkdctl: which node\? give --socket PATH, --url .* or --config FILE \[QKD-503 Usage\]\n$/);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('give only one of --socket, --url and --config');
  }, 120_000);
});

describe('qkdd run serves the control API', () => {
  it('names the socket and URL in its first status line, answers qkdctl --config, refuses a second node on the socket, removes it on stop', async () => {
    const dir = tempDir('qkdd-ctl-run-');
    cleanups.push(() => dir.remove());
    const sim = createSimulatedBench({ seed: 3, distanceKm: 10 });
    cleanups.push(() => sim.close());
    const source = await serveOnTcp(sim.board('photon-source'), 0);
    const modulator = await serveOnTcp(sim.board('polarization-modulator'), 0);
    cleanups.push(
      () => modulator.close(),
      () => source.close(),
    );
    const nodeDir = join(dir.dir, 'alice');
    mkdirSync(nodeDir, { mode: 0o700 });
    chmodSync(nodeDir, 0o700);
    writeFileSync(join(nodeDir, 'psk.bin'), Buffer.alloc(1 << 20, 0x5a), { mode: 0o600 });
    const example = parse(readFileSync(new URL('../../examples/sim-alice.yaml', import.meta.url), 'utf8')) as Record<string, unknown>;
    delete example.etsi;
    const writeConfig = async (name: string, control: Record<string, string>): Promise<string> => {
      const file = join(dir.dir, name);
      writeFileSync(
        file,
        stringify({
          ...example,
          boards: { photonSource: source.url, polarizationModulator: modulator.url },
          peer: { listen: `127.0.0.1:${await freePort()}`, preSharedKeyFile: 'alice/psk.bin' },
          keystore: { path: 'alice/keys.sqlite', maxBits: 2 ** 31 },
          frame: { slots: 1 << 20, inFlight: 1, workers: 0 },
          control,
        }),
      );
      return file;
    };
    const config = await writeConfig('alice.yaml', { http: '127.0.0.1:0' });
    const socket = join(nodeDir, 'control.sock');

    const node = startCli('qkdd', ['run', '--config', config, '--log-level', 'warn']);
    cleanups.push(async () => {
      if (node.child.exitCode === null && node.child.signalCode === null) {
        node.child.kill('SIGKILL');
        await node.exit;
      }
    });
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: node.child.stdout! }).once('line', resolve);
      node.exit.then(({ code }) => reject(new Error(`qkdd run exited (${code}): ${node.stderr()}`)));
    });
    const first = JSON.parse(firstLine) as { status: { nodeId: string }; control: { socket: string; url: string } };
    expect(first.status.nodeId).toBe('kme-a');
    expect(first.control.socket).toBe(socket);
    expect(first.control.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(statSync(socket).mode & 0o777).toBe(0o600);

    const viaConfig = await runCli('qkdctl', ['status', '--json', '--config', config]);
    expectOk(viaConfig);
    const s = JSON.parse(viaConfig.stdout) as StatusJson;
    expect(s.node).toEqual({ id: 'kme-a', role: 'transmitter' });
    expect(s.boards.map((b) => [b.name, b.address])).toEqual([
      ['photon-source', source.url],
      ['polarization-modulator', modulator.url],
    ]);
    expect((await getStatus(first.control.url)).node.id).toBe('kme-a');

    // A second node on the same socket: one line naming control.socket, exit 2, and the first keeps serving.
    const second = await runCli('qkdd', ['run', '--config', await writeConfig('again.yaml', { socket })]);
    expect(second.code, second.stderr).toBe(2);
    expect(second.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(second.stderr).toContain(`control.socket ${socket}: a running process serves it already`);
    expect(second.stderr).toContain('[QKD-820 ControlListenFailed]');
    expect((await getStatus(first.control.url)).node.id).toBe('kme-a');

    node.child.kill('SIGTERM');
    expect((await node.exit).code).toBe(0);
    expect(existsSync(socket)).toBe(false);
  }, 180_000);
});
