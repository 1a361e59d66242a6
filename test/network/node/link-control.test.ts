/**
 * `qkdd node` serves each link's control API when the link's bench config has
 * a `control` section (src/cli/trusted-node.ts, `linkControl`), as `qkdd run`
 * does for its one link: two trusted nodes a–b assembled from their configs
 * on disk; each end of link ab answers GET /api/v1/status on its own loopback
 * HTTP port and Unix socket (0600, beside the link's key store), naming its
 * node, its link and the peer session; a hold by POST /api/v1/generation/stop shows in
 * the generation state and is lifted by POST /api/v1/generation/start.
 */
import { statSync } from 'node:fs';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { ControlServer } from '../../../src/api/control/index.ts';
import { startTrustedNode } from '../../../src/cli/trusted-node.ts';
import { readNetworkNodeConfig } from '../../../src/config/network-node-config.ts';
import { createLogger } from '../../../src/log.ts';
import type { TrustedNode } from '../../../src/network/node/trusted-node.ts';
import { withSeed } from '../../support/seed.ts';
import { tempDirsPerTest } from '../../support/temp-dir.ts';
import { idleBenchFor, writeTrustedNetworkFiles } from '../../support/trusted-network.ts';
import { waitUntil } from '../../support/wait.ts';

const newDir = tempDirsPerTest('qkdd-link-control-');
const running: { node: TrustedNode; control: Map<string, ControlServer> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    for (const c of r.control.values()) await c.close();
    await r.node.stop();
  }
});

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

function call(target: { url?: string; socketPath?: string }, method: 'GET' | 'POST', path: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = method === 'POST' ? '{}' : undefined;
    const req = request(
      {
        ...(target.socketPath ? { socketPath: target.socketPath } : { host: '127.0.0.1', port: Number(new URL(target.url!).port) }),
        method,
        path,
        headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('qkdd node: a link with a control section', () => {
  it(
    "serves that link's control API on loopback HTTP and its socket: status, stop and start",
    () =>
      withSeed('link-control', async (rng) => {
        const dir = newDir();
        const files = await writeTrustedNetworkFiles({
          dir,
          nodes: ['a', 'b'],
          links: [{ id: 'ab', a: 'a', b: 'b' }],
          rng,
          benchPatch: (_linkId, cfg) => {
            // Port 0: any free port; the socket defaults to control.sock beside the link's key store.
            cfg.control = { http: '127.0.0.1:0' };
          },
        });
        const log = createLogger({ name: 't', level: process.env.QKDD_TEST_LOG ?? 'silent' });
        const start = async (n: string): Promise<{ node: TrustedNode; control: Map<string, ControlServer> }> => {
          const control = new Map<string, ControlServer>();
          const node = await startTrustedNode(readNetworkNodeConfig(files.get(n)!), { log, benchFor: idleBenchFor, linkControl: control });
          const r = { node, control };
          running.push(r);
          return r;
        };
        const a = await start('a');
        const b = await start('b');
        await waitUntil(() => a.node.status().links[0]?.up === true && b.node.status().links[0]?.up === true, 'link ab up', 30_000);
        for (const [name, r] of [
          ['a', a],
          ['b', b],
        ] as const) {
          const c = r.control.get('ab');
          expect(c, `node ${name}: control API of link ab`).toBeDefined();
          expect(c!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
          expect(statSync(c!.socketPath).mode & 0o777).toBe(0o600);
          for (const target of [{ url: c!.url! }, { socketPath: c!.socketPath }]) {
            const s = await call(target, 'GET', '/api/v1/status');
            expect(s.status).toBe(200);
            expect((s.body.link as { id: string; peerConnected: boolean }).id).toBe('ab');
            expect((s.body.link as { peerConnected: boolean }).peerConnected).toBe(true);
          }
        }
        const c = a.control.get('ab')!;
        expect((await call({ url: c.url! }, 'POST', '/api/v1/generation/stop')).status).toBe(200);
        const held = await call({ url: c.url! }, 'GET', '/api/v1/status');
        expect((held.body.generation as { running: boolean }).running).toBe(false);
        expect((await call({ url: c.url! }, 'POST', '/api/v1/generation/start')).status).toBe(200);
        const again = await call({ url: c.url! }, 'GET', '/api/v1/status');
        expect((again.body.generation as { running: boolean }).running).toBe(true);
      }),
    60_000,
  );
});
