/**
 * `qkdd node` serves each link's own ETSI GS QKD 014 when the link's bench
 * config has an `etsi` section (src/cli/trusted-node.ts, `linkEtsi`): two
 * trusted nodes a–b assembled from their configs on disk, sae-a's enc_keys at
 * a's end of link ab and sae-b's dec_keys at b's end give the same keys from
 * the link's own pool — adjacent SAEs need no relay (no relay is started).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateDemoPki } from '../../../src/api/pki/demo-pki.ts';
import type { NodeKeyDelivery } from '../../../src/cli/key-delivery.ts';
import { startTrustedNode } from '../../../src/cli/trusted-node.ts';
import { readNetworkNodeConfig } from '../../../src/config/network-node-config.ts';
import { createLogger } from '../../../src/log.ts';
import type { TrustedNode } from '../../../src/network/node/trusted-node.ts';
import { call, type ClientIdentity, type KeyContainer } from '../../support/etsi-kme-pair.ts';
import { freePort } from '../../support/link-harness.ts';
import { withSeed } from '../../support/seed.ts';
import { tempDirsPerTest } from '../../support/temp-dir.ts';
import { idleBenchFor, writeTrustedNetworkFiles } from '../../support/trusted-network.ts';
import { waitUntil } from '../../support/wait.ts';

const newDir = tempDirsPerTest('qkdd-link-etsi-');
const running: { node: TrustedNode; etsi: Map<string, NodeKeyDelivery> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    for (const d of r.etsi.values()) await d.close();
    await r.node.stop();
  }
});

const LEAVES = [
  { name: 'kme', commonName: 'kme', kind: 'server' as const, altNames: ['IP:127.0.0.1', 'DNS:localhost'] },
  ...['a', 'b'].map((l) => ({ name: `sae-${l}`, commonName: `sae-${l}`, kind: 'client' as const, altNames: [`URI:sae:sae-${l}`] })),
];

describe('qkdd node: a link with an etsi section', () => {
  it(
    'serves that link ETSI 014: enc_keys at one end, dec_keys at the other, the same keys without a relay',
    () =>
      withSeed('link-etsi', async (rng) => {
        const dir = newDir();
        const pkiDir = join(dir, 'pki');
        await generateDemoPki(pkiDir, { leaves: LEAVES });
        const pem = (n: string): Buffer => readFileSync(join(pkiDir, `${n}.pem`));
        const who = (n: string): ClientIdentity => ({ ca: pem('ca'), cert: pem(n), key: pem(`${n}-key`) });
        const ports: Record<string, number> = { a: await freePort(), b: await freePort() };
        const files = await writeTrustedNetworkFiles({
          dir,
          nodes: ['a', 'b'],
          links: [{ id: 'ab', a: 'a', b: 'b' }],
          rng,
          benchPatch: (linkId, cfg) => {
            const me = (cfg.node as { id: string }).id.startsWith('a-') ? 'a' : 'b';
            const other = me === 'a' ? 'b' : 'a';
            cfg.etsi = {
              listen: `127.0.0.1:${ports[me]}`,
              peerKmeId: `${other}-${linkId}`,
              localSaeIds: [`sae-${me}`],
              remoteSaeIds: [`sae-${other}`],
              tls: { ca: join(pkiDir, 'ca.pem'), cert: join(pkiDir, 'kme.pem'), key: join(pkiDir, 'kme-key.pem') },
            };
          },
        });
        const log = createLogger({ name: 't', level: process.env.QKDD_TEST_LOG ?? 'silent' });
        const start = async (n: string): Promise<{ node: TrustedNode; etsi: Map<string, NodeKeyDelivery> }> => {
          const etsi = new Map<string, NodeKeyDelivery>();
          const node = await startTrustedNode(readNetworkNodeConfig(files.get(n)!), { log, benchFor: idleBenchFor, linkEtsi: etsi });
          const r = { node, etsi };
          running.push(r);
          return r;
        };
        const a = await start('a');
        const b = await start('b');
        expect(a.etsi.get('ab')?.url).toBe(`https://127.0.0.1:${ports.a}`);
        expect(b.etsi.get('ab')?.url).toBe(`https://127.0.0.1:${ports.b}`);
        await waitUntil(() => a.node.status().links[0]?.up === true && b.node.status().links[0]?.up === true, 'link ab up', 30_000);
        const enc = await call<KeyContainer>(a.etsi.get('ab')!.url, who('sae-a'), 'POST', '/api/v1/keys/sae-b/enc_keys', {
          number: 2,
          size: 256,
        });
        expect(enc.status).toBe(200);
        expect(enc.body.keys).toHaveLength(2);
        const dec = await call<KeyContainer>(b.etsi.get('ab')!.url, who('sae-b'), 'POST', '/api/v1/keys/sae-a/dec_keys', {
          key_IDs: enc.body.keys.map((k) => ({ key_ID: k.key_ID })),
        });
        expect(dec.status).toBe(200);
        expect(dec.body.keys).toEqual(enc.body.keys);
        expect(a.node.status().relays).toMatchObject({ committed: 0, aborted: 0, rejected: 0 });
        expect(b.node.status().relays).toMatchObject({ committed: 0, aborted: 0, rejected: 0 });
      }),
    30_000,
  );
});
