/**
 * The trusted node's config (src/config/network-node-config.ts) and its
 * assembly (src/cli/trusted-node.ts `startTrustedNode`): wrong fields are one
 * ConfigInvalid naming the file and field; two nodes a–b assembled from
 * their configs (link bench configs by file reference, preflight on, benches
 * injected: no boards) bring the link up, flood it, and relay nothing
 * adjacent (a path a→b is the link itself).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { isConfigError, QkdErrorCode } from '../../../errors/index.ts';
import { demoConfigs } from '../../../src/cli/demo-configs.ts';
import { startTrustedNode } from '../../../src/cli/trusted-node.ts';
import { readNetworkNodeConfig } from '../../../src/config/network-node-config.ts';
import { createLogger } from '../../../src/log.ts';
import type { TrustedNode } from '../../../src/network/node/trusted-node.ts';
import type { NodeBench } from '../../../src/node/qkd-node.ts';
import { freePort } from '../../support/link-harness.ts';
import { tempDirsPerTest } from '../../support/temp-dir.ts';
import { waitUntil } from '../../support/wait.ts';

const newDir = tempDirsPerTest('qkdd-node-config-');
const started: TrustedNode[] = [];
afterEach(async () => {
  for (const n of started.splice(0)) await n.stop();
});

const idle = (config: { node: { role: string }; frame: { slots: number } }): Promise<NodeBench> =>
  Promise.resolve(
    config.node.role === 'transmitter'
      ? {
          role: 'transmitter',
          bench: { slotsPerFrame: config.frame.slots, emitFrame: () => new Promise(() => undefined), close: async () => undefined },
        }
      : {
          role: 'receiver',
          bench: { slotsPerFrame: config.frame.slots, nextFrame: () => new Promise(() => undefined), close: async () => undefined },
        },
  );

async function writeLine2(dir: string): Promise<{ a: string; b: string }> {
  const port = await freePort();
  const text = demoConfigs(
    join(dir, 'ab'),
    { photonSource: 'tcp://127.0.0.1:1', polarizationModulator: 'tcp://127.0.0.1:2', detector: 'tcp://127.0.0.1:3' },
    { peer: port, etsiA: 1, etsiB: 2 },
    { gateDelayPs: 1, gateWidthPs: 400 },
  );
  const psk = new Uint8Array(1 << 14).map((_, i) => (i * 131 + 7) & 0xff);
  for (const [side, yaml] of [
    ['alice', text.alice],
    ['bob', text.bob],
  ] as const) {
    const cfg = parse(yaml) as Record<string, unknown> & { node: { linkId: string }; frame: { workers: number } };
    delete cfg.etsi;
    cfg.node.linkId = 'ab';
    cfg.frame.workers = 0;
    mkdirSync(join(dir, 'ab', side), { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, 'ab', side, 'psk.bin'), psk, { mode: 0o600 });
    writeFileSync(join(dir, `ab-${side}.yaml`), stringify(cfg));
  }
  writeFileSync(
    join(dir, 'a.yaml'),
    stringify({ node: { id: 'a' }, state: 'state-a', links: [{ config: 'ab-alice.yaml', peer: 'b' }], relay: { tickMs: 100 } }),
  );
  writeFileSync(
    join(dir, 'b.yaml'),
    stringify({ node: { id: 'b' }, state: 'state-b', links: [{ config: 'ab-bob.yaml', peer: 'a' }], relay: { tickMs: 100 } }),
  );
  return { a: join(dir, 'a.yaml'), b: join(dir, 'b.yaml') };
}

describe('trusted node config', () => {
  it('names the file and field of a wrong config', async () => {
    const dir = newDir();
    const files = await writeLine2(dir);
    const bad = (doc: unknown): unknown => {
      const f = join(dir, 'bad.yaml');
      writeFileSync(f, stringify(doc));
      try {
        readNetworkNodeConfig(f);
        return null;
      } catch (e) {
        return e;
      }
    };
    const e1 = bad({ node: { id: 'a' }, state: 's', links: [] });
    expect(isConfigError(e1, QkdErrorCode.ConfigInvalid)).toBe(true);
    expect((e1 as Error).message).toMatch(/bad\.yaml: links/);
    const e2 = bad({ node: { id: 'a' }, state: 's', links: [{ config: 'ab-alice.yaml', peer: 'a' }] });
    expect((e2 as Error).message).toMatch(/links\.0\.peer: the link joins node a to itself/);
    const e3 = bad({
      node: { id: 'a' },
      state: 's',
      links: [
        { config: 'ab-alice.yaml', peer: 'b' },
        { config: 'ab-alice.yaml', peer: 'c' },
      ],
    });
    expect((e3 as Error).message).toMatch(/links\.1\.config: link ab/);
    const e4 = bad({ node: { id: 'a' }, state: 's', links: [{ config: 'ab-alice.yaml', peer: 'b' }], pools: { transitShare: 2 } });
    expect((e4 as Error).message).toMatch(/pools\.transitShare/);
    expect(readNetworkNodeConfig(files.a).links[0].bench.node.linkId).toBe('ab');
  });

  it('assembles two nodes from their configs; the link comes up in both topologies', async () => {
    const dir = newDir();
    const files = await writeLine2(dir);
    const log = createLogger({ name: 't', level: 'silent' });
    const a = await startTrustedNode(readNetworkNodeConfig(files.a), { log, benchFor: idle });
    started.push(a);
    const b = await startTrustedNode(readNetworkNodeConfig(files.b), { log, benchFor: idle });
    started.push(b);
    await waitUntil(() => a.status().topology.links.some((l) => l.id === 'ab' && l.up), 'link ab up at a', 30_000);
    await waitUntil(() => b.status().topology.links.some((l) => l.id === 'ab' && l.up), 'link ab up at b', 30_000);
    expect(a.status().links).toMatchObject([{ id: 'ab', peer: 'b', allocator: true }]);
    expect(b.status().links).toMatchObject([{ id: 'ab', peer: 'a', allocator: false }]);
  }, 60_000);
});
