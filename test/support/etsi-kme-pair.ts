/**
 * Shared fixtures for the ETSI 014 tests: a demo PKI (made once per test
 * file), two key stores filled with identical random blocks, two KMEs (A cuts
 * keys, B applies A's cuts; both serve enc_keys) linked in memory or over a real
 * authenticated peer channel on loopback TCP, and a small mutual-TLS client.
 */
import { tempDir as makeTempDir, type TempDir } from './temp-dir.ts';
import { readFileSync } from 'node:fs';
import { type Agent, request } from 'node:https';
import { join } from 'node:path';
import type { Xoshiro128 } from '../../src/pipeline/prng.ts';
import { KeyStore } from '../../src/keystore/key-store.ts';
import { DEMO_LEAVES, generateDemoPki, type DemoLeaf } from '../../src/api/pki/demo-pki.ts';
import { startEtsi014Server, type Etsi014Server } from '../../src/api/etsi014/server.ts';
import type { Etsi014Config } from '../../src/api/etsi014/config.ts';
import { MemoryPeerReservations, type MemoryPeerReservationsOptions } from '../../src/api/etsi014/memory-peer-reservations.ts';
import { ReservationApplier } from '../../src/api/etsi014/reservation-applier.ts';
import type { PeerReservations } from '../../src/api/etsi014/reservation-link.ts';
import { openLoopbackReservations, type LoopbackReservations } from './loopback-link.ts';

export type { TempDir };

/** A temporary folder named for these tests (see temp-dir.ts). */
export function tempDir(prefix = 'qkdd-api-'): TempDir {
  return makeTempDir(prefix);
}

/** Extra certificates for the negative tests: a SAE attached to B only, and one attached to no KME. */
export const TEST_LEAVES: readonly DemoLeaf[] = [
  ...DEMO_LEAVES,
  { name: 'sae-c', commonName: 'sae-c', kind: 'client', altNames: ['URI:sae:sae-c'] },
  { name: 'sae-x', commonName: 'sae-x', kind: 'client', altNames: ['URI:sae:sae-x'] },
  // Names sae-a in the CN only: must not pass as sae-a.
  { name: 'cn-only', commonName: 'sae-a', kind: 'client', altNames: ['DNS:sae-a.example'] },
];

export interface Pki {
  readonly dir: string;
  /** A second, unrelated CA that also issued a "sae-a" certificate. */
  readonly rogueDir: string;
  pem(name: string): Buffer;
  rogue(name: string): Buffer;
}

export async function makePki(root: string): Promise<Pki> {
  const dir = join(root, 'pki');
  const rogueDir = join(root, 'rogue');
  await generateDemoPki(dir, { leaves: TEST_LEAVES });
  await generateDemoPki(rogueDir, { caCommonName: 'rogue CA' });
  return {
    dir,
    rogueDir,
    pem: (name) => readFileSync(join(dir, `${name}.pem`)),
    rogue: (name) => readFileSync(join(rogueDir, `${name}.pem`)),
  };
}

export const KEY_SIZE = 256;
export const MAX_KEY_SIZE = 1024;
export const MAX_PER_REQUEST = 128;

export function configFor(node: 'A' | 'B', overrides: Partial<Etsi014Config> = {}): Etsi014Config {
  const a = node === 'A';
  return {
    kmeId: a ? 'kme-a' : 'kme-b',
    peerKmeId: a ? 'kme-b' : 'kme-a',
    localSaeIds: a ? ['sae-a'] : ['sae-b', 'sae-c'],
    remoteSaeIds: a ? ['sae-b', 'sae-c'] : ['sae-a'],
    keySizeBits: KEY_SIZE,
    minKeySizeBits: 8,
    maxKeySizeBits: MAX_KEY_SIZE,
    maxKeysPerRequest: MAX_PER_REQUEST,
    cutsKeys: a,
    listen: '127.0.0.1:0',
    ...overrides,
  };
}

export function openStore(path: string): KeyStore {
  return KeyStore.open({ path, maxBits: 1 << 26, maxKeySizeBits: 8192, minKeySizeBits: 8 });
}

