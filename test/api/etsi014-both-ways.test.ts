/**
 * enc_keys on either KME (issue 12, item 6): a SAE at either node may be the
 * master. KME A is the allocator (it cuts every key); KME B asks it to cut
 * for B's master SAEs over the reservation link (src/api/etsi014/key-service.ts).
 * Checked over the real authenticated peer channel with two stores on disk:
 * both directions deliver the same bytes on both sides; concurrent enc_keys
 * on both KMEs at once (seeded) never share bits, every key_ID comes out once
 * per side with equal bytes, and the pools move by exactly the bits handed
 * out; additional_slave_SAE_IDs in both directions (each named slave once, an
 * unnamed SAE 401, over max_SAE_ID_count 400); reservations expire in the
 * B-to-A direction too; a lost answer to a cut request takes nothing from
 * the SAE and the pools realign.
 */
import { Agent } from 'node:https';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { slaveGraceMs } from '../../src/api/etsi014/key-service.ts';
import type { MemoryPeerReservationsOptions } from '../../src/api/etsi014/memory-peer-reservations.ts';
import { withSeed } from '../support/seed.ts';
import { waitUntil as until } from '../support/wait.ts';
import {
  call,
  type ErrorBody,
  fillStores,
  identity,
  type KeyContainer,
  makePki,
  type Pki,
  startTwoKmes,
  type TempDir,
  type TwoKmes,
  type TwoKmesOptions,
  tempDir,
} from '../support/etsi-kme-pair.ts';

let root: TempDir;
let pki: Pki;
let dir: TempDir | undefined;
let kmes: TwoKmes | undefined;

beforeAll(async () => {
  root = tempDir('qkdd-etsi-both-');
  pki = await makePki(root.dir);
}, 60_000);
afterAll(() => root.remove());
afterEach(async () => {
  await kmes?.close();
  dir?.remove();
  kmes = undefined;
  dir = undefined;
});

/**
 * A third SAE on each side for the multicast cases: sae-x joins A, so B's
 * master SAE has an additional slave to name (sae-c already sits at B).
 */
const MULTI: TwoKmesOptions = {
  configA: { localSaeIds: ['sae-a', 'sae-x'], remoteSaeIds: ['sae-b', 'sae-c'] },
  configB: { localSaeIds: ['sae-b', 'sae-c'], remoteSaeIds: ['sae-a', 'sae-x'] },
};

async function start(seedName: string, options: TwoKmesOptions = {}, blocks = 8): Promise<TwoKmes> {
  dir = tempDir('qkdd-etsi-both-run-');
  kmes = await startTwoKmes(dir.dir, pki, { link: 'loopback', ...options });
  const k = kmes;
  await withSeed(seedName, (rng) => fillStores(rng, [k.storeA, k.storeB], blocks, 4096));
  return k;
}

const ids = (c: KeyContainer) => c.keys.map((k) => ({ key_ID: k.key_ID }));

