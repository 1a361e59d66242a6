/**
 * Frame sessions on a pool of worker threads (frame-worker.ts), so that a
 * frame's Cascade and amplification neither block the node's event loop nor
 * keep the other cores idle while several frames are in flight.
 *
 * Each frame is pinned at open to the least-loaded worker and stays there:
 * a worker answers its requests in order, so the steps of one frame resolve
 * in delivery order while frames on different workers run concurrently.
 * Peer messages cross as encoded envelope bytes; detections, patterns,
 * message bytes and keys are transferred (moved, not copied) when they own
 * their buffer.
 *
 * A worker that crashes or is killed rejects its frames' pending steps and
 * every later step of those frames (the node aborts them with an alarm); the
 * pool starts a replacement at once. A worker that dies before it has loaded
 * counts as a start-up failure, and after a few in a row the pool stops
 * retrying and rejects everything with the cause, rather than spinning.
 *
 * Workers run TypeScript: the thread starts from a small bootstrap that
 * registers tsx in the thread and imports frame-worker.ts. (`execArgv:
 * ['--import', 'tsx']` is not enough on Node 20: `--import` preloads do not run
 * in worker threads there, and the hooks of the parent — tsx or vitest — are
 * not inherited.)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { decodeEnvelope, encodeEnvelope, type DecodedEnvelope } from '../../peer/messages.ts';
import type { FrameExecutor } from './frame-executor.ts';
import type { FrameParams } from './frame-params.ts';
import type { FrameWorkerData, FrameWorkerReply, FrameWorkerRequest } from './frame-worker.ts';
import type { FrameStep, ReceiverDetections } from './receiver-frame.ts';

export interface WorkerFrameExecutorOptions {
  /** Worker threads; default min(2, os.availableParallelism()). */
  workers?: number;
  /**
   * Tests and benchmarks only: derive each receiver frame's seeds from
   * (seed, frameId) instead of crypto.getRandomValues, as
   * InThreadFrameExecutor does with `{ kind: 'seeded', seed }`.
   */
  seed?: number;
}

export interface WorkerPoolSnapshot {
  workers: { threadId: number; frames: number; pendingSteps: number; ready: boolean }[];
  /** Workers replaced after a crash or a kill since the pool started. */
  replaced: number;
}

/** Consecutive workers dying before they have loaded, after which the pool gives up. */
const MAX_STARTUP_FAILURES = 3;
/** How long a worker may take to zero its sessions on shutdown before it is terminated. */
const SHUTDOWN_GRACE_MS = 2000;

/**
 * A view that owns its whole ArrayBuffer, so that transferring the buffer
 * moves exactly this data: the view itself when it already does, else a copy
 * (protobufjs hands out slices of a shared pool for small messages). The
 * source is zeroed when it held secret data.
 */
export function ownBuffer<T extends Uint8Array | Uint32Array>(view: T, zeroSource: boolean): T {
  if (ownsBuffer(view)) return view;
  const copy = view.slice() as T;
  if (zeroSource) view.fill(0);
  return copy;
}

function ownsBuffer(view: ArrayBufferView): boolean {
  return view.buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === view.buffer.byteLength;
}