/** Add the same `count` random blocks of `bytes` bytes to every store (as QKD would). */
export function fillStores(rng: Xoshiro128, stores: readonly KeyStore[], count: number, bytes: number, prefix = 'blk'): number {
  for (let b = 0; b < count; b++) {
    const block = new Uint8Array(bytes);
    for (let i = 0; i < bytes; i++) block[i] = rng.nextU32() & 0xff;
    for (const s of stores) s.addBlock(`${prefix}-${b}`, block.slice());
  }
  return count * bytes * 8;
}

export interface TwoKmes {
  readonly storeA: KeyStore;
  readonly storeB: KeyStore;
  readonly a: Etsi014Server;
  readonly b: Etsi014Server;
  readonly link: 'memory' | 'loopback';
  close(): Promise<void>;
}

export interface TwoKmesOptions {
  readonly link?: 'memory' | 'loopback';
  readonly memory?: MemoryPeerReservationsOptions;
  readonly configA?: Partial<Etsi014Config>;
  readonly configB?: Partial<Etsi014Config>;
  /** Fault hook of the memory link from B to A (B's cut requests' answers travel A to B, under `memory`). */
  readonly memoryB?: MemoryPeerReservationsOptions;
}

/** Start KME A (cuts keys) and KME B on stores at `dir`, linked in memory or over the real peer channel. */
export async function startTwoKmes(dir: string, pki: Pki, options: TwoKmesOptions = {}): Promise<TwoKmes> {
  const storeA = openStore(join(dir, 'a.db'));
  const storeB = openStore(join(dir, 'b.db'));
  const cfgA = configFor('A', options.configA);
  const cfgB = configFor('B', options.configB);
  const applier = (store: KeyStore, cfg: Etsi014Config) =>
    new ReservationApplier({ store, localSaeIds: cfg.localSaeIds, remoteSaeIds: cfg.remoteSaeIds, cutsKeys: cfg.cutsKeys });
  const applierA = applier(storeA, cfgA);
  const applierB = applier(storeB, cfgB);
  let peerA: PeerReservations;
  let peerB: PeerReservations;
  let loop: LoopbackReservations | undefined;
  if ((options.link ?? 'memory') === 'memory') {
    const pair = MemoryPeerReservations.pair(applierA, applierB, { a: options.memory, b: options.memoryB });
    peerA = pair.a;
    peerB = pair.b;
  } else {
    loop = await openLoopbackReservations({ handlerA: applierA, handlerB: applierB });
    peerA = loop.a;
    peerB = loop.b;
  }
  const tls = (name: string) => ({ ca: pki.pem('ca'), cert: pki.pem(name), key: pki.pem(`${name}-key`) });
  const a = await startEtsi014Server({ store: storeA, peer: peerA, config: cfgA, tls: tls('kme-a') });
  const b = await startEtsi014Server({ store: storeB, peer: peerB, config: cfgB, tls: tls('kme-b') });
  return {
    storeA,
    storeB,
    a,
    b,
    link: options.link ?? 'memory',
    async close() {
      await Promise.all([a.close(), b.close()]);
      await loop?.close();
      storeA.close();
      storeB.close();
    },
  };
}

export interface Response<T = unknown> {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: T;
}

export interface ClientIdentity {
  readonly ca: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

export function identity(pki: Pki, name: string | undefined): ClientIdentity {
  return name === undefined ? { ca: pki.pem('ca') } : { ca: pki.pem('ca'), cert: pki.pem(name), key: pki.pem(`${name}-key`) };
}

/** One HTTPS request with a client certificate; the body is sent raw if a string, else as JSON. */
export function call<T = Record<string, unknown>>(
  baseUrl: string,
  who: ClientIdentity,
  method: string,
  path: string,
  body?: unknown,
  agent?: Agent,
): Promise<Response<T>> {
  const url = new URL(path, baseUrl);
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: who.ca,
        cert: who.cert,
        key: who.key,
        agent: agent ?? false,
        headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* keep the text */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed as T });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export interface KeyContainer {
  keys: Array<{ key_ID: string; key: string }>;
}
export interface ErrorBody {
  message: string;
  details?: Array<Record<string, unknown>>;
}
