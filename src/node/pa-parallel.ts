/**
 * Privacy amplification of very long blocks (n ≈ 10^7 … 10^8 bits) on two
 * worker threads: multiply–add–shift hashing (the node's family; the same
 * plan, limbs and error bound as `MultiplyAddShiftHasher`, and bit for bit
 * the same output) whose FFT convolution runs as the phases of
 * `SplitRealConvolution` (src/pipeline/privacy-amplification/split-convolution.ts)
 * on buffers in one SharedArrayBuffer:
 *
 *   1. the main thread copies the key and a into a shared word buffer;
 *      worker 0 loads the key's limbs, worker 1 the multiplier's;
 *   2. first FFT stage: worker 0 takes j ∈ [0, M/4), worker 1 [M/4, M/2);
 *   3. worker h runs half h (both half transforms, the product, the half inverse);
 *   4. last inverse stage, split as in 2;
 *   5. the main thread adds b, propagates the carries and writes the output (`finish`).
 *
 * The pipeline stays pure (it never starts a thread); this file owns the
 * threads, as src/node owns the frame workers. Each worker builds only the
 * tables of its own phases (≈ 0.3 GiB at n = 10^8; the shared operands are
 * 0.5 GiB), once per size: keep one runner per block size and call `hash`
 * for each block. Below ~10^6 bits the threads do not pay for their messages:
 * use `createPrivacyAmplifier` in the calling thread.
 *
 * Worker entry: this same module. Started from compiled JavaScript (dist/) a
 * worker loads pa-parallel.js directly; from TypeScript (tests, tsx) it starts
 * on a small bootstrap that registers tsx in the thread first (as
 * frame/worker-executor.ts does, for the same Node 20 reason).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import { wordsFor } from '../pipeline/bits.ts';
import { MultiplyAddShiftHasher, type MultiplyAddShiftOptions } from '../pipeline/privacy-amplification/multiply-add-shift.ts';
import { checkBuffers } from '../pipeline/privacy-amplification/parameters.ts';
import { type SplitBuffers, SplitRealConvolution } from '../pipeline/privacy-amplification/split-convolution.ts';

/** Phases a worker runs, in order, for one hash. */
/** `load` carries the block's lengths: one runner serves every (n, ℓ) whose plan has its convolution length. */
type PaRequest = { kind: 'load' | 'forwardTop' | 'half' | 'inverseTop'; id: number; nBits?: number; outBits?: number };

type PaReply = { kind: 'ready' } | { kind: 'done'; id: number } | { kind: 'error'; id: number; message: string; code?: number };

