/**
 * ETSI GS QKD 014 key delivery end to end: enc_keys on KME A and dec_keys on
 * KME B over HTTPS with mutual TLS on loopback, the two KMEs coordinating key
 * IDs over the real authenticated peer channel (loopback TCP), key stores on
 * disk (SQLite, synchronous=FULL: every store transaction is an fsync).
 *
 * value: keys/s with 100 concurrent client pairs (each: enc_keys for one
 * key, then dec_keys for it on the other KME), and the p99 latency of that
 * pair. reference: the same flow with one client, sequential, same run.
 * The clients run in a child process (test/support/etsi-clients-process.ts), as
 * SAEs would, so their TLS and JSON work does not share the KMEs' thread;
 * both KMEs share this one (the bench machine has 2 cores).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { BenchResult, BenchSuite } from './harness.ts';
import { fillStores, makePki, startTwoKmes, tempDir } from '../support/etsi-kme-pair.ts';
import { Xoshiro128 } from '../../src/pipeline/prng.ts';

const KEY_SIZE = 256;
const COMPILED = !import.meta.url.endsWith('.ts');
const CLIENTS = fileURLToPath(
  new URL(COMPILED ? '../support/etsi-clients-process.js' : '../support/etsi-clients-process.ts', import.meta.url),
);
const REPO = fileURLToPath(new URL('../../', import.meta.url));
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

      const measure = async (clients: number, perClient: number): Promise<Run> => {
        const child = spawn(
          process.execPath,
          [
            ...(COMPILED ? [] : ['--import', 'tsx']),
            CLIENTS,
            kmes.a.url,
            kmes.b.url,
            pki.dir,
            String(clients),
            String(perClient),
            String(KEY_SIZE),
          ],
          {
            cwd: REPO,
            stdio: ['pipe', 'pipe', 'pipe'],
          },
        );
        let out = '';
        let err = '';
        child.stdout.setEncoding('utf8');
        child.stderr.setEncoding('utf8');
        child.stderr.on('data', (c: string) => (err += c));
        const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
        await new Promise<void>((resolve, reject) => {
          child.stdout.on('data', (c: string) => {
            out += c;
            if (out.startsWith('ready\n')) resolve();
          });
          void exited.then((code) => reject(new Error(`bench clients exited (${code}): ${err}`)));
        });
        child.stdin.write('go\n');
        const code = await exited;
        const line = out.split('\n')[1];
        if (code !== 0 || !line) throw new Error(`bench clients failed (${code}): ${err}`);
        const r = JSON.parse(line) as { keys: number; seconds: number; pair: number[]; enc: number[]; dec: number[] };
        return {
          keysPerSecond: r.keys / r.seconds,
          p50Ms: pct(r.pair, 0.5),
          p99Ms: pct(r.pair, 0.99),
          encP99Ms: pct(r.enc, 0.99),
          decP99Ms: pct(r.dec, 0.99),
        };
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