describe('enc_keys on either KME (real peer link, stores on disk)', () => {
  it('B-to-A: sae-b takes keys at B, sae-a gets the same bytes at A, once; status from the caller’s side', async () => {
    const { a, b, storeA, storeB } = await start('both-ways b-to-a');
    const before = [storeA.stats().appBits, storeB.stats().appBits];
    const status = await call(b.url, identity(pki, 'sae-b'), 'GET', '/api/v1/keys/sae-a/status');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      source_KME_ID: 'kme-b',
      target_KME_ID: 'kme-a',
      master_SAE_ID: 'sae-b',
      slave_SAE_ID: 'sae-a',
      max_SAE_ID_count: 4,
      status_extension: { qkdd_serves_enc_keys: true, qkdd_key_allocator: 'kme-a' },
    });

    const enc = await call<KeyContainer>(b.url, identity(pki, 'sae-b'), 'POST', '/api/v1/keys/sae-a/enc_keys', { number: 5, size: 512 });
    expect(enc.status).toBe(200);
    expect(enc.body.keys).toHaveLength(5);
    // B holds them as the master side (delivered), A as the slave side (reserved for sae-a).
    expect(storeA.keyInfo(enc.body.keys[0].key_ID)).toMatchObject({ side: 'slave', state: 'reserved', masterSae: 'sae-b' });
    expect(storeB.keyInfo(enc.body.keys[0].key_ID)).toMatchObject({ side: 'master', state: 'delivered' });

    // The master SAE may not fetch them back at its own KME; another SAE at B neither.
    const back = await call<ErrorBody>(b.url, identity(pki, 'sae-b'), 'POST', '/api/v1/keys/sae-a/dec_keys', { key_IDs: ids(enc.body) });
    expect(back.status).toBe(401);
    const dec = await call<KeyContainer>(a.url, identity(pki, 'sae-a'), 'POST', '/api/v1/keys/sae-b/dec_keys', { key_IDs: ids(enc.body) });
    expect(dec.status).toBe(200);
    expect(dec.body.keys).toEqual(enc.body.keys);
    const again = await call<ErrorBody>(a.url, identity(pki, 'sae-a'), 'POST', '/api/v1/keys/sae-b/dec_keys', { key_IDs: ids(enc.body) });
    expect(again.status).toBe(400);
    expect(again.body.message).toMatch(/already delivered/);

    // A-to-B still works on the same pair, and both pools moved by exactly the bits handed out.
    const encA = await call<KeyContainer>(a.url, identity(pki, 'sae-a'), 'GET', '/api/v1/keys/sae-b/enc_keys?number=3&size=256');
    expect(encA.status).toBe(200);
    const decB = await call<KeyContainer>(b.url, identity(pki, 'sae-b'), 'POST', '/api/v1/keys/sae-a/dec_keys', {
      key_IDs: ids(encA.body),
    });
    expect(decB.body.keys).toEqual(encA.body.keys);
    expect(before[0] - storeA.stats().appBits).toBe(5 * 512 + 3 * 256);
    expect(before[1] - storeB.stats().appBits).toBe(5 * 512 + 3 * 256);
    expect(storeA.audit().problems).toEqual([]);
    expect(storeB.audit().problems).toEqual([]);
  }, 60_000);

  it('B-to-A: too little key at the allocator answers 503 and takes nothing on either KME', async () => {
    const { b, storeA, storeB } = await start('both-ways b-to-a short', {}, 1);
    const before = [storeA.stats().appBits, storeB.stats().appBits];
    const res = await call<ErrorBody & KeyContainer>(b.url, identity(pki, 'sae-b'), 'POST', '/api/v1/keys/sae-a/enc_keys', {
      number: 128,
      size: 1024,
    });
    expect(res.status).toBe(503);
    expect(res.body.message).toMatch(/not enough key/);
    expect(res.body.keys).toBeUndefined();
    expect([storeA.stats().appBits, storeB.stats().appBits]).toEqual(before);
    expect(storeA.stats().reservedKeys + storeB.stats().reservedKeys).toBe(0);
  }, 60_000);

  it('concurrent enc_keys on both KMEs at once never share bits; each key_ID once per side with equal bytes', async () => {
    const CLIENTS = 12;
    const ROUNDS = 6;
    await withSeed('both-ways concurrent', async (rng) => {
      const { a, b, storeA, storeB } = await start('both-ways concurrent fill', {}, 24);
      const before = [storeA.stats().appBits, storeB.stats().appBits];
      type Plan = { number: number; size: number };
      const draw = (): Plan[][] =>
        Array.from({ length: CLIENTS }, () =>
          Array.from({ length: ROUNDS }, () => ({ number: 1 + (rng.nextU32() % 4), size: 64 * (1 + (rng.nextU32() % 8)) })),
        );
      const plans = { a: draw(), b: draw() };
      const agents: Agent[] = [];
      const agent = (): Agent => {
        const ag = new Agent({ keepAlive: true, maxSockets: 1 });
        agents.push(ag);
        return ag;
      };
      const failures: string[] = [];
      // key_ID -> [bytes from the master SAE, bytes from the slave SAE]
      const keys = new Map<string, [string, string | undefined]>();
      const sides = {
        a: { url: a.url, me: 'sae-a', peer: 'sae-b', otherUrl: b.url },
        b: { url: b.url, me: 'sae-b', peer: 'sae-a', otherUrl: a.url },
      } as const;
      const run = async (side: 'a' | 'b', plan: Plan[]): Promise<void> => {
        const s = sides[side];
        const encAgent = agent();
        const decAgent = agent();
        for (const { number, size } of plan) {
          const enc = await call<KeyContainer>(
            s.url,
            identity(pki, s.me),
            'POST',
            `/api/v1/keys/${s.peer}/enc_keys`,
            { number, size },
            encAgent,
          );
          if (enc.status !== 200) {
            failures.push(`${side} enc ${enc.status} ${JSON.stringify(enc.body)}`);
            continue;
          }
          for (const k of enc.body.keys) {
            if (keys.has(k.key_ID)) failures.push(`key_ID ${k.key_ID} handed out twice`);
            if (Buffer.from(k.key, 'base64').length * 8 !== size) failures.push(`wrong size for ${k.key_ID}`);
            keys.set(k.key_ID, [k.key, undefined]);
          }
          // The slave SAE fetches them at the other KME while the other side keeps cutting.
          const dec = await call<KeyContainer>(
            s.otherUrl,
            identity(pki, s.peer),
            'POST',
            `/api/v1/keys/${s.me}/dec_keys`,
            { key_IDs: ids(enc.body) },
            decAgent,
          );
          if (dec.status !== 200) {
            failures.push(`${side} dec ${dec.status} ${JSON.stringify(dec.body)}`);
            continue;
          }
          for (const k of dec.body.keys) {
            const entry = keys.get(k.key_ID);
            if (entry === undefined || entry[1] !== undefined) failures.push(`dec_keys returned ${k.key_ID} unexpectedly`);
            else entry[1] = k.key;
          }
        }
      };
      await Promise.all([...plans.a.map((p) => run('a', p)), ...plans.b.map((p) => run('b', p))]);
      for (const ag of agents) ag.destroy();

      expect(failures).toEqual([]);
      const all = [...plans.a.flat(), ...plans.b.flat()];
      expect(keys.size).toBe(all.reduce((n, p) => n + p.number, 0));
      for (const [id, [master, slave]] of keys) expect(slave, id).toBe(master);
      // Keys of 64 bits or more cut from random blocks: equal bytes would mean shared bits.
      expect(new Set([...keys.values()].map(([k]) => k)).size).toBe(keys.size);
      // Every bit cut once: both pools moved by exactly the bits handed out.
      const bits = all.reduce((n, p) => n + p.number * p.size, 0);
      expect(before[0] - storeA.stats().appBits).toBe(bits);
      expect(before[1] - storeB.stats().appBits).toBe(bits);
      expect(storeA.stats().reservedKeys).toBe(0);
      expect(storeB.stats().reservedKeys).toBe(0);
      expect(storeA.audit().problems).toEqual([]);
      expect(storeB.audit().problems).toEqual([]);
    });
  }, 120_000);
});

