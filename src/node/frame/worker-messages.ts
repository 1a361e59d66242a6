/**
 * The protocol between WorkerFrameExecutor (worker-executor.ts, main thread)
 * and its worker threads (frame-worker.ts): the data a worker starts with,
 * the requests and replies, and the buffer helpers both sides use to move
 * typed arrays across the thread boundary. Its own module so that the two
 * ends import it, not each other.
 */
import type { BlockMaterial } from '../block-accumulator.ts';
import type { SessionOutcome } from './frame-outcome.ts';
import type { FrameParams } from './frame-params.ts';
import type { ReceiverDetections } from './receiver-frame.ts';
import type { WorkId } from './work-id.ts';

export interface FrameWorkerData {
  /** Seed of per-frame generators for tests; null: receiver seeds from crypto.getRandomValues. */
  seed: number | null;
}

export type FrameWorkerRequest =
  | { kind: 'open-receiver'; id: number; frameId: number; detections: ReceiverDetections; params: FrameParams }
  | { kind: 'open-transmitter'; frameId: number; pattern: Uint32Array; params: FrameParams }
  | { kind: 'open-receiver-block'; id: number; block: BlockMaterial; params: FrameParams }
  | { kind: 'open-transmitter-block'; block: BlockMaterial; params: FrameParams }
  | { kind: 'deliver'; id: number; work: WorkId; bytes: Uint8Array }
  | { kind: 'close'; work: WorkId }
  | { kind: 'shutdown' };

export type FrameWorkerReply =
  | { kind: 'ready' }
  | { kind: 'step'; id: number; send: Uint8Array[]; outcome?: SessionOutcome }
  /** `code`: the QkdErrorCode when the worker's error was a QkdError, so the main thread can rebuild it. */
  | { kind: 'error'; id: number; message: string; code?: number };

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
