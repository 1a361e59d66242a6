/**
 * Exactly-once under load: 100 concurrent SAE clients take keys with
 * enc_keys on KME A while 100 concurrent clients fetch them with dec_keys on
 * KME B, each over its own mutual-TLS connection, with random numbers and
 * sizes. Run over the in-memory link and over the real authenticated peer
 * channel on loopback TCP. Every key_ID must come out once on each side with
 * identical bytes, and the bits handed out must equal the bits consumed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Agent } from 'node:https';
import { withSeed } from '../support/seed.ts';
import {
  call,
  fillStores,
  identity,
  makePki,
  startTwoKmes,
  tempDir,
  type KeyContainer,
  type TempDir,
  type TwoKmes,
} from '../support/etsi-kme-pair.ts';

const CLIENTS = 100;
const ROUNDS = 2;

let dir: TempDir | undefined;
let kmes: TwoKmes | undefined;
afterEach(async () => {
  await kmes?.close();
  dir?.remove();
  kmes = undefined;
  dir = undefined;
});

/** A queue the B clients wait on until the A clients are done. */
class WorkQueue<T> {
  private readonly items: T[] = [];
  private readonly waiters: Array<(v: T | undefined) => void> = [];
  private closed = false;
  push(item: T): void {
    const w = this.waiters.shift();
    if (w) w(item);
    else this.items.push(item);
  }
  close(): void {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w(undefined);
  }
  take(): Promise<T | undefined> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

describe.each(['memory', 'loopback'] as const)('100 concurrent clients on each KME (%s link)', (link) => {
  it('hands out every key exactly once on each side, with the same bytes and no waste', { timeout: 240_000 }, async () => {
    await withSeed(`concurrency-${link}`, async (rng) => {
      dir = tempDir();
      const pki = await makePki(dir.dir);
      kmes = await startTwoKmes(dir.dir, pki, { link });
      const { a, b, storeA, storeB } = kmes;
      fillStores(rng, [storeA, storeB], 24, 4096);
      const bitsBefore = [storeA.stats().appBits, storeB.stats().appBits];

      // Draw every request up front so the run is reproducible from the seed.
      const plans = Array.from({ length: CLIENTS }, () =>
        Array.from({ length: ROUNDS }, () => ({ number: 1 + (rng.nextU32() % 4), size: 8 * (1 + (rng.nextU32() % 64)) })),
      );
      const fromA = new Map<string, string>();
      const fromB = new Map<string, string>();
      const duplicatesA: string[] = [];
      const duplicatesB: string[] = [];
      const failures: string[] = [];
      const queue = new WorkQueue<Array<{ key_ID: string }>>();
      const saeA = identity(pki, 'sae-a');
      const saeB = identity(pki, 'sae-b');
      const agents: Agent[] = [];
      const agent = (): Agent => {
        const ag = new Agent({ keepAlive: true, maxSockets: 1 });
        agents.push(ag);
        return ag;
      };

      const masters = plans.map(async (plan) => {
        const ag = agent();
        for (const { number, size } of plan) {
          const res = await call<KeyContainer>(a.url, saeA, 'POST', '/api/v1/keys/sae-b/enc_keys', { number, size }, ag);
          if (res.status !== 200) {
            failures.push(`enc ${res.status} ${JSON.stringify(res.body)}`);
            continue;
          }
          for (const k of res.body.keys) {
            if (fromA.has(k.key_ID)) duplicatesA.push(k.key_ID);
            fromA.set(k.key_ID, k.key);
            if (Buffer.from(k.key, 'base64').length * 8 !== size) failures.push(`wrong size for ${k.key_ID}`);
          }
          queue.push(res.body.keys.map((k) => ({ key_ID: k.key_ID })));
        }
      });
      const slaves = Array.from({ length: CLIENTS }, async () => {
        const ag = agent();
        for (let ids = await queue.take(); ids !== undefined; ids = await queue.take()) {
          const res = await call<KeyContainer>(b.url, saeB, 'POST', '/api/v1/keys/sae-a/dec_keys', { key_IDs: ids }, ag);
          if (res.status !== 200) {
            failures.push(`dec ${res.status} ${JSON.stringify(res.body)}`);
            continue;
          }
          for (const k of res.body.keys) {
            if (fromB.has(k.key_ID)) duplicatesB.push(k.key_ID);
            fromB.set(k.key_ID, k.key);
          }
        }
      });
      await Promise.all(masters);
      queue.close();
      await Promise.all(slaves);

      expect(failures).toEqual([]);
      expect(duplicatesA).toEqual([]);
      expect(duplicatesB).toEqual([]);
      const expectedKeys = plans.flat().reduce((n, p) => n + p.number, 0);
      expect(fromA.size).toBe(expectedKeys);
      expect(fromB.size).toBe(expectedKeys);
      for (const [id, key] of fromA) expect(fromB.get(id), id).toBe(key);

      const expectedBits = plans.flat().reduce((n, p) => n + p.number * p.size, 0);
      expect(bitsBefore[0] - storeA.stats().appBits).toBe(expectedBits);
      expect(bitsBefore[1] - storeB.stats().appBits).toBe(expectedBits);
      expect(storeA.stats().reservedKeys).toBe(0);
      expect(storeB.stats().reservedKeys).toBe(0);
      expect(storeA.stats().deliveredKeys).toBe(expectedKeys);
      expect(storeB.stats().deliveredKeys).toBe(expectedKeys);
      expect(storeA.audit().problems).toEqual([]);
      expect(storeB.audit().problems).toEqual([]);

      // A second fetch of any of them is refused.
      const someIds = [...fromA.keys()].slice(0, 5).map((key_ID) => ({ key_ID }));
      const again = await call(b.url, saeB, 'POST', '/api/v1/keys/sae-a/dec_keys', { key_IDs: someIds });
      expect(again.status).toBe(400);
      for (const ag of agents) ag.destroy();
    });
  });
});

/**
 * The server reads a connection's SAE from its certificate once and reuses
 * it for the connection's later requests; the key store reuses its prepared
 * statements. Here 100 kept-open connections to KME B alternate between two
 * SAEs (sae-b and sae-c) while 100 on KME A take keys for one or the other:
 * every key comes out once on each side, identical, to the SAE it was cut
 * for; a request on a connection of the other SAE is refused (401) and takes
 * nothing; a key handed out once is refused afterwards (400).
 */
describe('100 kept-open connections of two SAEs on KME B (loopback link)', () => {
  it('each connection acts as its own certificate says, every key once', { timeout: 240_000 }, async () => {
    await withSeed('concurrency-two-saes', async (rng) => {
      dir = tempDir();
      const pki = await makePki(dir.dir);
      kmes = await startTwoKmes(dir.dir, pki, { link: 'loopback' });
      const { a, b, storeA, storeB } = kmes;
      fillStores(rng, [storeA, storeB], 8, 4096);
      const slaves = ['sae-b', 'sae-c'] as const;
      const who = { 'sae-b': identity(pki, 'sae-b'), 'sae-c': identity(pki, 'sae-c') };
      const saeA = identity(pki, 'sae-a');
      // Client i takes keys for slaves[i % 2] on A, and fetches them on B as that SAE on its own connection.
      const plans = Array.from({ length: CLIENTS }, (_, i) => ({ slave: slaves[i % 2], number: 1 + (rng.nextU32() % 3) }));
      const agents: Agent[] = [];
      const agent = (): Agent => {
        const ag = new Agent({ keepAlive: true, maxSockets: 1 });
        agents.push(ag);
        return ag;
      };
      const fromA = new Map<string, { key: string; slave: string }>();
      const fromB = new Map<string, { key: string; sae: string }>();
      const failures: string[] = [];
      const wrongSae: number[] = [];
      await Promise.all(
        plans.map(async ({ slave, number }, i) => {
          const agA = agent();
          const agB = agent();
          const other = slaves[(i + 1) % 2];
          const agOther = agent();
          for (let round = 0; round < ROUNDS; round++) {
            const enc = await call<KeyContainer>(
              a.url,
              saeA,
              'GET',
              `/api/v1/keys/${slave}/enc_keys?number=${number}&size=128`,
              undefined,
              agA,
            );
            if (enc.status !== 200) {
              failures.push(`enc ${enc.status} ${JSON.stringify(enc.body)}`);
              continue;
            }
            for (const k of enc.body.keys) {
              if (fromA.has(k.key_ID)) failures.push(`A handed out ${k.key_ID} twice`);
              fromA.set(k.key_ID, { key: k.key, slave });
            }
            const body = { key_IDs: enc.body.keys.map((k) => ({ key_ID: k.key_ID })) };
            // The other SAE, on its own kept-open connection, may not take them.
            const stolen = await call(b.url, who[other], 'POST', '/api/v1/keys/sae-a/dec_keys', body, agOther);
            wrongSae.push(stolen.status);
            const dec = await call<KeyContainer>(b.url, who[slave], 'POST', '/api/v1/keys/sae-a/dec_keys', body, agB);
            if (dec.status !== 200) {
              failures.push(`dec ${dec.status} ${JSON.stringify(dec.body)}`);
              continue;
            }
            for (const k of dec.body.keys) {
              if (fromB.has(k.key_ID)) failures.push(`B handed out ${k.key_ID} twice`);
              fromB.set(k.key_ID, { key: k.key, sae: slave });
            }
            const again = await call(b.url, who[slave], 'POST', '/api/v1/keys/sae-a/dec_keys', body, agB);
            if (again.status !== 400) failures.push(`second dec_keys answered ${again.status}`);
          }
        }),
      );
      for (const ag of agents) ag.destroy();

      expect(failures).toEqual([]);
      expect(new Set(wrongSae)).toEqual(new Set([401]));
      const expectedKeys = plans.reduce((n, p) => n + p.number * ROUNDS, 0);
      expect(fromA.size).toBe(expectedKeys);
      expect(fromB.size).toBe(expectedKeys);
      for (const [id, { key, slave }] of fromA) {
        expect(fromB.get(id), id).toEqual({ key, sae: slave });
      }
      expect(storeA.stats().reservedKeys).toBe(0);
      expect(storeB.stats().reservedKeys).toBe(0);
      expect(storeA.audit().problems).toEqual([]);
      expect(storeB.audit().problems).toEqual([]);
    });
  });
});
