/**
 * Hand-written encode and decode of the one envelope shape that dominates the
 * peer channel by count: a Cascade request or reply — frame ID, block ID and
 * `CascadeRequest`/`CascadeReply { bytes body = 1 }` (peer.proto fields 1, 2,
 * 15, 16). A block runs ~10^3 Cascade round trips, and protobufjs' generated
 * `Envelope.verify`, `encode` and `toObject` each probe every one of the
 * envelope's ~40 body fields on objects of many shapes: together 20–25 % of a
 * block's time on the node's thread. The bytes written are exactly those
 * `Envelope.encode` writes (proto3: zero IDs and an empty body are omitted;
 * fields in number order), and the decoded object is what `decodeEnvelope`'s
 * generic path returns (`body` names the field; bytes are views of the input,
 * as protobufjs gives them). Anything else — another body, a second body,
 * unknown or repeated fields, a non-canonical layout — returns null and takes
 * the generic path (test/peer/envelope-fast-path.test.ts compares both).
 */
import type { qkdd } from './proto/peer.js';

// messages.ts's types, restated here: that module imports this one (no import cycle between files).
type EnvelopeInit = qkdd.peer.Envelope.$Properties;
type DecodedEnvelope = EnvelopeInit & { frameId: number; body: NonNullable<qkdd.peer.Envelope['body']> };

const TAG_FRAME_ID = 8; // field 1, varint
const TAG_BLOCK_ID = 16; // field 2, varint
const TAG_REQUEST = 122; // field 15, length-delimited
const TAG_REPLY_0 = 130; // field 16, length-delimited: varint 130 = 0x82 0x01
const TAG_REPLY_1 = 1;
const TAG_BODY = 10; // field 1 of CascadeRequest/CascadeReply, length-delimited

function isId(v: unknown): v is number | null | undefined {
  return v == null || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0);
}

/** Own fields that are set (not null or undefined). */
function ownFields(o: object): number {
  let fields = 0;
  for (const key in o) if (Object.hasOwn(o, key) && (o as Record<string, unknown>)[key] != null) fields++;
  return fields;
}

function varintSize(v: number): number {
  let size = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    size++;
  }
  return size;
}

function writeVarint(out: Uint8Array, at: number, v: number): number {
  while (v >= 128) {
    out[at++] = (v % 128) | 128;
    v = Math.floor(v / 128);
  }
  out[at++] = v;
  return at;
}

/** The encoded bytes of a plain Cascade envelope, or null when `msg` is anything else. */
export function encodeCascadeEnvelope(msg: EnvelopeInit): Buffer | null {
  const request = msg.cascadeRequest;
  const reply = msg.cascadeReply;
  const c = request ?? reply;
  if (!c || (request != null && reply != null)) return null;
  const body = c.body;
  if (!(body instanceof Uint8Array)) return null;
  const { frameId, blockId } = msg;
  if (!isId(frameId) || !isId(blockId)) return null;
  // frameId, blockId and the one body: any other field set goes to the generic verify and encode.
  if (ownFields(msg) > (frameId == null ? 0 : 1) + (blockId == null ? 0 : 1) + 1 || ownFields(c) !== 1) return null;

  const f = frameId ?? 0;
  const b = blockId ?? 0;
  const n = body.length;
  const innerLen = n > 0 ? 1 + varintSize(n) + n : 0;
  const size = (f !== 0 ? 1 + varintSize(f) : 0) + (b !== 0 ? 1 + varintSize(b) : 0) + (request ? 1 : 2) + varintSize(innerLen) + innerLen;
  // A Buffer, as protobufjs returns (callers may rely on it), owning its memory (transferable to a worker as
  // is); every byte is written below.
  const out = Buffer.allocUnsafeSlow(size);
  let at = 0;
  if (f !== 0) {
    out[at++] = TAG_FRAME_ID;
    at = writeVarint(out, at, f);
  }
  if (b !== 0) {
    out[at++] = TAG_BLOCK_ID;
    at = writeVarint(out, at, b);
  }
  if (request) out[at++] = TAG_REQUEST;
  else {
    out[at++] = TAG_REPLY_0;
    out[at++] = TAG_REPLY_1;
  }
  at = writeVarint(out, at, innerLen);
  if (n > 0) {
    out[at++] = TAG_BODY;
    at = writeVarint(out, at, n);
    out.set(body, at);
  }
  return out;
}

/** Reads a canonical varint of a safe integer (≤ 8 bytes) at `at`; returns -1 on anything else. */
function readVarint(bytes: Uint8Array, at: number, end: number, pos: { at: number }): number {
  let v = 0;
  let scale = 1;
  for (let i = 0; i < 8 && at < end; i++) {
    const byte = bytes[at++];
    v += (byte & 127) * scale;
    if (byte < 128) {
      // A trailing zero byte (non-canonical) would re-encode differently: leave it to the generic path.
      if ((byte === 0 && i > 0) || v > Number.MAX_SAFE_INTEGER) return -1;
      pos.at = at;
      return v;
    }
    scale *= 128;
  }
  return -1;
}

/** The decoded envelope when `bytes` is a canonical Cascade envelope, else null. */
export function decodeCascadeEnvelope(bytes: Uint8Array): DecodedEnvelope | null {
  const end = bytes.length;
  const pos = { at: 0 };
  let at = 0;
  let frameId = 0;
  let blockId: number | undefined;
  if (at < end && bytes[at] === TAG_FRAME_ID) {
    frameId = readVarint(bytes, at + 1, end, pos);
    if (frameId <= 0) return null;
    at = pos.at;
  }
  if (at < end && bytes[at] === TAG_BLOCK_ID) {
    blockId = readVarint(bytes, at + 1, end, pos);
    if (blockId <= 0) return null;
    at = pos.at;
  }
  let kind: 'cascadeRequest' | 'cascadeReply';
  if (at < end && bytes[at] === TAG_REQUEST) {
    kind = 'cascadeRequest';
    at += 1;
  } else if (at + 1 < end && bytes[at] === TAG_REPLY_0 && bytes[at + 1] === TAG_REPLY_1) {
    kind = 'cascadeReply';
    at += 2;
  } else return null;
  const innerLen = readVarint(bytes, at, end, pos);
  if (innerLen < 0) return null;
  at = pos.at;
  if (at + innerLen !== end) return null;
  let inner: { body?: Uint8Array };
  if (innerLen === 0) inner = {};
  else {
    if (bytes[at] !== TAG_BODY) return null;
    const n = readVarint(bytes, at + 1, end, pos);
    if (n <= 0 || pos.at + n !== end) return null;
    inner = { body: bytes.subarray(pos.at, end) };
  }
  const out: DecodedEnvelope =
    kind === 'cascadeRequest' ? { frameId, cascadeRequest: inner, body: kind } : { frameId, cascadeReply: inner, body: kind };
  if (blockId !== undefined) out.blockId = blockId;
  return out;
}
