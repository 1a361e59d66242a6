/**
 * ETSI GS QKD 014 endpoints over HTTPS with mutual TLS, two KMEs in this
 * process linked in memory: every endpoint and field, GET and POST forms,
 * the error cases (400 / 401 / 404 / 405 / 503), identity from certificates,
 * exactly-once delivery and waste-free cutting.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { withSeed } from '../support/seed.ts';
import {
  KEY_SIZE,
  MAX_KEY_SIZE,
  MAX_PER_REQUEST,
  call,
  fillStores,
  identity,
  makePki,
  startTwoKmes,
  tempDir,
  type ErrorBody,
  type KeyContainer,
  type Pki,
  type TempDir,
  type TwoKmes,
} from '../support/etsi-kme-pair.ts';
import type { MemoryPeerReservationsOptions } from '../../src/api/etsi014/memory-peer-reservations.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BLOCKS = 8;
const BLOCK_BYTES = 4096;

let root: TempDir;
let pki: Pki;

beforeAll(async () => {
  root = tempDir();
  pki = await makePki(root.dir);
});
afterAll(() => root.remove());

let dir: TempDir;
let kmes: TwoKmes;
let faults: MemoryPeerReservationsOptions['fault'];

async function start(): Promise<void> {
  dir = tempDir();
  faults = undefined;
  kmes = await startTwoKmes(dir.dir, pki, { memory: { fault: (d) => faults?.(d) ?? 'deliver' } });
}

beforeEach(async () => {
  await start();
  await withSeed('fill', (rng) => fillStores(rng, [kmes.storeA, kmes.storeB], BLOCKS, BLOCK_BYTES));
});
afterEach(async () => {
  await kmes.close();
  dir.remove();
});

const saeA = () => identity(pki, 'sae-a');
const saeB = () => identity(pki, 'sae-b');
const saeC = () => identity(pki, 'sae-c');
const encA = (path: string, method = 'GET', body?: unknown) =>
  call<KeyContainer & ErrorBody>(kmes.a.url, saeA(), method, `/api/v1/keys/sae-b/enc_keys${path}`, body);
const decB = (path: string, method = 'GET', body?: unknown) =>
  call<KeyContainer & ErrorBody>(kmes.b.url, saeB(), method, `/api/v1/keys/sae-a/dec_keys${path}`, body);

function appBits(): [number, number] {
  return [kmes.storeA.stats().appBits, kmes.storeB.stats().appBits];
}

describe('status', () => {
  it('reports every ETSI field for the calling master SAE and the slave in the path', async () => {
    const res = await call(kmes.a.url, saeA(), 'GET', '/api/v1/keys/sae-b/status');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toEqual({
      source_KME_ID: 'kme-a',
      target_KME_ID: 'kme-b',
      master_SAE_ID: 'sae-a',
      slave_SAE_ID: 'sae-b',
      key_size: KEY_SIZE,
      stored_key_count: Math.floor((BLOCKS * BLOCK_BYTES * 8) / KEY_SIZE),
      max_key_count: Math.floor((1 << 26) / KEY_SIZE),
      max_key_per_request: MAX_PER_REQUEST,
      max_key_size: MAX_KEY_SIZE,
      min_key_size: 8,
      max_SAE_ID_count: 4,
      status_extension: { qkdd_serves_enc_keys: true, qkdd_key_allocator: 'kme-a' },
    });
  });

  it('counts down as keys are taken, and is answered on the slave KME too', async () => {
    expect((await encA('?number=3')).status).toBe(200);
    const a = await call<{ stored_key_count: number }>(kmes.a.url, saeA(), 'GET', '/api/v1/keys/sae-b/status');
    expect(a.body.stored_key_count).toBe(Math.floor((BLOCKS * BLOCK_BYTES * 8) / KEY_SIZE) - 3);
    const b = await call<{ source_KME_ID: string; master_SAE_ID: string; slave_SAE_ID: string; stored_key_count: number }>(
      kmes.b.url,
      saeB(),
      'GET',
      '/api/v1/keys/sae-a/status',
    );
    expect(b.status).toBe(200);
    expect(b.body).toMatchObject({ source_KME_ID: 'kme-b', master_SAE_ID: 'sae-b', slave_SAE_ID: 'sae-a' });
    // B's pool moved with A's: the same 3 keys are reserved there.
    expect(b.body.stored_key_count).toBe(a.body.stored_key_count);
  });

  it('refuses a slave SAE not reachable through this KME pair (401)', async () => {
    for (const slave of ['sae-x', 'sae-a', 'kme-b']) {
      const res = await call<ErrorBody>(kmes.a.url, saeA(), 'GET', `/api/v1/keys/${slave}/status`);
      expect(res.status, slave).toBe(401);
      expect(res.body.message).toMatch(/not reachable/);
    }
  });
});

describe('enc_keys and dec_keys', () => {
  it('GET forms: one key of the default size by default; the slave gets the same bytes once', async () => {
    const before = appBits();
    const enc = await encA('');
    expect(enc.status).toBe(200);
    expect(enc.body.keys).toHaveLength(1);
    const [k] = enc.body.keys;
    expect(k.key_ID).toMatch(UUID);
    expect(Buffer.from(k.key, 'base64')).toHaveLength(KEY_SIZE / 8);
    expect(Object.keys(enc.body)).toEqual(['keys']);
    const dec = await decB(`?key_ID=${k.key_ID}`);
    expect(dec.status).toBe(200);
    expect(dec.body.keys).toEqual([k]);
    const again = await decB(`?key_ID=${k.key_ID}`);
    expect(again.status).toBe(400);
    expect(again.body.message).toMatch(/already delivered/);
    expect(again.body.keys).toBeUndefined();
    const after = appBits();
    expect(before[0] - after[0]).toBe(KEY_SIZE);
    expect(before[1] - after[1]).toBe(KEY_SIZE);
  });

  it('POST forms: number and size; key_IDs with extensions; the same keys in the same order', async () => {
    const enc = await encA('', 'POST', { number: 5, size: 128, extension_optional: [{ vendor_x: 1 }], additional_slave_SAE_IDs: [] });
    expect(enc.status).toBe(200);
    expect(enc.body.keys).toHaveLength(5);
    for (const k of enc.body.keys) expect(Buffer.from(k.key, 'base64')).toHaveLength(16);
    expect(new Set(enc.body.keys.map((k) => k.key_ID)).size).toBe(5);
    const ids = enc.body.keys.map((k) => ({ key_ID: k.key_ID, key_ID_extension: { note: 'ignored' } }));
    const dec = await decB('', 'POST', { key_IDs: ids.reverse() });
    expect(dec.status).toBe(200);
    expect(dec.body.keys).toEqual([...enc.body.keys].reverse());
  });

  it('accepts upper-case key IDs and an empty POST body (defaults)', async () => {
    const enc = await encA('', 'POST', '');
    expect(enc.status).toBe(200);
    expect(enc.body.keys).toHaveLength(1);
    const dec = await decB(`?key_ID=${enc.body.keys[0].key_ID.toUpperCase()}`);
    expect(dec.status).toBe(200);
    expect(dec.body.keys[0]).toEqual(enc.body.keys[0]);
  });

  it('cuts keys of every size from 8 to max_key_size without waste, identical on both KMEs', async () => {
    await withSeed('sizes', async (rng) => {
      const before = appBits();
      let delivered = 0;
      const sizes = Array.from({ length: MAX_KEY_SIZE / 8 }, (_, i) => 8 * (i + 1));
      // A few random numbers per size; the order is shuffled so cuts straddle blocks at odd offsets.
      for (let i = sizes.length - 1; i > 0; i--) {
        const j = rng.nextU32() % (i + 1);
        [sizes[i], sizes[j]] = [sizes[j], sizes[i]];
      }
      for (const size of sizes) {
        const number = 1 + (rng.nextU32() % 2);
        const enc = await encA(`?number=${number}&size=${size}`);
        expect(enc.status, `size ${size}`).toBe(200);
        expect(enc.body.keys).toHaveLength(number);
        for (const k of enc.body.keys) expect(Buffer.from(k.key, 'base64').length * 8).toBe(size);
        const dec = await decB('', 'POST', { key_IDs: enc.body.keys.map((k) => ({ key_ID: k.key_ID })) });
        expect(dec.status).toBe(200);
        expect(dec.body.keys).toEqual(enc.body.keys);
        delivered += number * size;
      }
      const after = appBits();
      expect(before[0] - after[0]).toBe(delivered);
      expect(before[1] - after[1]).toBe(delivered);
      expect(kmes.storeA.stats().reservedKeys).toBe(0);
      expect(kmes.storeB.stats().reservedKeys).toBe(0);
    });
  });

  it('returns 503 when the store holds too few bits, and takes nothing', async () => {
    const before = appBits();
    const res = await encA(`?number=${MAX_PER_REQUEST}&size=${MAX_KEY_SIZE}`);
    // 8 blocks of 32768 bits hold 256 keys of 1024 bits: one request of 128 fits, a third does not.
    expect(res.status).toBe(200);
    expect((await encA(`?number=${MAX_PER_REQUEST}&size=${MAX_KEY_SIZE}`)).status).toBe(200);
    const short = await encA(`?number=1&size=${MAX_KEY_SIZE}`);
    expect(short.status).toBe(503);
    expect(short.body.message).toMatch(/not enough key/);
    expect(short.body.details).toEqual([{ needed_bits: MAX_KEY_SIZE, available_bits: 0 }]);
    expect(appBits()).toEqual([before[0] - 2 * MAX_PER_REQUEST * MAX_KEY_SIZE, before[1] - 2 * MAX_PER_REQUEST * MAX_KEY_SIZE]);
  });
});

describe('bad requests (400) take no key', () => {
  const badNumbers = ['0', '-1', '1.5', '1e2', 'abc', '', String(MAX_PER_REQUEST + 1), '99999999999999999999'];
  const badSizes = ['0', '-8', '12', '4', '7.5', String(MAX_KEY_SIZE + 8), '0x10'];

  it.each(badNumbers)('GET enc_keys number=%j', async (n) => {
    const before = appBits();
    const res = await encA(`?number=${encodeURIComponent(n)}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/number/);
    expect(res.body.keys).toBeUndefined();
    expect(appBits()).toEqual(before);
  });

  it.each(badSizes)('GET enc_keys size=%j', async (s) => {
    const before = appBits();
    const res = await encA(`?size=${encodeURIComponent(s)}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/size/);
    expect(appBits()).toEqual(before);
  });

  const badPostNumbers: unknown[] = [0, -1, 1.5, '2', null, true, MAX_PER_REQUEST + 1];
  const badPostSizes: unknown[] = [0, -8, 12, 4, 7.5, '256', MAX_KEY_SIZE + 8, null];

  it.each(badPostNumbers.map((v) => [v]))('POST enc_keys number=%j', async (n) => {
    const before = appBits();
    const res = await encA('', 'POST', { number: n });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/number/);
    expect(appBits()).toEqual(before);
  });

  it.each(badPostSizes.map((v) => [v]))('POST enc_keys size=%j', async (s) => {
    const before = appBits();
    const res = await encA('', 'POST', { size: s });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/size/);
    expect(appBits()).toEqual(before);
  });

  it('size not a multiple of 8 says so', async () => {
    const res = await encA('', 'POST', { size: 100 });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/multiple of 8/);
    expect(res.body.details).toEqual([{ parameter: 'size' }]);
  });

  it.each([
    ['malformed JSON', '{"number": 1,'],
    ['a JSON array', '[1]'],
    ['a JSON string', '"x"'],
    ['an unknown member', { number: 1, sizee: 64 }],
    ['more additional slave SAEs than max_SAE_ID_count', { additional_slave_SAE_IDs: ['s1', 's2', 's3', 's4', 's5'] }],
    ['an additional slave SAE named twice', { additional_slave_SAE_IDs: ['sae-c', 'sae-c'] }],
    ['the path slave SAE as an additional slave', { additional_slave_SAE_IDs: ['sae-b'] }],
    ['an unknown mandatory extension', { extension_mandatory: [{ abc_route_type: 'direct' }] }],
    ['additional_slave_SAE_IDs of the wrong type', { additional_slave_SAE_IDs: 'sae-c' }],
  ])('POST enc_keys with %s', async (_name, body) => {
    const before = appBits();
    const res = await encA('', 'POST', body);
    expect(res.status).toBe(400);
    expect(typeof res.body.message).toBe('string');
    expect(appBits()).toEqual(before);
  });

  it('unknown or repeated query parameters, and a query on POST', async () => {
    expect((await encA('?number=1&foo=2')).status).toBe(400);
    expect((await encA('?number=1&number=2')).status).toBe(400);
    expect((await encA('?number=1', 'POST', { number: 1 })).status).toBe(400);
  });

  it('dec_keys: unknown key IDs, non-UUIDs, duplicates, missing or malformed key_IDs', async () => {
    const enc = await encA('');
    const good = enc.body.keys[0].key_ID;
    const cases: Array<[string, string, unknown?]> = [
      [`?key_ID=${randomUUID()}`, 'GET'],
      ['?key_ID=not-a-uuid', 'GET'],
      ['', 'GET'],
      [`?key_ID=${good}&key_ID=${good}`, 'GET'],
      ['', 'POST', { key_IDs: [{ key_ID: good }, { key_ID: randomUUID() }] }],
      ['', 'POST', { key_IDs: [{ key_ID: good }, { key_ID: good }] }],
      ['', 'POST', { key_IDs: [] }],
      ['', 'POST', { key_IDs: [{ key_id: good }] }],
      ['', 'POST', { key_IDs: good }],
      ['', 'POST', '{"key_IDs": ['],
      ['', 'POST', {}],
      ['', 'POST', { key_IDs: Array.from({ length: MAX_PER_REQUEST + 1 }, () => ({ key_ID: randomUUID() })) }],
    ];
    for (const [q, method, body] of cases) {
      const res = await decB(q, method, body);
      expect(res.status, `${method} ${q} ${JSON.stringify(body)?.slice(0, 80)}`).toBe(400);
      expect(res.body.keys).toBeUndefined();
    }
    // All or nothing: the good key survived the failed mixed request and is still there once.
    const dec = await decB(`?key_ID=${good}`);
    expect(dec.status).toBe(200);
    expect(dec.body.keys).toEqual(enc.body.keys);
  });
});

describe('authorization (401)', () => {
  it('a SAE may only take keys meant for it', async () => {
    // sae-a asks keys for sae-c; sae-b (another SAE on the same KME B) may not take them.
    const enc = await call<KeyContainer>(kmes.a.url, saeA(), 'GET', '/api/v1/keys/sae-c/enc_keys?number=2');
    expect(enc.status).toBe(200);
    const ids = enc.body.keys.map((k) => ({ key_ID: k.key_ID }));
    const stolen = await decB('', 'POST', { key_IDs: ids });
    expect(stolen.status).toBe(401);
    expect((stolen.body as ErrorBody).message).toMatch(/not for/);
    expect(stolen.body.keys).toBeUndefined();
    // The master SAE itself may not fetch them again through dec_keys on its own KME.
    const back = await call<ErrorBody>(kmes.a.url, saeA(), 'POST', '/api/v1/keys/sae-c/dec_keys', { key_IDs: ids });
    expect(back.status).toBe(401);
    // The right SAE still gets them, once.
    const mine = await call<KeyContainer>(kmes.b.url, saeC(), 'POST', '/api/v1/keys/sae-a/dec_keys', { key_IDs: ids });
    expect(mine.status).toBe(200);
    expect(mine.body.keys).toEqual(enc.body.keys);
  });

  it('dec_keys with a master SAE ID other than the one that reserved (or unknown) is refused', async () => {
    const enc = await encA('');
    const id = enc.body.keys[0].key_ID;
    for (const master of ['sae-x', 'sae-b', 'sae-c']) {
      const res = await call<ErrorBody>(kmes.b.url, saeB(), 'GET', `/api/v1/keys/${master}/dec_keys?key_ID=${id}`);
      expect(res.status, master).toBe(401);
    }
    expect((await decB(`?key_ID=${id}`)).status).toBe(200);
  });

  it('enc_keys for a slave not reachable through this KME pair, and callers not attached to this KME', async () => {
    const before = appBits();
    for (const slave of ['sae-x', 'sae-a', 'sae%2Fb', 'sae-b%00']) {
      expect((await call(kmes.a.url, saeA(), 'GET', `/api/v1/keys/${slave}/enc_keys`)).status, slave).toBe(401);
    }
    // Valid certificates of our CA, but for SAEs not attached to KME A, or naming no SAE at all.
    for (const who of ['sae-b', 'sae-c', 'sae-x', 'cn-only']) {
      const res = await call<KeyContainer & ErrorBody>(kmes.a.url, identity(pki, who), 'GET', '/api/v1/keys/sae-b/enc_keys');
      expect(res.status, who).toBe(401);
      expect(res.body.keys).toBeUndefined();
      expect((await call(kmes.a.url, identity(pki, who), 'GET', '/api/v1/keys/sae-b/status')).status, who).toBe(401);
    }
    // A KME server certificate (serverAuth only) is refused as a client certificate by the TLS layer itself.
    await expect(call(kmes.a.url, identity(pki, 'kme-b'), 'GET', '/api/v1/keys/sae-b/enc_keys')).rejects.toThrow();
    expect(appBits()).toEqual(before);
  });

  it('no client certificate, or one from another CA: the TLS handshake fails and no key leaves', async () => {
    const before = appBits();
    const attempts = [
      call(kmes.a.url, identity(pki, undefined), 'GET', '/api/v1/keys/sae-b/enc_keys'),
      call(kmes.a.url, { ca: pki.pem('ca'), cert: pki.rogue('sae-a'), key: pki.rogue('sae-a-key') }, 'GET', '/api/v1/keys/sae-b/enc_keys'),
    ];
    for (const attempt of attempts) {
      // Depending on the TLS version the refusal arrives as a handshake alert or a reset: either way, no response.
      await expect(attempt).rejects.toThrow();
    }
    expect(appBits()).toEqual(before);
  });
});

describe('HTTP surface', () => {
  it('wrong methods get 405 with Allow; unknown paths 404', async () => {
    const del = await call<ErrorBody>(kmes.a.url, saeA(), 'DELETE', '/api/v1/keys/sae-b/enc_keys');
    expect(del.status).toBe(405);
    expect(del.headers.allow).toBe('GET, POST');
    const post = await call<ErrorBody>(kmes.a.url, saeA(), 'POST', '/api/v1/keys/sae-b/status', {});
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET');
    expect((await call(kmes.b.url, saeB(), 'PUT', '/api/v1/keys/sae-a/dec_keys', {})).status).toBe(405);
    for (const path of ['/', '/api/v1/keys/sae-b', '/api/v1/keys/sae-b/status/x', '/api/v2/keys/sae-b/status', '/api/v1/keys/sae-b/keys']) {
      const res = await call<ErrorBody>(kmes.a.url, saeA(), 'GET', path);
      expect(res.status, path).toBe(404);
      expect(typeof res.body.message).toBe('string');
    }
  });

  it('responses with keys are marked no-store', async () => {
    const enc = await encA('');
    expect(enc.headers['cache-control']).toBe('no-store');
  });
});

describe('peer KME failures (503)', () => {
  it('enc_keys on the KME that does not cut keys is served through the allocator (test/api/etsi014-both-ways.test.ts)', async () => {
    const res = await call<KeyContainer>(kmes.b.url, saeB(), 'GET', '/api/v1/keys/sae-a/enc_keys');
    expect(res.status).toBe(200);
    const dec = await call<KeyContainer>(kmes.a.url, saeA(), 'GET', `/api/v1/keys/sae-b/dec_keys?key_ID=${res.body.keys[0].key_ID}`);
    expect(dec.body.keys).toEqual(res.body.keys);
  });

  it.each(['drop', 'lose-ack'] as const)('a reservation the peer did not confirm (%s) is discarded; the pools realign', async (fault) => {
    faults = () => fault;
    const before = appBits();
    const res = await encA('?number=4');
    expect(res.status).toBe(503);
    expect(res.body.keys).toBeUndefined();
    expect(kmes.storeA.stats().reservedKeys).toBe(0);
    // The bits are gone on A (never handed out), and on B only if it applied them.
    expect(before[0] - appBits()[0]).toBe(4 * KEY_SIZE);
    expect(kmes.storeB.stats().reservedKeys).toBe(fault === 'lose-ack' ? 4 : 0);
    faults = undefined;
    const next = await encA('?number=2');
    expect(next.status).toBe(200);
    const dec = await decB('', 'POST', { key_IDs: next.body.keys.map((k) => ({ key_ID: k.key_ID })) });
    expect(dec.status).toBe(200);
    expect(dec.body.keys).toEqual(next.body.keys);
    expect(appBits()).toEqual([before[0] - 6 * KEY_SIZE, before[1] - 6 * KEY_SIZE]);
  });
});
