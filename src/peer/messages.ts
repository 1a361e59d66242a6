/**
 * Peer messages: the generated protobuf types (./proto/peer.proto) and the
 * encode/decode of one `Envelope`, with 64-bit fields as plain numbers.
 */
import { qkdd } from './proto/peer.js';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import { decodeCascadeEnvelope, encodeCascadeEnvelope } from './envelope-fast-path.ts';

export const Envelope = qkdd.peer.Envelope;
export const Role = qkdd.peer.Role;
export type Role = qkdd.peer.Role;
export const AlarmSeverity = qkdd.peer.AlarmSeverity;
export type AlarmSeverity = qkdd.peer.AlarmSeverity;

/** What a sender passes: `frameId` and exactly one body field. */
export type EnvelopeInit = qkdd.peer.Envelope.$Properties;
/** Which body an envelope carries. */
export type BodyKind = NonNullable<qkdd.peer.Envelope['body']>;
export type HelloFields = qkdd.peer.Hello.$Properties;

/** A decoded envelope: 64-bit integers as numbers, `body` names the set field. */
export type DecodedEnvelope = EnvelopeInit & { frameId: number; body: BodyKind };

/**
 * Version of this peer protocol, carried in Hello; both nodes must agree.
 * 1: a tag on every message. 2: transcript authentication (PROTOCOL.md);
 * the preamble version (3) tells the two apart before anything is taken.
 */
export const PEER_PROTOCOL_VERSION = 2;

export function encodeEnvelope(msg: EnvelopeInit): Uint8Array {
  const fast = encodeCascadeEnvelope(msg); // Cascade's ~10^3 envelopes per block: envelope-fast-path.ts
  if (fast) return fast;
  const problem = Envelope.verify(msg);
  if (problem !== null) throw new QkdError(QkdErrorCode.PeerInvalidMessage, `envelope does not verify: ${problem}`);
  return Envelope.encode(msg).finish();
}

export function decodeEnvelope(bytes: Uint8Array): DecodedEnvelope {
  const fast = decodeCascadeEnvelope(bytes);
  if (fast) return fast;
  let obj: Record<string, unknown>;
  try {
    // toObject turns the Long values that decode produces for uint64 into numbers.
    obj = Envelope.toObject(Envelope.decode(bytes), { longs: Number, oneofs: true }) as Record<string, unknown>;
  } catch (err) {
    throw new QkdError(QkdErrorCode.PeerInvalidMessage, 'envelope does not decode', {}, { cause: err });
  }
  if (typeof obj.body !== 'string') throw new QkdError(QkdErrorCode.PeerInvalidMessage, 'envelope carries no body');
  if (typeof obj.frameId !== 'number') obj.frameId = 0;
  return obj as unknown as DecodedEnvelope;
}
