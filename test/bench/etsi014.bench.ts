/**
 * ETSI GS QKD 014 key delivery end to end: enc_keys on KME A and dec_keys on
 * KME B over HTTPS with mutual TLS (TLS 1.3) on loopback, the two KMEs
 * coordinating key IDs over the real authenticated peer channel (loopback
 * TCP), key stores on disk (SQLite, synchronous=FULL: a store transaction is
 * on disk before its key leaves). Both KMEs run in this process, on its one
 * thread; the SAE clients run in a child process
 * (test/support/etsi-clients-process.ts), each SAE pair with one kept-open
 * connection to each KME. One operation = enc_keys for n keys on A, then
 * dec_keys for those keys on B (checked equal).
 *
 * The target of issue 12 is "≥ 5,000 keys/s with p99 ≤ 5 ms at 100
 * concurrent clients per side". A closed loop cannot state it: 100 clients
 * each waiting for its answer before the next request see a latency of
 * 100 / throughput (Little's law), so p99 ≤ 5 ms would need ≥ 20,000
 * operations/s, which is not what a keys/s target means. So the line gives:
 *
 * - value (keys/s), p50Ms, p99Ms: closed loop, 100 client pairs, 1 key per
 *   request, back to back for a few seconds: the most the KMEs deliver.
 * - open loop at the target: 100 client pairs on a fixed schedule that
 *   totals `target` keys/s (client i starts operation k at
 *   (i + 100·k)·n/target s); latency from the *scheduled* start to the end of
 *   dec_keys, so a late answer delays nothing unseen (no coordinated
 *   omission). Run with n = 1 key per request (`open1*`) and n = 8
 *   (`open8*`: an encryptor that fetches a few keys per request, e.g. one per
 *   tunnel or rekey interval; 8 × 256 bits is one 2 KiB request).
 *   `open*KeysPerSecond` is what was delivered over the schedule's length
 *   (or until the last answer, when answers fell behind the schedule),
 *   `open*P99Ms` the p99 of the whole operation (enc_keys + dec_keys, so
 *   stricter than either request alone).
 * - met: the open loop with n = 1 delivered ≥ 98 % of the target rate with
 *   p99 ≤ 5 ms. `open8Met` the same for n = 8.
 * - reference: the same flow with 1 client, sequential, same run.
 * - split*: the closed loop again with KME B in a process of its own
 *   (test/support/etsi-split-kmes.ts), as deployed KMEs are: one KME's fsync
 *   then no longer stalls the other, but every peer message waits for the
 *   other process to be scheduled, which on a loaded machine costs more.
 * - kmeCpu, clientCpu (splitKmeACpu, splitKmeBCpu): CPU seconds of each
 *   process per wall second in the closed loop. Well below 1 means it waits:
 *   for fsync, or for a CPU the machine gives to others (loadAverage: the
 *   machine's 1-minute load average at the end; the bench machine has 2
 *   cores).
 * - fsyncMs: median time of one 4 KiB append + fsync in the stores' folder,
 *   before and after the run (fsyncMsAfter). Every key waits for four
 *   commits in turn (reserve on A, apply on B, deliver on A, deliver on B),
 *   each with an fsync, so p99 cannot be below about 4 × fsyncMs: on a
 *   shared machine whose disk is busy (fsync in milliseconds) the latency
 *   target is out of reach whatever the code does. The stores group their
 *   commits (src/keystore/README.md "Group commit": everything a KME does in
 *   one event-loop turn is one commit, its fsync off the event loop), so the
 *   fsyncs no longer add up across requests; callsPerCommitA/B: store calls
 *   (reserves, applies, deliveries) per commit in the closed loop.
 */