describe('additional_slave_SAE_IDs', () => {
  it('A-to-B: the slave and each additional slave take the same keys once; an unnamed SAE is refused', async () => {
    const { a, b, storeB } = await start('multicast a-to-b', MULTI);
    const enc = await call<KeyContainer>(a.url, identity(pki, 'sae-a'), 'POST', '/api/v1/keys/sae-b/enc_keys', {
      number: 3,
      size: 256,
      additional_slave_SAE_IDs: ['sae-c'],
    });
    expect(enc.status).toBe(200);
    const body = { key_IDs: ids(enc.body) };
    const first = await call<KeyContainer>(b.url, identity(pki, 'sae-b'), 'POST', '/api/v1/keys/sae-a/dec_keys', body);
    expect(first.body.keys).toEqual(enc.body.keys);
    // Still reserved for sae-c.
    expect(storeB.stats().reservedKeys).toBe(3);
    const twice = await call<ErrorBody>(b.url, identity(pki, 'sae-b'), 'POST', '/api/v1/keys/sae-a/dec_keys', body);
    expect(twice.status).toBe(400);
    const second = await call<KeyContainer>(b.url, identity(pki, 'sae-c'), 'POST', '/api/v1/keys/sae-a/dec_keys', body);
    expect(second.status).toBe(200);
    expect(second.body.keys).toEqual(enc.body.keys);
    expect(storeB.stats().reservedKeys).toBe(0);
    expect((await call(b.url, identity(pki, 'sae-c'), 'POST', '/api/v1/keys/sae-a/dec_keys', body)).status).toBe(400);

    // Keys for sae-b alone: sae-c is not named and gets 401, and takes nothing.
    const solo = await call<KeyContainer>(a.url, identity(pki, 'sae-a'), 'GET', '/api/v1/keys/sae-b/enc_keys?number=1');
    const stolen = await call<ErrorBody>(b.url, identity(pki, 'sae-c'), 'POST', '/api/v1/keys/sae-a/dec_keys', { key_IDs: ids(solo.body) });
    expect(stolen.status).toBe(401);
    const mine = await call<KeyContainer>(b.url, identity(pki, 'sae-b'), 'POST', '/api/v1/keys/sae-a/dec_keys', {
      key_IDs: ids(solo.body),
    });
    expect(mine.body.keys).toEqual(solo.body.keys);
    expect(storeB.audit().problems).toEqual([]);
  }, 60_000);

  it('B-to-A: sae-b names sae-a and sae-x at A; both get the same keys once', async () => {
    const { a, b, storeA } = await start('multicast b-to-a', MULTI);
    const enc = await call<KeyContainer>(b.url, identity(pki, 'sae-b'), 'POST', '/api/v1/keys/sae-a/enc_keys', {
      number: 2,
      additional_slave_SAE_IDs: ['sae-x'],
    });
    expect(enc.status).toBe(200);
    const body = { key_IDs: ids(enc.body) };
    for (const sae of ['sae-x', 'sae-a']) {
      const dec = await call<KeyContainer>(a.url, identity(pki, sae), 'POST', '/api/v1/keys/sae-b/dec_keys', body);
      expect(dec.status, sae).toBe(200);
      expect(dec.body.keys).toEqual(enc.body.keys);
    }
    expect(storeA.stats().reservedKeys).toBe(0);
    expect(storeA.audit().problems).toEqual([]);
  }, 60_000);

  it('max_SAE_ID_count bounds the list (400 naming the field); a SAE not at the peer KME is 401; 0 refuses any', async () => {
    const { a, b, storeA, storeB } = await start('multicast limits', {
      configA: { maxSaeIdCount: 1 },
      configB: { maxSaeIdCount: 0 },
    });
    const before = [storeA.stats().appBits, storeB.stats().appBits];
    const statusA = await call<{ max_SAE_ID_count: number }>(a.url, identity(pki, 'sae-a'), 'GET', '/api/v1/keys/sae-b/status');
    expect(statusA.body.max_SAE_ID_count).toBe(1);
    const statusB = await call<{ max_SAE_ID_count: number }>(b.url, identity(pki, 'sae-b'), 'GET', '/api/v1/keys/sae-a/status');
    expect(statusB.body.max_SAE_ID_count).toBe(0);

    const over = await call<ErrorBody>(a.url, identity(pki, 'sae-a'), 'POST', '/api/v1/keys/sae-b/enc_keys', {
      additional_slave_SAE_IDs: ['sae-c', 'sae-x'],
    });
    expect(over.status).toBe(400);
    expect(over.body.message).toMatch(/additional_slave_SAE_IDs.*max_SAE_ID_count \(1\)/);
    expect(over.body.details).toEqual([{ parameter: 'additional_slave_SAE_IDs' }]);
    const zero = await call<ErrorBody>(b.url, identity(pki, 'sae-b'), 'POST', '/api/v1/keys/sae-a/enc_keys', {
      additional_slave_SAE_IDs: ['sae-x'],
    });
    expect(zero.status).toBe(400);
    expect(zero.body.message).toMatch(/max_SAE_ID_count \(0\)/);
    // Within the limit, but sae-x is attached to neither KME of this pair.
    const stranger = await call<ErrorBody>(a.url, identity(pki, 'sae-a'), 'POST', '/api/v1/keys/sae-b/enc_keys', {
      additional_slave_SAE_IDs: ['sae-x'],
    });
    expect(stranger.status).toBe(401);
    expect([storeA.stats().appBits, storeB.stats().appBits]).toEqual(before);
  }, 60_000);
});

