/**
 * Post-processing sessions on a pool of worker threads (frame-worker.ts), so
 * that a frame's sifting and a block's Cascade and amplification neither
 * block the node's event loop nor keep the other cores idle while several
 * frames and blocks are in flight.
 *
 * Blocks of up to INLINE_BLOCK_BITS key bits run on the calling thread
 * instead (Cascade's many small round trips would pay two thread hops each;
 * see INLINE_BLOCK_BITS below); frames' sifting and larger blocks use the pool.
 *
 * Each frame or block is pinned at open to the least-loaded worker and stays
 * there: a worker answers its requests in order, so the steps of one resolve
 * in delivery order while those on different workers run concurrently.
 * Peer messages cross as encoded envelope bytes; detections, patterns, a
 * block's material (its key bits, moved once per block), segments, message
 * bytes and keys are transferred (moved, not copied) when they own their buffer.
 *
 * A worker that crashes or is killed rejects its frames' pending steps and
 * every later step of those frames (the node aborts them with an alarm); the
 * pool starts a replacement at once. A worker that dies before it has loaded
 * counts as a start-up failure, and after a few in a row the pool stops
 * retrying and rejects everything with the cause, rather than spinning.
 *
 * Workers load whatever this module was loaded from: compiled JavaScript
 * (dist/, the daemon) or TypeScript (tsx in development, vitest in tests);
 * see workerLaunch() below. The request/reply messages are in
 * worker-messages.ts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import { decodeEnvelope, encodeEnvelope, type DecodedEnvelope } from '../../peer/messages.ts';
import type { BlockMaterial } from '../block-accumulator.ts';
import type { FrameExecutor } from './frame-executor.ts';
import { InThreadFrameExecutor } from './in-thread-executor.ts';
import type { FrameParams } from './frame-params.ts';
import type { FrameStep } from './frame-session.ts';
import type { ReceiverDetections } from './receiver-frame.ts';
import { ownBuffer, transferList, type FrameWorkerData, type FrameWorkerReply, type FrameWorkerRequest } from './worker-messages.ts';
import { blockWork, frameWork, type WorkId } from './work-id.ts';

export interface WorkerFrameExecutorOptions {
  /** Worker threads; default min(2, os.availableParallelism()). */
  workers?: number;
  /**
   * Tests and benchmarks only: derive each receiver frame's seeds from
   * (seed, frameId) instead of crypto.getRandomValues, as
   * InThreadFrameExecutor does with `{ kind: 'seeded', seed }`.
   */
  seed?: number;
  /**
   * Blocks of at most this many key bits run on the calling thread (an
   * InThreadFrameExecutor beside the pool); larger ones go to a worker.
   * Default INLINE_BLOCK_BITS; 0 puts every block on a worker.
   */
  inlineBlockBits?: number;
}

/**
 * Why blocks up to 2^21 bits stay on the calling thread: a block's Cascade is
 * ~10^3 round trips of tiny steps (microseconds each), and on a worker each
 * step costs two thread hops (post, wake, structured clone, encode/decode
 * again) — tens of microseconds on a quiet machine, milliseconds on a loaded
 * one — so a block on a worker took 4–5× longer than in the calling thread
 * and the pool was slower than one thread. The work that is heavy per call,
 * sifting a frame (its arrays per slot or detection), stays on the workers.
 * What such a block costs the event loop per step is small; its one long
 * step, privacy amplification, is ~5 ms at n_X = 4·10^5 and ~25 ms at 2^21.
 * Larger blocks (up to 10^7) go to a worker, where their amplification does
 * not stall the loop.
 */
export const INLINE_BLOCK_BITS = 1 << 21;

export interface WorkerPoolSnapshot {
  workers: { threadId: number; frames: number; pendingSteps: number; ready: boolean }[];
  /** Workers replaced after a crash or a kill since the pool started. */
  replaced: number;
  /** Blocks open on the calling thread (see INLINE_BLOCK_BITS). */
  inlineBlocks: number;
}

/** Consecutive workers dying before they have loaded, after which the pool gives up. */
const MAX_STARTUP_FAILURES = 3;
/** How long a worker may take to zero its sessions on shutdown before it is terminated. */
const SHUTDOWN_GRACE_MS = 2000;

/** The executor could not run a frame step (a dead or shut-down worker, an unknown frame). */
function executorFailed(message: string, details: Record<string, unknown> = {}, cause?: unknown): QkdError {
  return new QkdError(QkdErrorCode.ExecutorFailed, message, details, cause === undefined ? undefined : { cause });
}

