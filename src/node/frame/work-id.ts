/**
 * Names of the post-processing work a node has in flight: frames (sifting,
 * per hardware frame) and blocks (Cascade to amplification, over n_X sifted
 * key-basis bits that may span many frames). Frame and block IDs are two
 * separate number spaces on the wire (Envelope.frame_id, Envelope.block_id);
 * a WorkId keeps them apart in the node's tables and the executors.
 */
import type { DecodedEnvelope, EnvelopeInit } from '../../peer/messages.ts';

export type WorkId = `f${number}` | `b${number}`;

export function frameWork(frameId: number): WorkId {
  return `f${frameId}`;
}

export function blockWork(blockId: number): WorkId {
  return `b${blockId}`;
}

export function isBlockWork(work: WorkId): boolean {
  return work.charCodeAt(0) === 98; // 'b'
}

/** The frame or block number of a WorkId. */
export function workNumber(work: WorkId): number {
  return Number(work.slice(1));
}

/** The work a peer message belongs to: its block when it names one, else its frame; null for neither (0, 0). */
export function workOfEnvelope(env: DecodedEnvelope): WorkId | null {
  const blockId = Number(env.blockId ?? 0);
  if (blockId > 0) return blockWork(blockId);
  if (env.frameId > 0) return frameWork(env.frameId);
  return null;
}

/** The envelope fields that route a message to `work`. */
export function routeOf(work: WorkId): { frameId: number; blockId: number } {
  const n = workNumber(work);
  return isBlockWork(work) ? { frameId: 0, blockId: n } : { frameId: n, blockId: 0 };
}

/** An Abort of `work` carrying `reason` ("reason: detail", abort-reason.ts). */
export function abortEnvelope(work: WorkId, reason: string): EnvelopeInit {
  const r = routeOf(work);
  return { ...r, abort: { frameId: r.frameId, reason } };
}

/** "frame 12" / "block 3", for log lines and alarms. */
export function describeWork(work: WorkId): string {
  return `${isBlockWork(work) ? 'block' : 'frame'} ${workNumber(work)}`;
}