describe('expiry and faults when B is the master', () => {
  it('keys sae-b took that sae-a never fetches expire on A; dec_keys then answers 400 unknown key_ID', async () => {
    const ttl = { reservationTtlS: 3 };
    const { a, b, storeA, storeB } = await start('both-ways expiry', { configA: ttl, configB: ttl });
    expect(storeB.reservationExpiry).toEqual({ ttlMs: 3000, slaveGraceMs: slaveGraceMs(3000) });
    const enc = await call<KeyContainer>(b.url, identity(pki, 'sae-b'), 'POST', '/api/v1/keys/sae-a/enc_keys', { number: 3 });
    expect(enc.status).toBe(200);
    const early = await call<KeyContainer>(
      a.url,
      identity(pki, 'sae-a'),
      'GET',
      `/api/v1/keys/sae-b/dec_keys?key_ID=${enc.body.keys[0].key_ID}`,
    );
    expect(early.body.keys).toEqual([enc.body.keys[0]]);
    await until(() => storeA.stats().reservedKeys === 0, 'A to discard the unfetched keys');
    expect(storeA.stats().expiredKeys).toBe(2);
    expect(storeB.stats().reservedKeys).toBe(0);
    const late = await call<ErrorBody>(a.url, identity(pki, 'sae-a'), 'POST', '/api/v1/keys/sae-b/dec_keys', {
      key_IDs: ids(enc.body).slice(1),
    });
    expect(late.status).toBe(400);
    expect(late.body.message).toMatch(/unknown key_ID/);
    expect(storeA.audit().problems).toEqual([]);
  }, 60_000);

  it.each(['drop', 'lose-ack'] as const)(
    'memory link: a cut whose answer is lost (%s) is not handed out; the pools realign',
    async (fault) => {
      let faulty = true;
      const memory: MemoryPeerReservationsOptions = { fault: () => (faulty ? fault : 'deliver') };
      const { a, b, storeA, storeB } = await start(`both-ways fault ${fault}`, { link: 'memory', memory });
      const before = [storeA.stats().appBits, storeB.stats().appBits];
      const lost = await call<ErrorBody & KeyContainer>(b.url, identity(pki, 'sae-b'), 'GET', '/api/v1/keys/sae-a/enc_keys?number=2');
      expect(lost.status).toBe(503);
      expect(lost.body.keys).toBeUndefined();
      faulty = false;
      const next = await call<KeyContainer>(b.url, identity(pki, 'sae-b'), 'GET', '/api/v1/keys/sae-a/enc_keys?number=2');
      expect(next.status).toBe(200);
      const dec = await call<KeyContainer>(a.url, identity(pki, 'sae-a'), 'POST', '/api/v1/keys/sae-b/dec_keys', {
        key_IDs: ids(next.body),
      });
      expect(dec.body.keys).toEqual(next.body.keys);
      // Both pools lost the 2 unanswered keys and the 2 delivered ones; nothing else.
      expect(before[0] - storeA.stats().appBits).toBe(4 * 256);
      expect(before[1] - storeB.stats().appBits).toBe(4 * 256);
      expect(storeA.audit().problems).toEqual([]);
      expect(storeB.audit().problems).toEqual([]);
    },
    60_000,
  );
});
