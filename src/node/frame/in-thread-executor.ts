/**
 * Post-processing sessions run on the calling thread: each step is computed
 * inside `deliver` / `open…` and handed back as an already settled promise.
 * This is the node's behaviour without worker threads (one core, and the
 * event loop waits for a block's Cascade and amplification), kept as the
 * default and as the reference the worker executor must match. It is also
 * what each worker of WorkerFrameExecutor runs inside.
 */
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import type { DecodedEnvelope } from '../../peer/messages.ts';
import type { BlockMaterial } from '../block-accumulator.ts';
import { CascadePlanCache } from '../../pipeline/cascade/index.ts';
import { Xoshiro128 } from '../../pipeline/prng.ts';
import { cryptoRandomWords, randomForFrame, type ExecutorRandomness, type FrameExecutor } from './frame-executor.ts';
import type { FrameParams } from './frame-params.ts';
import type { FrameStep } from './frame-session.ts';
import { type BlockCascadePlanning, ReceiverBlockSession } from './receiver-block.ts';
import { ReceiverFrameSession, type ReceiverDetections } from './receiver-frame.ts';
import { TransmitterBlockSession } from './transmitter-block.ts';
import { TransmitterFrameSession } from './transmitter-frame.ts';
import { blockWork, frameWork, routeOf, type WorkId } from './work-id.ts';

export interface InThreadFrameExecutorOptions {
  /** Receiver sessions' public randomness; default a cryptographic RNG. */
  randomness?: ExecutorRandomness;
  /**
   * Plans (Cascade permutations) kept on this thread; default 2 — the block
   * size's plan, and one more while the QBER estimate moves k1/k2 (they share
   * the permutations). 0: no cache and a fresh Cascade seed per block.
   */
  planCacheSize?: number;
}

/** The Cascade seed of an executor with seeded randomness: a function of the seed alone, so any executor agrees. */
function seededCascadeSeed(seed: number): number {
  return new Xoshiro128((seed ^ 0x0c45ca0e) >>> 0).nextU32();
}

type Hosted =
  | { kind: 'receiver-frame'; session: ReceiverFrameSession; detections: ReceiverDetections }
  | { kind: 'transmitter-frame'; session: TransmitterFrameSession; pattern: Uint32Array }
  | { kind: 'block'; session: ReceiverBlockSession | TransmitterBlockSession; block: BlockMaterial };

export class InThreadFrameExecutor implements FrameExecutor {
  private readonly sessions = new Map<WorkId, Hosted>();
  private readonly randomness: ExecutorRandomness;
  private readonly plans: CascadePlanCache | null;
  /** This thread's Cascade seed (receiver-block.ts: one per executor, i.e. per node run and worker); drawn at the first block. */
  private cascadeSeed: number | null = null;

  constructor(options: InThreadFrameExecutorOptions = {}) {
    this.randomness = options.randomness ?? { kind: 'crypto' };
    const size = options.planCacheSize ?? 2;
    this.plans = size > 0 ? new CascadePlanCache(size) : null;
  }

  private planning(): BlockCascadePlanning | undefined {
    if (!this.plans) return undefined;
    if (this.cascadeSeed === null) {
      const r = this.randomness;
      this.cascadeSeed =
        r.kind === 'seeded' ? seededCascadeSeed(r.seed) : r.kind === 'function' ? r.random(1)[0] >>> 0 : cryptoRandomWords(1)[0];
    }
    return { seed: this.cascadeSeed, plans: this.plans };
  }

  /** Frames and blocks open. */
  get openFrames(): number {
    return this.sessions.size;
  }

  openReceiver(frameId: number, detections: ReceiverDetections, params: FrameParams): Promise<FrameStep> {
    const work = frameWork(frameId);
    this.close(work);
    try {
      const session = new ReceiverFrameSession(frameId, detections, params);
      this.sessions.set(work, { kind: 'receiver-frame', session, detections });
      return Promise.resolve(session.start());
    } catch (err) {
      return Promise.reject(err);
    }
  }

  openTransmitter(frameId: number, pattern: Uint32Array, params: FrameParams): void {
    const work = frameWork(frameId);
    this.close(work);
    this.sessions.set(work, { kind: 'transmitter-frame', session: new TransmitterFrameSession(frameId, pattern, params), pattern });
  }

  openReceiverBlock(block: BlockMaterial, params: FrameParams): Promise<FrameStep> {
    const work = blockWork(block.blockId);
    this.close(work);
    try {
      const session = new ReceiverBlockSession(block, params, randomForFrame(this.randomness, block.blockId), this.planning());
      this.sessions.set(work, { kind: 'block', session, block });
      return Promise.resolve(session.start());
    } catch (err) {
      return Promise.reject(err);
    }
  }

  openTransmitterBlock(block: BlockMaterial, params: FrameParams): void {
    const work = blockWork(block.blockId);
    this.close(work);
    this.sessions.set(work, { kind: 'block', session: new TransmitterBlockSession(block, params, this.plans ?? undefined), block });
  }

  deliver(work: WorkId, envelope: DecodedEnvelope): Promise<FrameStep> {
    const hosted = this.sessions.get(work);
    if (!hosted) return Promise.reject(new QkdError(QkdErrorCode.ExecutorFailed, `${work} is not open`, { work }));
    try {
      return Promise.resolve(hosted.session.onMessage(envelope));
    } catch (err) {
      // Sessions turn their own errors into abort outcomes; this is a bug below them.
      return Promise.reject(err);
    }
  }

  close(work: WorkId): void {
    const hosted = this.sessions.get(work);
    if (!hosted) return;
    this.sessions.delete(work);
    // A local abort makes the session zero what it still holds (Bob's amplified key awaiting
    // BlockStored, a segment, a block's key bits); a finished session ignores it.
    const route = routeOf(work);
    hosted.session.onMessage({ ...route, body: 'abort', abort: { frameId: route.frameId, reason: 'protocol-error: closed' } });
    switch (hosted.kind) {
      case 'transmitter-frame':
        hosted.pattern.fill(0);
        break;
      case 'receiver-frame':
        // Bob's raw bits are key material until sifted away; slots and bases are public but go with them.
        hosted.detections.bits.fill(0);
        hosted.detections.bases.fill(0);
        hosted.detections.slots.fill(0);
        break;
      case 'block':
        hosted.block.keyBits.fill(0);
        break;
    }
  }

  shutdown(): Promise<void> {
    for (const work of [...this.sessions.keys()]) this.close(work);
    return Promise.resolve();
  }
}
