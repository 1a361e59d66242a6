/**
 * ETSI GS QKD 014 end to end through the key relay (src/cli/relay-etsi014.ts):
 * nodes a–b–c (test/support/trusted-network.ts), an ETSI server at a and at c
 * with the demo PKI. sae-a's enc_keys for sae-c returns keys only once the
 * relay committed; sae-c's dec_keys at c returns the same bytes by key_ID,
 * exactly once; wrong callers and unknown SAEs are refused; status names c's
 * node and the path.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateDemoPki } from '../../../src/api/pki/demo-pki.ts';
import { loadEtsi014Tls } from '../../../src/api/etsi014/config.ts';
import { startRelayEtsiServer, type RelayEtsiServer } from '../../../src/cli/relay-etsi014.ts';
import { call, type ClientIdentity, type KeyContainer } from '../../support/etsi-kme-pair.ts';
import { tempDirsPerTest } from '../../support/temp-dir.ts';
import { withSeed } from '../../support/seed.ts';
import { startTrustedNetwork, type TrustedNetwork } from '../../support/trusted-network.ts';
import { waitUntil } from '../../support/wait.ts';
import { readFileSync } from 'node:fs';

const newDir = tempDirsPerTest('qkdd-relay-etsi-');
let net: TrustedNetwork | null = null;
const servers: RelayEtsiServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  await net?.stop();
  net = null;
});

const LEAVES = [
  { name: 'kme', commonName: 'kme', kind: 'server' as const, altNames: ['IP:127.0.0.1', 'DNS:localhost'] },
  ...['a', 'b', 'c'].map((l) => ({ name: `sae-${l}`, commonName: `sae-${l}`, kind: 'client' as const, altNames: [`URI:sae:sae-${l}`] })),
];

describe('relay ETSI 014', () => {
  it(
    'enc_keys at a for sae-c, dec_keys at c: the same keys, exactly once',
    () =>
      withSeed('relay-etsi', async (rng) => {
        const dir = newDir();
        const pkiDir = join(dir, 'pki');
        await generateDemoPki(pkiDir, { leaves: LEAVES });
        const pem = (n: string): Buffer => readFileSync(join(pkiDir, `${n}.pem`));
        const who = (n: string): ClientIdentity => ({ ca: pem('ca'), cert: pem(n), key: pem(`${n}-key`) });
        net = await startTrustedNetwork({
          dir,
          nodes: ['a', 'b', 'c'],
          links: [
            { id: 'ab', a: 'a', b: 'b' },
            { id: 'bc', a: 'b', b: 'c' },
          ],
          rng,
        });
        const tls = await loadEtsi014Tls({ ca: join(pkiDir, 'ca.pem'), cert: join(pkiDir, 'kme.pem'), key: join(pkiDir, 'kme-key.pem') });
        const remoteSaes = { 'sae-a': 'a', 'sae-b': 'b', 'sae-c': 'c' };
        const at = async (n: string): Promise<RelayEtsiServer> => {
          const s = await startRelayEtsiServer({
            node: net!.nodes.get(n)!,
            listen: '127.0.0.1:0',
            tls,
            localSaeIds: [`sae-${n}`],
            remoteSaes,
          });
          servers.push(s);
          return s;
        };
        const ea = await at('a');
        const ec = await at('c');
        await waitUntil(() => net!.nodes.get('a')!.choosePath('c', 256) !== null, 'a path a→c', 30_000);
        const st = await call<Record<string, unknown>>(ea.url, who('sae-a'), 'GET', '/api/v1/keys/sae-c/status');
        expect(st.status).toBe(200);
        expect(st.body).toMatchObject({ source_KME_ID: 'a', target_KME_ID: 'c', slave_SAE_ID: 'sae-c', path: ['a', 'b', 'c'] });
        const enc = await call<KeyContainer>(ea.url, who('sae-a'), 'POST', '/api/v1/keys/sae-c/enc_keys', { number: 3, size: 256 });
        expect(enc.status).toBe(200);
        expect(enc.body.keys).toHaveLength(3);
        const ids = enc.body.keys.map((k) => ({ key_ID: k.key_ID }));
        // sae-b is not attached to c; sae-a is not c's SAE either.
        expect((await call(ec.url, who('sae-b'), 'POST', '/api/v1/keys/sae-a/dec_keys', { key_IDs: ids })).status).toBe(401);
        // The master SAE in the path must be the one that asked.
        expect((await call(ec.url, who('sae-c'), 'POST', '/api/v1/keys/sae-b/dec_keys', { key_IDs: ids })).status).toBe(400);
        const dec = await call<KeyContainer>(ec.url, who('sae-c'), 'POST', '/api/v1/keys/sae-a/dec_keys', { key_IDs: ids });
        expect(dec.status).toBe(200);
        expect(dec.body.keys).toEqual(enc.body.keys);
        for (const k of dec.body.keys) expect(Buffer.from(k.key, 'base64').length).toBe(32);
        // Exactly once.
        const again = await call(ec.url, who('sae-c'), 'POST', '/api/v1/keys/sae-a/dec_keys', { key_IDs: ids.slice(0, 1) });
        expect(again.status).toBe(400);
        // An SAE the network does not know.
        expect((await call(ea.url, who('sae-a'), 'POST', '/api/v1/keys/sae-z/enc_keys', { number: 1 })).status).toBe(400);
      }),
    60_000,
  );
});