export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

/** tsx's ESM API (its `register()`), as a file URL the worker can import from anywhere. */
function tsxEsmApiUrl(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports?: Record<string, { import?: { default?: string } } | string> };
  const entry = pkg.exports?.['./esm/api'];
  const rel = typeof entry === 'object' && entry.import?.default ? entry.import.default : './dist/esm/api/index.mjs';
  return pathToFileURL(join(dirname(pkgPath), rel)).href;
}

/** Runs as a CommonJS script in the new thread: register tsx there, then load the TypeScript entry. */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((tsx) => { tsx.register(); return import(workerData.entry); });
`;

/** What `new Worker` is given: a script (file URL or eval'd code) and what it needs in workerData besides the seed. */
interface WorkerLaunch {
  script: URL | string;
  eval: boolean;
  data: { entry?: string; tsxApi?: string };
}

/**
 * Compiled (this file is a `.js`, built by `npm run build` into dist/): the
 * thread runs the sibling frame-worker.js directly, no transpiler.
 * From TypeScript (`.ts`): the thread starts from BOOTSTRAP, which registers
 * tsx in the thread and imports frame-worker.ts. (`execArgv: ['--import',
 * 'tsx']` is not enough on Node 20: `--import` preloads do not run in worker
 * threads there, and the hooks of the parent — tsx or vitest — are not
 * inherited.)
 */
function workerLaunch(): WorkerLaunch {
  if (new URL(import.meta.url).pathname.endsWith('.js')) {
    return { script: new URL('./frame-worker.js', import.meta.url), eval: false, data: {} };
  }
  return { script: BOOTSTRAP, eval: true, data: { entry: new URL('./frame-worker.ts', import.meta.url).href, tsxApi: tsxEsmApiUrl() } };
}

interface Pending {
  resolve: (step: FrameStep) => void;
  reject: (err: Error) => void;
}

interface Slot {
  readonly index: number;
  readonly worker: Worker;
  readonly frames: Set<WorkId>;
  readonly pending: Map<number, Pending>;
  ready: boolean;
  /** Why the worker is gone; set once, and its messages are ignored from then on. */
  dead: Error | null;
}

/** Where a frame lives: on a worker, or lost with one. */
type Placement = { slot: Slot } | { lost: Error };

export class WorkerFrameExecutor implements FrameExecutor {
  private readonly slots: Slot[] = [];
  private readonly frames = new Map<WorkId, Placement>();
  private readonly launch = workerLaunch();
  private readonly seed: number | null;
  private nextRequest = 1;
  private startupFailures = 0;
  private replaced = 0;
  private broken: Error | null = null;
  private shuttingDown = false;
  /** Small blocks' sessions, on this thread, with the workers' randomness (same seeds, same keys). */
  private readonly local: InThreadFrameExecutor;
  private readonly inline = new Set<WorkId>();
  private readonly inlineBlockBits: number;

  constructor(options: WorkerFrameExecutorOptions = {}) {
    const n = options.workers ?? defaultWorkerCount();
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`workers must be a positive integer, got ${n}`);
    this.seed = options.seed === undefined ? null : options.seed >>> 0;
    this.local = new InThreadFrameExecutor({ randomness: this.seed === null ? { kind: 'crypto' } : { kind: 'seeded', seed: this.seed } });
    this.inlineBlockBits = options.inlineBlockBits ?? INLINE_BLOCK_BITS;
    for (let i = 0; i < n; i++) this.slots.push(this.spawn(i));
  }

  openReceiver(frameId: number, detections: ReceiverDetections, params: FrameParams): Promise<FrameStep> {
    const work = frameWork(frameId);
    const slot = this.place(work);
    if (!slot) return Promise.reject(this.lostError(work));
    const arrays = [detections.slots, detections.bases, detections.bits];
    const transfer = transferList(arrays);
    const step = this.request(slot, (id) => ({ kind: 'open-receiver', id, frameId, detections, params }), transfer);
    // Arrays that could not be moved were cloned; the worker owns the frame's detections now.
    for (const a of arrays) if (a.byteLength > 0) a.fill(0);
    return step;
  }

  openTransmitter(frameId: number, pattern: Uint32Array, params: FrameParams): void {
    const slot = this.place(frameWork(frameId));
    if (!slot) return;
    this.post(slot, { kind: 'open-transmitter', frameId, pattern, params }, transferList([pattern]));
    if (pattern.byteLength > 0) pattern.fill(0);
  }

  openReceiverBlock(block: BlockMaterial, params: FrameParams): Promise<FrameStep> {
    const work = blockWork(block.blockId);
    if (this.runsInline(work, block)) return this.local.openReceiverBlock(block, params);
    const slot = this.place(work);
    if (!slot) return Promise.reject(this.lostError(work));
    const step = this.request(slot, (id) => ({ kind: 'open-receiver-block', id, block, params }), transferList([block.keyBits]));
    if (block.keyBits.byteLength > 0) block.keyBits.fill(0);
    return step;
  }

  openTransmitterBlock(block: BlockMaterial, params: FrameParams): void {
    if (this.runsInline(blockWork(block.blockId), block)) {
      this.local.openTransmitterBlock(block, params);
      return;
    }
    const slot = this.place(blockWork(block.blockId));
    if (!slot) return;
    this.post(slot, { kind: 'open-transmitter-block', block, params }, transferList([block.keyBits]));
    if (block.keyBits.byteLength > 0) block.keyBits.fill(0);
  }

  deliver(work: WorkId, envelope: DecodedEnvelope): Promise<FrameStep> {
    if (this.inline.has(work)) return this.local.deliver(work, envelope);
    const at = this.frames.get(work);
    if (!at) return Promise.reject(executorFailed(`${work} is not open`, { work }));
    if ('lost' in at) return Promise.reject(at.lost);
    let bytes: Uint8Array;
    try {
      bytes = ownBuffer(encodeEnvelope(envelope), false);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : executorFailed(String(err), { work }));
    }
    return this.request(at.slot, (id) => ({ kind: 'deliver', id, work, bytes }), [bytes.buffer as ArrayBuffer]);
  }

  close(work: WorkId): void {
    if (this.inline.delete(work)) this.local.close(work);
    const at = this.frames.get(work);
    if (!at) return;
    this.frames.delete(work);
    if ('lost' in at) return;
    at.slot.frames.delete(work);
    this.post(at.slot, { kind: 'close', work }, []);
  }

  async shutdown(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    const err = executorFailed('frame executor shut down');
    this.frames.clear();
    this.inline.clear();
    await this.local.shutdown();
    await Promise.all(
      this.slots.map(async (slot) => {
        const alive = slot.dead === null;
        this.retire(slot, err);
        if (!alive) return;
        // Let the worker zero its sessions; terminate it if it does not end in time.
        const exited = new Promise<void>((resolve) => slot.worker.once('exit', () => resolve()));
        slot.worker.ref();
        slot.worker.postMessage({ kind: 'shutdown' } satisfies FrameWorkerRequest);
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_GRACE_MS)));
        await Promise.race([exited, late]);
        clearTimeout(timer);
        await slot.worker.terminate();
      }),
    );
  }

  /**
   * Terminates the worker that hosts a frame (by its ID) or a block, as if it
   * had crashed: its sessions' steps reject and a replacement starts. Fault
   * injection for tests, and a last resort for a worker stuck in a session.
   */
  async killWorkerOf(frameOrWork: number | WorkId): Promise<void> {
    const at = this.frames.get(typeof frameOrWork === 'number' ? frameWork(frameOrWork) : frameOrWork);
    if (!at || 'lost' in at) return;
    const slot = at.slot;
    this.retire(
      slot,
      executorFailed(`frame worker ${slot.index} (thread ${slot.worker.threadId}) was terminated`, {
        worker: slot.index,
        threadId: slot.worker.threadId,
      }),
      false,
    );
    await slot.worker.terminate();
  }

  snapshot(): WorkerPoolSnapshot {
    return {
      workers: this.slots.map((s) => ({
        threadId: s.worker.threadId,
        frames: s.frames.size,
        pendingSteps: s.pending.size,
        ready: s.ready,
      })),
      replaced: this.replaced,
      inlineBlocks: this.inline.size,
    };
  }

  /** Whether a new block runs on this thread; if so it is registered there (any older work of that ID closed). */
  private runsInline(work: WorkId, block: BlockMaterial): boolean {
    if (block.keyCount > this.inlineBlockBits || this.broken || this.shuttingDown) return false;
    this.close(work);
    this.inline.add(work);
    return true;
  }

  /** Pins a new frame or block to the least-loaded live worker; null (and it marked lost) when the pool is broken. */
  private place(work: WorkId): Slot | null {
    this.close(work);
    if (this.broken || this.shuttingDown) {
      this.frames.set(work, { lost: this.broken ?? executorFailed('frame executor shut down') });
      return null;
    }
    let best = this.slots[0];
    for (const s of this.slots) if (s.frames.size < best.frames.size) best = s;
    best.frames.add(work);
    this.frames.set(work, { slot: best });
    return best;
  }

  private lostError(work: WorkId): Error {
    const at = this.frames.get(work);
    return at && 'lost' in at ? at.lost : executorFailed(`${work} is not open`, { work });
  }

  private request(slot: Slot, make: (id: number) => FrameWorkerRequest, transfer: ArrayBuffer[]): Promise<FrameStep> {
    if (slot.dead) return Promise.reject(slot.dead);
    const id = this.nextRequest++;
    return new Promise<FrameStep>((resolve, reject) => {
      // Only threads with work pending keep the process alive.
      if (slot.pending.size === 0) slot.worker.ref();
      slot.pending.set(id, { resolve, reject });
      this.post(slot, make(id), transfer);
    });
  }

  private post(slot: Slot, msg: FrameWorkerRequest, transfer: ArrayBuffer[]): void {
    if (slot.dead) return;
    slot.worker.postMessage(msg, transfer);
  }

  private spawn(index: number): Slot {
    const workerData: FrameWorkerData & WorkerLaunch['data'] = { seed: this.seed, ...this.launch.data };
    const worker = new Worker(this.launch.script, { eval: this.launch.eval, workerData, name: `qkdd-frame-${index}` });
    worker.unref();
    const slot: Slot = { index, worker, frames: new Set(), pending: new Map(), ready: false, dead: null };
    worker.on('message', (reply: FrameWorkerReply) => this.onReply(slot, reply));
    worker.on('error', (err) => this.retire(slot, executorFailed(`frame worker ${index} crashed: ${err.message}`, { worker: index }, err)));
    worker.on('messageerror', (err) =>
      this.retire(slot, executorFailed(`frame worker ${index} sent an unreadable message`, { worker: index }, err)),
    );
    worker.on('exit', (code) =>
      this.retire(slot, executorFailed(`frame worker ${index} exited with code ${code}`, { worker: index, exitCode: code })),
    );
    return slot;
  }

  private onReply(slot: Slot, reply: FrameWorkerReply): void {
    if (slot.dead) return;
    if (reply.kind === 'ready') {
      slot.ready = true;
      this.startupFailures = 0;
      return;
    }
    const p = slot.pending.get(reply.id);
    if (!p) return;
    slot.pending.delete(reply.id);
    if (slot.pending.size === 0) slot.worker.unref();
    // A QkdError in the worker comes back with its code; anything else is the executor's failure.
    if (reply.kind === 'error') {
      p.reject(new QkdError((reply.code as QkdErrorCode | undefined) ?? QkdErrorCode.ExecutorFailed, reply.message));
      return;
    }
    let send: DecodedEnvelope[];
    try {
      send = reply.send.map((b) => decodeEnvelope(b));
    } catch (err) {
      const o = reply.outcome;
      if (o?.ok) ('key' in o ? o.key : o.segment.keyBits).fill(0);
      p.reject(err instanceof Error ? err : executorFailed(String(err)));
      return;
    }
    p.resolve(reply.outcome ? { send, outcome: reply.outcome } : { send });
  }

  /** Marks a worker gone: rejects its pending steps, loses its frames, and replaces it unless the pool is stopping. */
  private retire(slot: Slot, cause: Error, crashed = true): void {
    if (slot.dead) return;
    slot.dead = cause;
    for (const p of slot.pending.values()) p.reject(cause);
    slot.pending.clear();
    for (const work of slot.frames) this.frames.set(work, { lost: cause });
    slot.frames.clear();
    slot.worker.unref();
    if (this.shuttingDown || this.slots[slot.index] !== slot) return;
    if (crashed && !slot.ready && ++this.startupFailures >= MAX_STARTUP_FAILURES) {
      this.broken = executorFailed(`frame workers fail to start: ${cause.message}`, {}, cause);
      return;
    }
    this.replaced++;
    this.slots[slot.index] = this.spawn(slot.index);
  }
}
