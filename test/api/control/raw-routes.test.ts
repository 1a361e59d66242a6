/** Raw control routes: features that answer with other content types (metrics, pages, streams) plug into the same listeners and checks. */
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ControlServer, type RawControlRoute, startControlServer } from '../../../src/api/control/index.ts';
import { createLogger } from '../../../src/log.ts';
import { AlarmBoard } from '../../../src/node/alarms.ts';
import { GenerationGate } from '../../../src/node/generation-gate.ts';
import type { NodeStatus } from '../../../src/node/qkd-node.ts';
import { tempDirsPerTest } from '../../support/temp-dir.ts';

const newDir = tempDirsPerTest('qkdd-raw-routes-');
const servers: ControlServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const node = {
  gate: new GenerationGate(),
  alarms: new AlarmBoard(createLogger({ name: 't', level: 'silent' })),
  status: () => ({ stats: {} }) as unknown as NodeStatus,
};

const ROUTES: RawControlRoute[] = [
  {
    path: '/metrics',
    method: 'GET',
    summary: 'text',
    handle: (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('qkdd_up 1\n');
    },
  },
  {
    path: '/pages/',
    method: 'GET',
    summary: 'a folder of pages',
    on: 'http',
    handle: (req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(`<p>${req.url}</p>`);
    },
  },
];

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

describe('raw control routes', () => {
  it('serve exact paths and prefixes, on the listeners they ask for, behind the same Host check, and are listed', async () => {
    const server = await startControlServer({
      node,
      socketPath: join(newDir(), 'control.sock'),
      http: { host: '127.0.0.1', port: 0 },
      rawRoutes: ROUTES,
    });
    servers.push(server);
    const port = Number(new URL(server.url!).port);
    expect(await get({ port }, '/metrics')).toMatchObject({ status: 200, body: 'qkdd_up 1\n', type: 'text/plain' });
    expect(await get({ socketPath: server.socketPath }, '/metrics')).toMatchObject({ status: 200, body: 'qkdd_up 1\n' });
    expect(await get({ port }, '/pages/a/b.html')).toMatchObject({ status: 200, body: '<p>/pages/a/b.html</p>' });
    expect(await get({ port }, '/pages')).toMatchObject({ status: 200 });
    // HTTP only: the socket answers 404 as for any unknown path.
    expect((await get({ socketPath: server.socketPath }, '/pages/x')).status).toBe(404);
    // The Host check guards raw routes too (DNS rebinding).
    expect((await get({ port }, '/metrics', { Host: 'evil.example:80' })).status).toBe(403);
    const list = JSON.parse((await get({ socketPath: server.socketPath }, '/api/v1')).body) as { endpoints: { path: string }[] };
    expect(list.endpoints.map((e) => e.path)).toEqual(expect.arrayContaining(['/metrics', '/pages/', '/api/v1/status']));
  });
});
