/**
 * Property-based fuzzing of the key-delivery API (issue 12, "Fuzzing"): random
 * methods, paths, query strings, JSON and non-JSON bodies, headers, huge and
 * negative numbers, wrong types and unicode against status, enc_keys and
 * dec_keys of a KME pair with filled stores. Checked: the servers never
 * answer a 5xx other than 503 (no key), a request that is refused takes no
 * key on either KME (the stores' counts are unchanged), a request built to be
 * malformed is refused, and both KMEs still serve valid requests afterwards.
 * The seed is QKDD_SEED when set; fast-check prints it on failure.
 */
import { type Agent as HttpsAgent, Agent, request } from 'node:https';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyStore } from '../../src/keystore/key-store.ts';
import { testSeed, withSeed } from '../support/seed.ts';
import {
  type ClientIdentity,
  call,
  fillStores,
  identity,
  type KeyContainer,
  makePki,
  type Pki,
  startTwoKmes,
  type TempDir,
  type TwoKmes,
  tempDir,
} from '../support/etsi-kme-pair.ts';

const RUNS = 200;
/** Statuses the servers may answer; a 5xx is only ever 503. 417 and 431 are Node's own (bad Expect, huge headers). */
const ALLOWED = new Set([200, 400, 401, 404, 405, 413, 417, 429, 431, 503]);

let root: TempDir;
let pki: Pki;
let kmes: TwoKmes;
const agents: HttpsAgent[] = [];
let who: Record<'sae-a' | 'sae-b' | 'sae-c', ClientIdentity & { agent: HttpsAgent }>;
/** Keys reserved on B by a valid enc_keys before fuzzing: malformed dec_keys requests name them. */
let reservedIds: string[] = [];

beforeAll(async () => {
  root = tempDir('qkdd-etsi-fuzz-');
  pki = await makePki(root.dir);
  kmes = await startTwoKmes(root.dir, pki);
  await withSeed('etsi014-fuzz fill', (rng) => fillStores(rng, [kmes.storeA, kmes.storeB], 16, 4096));
  const mk = (name: string) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    agents.push(agent);
    return { ...identity(pki, name), agent };
  };
  who = { 'sae-a': mk('sae-a'), 'sae-b': mk('sae-b'), 'sae-c': mk('sae-c') };
  const r = await call<KeyContainer>(kmes.a.url, who['sae-a'], 'GET', '/api/v1/keys/sae-b/enc_keys?number=4&size=256');
  expect(r.status).toBe(200);
  reservedIds = r.body.keys.map((k) => k.key_ID);
}, 120_000);

afterAll(async () => {
  for (const a of agents) a.destroy();
  await kmes?.close();
  root?.remove();
});

function counts(): string {
  const pick = (s: KeyStore) => {
    const t = s.stats();
    return [t.appBits, t.reservedKeys, t.reservedBits, t.deliveredKeys];
  };
  return JSON.stringify([pick(kmes.storeA), pick(kmes.storeB)]);
}

interface FuzzRequest {
  readonly kme: 'a' | 'b';
  readonly sae: 'sae-a' | 'sae-b' | 'sae-c';
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Uint8Array;
}

interface Answer {
  readonly status: number;
  readonly text: string;
}

