/**
 * Where a node runs its post-processing sessions. The node loop owns the
 * peer channel, the key store, the block accumulator and the bookkeeping; an
 * executor owns the sessions — frames (ReceiverFrameSession /
 * TransmitterFrameSession: sifting) and blocks (ReceiverBlockSession /
 * TransmitterBlockSession: Cascade, verification, amplification) — and runs
 * their CPU-heavy steps either on the calling thread (InThreadFrameExecutor)
 * or on a pool of worker threads (WorkerFrameExecutor).
 *
 * Contract, whatever the implementation:
 * - steps of one frame or block resolve in the order their messages were
 *   delivered; steps of different ones may resolve in any order;
 * - the arrays handed to the `open…` methods pass to the executor (a worker
 *   executor transfers them, leaving them detached here), and it zeroes them
 *   when the session is closed;
 * - the segment of a frame's `ok` outcome and the key of a block's belong to
 *   the caller, who zeroes them after use;
 * - frame and block IDs are one node's (work-id.ts): one executor serves one node.
 */
import { getRandomValues } from 'node:crypto';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import type { DecodedEnvelope } from '../../peer/messages.ts';
import { Xoshiro128 } from '../../pipeline/prng.ts';
import type { FrameParams, RandomWords } from './frame-params.ts';
import type { FrameStep } from './frame-session.ts';
import type { ReceiverDetections } from './receiver-frame.ts';
import type { BlockMaterial } from '../block-accumulator.ts';
import type { WorkId } from './work-id.ts';

export interface FrameExecutor {
  /** Opens the receiver's session of a frame and runs its first step (SiftDetections). */
  openReceiver(frameId: number, detections: ReceiverDetections, params: FrameParams): Promise<FrameStep>;
  /** Opens the transmitter's session of a frame; its steps come from `deliver`. */
  openTransmitter(frameId: number, pattern: Uint32Array, params: FrameParams): void;
  /** Opens the receiver's session of a block and runs its first step (the checks, then Cascade's first request). */
  openReceiverBlock(block: BlockMaterial, params: FrameParams): Promise<FrameStep>;
  /** Opens the transmitter's session of a block; its steps come from `deliver`. */
  openTransmitterBlock(block: BlockMaterial, params: FrameParams): void;
  /**
   * Hands one peer message to the session of a frame or a block. Rejects
   * when the session is gone for a reason other than the protocol (a crashed
   * worker, an unknown ID); protocol failures resolve with an abort outcome instead.
   */
  deliver(work: WorkId, envelope: DecodedEnvelope): Promise<FrameStep>;
  /** Forgets a frame or a block: zeroes its inputs and any secret its session still holds. Unknown IDs are ignored. */
  close(work: WorkId): void;
  /** Closes every frame and releases threads; pending steps reject. */
  shutdown(): Promise<void>;
}

/**
 * Where the receiver's block sessions' public randomness (Cascade permutation
 * seed, verification and amplification seeds) comes from: a cryptographic RNG
 * in the node, or — for tests and benchmarks only — a seed from which each
 * block gets its own generator. Per-block generators make a block's seeds
 * depend on (seed, blockId) alone, so the same blocks give the same keys on
 * any executor and in any interleaving.
 */
export type ExecutorRandomness = { kind: 'crypto' } | { kind: 'seeded'; seed: number } | { kind: 'function'; random: RandomWords };

/** crypto.getRandomValues refuses more than 65 536 bytes per call. */
const CRYPTO_CHUNK_WORDS = 16_384;

export function cryptoRandomWords(count: number): Uint32Array {
  const out = new Uint32Array(count);
  for (let at = 0; at < count; at += CRYPTO_CHUNK_WORDS) {
    getRandomValues(out.subarray(at, Math.min(count, at + CRYPTO_CHUNK_WORDS)));
  }
  return out;
}

/** The seed of one frame's generator: the executor seed and the frame ID mixed, so neighbouring IDs give unrelated streams. */
export function frameSeed(seed: number, frameId: number): number {
  const mix = new Xoshiro128((seed ^ Math.imul(frameId >>> 0, 0x9e3779b1)) >>> 0);
  // Frame IDs above 2^32 still differ from their low word.
  return (mix.nextU32() ^ Math.floor(frameId / 4294967296)) >>> 0;
}

/** The RandomWords a receiver session of `frameId` gets. */
export function randomForFrame(randomness: ExecutorRandomness, frameId: number): RandomWords {
  switch (randomness.kind) {
    case 'crypto':
      return cryptoRandomWords;
    case 'function':
      return randomness.random;
    case 'seeded': {
      const rng = new Xoshiro128(frameSeed(randomness.seed, frameId));
      return (count) => rng.fillU32(new Uint32Array(count));
    }
  }
}

/** A step, or why the executor could not produce it. */
export type StepResult = { ok: true; step: FrameStep } | { ok: false; error: Error };

/**
 * Attaches a handler to a step at once, so a rejection (a crashed worker)
 * is never unhandled while the node's chain for that frame waits on earlier steps.
 */
export function settleStep(step: Promise<FrameStep>): Promise<StepResult> {
  return step.then(
    (s): StepResult => ({ ok: true, step: s }),
    (err: unknown): StepResult => ({
      ok: false,
      error: err instanceof Error ? err : new QkdError(QkdErrorCode.ExecutorFailed, `frame step failed: ${String(err)}`),
    }),
  );
}
