/**
 * Both sides of Cascade in one process, every message encoded to bytes and
 * decoded again exactly as it would cross the peer channel. For tests,
 * benchmarks and single-process simulations; the node layer drives
 * `CascadeReceiver` and `CascadeResponder` over the real channel instead.
 */
import { CascadeReceiver, type CascadeReceiverOptions } from './receiver.ts';
import { CascadeResponder } from './responder.ts';
import { decodeReply, decodeRequest, encodeReply, encodeRequest, type CascadeDone } from './messages.ts';
import type { CascadePlanCache } from './plan.ts';

export type ReconcileResult = CascadeDone;

export interface ReconcileChannel {
  /** Carries Bob's encoded request to Alice (may inspect or count it). */
  toAlice?(bytes: Uint8Array): Uint8Array;
  /** Carries Alice's encoded reply to Bob (may inspect or count it). */
  toBob?(bytes: Uint8Array): Uint8Array;
}

export function reconcile(
  aliceKey: Uint32Array,
  bobKey: Uint32Array,
  n: number,
  options: CascadeReceiverOptions & { aliceCache?: CascadePlanCache },
  channel: ReconcileChannel = {},
): ReconcileResult {
  const bob = new CascadeReceiver(bobKey, n, options);
  const alice = new CascadeResponder(aliceKey, n, { cache: options.aliceCache });
  let request = bob.start();
  for (;;) {
    let reqBytes = encodeRequest(request);
    if (channel.toAlice) reqBytes = channel.toAlice(reqBytes);
    let replyBytes = encodeReply(alice.answer(decodeRequest(reqBytes)));
    if (channel.toBob) replyBytes = channel.toBob(replyBytes);
    const next = bob.onReply(decodeReply(replyBytes));
    if (next.kind === 'done') return next;
    request = next;
  }
}
