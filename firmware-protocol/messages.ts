/**
 * Envelope ⇄ frame bytes: the only place that joins protobuf and framing.
 * Decoding never throws: a payload protobuf cannot parse, or an envelope
 * with nothing set, comes back as a reason string the caller counts.
 */
import { encodeFrame } from './framing/frame.ts';
import { qkd } from './generated/qkd.js';

/** Serialize an envelope and frame it: the bytes to write to the transport. */
export function encodeEnvelopeFrame(envelope: qkd.Envelope.$Properties): Uint8Array {
  return encodeFrame(qkd.Envelope.encode(envelope).finish());
}

/** A decoded envelope, narrowed to the one message it carries. */
export type DecodedEnvelope =
  | { kind: 'request'; request: qkd.Request }
  | { kind: 'response'; response: qkd.Response }
  | { kind: 'event'; event: qkd.Event };

export type EnvelopeDecode = ({ ok: true } & DecodedEnvelope) | { ok: false; reason: string };

export function decodeEnvelope(payload: Uint8Array): EnvelopeDecode {
  let envelope: qkd.Envelope;
  try {
    envelope = qkd.Envelope.decode(payload);
  } catch (err) {
    return { ok: false, reason: `protobuf: ${err instanceof Error ? err.message : String(err)}` };
  }
  // decode() builds class instances; the checks narrow the declared property types.
  const { request, response, event } = envelope;
  if (request instanceof qkd.Request) return { ok: true, kind: 'request', request };
  if (response instanceof qkd.Response) return { ok: true, kind: 'response', response };
  if (event instanceof qkd.Event) return { ok: true, kind: 'event', event };
  return { ok: false, reason: 'envelope with no request, response or event' };
}

/** Protocol version of this file set (common.proto ProtocolVersion; minor stated in FRAMING.md). */
export const PROTOCOL_MAJOR: number = qkd.ProtocolVersion.PROTOCOL_VERSION_MAJOR;
export const PROTOCOL_MINOR = 0;
