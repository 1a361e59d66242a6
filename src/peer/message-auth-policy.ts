/**
 * Which peer messages may travel without a tag of their own (PROTOCOL.md,
 * "Transcript authentication"): one table, read by the sender (what it may
 * defer) and by the receiver (what it accepts without a tag — a message that
 * must be tagged and arrives deferred is refused, so an adversary cannot
 * strip a tag and flip the deferred bit).
 *
 * 'deferred': the body is acted on when it arrives, before anything
 * authenticates it; its frame enters the sender's transcript and the next
 * tagged frame of that direction covers it. Only bodies whose effect is
 * undone when that covering tag fails may be deferred: they feed one frame's
 * (or block's) post-processing, whose key is never stored, acknowledged or
 * used before a tagged message of the same direction — sent after them — has
 * verified (the receiver's PrivacyAmplificationSeed, last of the three it
 * sends together; the transmitter's BlockStored), and every frame in flight
 * is aborted when a tag fails.
 *
 * 'tagged': a commit point. Hello, Abort, StoreSync, BlockStored, key
 * reservations, alarms, the amplification seed, and every body on which
 * something is stored, acknowledged or used. A body not in the table — a new
 * one, until its author decides — is tagged.
 *
 * Adding a body: it is tagged unless listed here as 'deferred'; list it only
 * if nothing irreversible happens on it, and say in PROTOCOL.md which tagged
 * message of the same direction covers it before its frame or block commits.
 */
import { Envelope, type BodyKind } from './messages.ts';

export type MessageAuth = 'deferred' | 'tagged';

export const MESSAGE_AUTH_POLICY: Readonly<Partial<Record<BodyKind, MessageAuth>>> = {
  hello: 'tagged',
  // A frame's post-processing, up to the receiver's commit point:
  siftDetections: 'deferred', // B → A; covered by B's privacyAmplificationSeed
  siftMatch: 'deferred', // A → B; covered by A's blockStored
  intensityClasses: 'deferred', // A → B; covered by A's blockStored
  estimationDisclosure: 'deferred', // both; covered as above
  cascadeRequest: 'deferred', // B → A
  cascadeReply: 'deferred', // A → B; A counts the leak by what she sent, not by what B says he received
  verificationSeed: 'deferred', // B → A, sent together with the next two
  verificationTag: 'deferred', // B → A
  blockClose: 'deferred', // A → B: names a block's frames (src/node/block-accumulator.ts); covered by A's blockStored
  // Commit points:
  privacyAmplificationSeed: 'tagged', // B → A, last of B's three: A stores (pending) on it
  blockStored: 'tagged', // A → B: B stores on it; B → A (echo): A activates on it
  keyReservationRequest: 'tagged',
  keyReservationAck: 'tagged',
  abort: 'tagged',
  alarm: 'tagged',
  storeSync: 'tagged',
  relay: 'tagged', // key relay between trusted nodes (src/network/relay): may commit or abort a relayed key
};

/** How a message with this body is authenticated; unknown bodies are tagged. */
export function messageAuthFor(body: string | undefined): MessageAuth {
  if (body === undefined) return 'tagged';
  return (MESSAGE_AUTH_POLICY as Record<string, MessageAuth | undefined>)[body] ?? 'tagged';
}

/**
 * The generated oneof getter of `Envelope.body` (proto/peer.js): the name of
 * the body field that is set on an object, among the oneof's fields only — so
 * envelope-level fields (frame_id, block_id, any added later) never count.
 */
const envelopeBodyGetter = Object.getOwnPropertyDescriptor(Envelope.prototype, 'body')?.get as (this: object) => string | undefined;

/** The body of an envelope the sender is about to encode (the one body field set), or undefined. */
export function bodyOf(message: object): string | undefined {
  const named = (message as { body?: unknown }).body;
  if (typeof named === 'string') return named; // a decoded envelope names its body
  return envelopeBodyGetter.call(message);
}
