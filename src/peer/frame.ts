/**
 * Layout of one peer frame (the bytes inside a length prefix, see
 * ./framing.ts). Two kinds (PROTOCOL.md, "Transcript authentication"):
 *
 * Tagged frame (a commit point):
 *   offset  size  field
 *   0       1     version (FRAME_VERSION = 2)
 *   1       1     flags: bit 0 = direction (0: side A → B, 1: B → A),
 *                 bit 1 = deferred (0 here); bits 2..7 zero
 *   2       8     seq, unsigned big-endian, per direction, from 0 (< 2^53)
 *   10      8     pad index, unsigned big-endian: the how-manyth tagged frame
 *                 of its direction (from 0), which pad of ./auth/pad-schedule.ts
 *                 its tag uses
 *   18      n     payload: one protobuf Envelope (./messages.ts)
 *   18+n    8t    Wegman–Carter tag (./auth/wegman-carter.ts) over the
 *                 direction's transcript since its previous tagged frame,
 *                 this frame's bytes [0, 18+n) last (./auth/transcript.ts)
 *
 * Deferred frame (no tag; covered by the next tagged frame of its direction):
 *   0       1     version (2)
 *   1       1     flags: bit 0 = direction, bit 1 = deferred (1)
 *   2       8     seq
 *   10      n     payload
 *
 * Sequence number, direction bit, deferred bit and pad index are inside the
 * transcript, so a replayed, reordered, reflected, dropped or re-flagged frame
 * makes the covering tag fail even if every tag on the wire is genuine. They
 * sit in this fixed header rather than in the protobuf so the receiver checks
 * them before it parses anything.
 *
 * The preamble (./preamble.ts) is the one frame outside every transcript; its
 * first byte (PREAMBLE_MARK) can never be a frame version.
 */
import type { Direction } from './auth/pad-schedule.ts';

/** Version 1 was the per-message-tag frame of protocol 1; it does not interoperate. */
export const FRAME_VERSION = 2;
/** Bytes of the header common to both kinds (version, flags, seq). */
export const FRAME_HEADER_BYTES = 10;
/** Bytes of a tagged frame's header (common header and pad index). */
export const TAGGED_HEADER_BYTES = 18;
/** Flag bit: the frame carries no tag. */
export const FLAG_DEFERRED = 2;

export interface FrameHeader {
  version: number;
  direction: Direction;
  /** The frame carries no tag (bit 1 of the flags). */
  deferred: boolean;
  /** Flag bits other than direction and deferred; must be zero. */
  reservedFlags: number;
  seq: number;
  /** Tagged frames: which pad of its direction the tag uses. */
  padIndex?: number;
  /** Where the payload starts (10 deferred, 18 tagged). */
  payloadOffset: number;
  /** Bytes covered by the transcript: the whole frame, or all but the tag. */
  authLength: number;
}

function writeU64(view: DataView, at: number, v: number): void {
  view.setUint32(at, Math.floor(v / 4294967296));
  view.setUint32(at + 4, v >>> 0);
}

function readU64(view: DataView, at: number): number {
  return view.getUint32(at) * 4294967296 + view.getUint32(at + 4);
}

/**
 * Build a tagged frame with room for its tag (left zero); returns the frame
 * and the length of its authenticated part (header and payload).
 */
export function buildFrame(
  direction: Direction,
  seq: number,
  payload: Uint8Array,
  tagBytes: number,
  padIndex = 0,
): { frame: Uint8Array; authLength: number } {
  const authLength = TAGGED_HEADER_BYTES + payload.length;
  const frame = new Uint8Array(authLength + tagBytes);
  frame[0] = FRAME_VERSION;
  frame[1] = direction;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  writeU64(view, 2, seq);
  writeU64(view, 10, padIndex);
  frame.set(payload, TAGGED_HEADER_BYTES);
  return { frame, authLength };
}

/** Build a deferred frame (no tag: the whole frame is authenticated by the next tagged one). */
export function buildDeferredFrame(direction: Direction, seq: number, payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
  frame[0] = FRAME_VERSION;
  frame[1] = direction | FLAG_DEFERRED;
  writeU64(new DataView(frame.buffer, frame.byteOffset, frame.byteLength), 2, seq);
  frame.set(payload, FRAME_HEADER_BYTES);
  return frame;
}

/**
 * Header of a frame, or null when it is too short for its kind (a tagged
 * frame must hold its header and a tag of `tagBytes`). Any version is
 * returned; the caller checks it and the reserved flags.
 */
export function parseFrameHeader(frame: Uint8Array, tagBytes: number): FrameHeader | null {
  if (frame.length < FRAME_HEADER_BYTES) return null;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const flags = frame[1];
  const deferred = (flags & FLAG_DEFERRED) !== 0;
  const header: FrameHeader = {
    version: frame[0],
    direction: (flags & 1) as Direction,
    deferred,
    reservedFlags: flags & 0xfc,
    seq: readU64(view, 2),
    payloadOffset: FRAME_HEADER_BYTES,
    authLength: frame.length,
  };
  if (deferred) return header;
  if (frame.length < TAGGED_HEADER_BYTES + tagBytes) return null;
  header.padIndex = readU64(view, 10);
  header.payloadOffset = TAGGED_HEADER_BYTES;
  header.authLength = frame.length - tagBytes;
  return header;
}