/** Send `r`; undefined when the client itself refuses it (e.g. a header value Node will not send). */
function send(r: FuzzRequest): Promise<Answer | undefined> {
  const base = r.kme === 'a' ? kmes.a.url : kmes.b.url;
  const id = who[r.sae];
  return new Promise((resolve, reject) => {
    let req: ReturnType<typeof request>;
    try {
      const headers: Record<string, string | number> = { ...r.headers };
      if (r.body !== undefined) headers['content-length'] = Buffer.byteLength(r.body);
      // The path goes on the wire as generated: resolved as a URL, '//status' would name a host.
      const server = new URL(base);
      const target = { hostname: server.hostname, port: Number(server.port), path: r.path };
      req = request({ ...target, method: r.method, ca: id.ca, cert: id.cert, key: id.key, agent: id.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
    } catch {
      resolve(undefined);
      return;
    }
    req.on('error', (e: NodeJS.ErrnoException) => {
      // A header or path the client will not put on the wire is the client's refusal, not the server's answer.
      if (e.code === 'ERR_INVALID_CHAR' || e.code === 'ERR_UNESCAPED_CHARACTERS' || e.code === 'ERR_INVALID_HTTP_TOKEN') resolve(undefined);
      else reject(e);
    });
    req.end(r.body);
  });
}

// ---- generators -------------------------------------------------------------

const weird = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '%', '%zz', '%00', '..', '%2F', '\u0000', 'ß', '😀', '١٢', '１２８', 'NaN', 'Infinity', '-0', '1e3', '0x10'),
);
const anyNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map((b) => Number(b)),
  fc.constantFrom(0, -1, 1, 8, 128, 129, 256, 1024, 1032, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e308, 5e-324, -0),
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  anyNumber,
  weird,
  fc.boolean(),
  fc.constant(null),
  fc.array(anyNumber, { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const uuidish = fc.oneof(fc.uuid(), fc.constantFrom(...['00000000-0000-0000-0000-000000000000']), weird, fc.constant('RESERVED'));
const keyIdsBody = fc.array(
  fc.oneof(
    fc.record({ key_ID: fc.oneof(uuidish, anyValue) }, { requiredKeys: [] }),
    fc.dictionary(weird, anyValue, { maxKeys: 3 }),
    anyValue,
  ),
  { maxLength: 5 },
);
const jsonBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.record(
    {
      number: anyValue,
      size: anyValue,
      key_IDs: fc.oneof(keyIdsBody, anyValue),
      additional_slave_SAE_IDs: fc.oneof(fc.array(weird, { maxLength: 3 }), anyValue),
      extension_mandatory: fc.oneof(fc.array(fc.dictionary(weird, anyValue, { maxKeys: 2 }), { maxLength: 2 }), anyValue),
      extension_optional: anyValue,
    },
    { requiredKeys: [] },
  ),
  fc.dictionary(weird, anyValue, { maxKeys: 4 }),
  fc.jsonValue({ maxDepth: 3 }),
);
/** Fill RESERVED placeholders with a key ID reserved on B (a real one, for dec_keys). */
const withRealIds = (text: string, pick: number): string =>
  text.replaceAll('"RESERVED"', () => JSON.stringify(reservedIds[pick++ % reservedIds.length]));

const rawBody = fc.oneof(
  jsonBody.map((v) => JSON.stringify(v) ?? 'null'),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.uint8Array({ maxLength: 200 }),
  fc.constantFrom('{', '[]', '{"number":1,}', '\ufeff{}', '{"number":1}{"number":2}', 'null', '"x"', '{"__proto__":{"number":1}}'),
);
const paramName = fc.oneof(fc.constantFrom('number', 'size', 'key_ID', 'Number', 'key_id', 'size[]', ''), weird);
const paramValue = fc.oneof(anyNumber.map(String), weird, uuidish);
const query = fc.oneof(
  fc.constant(''),
  fc
    .array(fc.tuple(paramName, paramValue), { maxLength: 4 })
    .map((ps) => (ps.length === 0 ? '' : `?${ps.map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`).join('&')}`)),
  fc.constantFrom('?', '?&', '?number', '?number=1&number=2', '?=1', '?size=%ZZ', '?number=%F0%9F%98%80'),
);
const saeInPath = fc.oneof(
  fc.constantFrom('sae-a', 'sae-b', 'sae-c', 'sae-x', 'SAE-B'),
  weird.map((s) => encodeURIComponent(s)),
  fc.constantFrom('%', '%zz', '%2e%2e', 'sae-b%00', 'sae-b%2Fstatus'),
);
const action = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('status', 'enc_keys', 'dec_keys') },
  { weight: 1, arbitrary: weird.map(encodeURIComponent) },
);
const headerName = fc.oneof(
  fc.constantFrom('content-type', 'accept', 'x-forwarded-for', 'expect', 'authorization', 'cookie', 'range', 'content-encoding'),
  fc.stringMatching(/^x-[a-z0-9-]{1,16}$/),
);
const headerValue = fc.oneof(
  fc.constantFrom('application/json', 'application/json; charset=utf-16', 'text/plain', '*/*', 'gzip', 'bytes=0-1', '100-continue'),
  fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
  fc.string({ maxLength: 10 }),
);

const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    // Mostly a SAE of that KME (past authentication), sometimes one of the other KME (401).
    caller: fc.oneof(
      { weight: 3, arbitrary: fc.constant({ kme: 'a' as const, sae: 'sae-a' as const }) },
      { weight: 3, arbitrary: fc.constant({ kme: 'b' as const, sae: 'sae-b' as const }) },
      { weight: 1, arbitrary: fc.constant({ kme: 'b' as const, sae: 'sae-c' as const }) },
      { weight: 1, arbitrary: fc.constant({ kme: 'a' as const, sae: 'sae-b' as const }) },
    ),
    method: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('GET', 'POST') },
      { weight: 1, arbitrary: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS') },
    ),
    sae_in_path: saeInPath,
    action,
    prefix: fc.oneof(
      { weight: 8, arbitrary: fc.constant('/api/v1/keys/') },
      { weight: 1, arbitrary: fc.constantFrom('/api/v1/keys//', '/api/v2/keys/', '/API/v1/keys/', '/') },
    ),
    query,
    headers: fc.dictionary(headerName, headerValue, { maxKeys: 3 }),
    body: fc.option(rawBody, { nil: undefined }),
    pick: fc.nat(),
  })
  .map((g) => ({
    ...g.caller,
    method: g.method,
    path: `${g.prefix}${g.sae_in_path}/${g.action}${g.query}`,
    headers: g.headers,
    body: typeof g.body === 'string' ? withRealIds(g.body, g.pick) : g.body,
  }));

// Requests built to be malformed: a valid request with one defect.
const badCount = fc.oneof(
  fc.integer({ max: 0 }),
  fc.integer({ min: 129 }),
  fc.double().filter((d) => !Number.isInteger(d)),
  fc.constantFrom(1e308, 2 ** 53 + 2, -(2 ** 53)),
  fc.string({ maxLength: 5 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant([1]),
  fc.constant({ n: 1 }),
);
const badSize = fc.oneof(
  fc.integer({ max: 7 }),
  fc.integer({ min: 1025 }),
  fc.integer({ min: 8, max: 1024 }).filter((s) => s % 8 !== 0),
  fc.double().filter((d) => !Number.isInteger(d)),
  fc.string({ maxLength: 5 }),
  fc.constant(null),
  fc.constant([256]),
);
const badQueryInt = (ok: (n: number) => boolean) =>
  fc.oneof(fc.integer().map(String), weird, anyNumber.map(String)).filter((s) => !/^[0-9]{1,15}$/.test(s) || !ok(Number(s)));
const okNumber = (n: number) => n >= 1 && n <= 128;
const okSize = (n: number) => n >= 8 && n <= 1024 && n % 8 === 0;
const badKeyId = fc.oneof(
  weird.filter((s) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)),
  anyNumber,
  fc.constant(null),
  fc.constant({}),
);

const malformed: fc.Arbitrary<FuzzRequest> = fc.oneof(
  // enc_keys on A by sae-a for sae-b
  fc.record({ number: badCount, size: fc.option(fc.constantFrom(64, 256), { nil: undefined }) }).map((b) => encPost(b)),
  fc.record({ number: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }), size: badSize }).map((b) => encPost(b)),
  fc
    .record({ number: fc.constant(1), extra: weird.filter((k) => !['number', 'size'].includes(k)), v: anyValue })
    .map((b) => encPost({ number: 1, [b.extra === '' ? '_' : b.extra]: b.v })),
  fc.array(weird, { minLength: 1, maxLength: 3 }).map((ids) => encPost({ number: 1, additional_slave_SAE_IDs: ids })),
  fc
    .dictionary(
      weird.filter((k) => k !== ''),
      anyValue,
      { minKeys: 1, maxKeys: 2 },
    )
    .map((ext) => encPost({ number: 1, extension_mandatory: [ext] })),
  badQueryInt(okNumber).map((v) => encGet(`number=${encodeURIComponent(v)}`)),
  badQueryInt(okSize).map((v) => encGet(`number=1&size=${encodeURIComponent(v)}`)),
  paramName.filter((n) => n !== 'number' && n !== 'size').map((n) => encGet(`number=1&${encodeURIComponent(n)}=1`)),
  fc.constant(encGet('number=1&number=1')),
  weird
    .filter((s) => !['sae-b', 'sae-c'].includes(s))
    .map((s) => ({ ...encGet('number=1'), path: `/api/v1/keys/${encodeURIComponent(s)}/enc_keys?number=1` })),
  fc
    .string({ maxLength: 30 })
    .filter((s) => {
      try {
        const v = JSON.parse(s) as unknown;
        return s.trim() !== '' && (typeof v !== 'object' || v === null);
      } catch {
        return s.trim() !== '';
      }
    })
    .map((s) => ({ ...encPost({}), body: s })),
  // dec_keys on B by sae-b from sae-a, naming keys that really are reserved
  fc.tuple(badKeyId, fc.nat()).map(([bad, i]) => decPost([reservedIds[i % reservedIds.length], bad])),
  fc.nat().map((i) => decPost([reservedIds[i % reservedIds.length], reservedIds[i % reservedIds.length]])),
  fc.nat().map((i) => ({ ...decPost([reservedIds[i % reservedIds.length]]), sae: 'sae-b' as const, kme: 'a' as const })),
  fc.tuple(weird, fc.nat()).map(([k, i]) => ({
    ...decGet(reservedIds[i % reservedIds.length]),
    path: `/api/v1/keys/sae-a/dec_keys?key_ID=${reservedIds[i % reservedIds.length]}&${encodeURIComponent(k || 'x')}=1`,
  })),
  fc.nat().map((i) => ({ ...decPost([reservedIds[i % reservedIds.length]]), path: '/api/v1/keys/sae-a/dec_keys?key_ID=1' })),
  fc.nat().map((i) => ({ ...decPost([]), body: JSON.stringify({ key_IDs: [{ key_ID: reservedIds[i % reservedIds.length], extra: 1 }] }) })),
);

function encPost(body: Record<string, unknown>): FuzzRequest {
  return {
    kme: 'a',
    sae: 'sae-a',
    method: 'POST',
    path: '/api/v1/keys/sae-b/enc_keys',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}
function encGet(q: string): FuzzRequest {
  return { kme: 'a', sae: 'sae-a', method: 'GET', path: `/api/v1/keys/sae-b/enc_keys?${q}`, headers: {} };
}
function decPost(ids: unknown[]): FuzzRequest {
  return {
    kme: 'b',
    sae: 'sae-b',
    method: 'POST',
    path: '/api/v1/keys/sae-a/dec_keys',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key_IDs: ids.map((key_ID) => ({ key_ID })) }),
  };
}
function decGet(id: string): FuzzRequest {
  return { kme: 'b', sae: 'sae-b', method: 'GET', path: `/api/v1/keys/sae-a/dec_keys?key_ID=${id}`, headers: {} };
}

const ENDPOINT = /\/(enc_keys|dec_keys)(\?|$)/;

describe('ETSI 014 API fuzzing', () => {
  it('random requests: no 5xx but 503, a refused request takes no key', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzRequest, async (r) => {
        const before = counts();
        const answer = await send(r);
        if (answer === undefined) return;
        expect(ALLOWED.has(answer.status), `status ${answer.status}: ${answer.text.slice(0, 200)}`).toBe(true);
        if (answer.status !== 200 || !ENDPOINT.test(r.path)) expect(counts()).toBe(before);
        // Our handler's refusals carry the ETSI error body; Node's own (417, 431, parser 400s) are empty.
        if (answer.status >= 400 && answer.text !== '') expect(JSON.parse(answer.text)).toHaveProperty('message');
      }),
      { numRuns: RUNS, seed: testSeed() },
    );
  }, 120_000);

  it('malformed requests are refused with a 4xx and take no key', async () => {
    await fc.assert(
      fc.asyncProperty(malformed, async (r) => {
        const before = counts();
        const answer = await send(r);
        if (answer === undefined) return;
        expect(answer.status, `${r.method} ${r.path} ${String(r.body)}: ${answer.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        expect(counts()).toBe(before);
      }),
      { numRuns: RUNS, seed: testSeed() },
    );
  }, 120_000);

  it('both KMEs still serve valid requests afterwards, and the reserved keys are still there', async () => {
    const dec = await call<KeyContainer>(kmes.b.url, who['sae-b'], 'POST', '/api/v1/keys/sae-a/dec_keys', {
      key_IDs: reservedIds.map((key_ID) => ({ key_ID })),
    });
    // Fuzzed dec_keys may have fetched some reserved keys legitimately; the rest are still served.
    expect([200, 400]).toContain(dec.status);
    const enc = await call<KeyContainer>(kmes.a.url, who['sae-a'], 'GET', '/api/v1/keys/sae-b/enc_keys?number=2&size=256');
    expect(enc.status).toBe(200);
    const back = await call<KeyContainer>(kmes.b.url, who['sae-b'], 'POST', '/api/v1/keys/sae-a/dec_keys', {
      key_IDs: enc.body.keys.map((k) => ({ key_ID: k.key_ID })),
    });
    expect(back.status).toBe(200);
    expect(back.body.keys).toEqual(enc.body.keys);
    expect((await call(kmes.b.url, who['sae-b'], 'GET', '/api/v1/keys/sae-a/status')).status).toBe(200);
  }, 60_000);
});