/** The buffers of `views` that may be transferred: each wholly owned by one view, listed once. */
export function transferList(views: ArrayBufferView[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const v of views) if (ownsBuffer(v)) out.add(v.buffer as ArrayBuffer);
  return [...out];
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

interface Pending {
  resolve: (step: FrameStep) => void;
  reject: (err: Error) => void;
}

interface Slot {
  readonly index: number;
  readonly worker: Worker;
  readonly frames: Set<number>;
  readonly pending: Map<number, Pending>;
  ready: boolean;
  /** Why the worker is gone; set once, and its messages are ignored from then on. */
  dead: Error | null;
}

/** Where a frame lives: on a worker, or lost with one. */
type Placement = { slot: Slot } | { lost: Error };

export class WorkerFrameExecutor implements FrameExecutor {
  private readonly slots: Slot[] = [];
  private readonly frames = new Map<number, Placement>();
  private readonly entryUrl = new URL('./frame-worker.ts', import.meta.url).href;
  private readonly tsxApi = tsxEsmApiUrl();
  private readonly seed: number | null;
  private nextRequest = 1;
  private startupFailures = 0;
  private replaced = 0;
  private broken: Error | null = null;
  private shuttingDown = false;

  constructor(options: WorkerFrameExecutorOptions = {}) {
    const n = options.workers ?? defaultWorkerCount();
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`workers must be a positive integer, got ${n}`);
    this.seed = options.seed === undefined ? null : options.seed >>> 0;
    for (let i = 0; i < n; i++) this.slots.push(this.spawn(i));
  }

  openReceiver(frameId: number, detections: ReceiverDetections, params: FrameParams): Promise<FrameStep> {
    const slot = this.place(frameId);
    if (!slot) return Promise.reject(this.lostError(frameId));
    const arrays = [detections.slots, detections.bases, detections.bits];
    const transfer = transferList(arrays);
    const step = this.request(slot, (id) => ({ kind: 'open-receiver', id, frameId, detections, params }), transfer);
    // Arrays that could not be moved were cloned; the worker owns the frame's detections now.
    for (const a of arrays) if (a.byteLength > 0) a.fill(0);
    return step;
  }

  openTransmitter(frameId: number, pattern: Uint32Array, params: FrameParams): void {
    const slot = this.place(frameId);
    if (!slot) return;
    this.post(slot, { kind: 'open-transmitter', frameId, pattern, params }, transferList([pattern]));
    if (pattern.byteLength > 0) pattern.fill(0);
  }

  deliver(frameId: number, envelope: DecodedEnvelope): Promise<FrameStep> {
    const at = this.frames.get(frameId);
    if (!at) return Promise.reject(new Error(`frame ${frameId} is not open`));
    if ('lost' in at) return Promise.reject(at.lost);
    let bytes: Uint8Array;
    try {
      bytes = ownBuffer(encodeEnvelope(envelope), false);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return this.request(at.slot, (id) => ({ kind: 'deliver', id, frameId, bytes }), [bytes.buffer as ArrayBuffer]);
  }

  close(frameId: number): void {
    const at = this.frames.get(frameId);
    if (!at) return;
    this.frames.delete(frameId);
    if ('lost' in at) return;
    at.slot.frames.delete(frameId);
    this.post(at.slot, { kind: 'close', frameId }, []);
  }

  async shutdown(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    const err = new Error('frame executor shut down');
    this.frames.clear();
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
   * Terminates the worker that hosts `frameId`, as if it had crashed: its
   * frames' steps reject and a replacement starts. Fault injection for tests,
   * and a last resort for a worker stuck in a frame.
   */
  async killWorkerOf(frameId: number): Promise<void> {
    const at = this.frames.get(frameId);
    if (!at || 'lost' in at) return;
    const slot = at.slot;
    this.retire(slot, new Error(`frame worker ${slot.index} (thread ${slot.worker.threadId}) was terminated`), false);
    await slot.worker.terminate();
  }

  snapshot(): WorkerPoolSnapshot {
    return {
      workers: this.slots.map((s) => ({ threadId: s.worker.threadId, frames: s.frames.size, pendingSteps: s.pending.size, ready: s.ready })),
      replaced: this.replaced,
    };
  }

  /** Pins a new frame to the least-loaded live worker; null (and the frame marked lost) when the pool is broken. */
  private place(frameId: number): Slot | null {
    this.close(frameId);
    if (this.broken || this.shuttingDown) {
      this.frames.set(frameId, { lost: this.broken ?? new Error('frame executor shut down') });
      return null;
    }
    let best = this.slots[0];
    for (const s of this.slots) if (s.frames.size < best.frames.size) best = s;
    best.frames.add(frameId);
    this.frames.set(frameId, { slot: best });
    return best;
  }

  private lostError(frameId: number): Error {
    const at = this.frames.get(frameId);
    return at && 'lost' in at ? at.lost : new Error(`frame ${frameId} is not open`);
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
    const workerData: FrameWorkerData & { entry: string; tsxApi: string } = { seed: this.seed, entry: this.entryUrl, tsxApi: this.tsxApi };
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData, name: `qkdd-frame-${index}` });
    worker.unref();
    const slot: Slot = { index, worker, frames: new Set(), pending: new Map(), ready: false, dead: null };
    worker.on('message', (reply: FrameWorkerReply) => this.onReply(slot, reply));
    worker.on('error', (err) => this.retire(slot, new Error(`frame worker ${index} crashed: ${err.message}`, { cause: err })));
    worker.on('messageerror', (err) => this.retire(slot, new Error(`frame worker ${index} sent an unreadable message`, { cause: err })));
    worker.on('exit', (code) => this.retire(slot, new Error(`frame worker ${index} exited with code ${code}`)));
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
    if (reply.kind === 'error') return p.reject(new Error(reply.message));
    let send: DecodedEnvelope[];
    try {
      send = reply.send.map((b) => decodeEnvelope(b));
    } catch (err) {
      if (reply.outcome?.ok) reply.outcome.key.fill(0);
      return p.reject(err instanceof Error ? err : new Error(String(err)));
    }
    p.resolve(reply.outcome ? { send, outcome: reply.outcome } : { send });
  }

  /** Marks a worker gone: rejects its pending steps, loses its frames, and replaces it unless the pool is stopping. */
  private retire(slot: Slot, cause: Error, crashed = true): void {
    if (slot.dead) return;
    slot.dead = cause;
    for (const p of slot.pending.values()) p.reject(cause);
    slot.pending.clear();
    for (const frameId of slot.frames) this.frames.set(frameId, { lost: cause });
    slot.frames.clear();
    slot.worker.unref();
    if (this.shuttingDown || this.slots[slot.index] !== slot) return;
    if (crashed && !slot.ready && ++this.startupFailures >= MAX_STARTUP_FAILURES) {
      this.broken = new Error(`frame workers fail to start: ${cause.message}`, { cause });
      return;
    }
    this.replaced++;
    this.slots[slot.index] = this.spawn(slot.index);
  }
}