interface PaWorkerData {
  qkddPaWorker: true;
  index: 0 | 1;
  nBits: number;
  outBits: number;
  maxConvolutionLength?: number;
  buffer: SharedArrayBuffer;
  /** The key's words, then a's (seed bits 0..w̄−1), copied in by the main thread for each hash. */
  words: SharedArrayBuffer;
  entry?: string;
  tsxApi?: string;
}

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((tsx) => { tsx.register(); return import(workerData.entry); });
`;

function tsxEsmApiUrl(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports?: Record<string, { import?: { default?: string } } | string> };
  const entry = pkg.exports?.['./esm/api'];
  const rel = typeof entry === 'object' && entry.import?.default ? entry.import.default : './dist/esm/api/index.mjs';
  return pathToFileURL(join(dirname(pkgPath), rel)).href;
}

function views(buffer: SharedArrayBuffer, half: number): SplitBuffers {
  const bytes = half * 8;
  return {
    re1: new Float64Array(buffer, 0, half),
    im1: new Float64Array(buffer, bytes, half),
    re2: new Float64Array(buffer, 2 * bytes, half),
    im2: new Float64Array(buffer, 3 * bytes, half),
  };
}

function failed(message: string, details: Record<string, unknown> = {}, cause?: unknown): QkdError {
  return new QkdError(QkdErrorCode.ExecutorFailed, message, details, cause === undefined ? undefined : { cause });
}

export interface ParallelPrivacyAmplifierOptions extends MultiplyAddShiftOptions {}

/** Multiply–add–shift on two worker threads; see the file header. */
export class ParallelMultiplyAddShift {
  readonly inputBits: number;
  readonly outputBits: number;
  readonly seedBits: number;
  readonly plan: MultiplyAddShiftHasher;
  private readonly conv: SplitBuffers & { scale: number };
  private readonly keyWords: Uint32Array;
  private readonly aWords: Uint32Array;
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private dead: Error | null = null;
  private busy = false;
  private readonly convolutionLength: number;

  private constructor(
    nBits: number,
    outBits: number,
    private readonly options: ParallelPrivacyAmplifierOptions,
  ) {
    this.plan = new MultiplyAddShiftHasher(nBits, outBits, options);
    this.inputBits = nBits;
    this.outputBits = outBits;
    this.seedBits = this.plan.seedBits;
    const N = Math.max(8, this.plan.convolutionLength);
    this.convolutionLength = N;
    const half = N >>> 1;
    const buffer = new SharedArrayBuffer(4 * half * 8);
    this.conv = { ...views(buffer, half), scale: 1 / (8 * half) };
    const words = new SharedArrayBuffer(4 * (wordsFor(nBits) + wordsFor(this.plan.wordBits)));
    this.keyWords = new Uint32Array(words, 0, wordsFor(nBits));
    this.aWords = new Uint32Array(words, 4 * wordsFor(nBits));
    const compiled = new URL(import.meta.url).pathname.endsWith('.js');
    for (const index of [0, 1] as const) {
      const data: PaWorkerData = {
        qkddPaWorker: true,
        index,
        nBits,
        outBits,
        maxConvolutionLength: options.maxConvolutionLength,
        buffer,
        words,
        ...(compiled ? {} : { entry: import.meta.url, tsxApi: tsxEsmApiUrl() }),
      };
      const worker = compiled
        ? new Worker(new URL(import.meta.url), { workerData: data, name: `qkdd-pa-${index}` })
        : new Worker(BOOTSTRAP, { eval: true, workerData: data, name: `qkdd-pa-${index}` });
      worker.unref();
      worker.on('message', (reply: PaReply) => this.onReply(index, reply));
      worker.on('error', (err) =>
        this.fail(failed(`privacy-amplification worker ${index} crashed: ${err.message}`, { worker: index }, err)),
      );
      worker.on('exit', (code) =>
        this.fail(failed(`privacy-amplification worker ${index} exited with code ${code}`, { worker: index, exitCode: code })),
      );
      this.workers.push(worker);
    }
  }

  /** Start the two workers and wait until both have built their tables. */
  static async create(nBits: number, outBits: number, options: ParallelPrivacyAmplifierOptions = {}): Promise<ParallelMultiplyAddShift> {
    const runner = new ParallelMultiplyAddShift(nBits, outBits, options);
    try {
      await Promise.all(
        [0, 1].map(
          (i) =>
            new Promise<void>((resolve, reject) => {
              runner.pending.set(-1 - i, { resolve, reject });
              runner.workers[i].ref();
            }),
        ),
      );
    } catch (err) {
      await runner.close();
      throw err;
    }
    return runner;
  }

  /**
   * out ← h_{a,b}(key), bit for bit `MultiplyAddShiftHasher.hash`. One hash at a
   * time per runner (a second concurrent call is a bug: RangeError). Rejects with
   * QkdError ExecutorFailed if a worker died, PrecisionLost if the guard tripped.
   */
  hash(key: Uint32Array, seed: Uint32Array, out?: Uint32Array): Promise<Uint32Array> {
    return this.hashSized(this.inputBits, this.outputBits, key, seed, out);
  }

  /**
   * The same for another block size (n, ℓ) — the finite-key length ℓ changes
   * from block to block — provided its plan has this runner's convolution
   * length and fits its word buffers (n and n + ℓ − 1 at most the runner's);
   * otherwise RangeError (make another runner).
   */
  async hashSized(nBits: number, outBits: number, key: Uint32Array, seed: Uint32Array, out?: Uint32Array): Promise<Uint32Array> {
    const plan =
      nBits === this.inputBits && outBits === this.outputBits ? this.plan : new MultiplyAddShiftHasher(nBits, outBits, this.options);
    if (
      Math.max(8, plan.convolutionLength) !== this.convolutionLength ||
      wordsFor(nBits) > this.keyWords.length ||
      wordsFor(plan.wordBits) > this.aWords.length
    ) {
      throw new RangeError(`n=${nBits}, ℓ=${outBits} does not fit this runner (made for n=${this.inputBits}, ℓ=${this.outputBits})`);
    }
    const dst = out ?? new Uint32Array(wordsFor(outBits));
    checkBuffers(key, nBits, seed, plan.seedBits, dst, outBits);
    if (this.dead) throw this.dead;
    if (this.busy) throw new RangeError('ParallelMultiplyAddShift.hash: one hash at a time');
    this.busy = true;
    try {
      this.keyWords.set(key.subarray(0, wordsFor(nBits)));
      this.aWords.set(seed.subarray(0, wordsFor(plan.wordBits)));
      for (const kind of ['load', 'forwardTop', 'half', 'inverseTop'] as const) {
        await Promise.all([this.request(0, { kind, id: 0, nBits, outBits }), this.request(1, { kind, id: 0, nBits, outBits })]);
      }
      return plan.finish(seed, this.conv.re1, this.conv.im1, this.conv.scale, dst);
    } finally {
      this.busy = false;
    }
  }

  /** Stop both workers. */
  async close(): Promise<void> {
    this.fail(failed('privacy-amplification runner closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private request(index: number, msg: PaRequest): Promise<void> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    msg.id = id;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[index].ref();
      this.workers[index].postMessage(msg);
    });
  }

  private onReply(index: number, reply: PaReply): void {
    const id = reply.kind === 'ready' ? -1 - index : reply.id;
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (![...this.pending.keys()].some((k) => k !== id)) for (const w of this.workers) w.unref();
    if (reply.kind === 'error') {
      p.reject(new QkdError(reply.code ?? QkdErrorCode.ExecutorFailed, reply.message, { worker: index }));
    } else p.resolve();
  }

  private fail(err: Error): void {
    if (!this.dead) this.dead = err;
    for (const p of this.pending.values()) p.reject(this.dead);
    this.pending.clear();
  }
}

/** Worker side: build this thread's part of the plan, then answer phase requests. */
function runWorker(data: PaWorkerData): void {
  const port = parentPort;
  if (!port) return;
  const options = { maxConvolutionLength: data.maxConvolutionLength };
  const made = new MultiplyAddShiftHasher(data.nBits, data.outBits, options);
  let plan = made;
  const N = Math.max(8, made.convolutionLength);
  const half = N >>> 1;
  const q = half >>> 1;
  const from = data.index * (q >>> 1);
  const to = data.index === 0 ? q >>> 1 : q;
  const conv = new SplitRealConvolution(N, views(data.buffer, half), { top: { from, to }, halves: [data.index] });
  const zeroToFor = (limbs: number): number => ((limbs + 1) >>> 1 <= q ? q : half);
  const keyWordCount = wordsFor(data.nBits);
  const keyWords = new Uint32Array(data.words, 0, keyWordCount);
  const aWords = new Uint32Array(data.words, 4 * keyWordCount);
  port.on('message', (msg: PaRequest) => {
    try {
      switch (msg.kind) {
        case 'load':
          if (msg.nBits !== undefined && msg.outBits !== undefined && (msg.nBits !== plan.inputBits || msg.outBits !== plan.outputBits)) {
            plan = new MultiplyAddShiftHasher(msg.nBits, msg.outBits, options);
          }
          // Worker 0 loads the key, worker 1 the multiplier (each zero-fills its operand, only up to M/2 when
          // the operand fits there: forwardTop then never reads the upper half).
          if (data.index === 0) plan.loadKey(keyWords, conv.re1, conv.im1, zeroToFor(plan.limbsX));
          else plan.loadMultiplier(aWords, conv.re2, conv.im2, zeroToFor(plan.limbsA));
          break;
        case 'forwardTop':
          conv.forwardTop(from, to, (plan.limbsX + 1) >>> 1, (plan.limbsA + 1) >>> 1);
          break;
        case 'half':
          conv.halfPhase(data.index);
          break;
        case 'inverseTop':
          conv.inverseTop(from, to);
          break;
      }
      port.postMessage({ kind: 'done', id: msg.id } satisfies PaReply);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      port.postMessage({ kind: 'error', id: msg.id, message, code: err instanceof QkdError ? err.code : undefined } satisfies PaReply);
    }
  });
  port.postMessage({ kind: 'ready' } satisfies PaReply);
}

if (!isMainThread && (workerData as Partial<PaWorkerData> | null)?.qkddPaWorker === true) runWorker(workerData as PaWorkerData);
