/**
 * Key material never reaches the log: run the KMEs with debug logging into a
 * buffer, take and fetch keys, and look for the key bytes in every form a
 * careless log line could carry them (base64, hex).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { createLogger, prettyLogLine } from '../../src/log.ts';
import { MemoryPeerReservations } from '../../src/api/etsi014/memory-peer-reservations.ts';
import { ReservationApplier } from '../../src/api/etsi014/reservation-applier.ts';
import { startEtsi014Server, type Etsi014Server } from '../../src/api/etsi014/server.ts';
import type { KeyStore } from '../../src/keystore/key-store.ts';
import { withSeed } from '../support/seed.ts';
import {
  call,
  configFor,
  fillStores,
  identity,
  makePki,
  openStore,
  tempDir,
  type KeyContainer,
  type TempDir,
} from '../support/etsi-kme-pair.ts';

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

describe('logging', () => {
  it('logs requests but never a key', async () => {
    const dir: TempDir = tempDir();
    cleanup.push(() => dir.remove());
    const pki = await makePki(dir.dir);
    let text = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        text += chunk.toString('utf8');
        cb();
      },
    });
    const log = createLogger({ name: 'etsi-test', level: 'debug', destination: sink });
    const storeA: KeyStore = openStore(join(dir.dir, 'a.db'));
    const storeB: KeyStore = openStore(join(dir.dir, 'b.db'));
    cleanup.push(
      () => storeA.close(),
      () => storeB.close(),
    );
    await withSeed('logging-fill', (rng) => fillStores(rng, [storeA, storeB], 2, 2048));
    const cfgA = configFor('A');
    const cfgB = configFor('B');
    const peerA = new MemoryPeerReservations(
      new ReservationApplier({ store: storeB, localSaeIds: cfgB.localSaeIds, remoteSaeIds: cfgB.remoteSaeIds, log }),
    );
    const tls = (n: string) => ({ ca: pki.pem('ca'), cert: pki.pem(n), key: pki.pem(`${n}-key`) });
    const a: Etsi014Server = await startEtsi014Server({ store: storeA, peer: peerA, config: cfgA, tls: tls('kme-a'), log });
    const b: Etsi014Server = await startEtsi014Server({ store: storeB, peer: peerA, config: cfgB, tls: tls('kme-b'), log });
    cleanup.push(
      () => a.close(),
      () => b.close(),
    );

    const enc = await call<KeyContainer>(a.url, identity(pki, 'sae-a'), 'POST', '/api/v1/keys/sae-b/enc_keys', { number: 4, size: 512 });
    expect(enc.status).toBe(200);
    const dec = await call<KeyContainer>(b.url, identity(pki, 'sae-b'), 'POST', '/api/v1/keys/sae-a/dec_keys', {
      key_IDs: enc.body.keys.map((k) => ({ key_ID: k.key_ID })),
    });
    expect(dec.status).toBe(200);
    // A failing request too: errors are logged with their context.
    expect((await call(a.url, identity(pki, 'sae-a'), 'GET', '/api/v1/keys/sae-b/enc_keys?number=100000')).status).toBe(400);

    await new Promise((r) => setImmediate(r));
    expect(text).toMatch(/enc_keys delivered/);
    expect(text).toMatch(/dec_keys batch served/);
    // The pretty format (qkdd run --log-format pretty) re-renders the same redacted lines.
    const pretty = text
      .split('\n')
      .filter(Boolean)
      .map((line) => prettyLogLine(false)(line))
      .join('');
    expect(pretty).toMatch(/enc_keys delivered/);
    for (const k of enc.body.keys) {
      const bytes = Buffer.from(k.key, 'base64');
      for (const out of [text, pretty]) {
        expect(out).not.toContain(k.key);
        expect(out).not.toContain(bytes.toString('hex'));
        expect(out).not.toContain(bytes.subarray(0, 16).toString('base64').slice(0, 20));
      }
    }
  });
});
