/**
 * ETSI GS QKD 014 key delivery end to end: enc_keys on KME A and dec_keys on
 * KME B over HTTPS with mutual TLS on loopback, the two KMEs coordinating key
 * IDs over the real authenticated peer channel (loopback TCP), key stores on
 * disk (SQLite, synchronous=FULL: every store transaction is an fsync).
 *
 * value: keys/s with 100 concurrent client pairs (each: enc_keys for one
 * key, then dec_keys for it on the other KME), and the p99 latency of that
 * pair. reference: the same flow with one client, sequential, same run.
 */
import { Agent } from 'node:https';
import { randomBytes } from 'node:crypto';
import type { BenchResult, BenchSuite } from './harness.ts';
import { call, fillStores, identity, makePki, startTwoKmes, tempDir, type KeyContainer } from '../api/helpers.ts';
import { Xoshiro128 } from '../../src/pipeline/prng.ts';

const KEY_SIZE = 256;
const CONCURRENCY = 100;

interface Run {
  keysPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  encP99Ms: number;
  decP99Ms: number;
}

const suite: BenchSuite = async (ctx) => {
  const dir = tempDir('qkdd-bench-etsi-');
  try {
    const pki = await makePki(dir.dir);
    const kmes = await startTwoKmes(dir.dir, pki, { link: 'loopback' });
    try {
      // Non-secret random blocks, identical on both stores, as QKD would leave them.
      fillStores(new Xoshiro128(randomBytes(4).readUInt32LE(0)), [kmes.storeA, kmes.storeB], 64, 8192);
      const saeA = identity(pki, 'sae-a');
      const saeB = identity(pki, 'sae-b');

      const measure = async (clients: number, perClient: number): Promise<Run> => {
        const pair: number[] = [];
        const enc: number[] = [];
        const dec: number[] = [];
        const agents: Agent[] = [];
        let keys = 0;
        const client = async (): Promise<void> => {
          const agA = new Agent({ keepAlive: true, maxSockets: 1 });
          const agB = new Agent({ keepAlive: true, maxSockets: 1 });
          agents.push(agA, agB);
          // Warm-up request per client: TLS handshakes are not what we measure.
          await call(kmes.a.url, saeA, 'GET', '/api/v1/keys/sae-b/status', undefined, agA);
          await call(kmes.b.url, saeB, 'GET', '/api/v1/keys/sae-a/status', undefined, agB);
          await start;
          for (let i = 0; i < perClient; i++) {
            const t0 = performance.now();
            const e = await call<KeyContainer>(kmes.a.url, saeA, 'GET', `/api/v1/keys/sae-b/enc_keys?number=1&size=${KEY_SIZE}`, undefined, agA);
            const t1 = performance.now();
            if (e.status !== 200) throw new Error(`enc_keys ${e.status}: ${JSON.stringify(e.body)}`);
            const d = await call<KeyContainer>(kmes.b.url, saeB, 'GET', `/api/v1/keys/sae-a/dec_keys?key_ID=${e.body.keys[0].key_ID}`, undefined, agB);
            const t2 = performance.now();
            if (d.status !== 200 || d.body.keys[0].key !== e.body.keys[0].key) throw new Error(`dec_keys ${d.status}`);
            enc.push(t1 - t0);
            dec.push(t2 - t1);
            pair.push(t2 - t0);
            keys++;
          }
        };
        let release!: () => void;
        const start = new Promise<void>((r) => (release = r));
        const running = Array.from({ length: clients }, client);
        // Let every client finish its warm-up before the clock starts.
        while (agents.length < 2 * clients) await new Promise((r) => setTimeout(r, 10));
        await new Promise((r) => setTimeout(r, 200));
        const t0 = performance.now();
        release();
        await Promise.all(running);
        const seconds = (performance.now() - t0) / 1000;
        for (const a of agents) a.destroy();
        return { keysPerSecond: keys / seconds, p50Ms: pct(pair, 0.5), p99Ms: pct(pair, 0.99), encP99Ms: pct(enc, 0.99), decP99Ms: pct(dec, 0.99) };
      };

      ctx.progress('etsi014: 1 sequential client');
      const seq = await measure(1, ctx.quick ? 20 : 100);
      ctx.progress(`etsi014: ${CONCURRENCY} concurrent clients`);
      const par = await measure(CONCURRENCY, ctx.quick ? 2 : 6);
      const result: BenchResult = {
        bench: 'etsi014',
        unit: 'keys/s',
        value: par.keysPerSecond,
        reference: seq.keysPerSecond,
        referenceName: 'same enc_keys+dec_keys flow, 1 sequential client',
        p99Ms: par.p99Ms,
        p50Ms: par.p50Ms,
        encP99Ms: par.encP99Ms,
        decP99Ms: par.decP99Ms,
        referenceP99Ms: seq.p99Ms,
        concurrency: CONCURRENCY,
        keySizeBits: KEY_SIZE,
      };
      return [result];
    } finally {
      await kmes.close();
    }
  } finally {
    dir.remove();
  }
};

function pct(samples: number[], q: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

export default suite;
