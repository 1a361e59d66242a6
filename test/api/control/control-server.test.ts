/**
 * The control API on an in-process fake node (a real GenerationGate and
 * AlarmBoard behind a status of our making): the status document's fields,
 * stop → held with reason operator → start → released (idempotent, and never
 * overriding a safety hold), alarms, JSON errors (404, 405, 400, 403), and the
 * Unix socket's safety: mode 0600, a stale socket replaced, a live one
 * refused, an unsafe folder refused.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isQkdError, QkdErrorCode } from '../../../errors/index.ts';
import { type ControlledNode, type ControlServer, startControlServer, type StatusJson } from '../../../src/api/control/index.ts';
import { createLogger } from '../../../src/log.ts';
import { AlarmBoard } from '../../../src/node/alarms.ts';
import { GenerationGate } from '../../../src/node/generation-gate.ts';
import type { NodeStatus } from '../../../src/node/qkd-node.ts';
import { tempDirsPerTest } from '../../support/temp-dir.ts';

const newDir = tempDirsPerTest('qkdd-control-');
const servers: ControlServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

interface FakeNode extends ControlledNode {
  readonly gate: GenerationGate;
  readonly alarms: AlarmBoard;
  readonly stats: Record<string, number>;
}

function fakeNode(): FakeNode {
  const log = createLogger({ name: 'control-test', level: 'silent' });
  const gate = new GenerationGate();
  const alarms = new AlarmBoard(log);
  const stats: Record<string, number> = {
    framesStarted: 7,
    framesOk: 5,
    framesAborted: 1,
    detections: 123_456,
    siftedKeyBits: 40_000,
    secretBits: 12_000,
    blocksStored: 5,
    lastQberTest: 0.0213,
    lastQberKey: Number.NaN,
  };
  const status = (): NodeStatus => ({
    nodeId: 'kme-a',
    role: 'transmitter',
    linkId: 'link-7',
    boards: [
      {
        name: 'photon-source',
        field: 'boards.photonSource',
        address: 'tcp://127.0.0.1:7001',
        state: 'connected',
        sinceMs: 1_700_000_000_000,
      },
      {
        name: 'polarization-modulator',
        field: 'boards.polarizationModulator',
        address: 'tcp://127.0.0.1:7002',
        state: 'lost',
        sinceMs: 1_700_000_001_000,
      },
    ],
    peerConnected: true,
    peerSessions: 1,
    framesInFlight: 1,
    stats: { ...stats },
    store: { appBits: 10_240, authBits: 2_048, storedBits: 12_288, maxBits: 1 << 30, deliveredKeys: 3, pendingBlocks: 1 },
    alarms: { total: alarms.total(), byCode: alarms.snapshot().byCode },
    generation: { running: gate.isOpen, holds: gate.current() },
  });
  return { gate, alarms, stats, status };
}

async function start(node: ControlledNode, opts: { http?: boolean; socketPath?: string } = {}): Promise<ControlServer> {
  const dir = newDir();
  const server = await startControlServer({
    node,
    socketPath: opts.socketPath ?? join(dir, 'control.sock'),
    http: opts.http === false ? null : { host: '127.0.0.1', port: 0 },
  });
  servers.push(server);
  return server;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: unknown;
}

function call(
  target: { socketPath: string } | { url: string },
  method: string,
  path: string,
  opts: { body?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const where =
    'socketPath' in target
      ? { socketPath: target.socketPath }
      : { host: new URL(target.url).hostname, port: Number(new URL(target.url).port) };
  return new Promise((resolve, reject) => {
    const req = request({ ...where, method, path, headers: opts.headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('control API: status, generation, alarms', () => {
  it('serves the status document with node, link, boards, QBER, rates, stored key, alarms and generation (socket and HTTP alike)', async () => {
    const node = fakeNode();
    node.alarms.raise('qber-over-threshold', 'critical', 'frame 3 dropped: test-basis QBER 0.2 > 0.11');
    const server = await start(node);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const viaSocket = await call({ socketPath: server.socketPath }, 'GET', '/api/v1/status');
    const viaHttp = await call({ url: server.url! }, 'GET', '/api/v1/status');
    for (const a of [viaSocket, viaHttp]) {
      expect(a.status).toBe(200);
      expect(a.headers['content-type']).toBe('application/json');
      const s = a.json as StatusJson;
      expect(s.apiVersion).toBe(1);
      expect(s.node).toEqual({ id: 'kme-a', role: 'transmitter' });
      expect(s.link).toEqual({ id: 'link-7', peerConnected: true, peerSessions: 1 });
      expect(s.boards.map((b) => [b.name, b.state, b.address])).toEqual([
        ['photon-source', 'connected', 'tcp://127.0.0.1:7001'],
        ['polarization-modulator', 'lost', 'tcp://127.0.0.1:7002'],
      ]);
      expect(s.boards[1]!.since).toBe(new Date(1_700_000_001_000).toISOString());
      // Z unknown (NaN at the node) is null, not a string or a missing field.
      expect(s.qber).toEqual({ Z: null, X: 0.0213 });
      expect(s.rates).toHaveProperty('siftedBitsPerS');
      expect(s.rates).toHaveProperty('secretBitsPerS');
      expect(typeof s.rates.windowS).toBe('number');
      expect(s.storedKey).toEqual({
        appBits: 10_240,
        authBits: 2_048,
        totalBits: 12_288,
        maxBits: 1 << 30,
        deliveredKeys: 3,
        pendingBlocks: 1,
      });
      expect(s.alarms.total).toBe(1);
      expect(s.alarms.byCode).toEqual({ 'qber-over-threshold': 1 });
      expect(s.alarms.recent[0]).toMatchObject({ code: 'qber-over-threshold', severity: 'critical' });
      expect(s.generation).toEqual({ running: true, holds: [] });
      expect(s.counters).toMatchObject({ blocksStored: 5, framesInFlight: 1, lastQberKey: null });
    }
  });

  it('stop holds generation with reason operator, idempotently; start releases it; neither overrides a safety hold', async () => {
    const node = fakeNode();
    const server = await start(node, { http: false });
    const sock = { socketPath: server.socketPath };

    const stop1 = await call(sock, 'POST', '/api/v1/generation/stop', { body: JSON.stringify({ detail: 'realigning the fibre' }) });
    expect(stop1.status).toBe(200);
    expect(stop1.json).toMatchObject({
      changed: true,
      generation: { running: false, holds: [{ reason: 'operator', detail: 'realigning the fibre' }] },
    });
    expect(node.gate.isOpen).toBe(false);
    expect(node.gate.current().map((h) => h.reason)).toEqual(['operator']);

    const stop2 = await call(sock, 'POST', '/api/v1/generation/stop');
    expect(stop2.json).toMatchObject({ changed: false, generation: { running: false } });
    expect(node.gate.current()).toHaveLength(1);
    expect(((await call(sock, 'GET', '/api/v1/status')).json as StatusJson).generation.holds[0]!.reason).toBe('operator');

    const start1 = await call(sock, 'POST', '/api/v1/generation/start');
    expect(start1.json).toEqual({ changed: true, generation: { running: true, holds: [] } });
    expect(node.gate.isOpen).toBe(true);
    const start2 = await call(sock, 'POST', '/api/v1/generation/start');
    expect(start2.json).toEqual({ changed: false, generation: { running: true, holds: [] } });

    // A safety hold stays through an operator's start, and an operator's stop stays through its clearing.
    node.gate.hold('safety:interlock', 'interlock open');
    await call(sock, 'POST', '/api/v1/generation/stop');
    const start3 = await call(sock, 'POST', '/api/v1/generation/start');
    expect(start3.json).toMatchObject({ changed: true, generation: { running: false, holds: [{ reason: 'safety:interlock' }] } });
    expect(node.gate.isOpen).toBe(false);
    node.gate.release('safety:interlock');
    expect(node.gate.isOpen).toBe(true);
  });

  it('lists alarms with counts per code and the recent ones, oldest first', async () => {
    const node = fakeNode();
    const server = await start(node, { http: false });
    const sock = { socketPath: server.socketPath };
    expect((await call(sock, 'GET', '/api/v1/alarms')).json).toEqual({ total: 0, byCode: {}, recent: [] });
    node.alarms.raise('board-lost', 'warning', 'board detector lost');
    node.alarms.raise('frame-timeout', 'warning', 'frame 9 timed out');
    node.alarms.raise('board-lost', 'warning', 'board detector lost again');
    const a = (await call(sock, 'GET', '/api/v1/alarms')).json as {
      total: number;
      byCode: Record<string, number>;
      recent: { code: string; message: string; at: string }[];
    };
    expect(a.total).toBe(3);
    expect(a.byCode).toEqual({ 'board-lost': 2, 'frame-timeout': 1 });
    expect(a.recent.map((r) => r.message)).toEqual(['board detector lost', 'frame 9 timed out', 'board detector lost again']);
    expect(Number.isNaN(Date.parse(a.recent[0]!.at))).toBe(false);
  });

  it('lists its endpoints at /api/v1', async () => {
    const server = await start(fakeNode(), { http: false });
    const index = (await call({ socketPath: server.socketPath }, 'GET', '/api/v1')).json as {
      endpoints: { method: string; path: string }[];
    };
    expect(index.endpoints.map((e) => `${e.method} ${e.path}`)).toEqual([
      'GET /api/v1',
      'GET /api/v1/status',
      'GET /api/v1/alarms',
      'POST /api/v1/generation/stop',
      'POST /api/v1/generation/start',
    ]);
  });
});

describe('control API: errors are JSON {error: {code, message}}', () => {
  it('404 for an unknown path, 405 with Allow for a wrong method, 400 for a bad body, 413 for a large one', async () => {
    const node = fakeNode();
    const server = await start(node);
    const sock = { socketPath: server.socketPath };
    const notFound = await call(sock, 'GET', '/api/v1/nope');
    expect(notFound.status).toBe(404);
    expect(notFound.json).toEqual({ error: { code: 'not_found', message: expect.stringContaining('/api/v1/nope') } });
    expect((await call({ url: server.url! }, 'GET', '/api/v2/status')).status).toBe(404);

    const wrongMethod = await call(sock, 'GET', '/api/v1/generation/stop');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');
    expect(wrongMethod.json).toEqual({ error: { code: 'method_not_allowed', message: expect.stringContaining('use POST') } });
    expect((await call(sock, 'DELETE', '/api/v1/status')).status).toBe(405);
    // A refused request changed nothing.
    expect(node.gate.isOpen).toBe(true);

    const notJson = await call(sock, 'POST', '/api/v1/generation/stop', { body: '{detail:' });
    expect(notJson.status).toBe(400);
    expect(notJson.json).toEqual({ error: { code: 'bad_request', message: 'request body is not JSON' } });
    const unknownField = await call(sock, 'POST', '/api/v1/generation/stop', { body: '{"reason":"x"}' });
    expect(unknownField.status).toBe(400);
    expect((unknownField.json as { error: { message: string } }).error.message).toContain("'reason'");
    const tooLarge = await call(sock, 'POST', '/api/v1/generation/stop', { body: JSON.stringify({ detail: 'x'.repeat(10_000) }) });
    expect(tooLarge.status).toBe(413);
    expect(node.gate.isOpen).toBe(true);
  });

  it('on HTTP, refuses a Host that is not loopback (DNS rebinding) and a foreign Origin (a web page), 403', async () => {
    const node = fakeNode();
    const server = await start(node);
    const port = new URL(server.url!).port;
    const rebound = await call({ url: server.url! }, 'GET', '/api/v1/status', { headers: { Host: `evil.example:${port}` } });
    expect(rebound.status).toBe(403);
    expect(rebound.json).toMatchObject({ error: { code: 'forbidden' } });
    const csrf = await call({ url: server.url! }, 'POST', '/api/v1/generation/stop', { headers: { Origin: 'http://evil.example' } });
    expect(csrf.status).toBe(403);
    expect(node.gate.isOpen).toBe(true);
    const sameOrigin = await call({ url: server.url! }, 'POST', '/api/v1/generation/stop', {
      headers: { Origin: `http://localhost:${port}` },
    });
    expect(sameOrigin.status).toBe(200);
    expect(node.gate.isOpen).toBe(false);
  });
});

describe('control API: the Unix socket', () => {
  it('is created with mode 0600 and removed on close', async () => {
    const server = await start(fakeNode(), { http: false });
    expect(statSync(server.socketPath).isSocket()).toBe(true);
    expect(statSync(server.socketPath).mode & 0o777).toBe(0o600);
    servers.splice(servers.indexOf(server), 1);
    await server.close();
    expect(existsSync(server.socketPath)).toBe(false);
  });

  it('replaces a stale socket left by a process that died', async () => {
    const dir = newDir();
    const socketPath = join(dir, 'control.sock');
    // A process that listens on the socket, then is killed without closing it: the file stays, nothing listens.
    const child = spawn(
      process.execPath,
      ['-e', `require('node:net').createServer().listen(${JSON.stringify(socketPath)}, () => console.log('up'))`],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
    expect(statSync(socketPath).isSocket()).toBe(true);
    const server = await start(fakeNode(), { http: false, socketPath });
    const a = await call({ socketPath }, 'GET', '/api/v1/status');
    expect(a.status).toBe(200);
    expect(statSync(server.socketPath).mode & 0o777).toBe(0o600);
  });

  it('refuses the socket of a live node with one line naming control.socket and the path, and leaves it serving', async () => {
    const first = await start(fakeNode(), { http: false });
    const err = await startControlServer({ node: fakeNode(), socketPath: first.socketPath }).catch((e: unknown) => e);
    expect(isQkdError(err, QkdErrorCode.ControlListenFailed)).toBe(true);
    const message = (err as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain(`control.socket ${first.socketPath}`);
    expect(message).toContain('a running process serves it already');
    expect((await call({ socketPath: first.socketPath }, 'GET', '/api/v1/status')).status).toBe(200);
  });

  it('refuses a group- or world-writable folder, a missing folder, a file that is not a socket, and a path too long', async () => {
    const dir = newDir();
    const open = join(dir, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    const cases: [string, QkdErrorCode, string][] = [
      [join(open, 'c.sock'), QkdErrorCode.FileUnusable, 'group- or world-writable (mode 0777)'],
      [join(dir, 'missing', 'c.sock'), QkdErrorCode.FileMissing, 'does not exist'],
      [join(dir, 'plain-file'), QkdErrorCode.ControlListenFailed, 'is not a socket'],
      [join(dir, 'x'.repeat(120)), QkdErrorCode.ControlListenFailed, 'at most 107'],
    ];
    writeFileSync(join(dir, 'plain-file'), 'not a socket');
    for (const [socketPath, code, text] of cases) {
      const err = await startControlServer({ node: fakeNode(), socketPath }).catch((e: unknown) => e);
      expect(isQkdError(err, code), `${socketPath}: ${String(err)}`).toBe(true);
      expect((err as Error).message).toContain('control.socket');
      expect((err as Error).message).toContain(text);
    }
    // The file that was not a socket is still there, untouched.
    expect(statSync(join(dir, 'plain-file')).isFile()).toBe(true);
  });

  it('refuses an HTTP port in use with one line naming control.http, and frees the socket it had bound', async () => {
    const first = await start(fakeNode());
    const port = Number(new URL(first.url!).port);
    const socketPath = join(newDir(), 'control.sock');
    const err = await startControlServer({ node: fakeNode(), socketPath, http: { host: '127.0.0.1', port } }).catch((e: unknown) => e);
    expect(isQkdError(err, QkdErrorCode.ControlListenFailed)).toBe(true);
    expect((err as Error).message).toBe(`control.http 127.0.0.1:${port}: cannot listen (port in use)`);
    expect(existsSync(socketPath)).toBe(false);
  });
});