import { spawn } from 'node:child_process';
import { closeSync, fsyncSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type { BenchResult, BenchSuite } from './harness.ts';
import { fillStores, makePki, startTwoKmes, tempDir } from '../support/etsi-kme-pair.ts';
import { startSplitKmes } from '../support/etsi-split-kmes.ts';
import type { Phase, PhaseResult } from '../support/etsi-clients-process.ts';
import { Xoshiro128 } from '../../src/pipeline/prng.ts';

const KEY_SIZE = 256;
const COMPILED = !import.meta.url.endsWith('.ts');
const CLIENTS = fileURLToPath(
  new URL(COMPILED ? '../support/etsi-clients-process.js' : '../support/etsi-clients-process.ts', import.meta.url),
);
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CONCURRENCY = 100;
const TARGET_KEYS_PER_SECOND = 5000;
const TARGET_P99_MS = 5;
/** Share of the target rate an open-loop run must deliver to count as met (the schedule's start and end). */
const RATE_TOLERANCE = 0.98;

interface Measured {
  keysPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  encP99Ms: number;
  decP99Ms: number;
  kmeCpu: number;
  kmeBCpu: number;
  clientCpu: number;
  maxStartLagMs: number;
}

/** Two KMEs ready to serve, with stores that `refill` tops up with identical blocks. */
interface Setup {
  readonly urlA: string;
  readonly urlB: string;
  /** Add identical random blocks to both stores: enough for `keys` more keys. */
  refill(keys: number): Promise<void>;
  /** CPU seconds used so far by KME B when it runs in a process of its own. */
  cpuB?(): Promise<number>;
  close(): Promise<void>;
}

const suite: BenchSuite = async (ctx) => {
  const dir = tempDir('qkdd-bench-etsi-');
  try {
    const fsyncMs = probeFsyncMs(dir.dir);
    const pki = await makePki(dir.dir);
    const seconds = ctx.quick ? 0.5 : 3;
    let filled = 0;
    const blocksFor = (keys: number): number => Math.ceil((keys * KEY_SIZE) / 8 / 8192);
    const seed = (): number => randomBytes(4).readUInt32LE(0);

    const measure = async (setup: Setup, c: Clients, phase: Phase, expectKeys: number): Promise<Measured> => {
      await setup.refill(expectKeys);
      const cpuB0 = (await setup.cpuB?.()) ?? Number.NaN;
      const cpu0 = process.cpuUsage();
      const r = await c.run(phase);
      const cpu = process.cpuUsage(cpu0);
      const cpuB = (await setup.cpuB?.()) ?? Number.NaN;
      // Open loop: over the schedule's length, or longer when the answers fell behind it.
      const scheduleSeconds = phase.mode === 'open' ? Math.max(phase.seconds, r.seconds) : r.seconds;
      return {
        keysPerSecond: r.keys / scheduleSeconds,
        p50Ms: pct(r.pair, 0.5),
        p99Ms: pct(r.pair, 0.99),
        encP99Ms: pct(r.enc, 0.99),
        decP99Ms: pct(r.dec, 0.99),
        kmeCpu: (cpu.user + cpu.system) / 1e6 / r.seconds,
        kmeBCpu: (cpuB - cpuB0) / r.seconds,
        clientCpu: r.clientCpuSeconds / r.seconds,
        maxStartLagMs: r.maxStartLagMs,
      };
    };
    const clients = (setup: Setup, count: number): Promise<Clients> =>
      Clients.start([setup.urlA, setup.urlB, pki.dir, String(count), String(KEY_SIZE)]);
    const closedPhase: Phase = { mode: 'closed', seconds, keysPerRequest: 1 };

    const met = (m: Measured): boolean => m.keysPerSecond >= RATE_TOLERANCE * TARGET_KEYS_PER_SECOND && m.p99Ms <= TARGET_P99_MS;

    // Both KMEs on this one thread, as this bench has always run them: the figures of the line.
    const shared = await startTwoKmes(folder(dir.file('shared')), pki, { link: 'loopback' });
    let result: BenchResult;
    try {
      const setup: Setup = {
        urlA: shared.a.url,
        urlB: shared.b.url,
        refill: async (keys) => {
          fillStores(new Xoshiro128(seed()), [shared.storeA, shared.storeB], blocksFor(keys), 8192, `fill${filled++}`);
        },
        close: () => shared.close(),
      };
      ctx.progress('etsi014: 1 sequential client');
      const one = await clients(setup, 1);
      let seq: Measured;
      try {
        seq = await measure(setup, one, { mode: 'closed', seconds: ctx.quick ? 0.3 : 1.5, keysPerRequest: 1 }, 2000);
      } finally {
        await one.close();
      }
      const many = await clients(setup, CONCURRENCY);
      try {
        ctx.progress(`etsi014: ${CONCURRENCY} concurrent client pairs, closed loop`);
        const commits0 = [shared.storeA.groupCommitStats(), shared.storeB.groupCommitStats()];
        const closed = await measure(setup, many, closedPhase, seconds * 20_000);
        const callsPerCommit = [shared.storeA, shared.storeB].map((store, i) => {
          const now = store.groupCommitStats();
          return (now.operations - commits0[i].operations) / Math.max(1, now.commits - commits0[i].commits);
        });
        const open: Record<number, Measured> = {};
        for (const n of [1, 8]) {
          ctx.progress(`etsi014: ${CONCURRENCY} client pairs, open loop at ${TARGET_KEYS_PER_SECOND} keys/s, ${n} per request`);
          open[n] = await measure(
            setup,
            many,
            { mode: 'open', seconds, keysPerRequest: n, keysPerSecond: TARGET_KEYS_PER_SECOND },
            seconds * TARGET_KEYS_PER_SECOND * 1.1,
          );
        }
        result = {
          bench: 'etsi014',
          unit: 'keys/s',
          value: closed.keysPerSecond,
          reference: seq.keysPerSecond,
          referenceName: 'same enc_keys+dec_keys flow, 1 sequential client',
          target: TARGET_KEYS_PER_SECOND,
          targetP99Ms: TARGET_P99_MS,
          met: met(open[1]),
          p50Ms: closed.p50Ms,
          p99Ms: closed.p99Ms,
          encP99Ms: closed.encP99Ms,
          decP99Ms: closed.decP99Ms,
          open1KeysPerSecond: open[1].keysPerSecond,
          open1P50Ms: open[1].p50Ms,
          open1P99Ms: open[1].p99Ms,
          open8Met: met(open[8]),
          open8KeysPerSecond: open[8].keysPerSecond,
          open8P50Ms: open[8].p50Ms,
          open8P99Ms: open[8].p99Ms,
          referenceP99Ms: seq.p99Ms,
          kmeCpu: closed.kmeCpu,
          clientCpu: closed.clientCpu,
          callsPerCommitA: callsPerCommit[0],
          callsPerCommitB: callsPerCommit[1],
          open1KmeCpu: open[1].kmeCpu,
          open1MaxStartLagMs: open[1].maxStartLagMs,
        };
      } finally {
        await many.close();
      }
    } finally {
      await shared.close();
    }

    // Each KME in a process of its own, as deployed: the closed loop again.
    ctx.progress(`etsi014: KME B in its own process, ${CONCURRENCY} client pairs, closed loop`);
    const split = await startSplitKmes(folder(dir.file('split')), pki);
    try {
      const setup: Setup = {
        urlA: split.a.url,
        urlB: split.bUrl,
        refill: (keys) => split.fill(seed(), blocksFor(keys), 8192, `fill${filled++}`),
        cpuB: () => split.cpuB(),
        close: () => split.close(),
      };
      const many = await clients(setup, CONCURRENCY);
      try {
        const closed = await measure(setup, many, closedPhase, seconds * 20_000);
        result.splitKeysPerSecond = closed.keysPerSecond;
        result.splitP50Ms = closed.p50Ms;
        result.splitP99Ms = closed.p99Ms;
        result.splitKmeACpu = closed.kmeCpu;
        result.splitKmeBCpu = closed.kmeBCpu;
      } finally {
        await many.close();
      }
    } finally {
      await split.close();
    }
    result.loadAverage = loadavg()[0];
    result.fsyncMs = fsyncMs;
    result.fsyncMsAfter = probeFsyncMs(dir.dir);
    result.concurrency = CONCURRENCY;
    result.keySizeBits = KEY_SIZE;
    return [result];
  } finally {
    dir.remove();
  }
};

/** The client process: started, ready once its connections are open, then one phase per `run`. */
class Clients {
  private constructor(
    private readonly child: ReturnType<typeof spawn>,
    private readonly lines: AsyncIterator<string>,
    private readonly stderr: () => string,
    private readonly exited: Promise<number | null>,
  ) {}

  static async start(args: string[]): Promise<Clients> {
    const child = spawn(
      process.execPath,
      [
        // e.g. QKDD_BENCH_CLIENT_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the clients.
        ...(process.env.QKDD_BENCH_CLIENT_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
        ...(COMPILED ? [] : ['--import', 'tsx']),
        CLIENTS,
        ...args,
      ],
      { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let err = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (c: string) => (err += c));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const c = new Clients(child, createInterface({ input: child.stdout! })[Symbol.asyncIterator](), () => err, exited);
    const first = await c.next();
    if (first !== 'ready') throw new Error(`bench clients did not start: ${first} ${err}`);
    return c;
  }

  async run(phase: Phase): Promise<PhaseResult> {
    this.child.stdin?.write(`${JSON.stringify(phase)}\n`);
    return JSON.parse(await this.next()) as PhaseResult;
  }

  async close(): Promise<void> {
    this.child.stdin?.end('quit\n');
    const code = await this.exited;
    if (code !== 0) throw new Error(`bench clients exited with ${code}: ${this.stderr()}`);
  }

  private async next(): Promise<string> {
    const r = await Promise.race([this.lines.next(), this.exited.then(() => ({ done: true, value: undefined }))]);
    if (r.done === true || r.value === undefined) throw new Error(`bench clients ended: ${this.stderr()}`);
    return r.value;
  }
}

/** `path`, created as a private folder. */
function folder(path: string): string {
  mkdirSync(path, { mode: 0o700 });
  return path;
}

/** Median ms of a 4 KiB append + fsync in `dir` (what a commit with synchronous=FULL waits for, at least). */
function probeFsyncMs(dir: string): number {
  const path = join(dir, 'fsync-probe');
  const fd = openSync(path, 'a');
  const page = Buffer.alloc(4096, 0x5a);
  const times: number[] = [];
  try {
    for (let i = 0; i < 40; i++) {
      const t = performance.now();
      writeSync(fd, page);
      fsyncSync(fd);
      times.push(performance.now() - t);
    }
  } finally {
    closeSync(fd);
    rmSync(path, { force: true });
  }
  return pct(times, 0.5);
}

function pct(samples: number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

export default suite;
