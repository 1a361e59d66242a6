/**
 * Runs one frame between a transmitter and a receiver session in this
 * process, with every message encoded and decoded as it would be on the
 * wire. Used by tests and benchmarks; the node runs the same sessions over
 * the authenticated peer channel.
 */
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import { decodeEnvelope, encodeEnvelope, type DecodedEnvelope, type EnvelopeInit } from '../../peer/messages.ts';
import type { FrameOutcome } from './frame-outcome.ts';
import type { ReceiverFrameSession } from './receiver-frame.ts';
import type { TransmitterFrameSession } from './transmitter-frame.ts';

export interface InProcessFrameResult {
  alice: FrameOutcome;
  bob: FrameOutcome;
  /** Messages and bytes each way. */
  messagesToAlice: number;
  messagesToBob: number;
  bytesToAlice: number;
  bytesToBob: number;
}

export type WireTap = (direction: 'to-alice' | 'to-bob', bytes: Uint8Array) => Uint8Array;

export function runFrameInProcess(alice: TransmitterFrameSession, bob: ReceiverFrameSession, tap?: WireTap): InProcessFrameResult {
  const toAlice: DecodedEnvelope[] = [];
  const toBob: DecodedEnvelope[] = [];
  const r = { messagesToAlice: 0, messagesToBob: 0, bytesToAlice: 0, bytesToBob: 0 };
  let aliceOut: FrameOutcome | undefined;
  let bobOut: FrameOutcome | undefined;
  const post = (queue: DecodedEnvelope[], dir: 'to-alice' | 'to-bob', msgs: EnvelopeInit[]): void => {
    for (const m of msgs) {
      let bytes = encodeEnvelope(m);
      if (tap) bytes = tap(dir, bytes);
      if (dir === 'to-alice') {
        r.messagesToAlice++;
        r.bytesToAlice += bytes.length;
      } else {
        r.messagesToBob++;
        r.bytesToBob += bytes.length;
      }
      queue.push(decodeEnvelope(bytes));
    }
  };
  const first = bob.start();
  post(toAlice, 'to-alice', first.send);
  bobOut = first.outcome;
  for (let guard = 0; guard < 1_000_000 && (toAlice.length > 0 || toBob.length > 0); guard++) {
    const a = toAlice.shift();
    if (a) {
      const step = alice.onMessage(a);
      post(toBob, 'to-bob', step.send);
      if (step.outcome) {
        aliceOut ??= step.outcome;
        // The node stores Alice's block, then confirms it to Bob.
        if (step.outcome.ok)
          post(toBob, 'to-bob', [
            { frameId: step.outcome.frameId, blockStored: { blockId: `frame-${step.outcome.frameId}`, bits: step.outcome.secretBits } },
          ]);
      }
    }
    const b = toBob.shift();
    if (b) {
      const step = bob.onMessage(b);
      post(toAlice, 'to-alice', step.send);
      if (step.outcome) bobOut ??= step.outcome;
    }
  }
  if (!aliceOut || !bobOut) {
    const show = (o: FrameOutcome | undefined): string => (o ? (o.ok ? 'ok' : `${o.reason} ${o.detail}`) : 'none');
    throw new QkdError(
      QkdErrorCode.FrameProtocolViolation,
      `frame ${bob.frameId} ended without an outcome on both sides (alice: ${show(aliceOut)}, bob: ${show(bobOut)})`,
      { frameId: bob.frameId },
    );
  }
  return { alice: aliceOut, bob: bobOut, ...r };
}
