/**
 * Frame sessions run on the calling thread: each step is computed inside
 * `deliver` / `openReceiver` and handed back as an already settled promise.
 * This is the node's behaviour before worker threads (one core, and the
 * event loop waits for a frame's Cascade and amplification), kept as the
 * default and as the reference the worker executor must match. It is also
 * what each worker of WorkerFrameExecutor runs inside.
 */
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import type { DecodedEnvelope } from '../../peer/messages.ts';
import { randomForFrame, type ExecutorRandomness, type FrameExecutor } from './frame-executor.ts';
import type { FrameParams } from './frame-params.ts';
import type { FrameStep } from './frame-session.ts';
import { ReceiverFrameSession, type ReceiverDetections } from './receiver-frame.ts';
import { TransmitterFrameSession } from './transmitter-frame.ts';

export interface InThreadFrameExecutorOptions {
  /** Receiver sessions' public randomness; default a cryptographic RNG. */
  randomness?: ExecutorRandomness;
}

type Hosted =
  | { role: 'receiver'; session: ReceiverFrameSession; detections: ReceiverDetections }
  | { role: 'transmitter'; session: TransmitterFrameSession; pattern: Uint32Array };

export class InThreadFrameExecutor implements FrameExecutor {
  private readonly frames = new Map<number, Hosted>();
  private readonly randomness: ExecutorRandomness;

  constructor(options: InThreadFrameExecutorOptions = {}) {
    this.randomness = options.randomness ?? { kind: 'crypto' };
  }

  get openFrames(): number {
    return this.frames.size;
  }

  openReceiver(frameId: number, detections: ReceiverDetections, params: FrameParams): Promise<FrameStep> {
    this.close(frameId);
    try {
      const session = new ReceiverFrameSession(frameId, detections, params, randomForFrame(this.randomness, frameId));
      this.frames.set(frameId, { role: 'receiver', session, detections });
      return Promise.resolve(session.start());
    } catch (err) {
      return Promise.reject(err);
    }
  }

  openTransmitter(frameId: number, pattern: Uint32Array, params: FrameParams): void {
    this.close(frameId);
    this.frames.set(frameId, { role: 'transmitter', session: new TransmitterFrameSession(frameId, pattern, params), pattern });
  }

  deliver(frameId: number, envelope: DecodedEnvelope): Promise<FrameStep> {
    const hosted = this.frames.get(frameId);
    if (!hosted) return Promise.reject(new QkdError(QkdErrorCode.ExecutorFailed, `frame ${frameId} is not open`, { frameId }));
    try {
      return Promise.resolve(hosted.session.onMessage(envelope));
    } catch (err) {
      // Sessions turn their own errors into abort outcomes; this is a bug below them.
      return Promise.reject(err);
    }
  }

  close(frameId: number): void {
    const hosted = this.frames.get(frameId);
    if (!hosted) return;
    this.frames.delete(frameId);
    // A local abort makes the session zero what it still holds (Bob's amplified key awaiting
    // BlockStored, Alice's sifted key); a finished session ignores it.
    hosted.session.onMessage({ frameId, body: 'abort', abort: { frameId, reason: 'protocol-error: frame closed' } });
    if (hosted.role === 'transmitter') hosted.pattern.fill(0);
    else {
      // Bob's raw bits are key material until sifted away; slots and bases are public but go with them.
      hosted.detections.bits.fill(0);
      hosted.detections.bases.fill(0);
      hosted.detections.slots.fill(0);
    }
  }

  shutdown(): Promise<void> {
    for (const frameId of [...this.frames.keys()]) this.close(frameId);
    return Promise.resolve();
  }
}
