/**
 * Entry of one WorkerFrameExecutor thread: hosts frame and block sessions in an
 * InThreadFrameExecutor and speaks the request/reply protocol below with the
 * pool on the main thread. Peer messages cross the thread boundary as encoded
 * envelopes; typed arrays (detections, patterns, block material, segments, message bytes, keys) are
 * transferred, never copied, and the copies this thread made of a key are
 * zeroed before it lets go of them.
 *
 * Requests are handled strictly in arrival order and each is answered before
 * the next is read, so the steps of one frame come back in delivery order.
 * The messages of that protocol are in worker-messages.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isQkdError, QkdError, QkdErrorCode } from '../../../errors/index.ts';
import { decodeEnvelope, encodeEnvelope } from '../../peer/messages.ts';
import type { ExecutorRandomness } from './frame-executor.ts';
import { isBlockOutcome } from './frame-outcome.ts';
import type { FrameStep } from './frame-session.ts';
import { InThreadFrameExecutor } from './in-thread-executor.ts';
import { ownBuffer, type FrameWorkerData, type FrameWorkerReply, type FrameWorkerRequest } from './worker-messages.ts';

function serve(): void {
  const port = parentPort;
  if (!port) throw new QkdError(QkdErrorCode.ExecutorFailed, 'frame-worker runs only as a worker thread of WorkerFrameExecutor');
  const data = workerData as FrameWorkerData;
  const randomness: ExecutorRandomness = data.seed === null ? { kind: 'crypto' } : { kind: 'seeded', seed: data.seed };
  const host = new InThreadFrameExecutor({ randomness });

  const reply = (id: number, step: FrameStep): void => {
    const send = step.send.map((m) => ownBuffer(encodeEnvelope(m), false));
    const transfer: ArrayBuffer[] = send.map((b) => b.buffer as ArrayBuffer);
    let outcome = step.outcome;
    if (outcome?.ok && isBlockOutcome(outcome)) {
      // The key leaves this thread: moved when it owns its buffer, else copied and the original zeroed.
      const key = ownBuffer(outcome.key, true);
      outcome = { ...outcome, key };
      transfer.push(key.buffer as ArrayBuffer);
    } else if (outcome?.ok) {
      // A frame's sifted segment: its key bits and classes move to the main thread's accumulator.
      const s = outcome.segment;
      const segment = { ...s, keyBits: ownBuffer(s.keyBits, true), keyClasses: ownBuffer(s.keyClasses, false) };
      outcome = { ...outcome, segment };
      transfer.push(segment.keyBits.buffer as ArrayBuffer, segment.keyClasses.buffer as ArrayBuffer);
    }
    const msg: FrameWorkerReply = outcome ? { kind: 'step', id, send, outcome } : { kind: 'step', id, send };
    port.postMessage(msg, transfer);
  };
  const fail = (id: number, err: unknown): void => {
    const message = err instanceof Error ? err.message : String(err);
    const msg: FrameWorkerReply = isQkdError(err) ? { kind: 'error', id, message, code: err.code } : { kind: 'error', id, message };
    port.postMessage(msg);
  };
  // The in-thread host settles its promises immediately; taking the value synchronously keeps replies in request order.
  const settle = (id: number, p: Promise<FrameStep>): void => {
    p.then(
      (step) => reply(id, step),
      (err: unknown) => fail(id, err),
    );
  };

  port.on('message', (req: FrameWorkerRequest) => {
    switch (req.kind) {
      case 'open-receiver':
        return settle(req.id, host.openReceiver(req.frameId, req.detections, req.params));
      case 'open-transmitter':
        return host.openTransmitter(req.frameId, req.pattern, req.params);
      case 'open-receiver-block':
        return settle(req.id, host.openReceiverBlock(req.block, req.params));
      case 'open-transmitter-block':
        return host.openTransmitterBlock(req.block, req.params);
      case 'deliver': {
        let step: Promise<FrameStep>;
        try {
          step = host.deliver(req.work, decodeEnvelope(req.bytes));
        } catch (err) {
          step = Promise.reject(err);
        }
        return settle(req.id, step);
      }
      case 'close':
        return host.close(req.work);
      case 'shutdown':
        // Zero every session's inputs and secrets, then let the thread end.
        void host.shutdown().then(() => port.close());
        return;
    }
  });
  const ready: FrameWorkerReply = { kind: 'ready' };
  port.postMessage(ready);
}

serve();
