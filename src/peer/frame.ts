/**
 * Layout of one authenticated peer frame (the bytes inside a length prefix,
 * see ./framing.ts):
 *
 *   offset  size  field
 *   0       1     version (FRAME_VERSION = 1)
 *   1       1     flags: bit 0 = direction (0: side A → B, 1: B → A); bits 1..7 zero
 *   2       8     seq, unsigned big-endian, per direction, from 0 (< 2^53)
 *   10      n     payload: one protobuf Envelope (./messages.ts)
 *   10+n    8t    Wegman–Carter tag (./auth/wegman-carter.ts) over bytes [0, 10+n)
 *
 * The sequence number and direction bit are inside the authenticated data, so
 * a replayed, reordered or reflected frame fails even if its tag is genuine.
 * They sit in this fixed header rather than in the protobuf so the receiver
 * checks them, and the tag, before it parses anything (authenticate, then
 * decode).
 *
 * The preamble (./preamble.ts) is the one unauthenticated frame; its first
 * byte (PREAMBLE_MARK) can never be a frame version.
 */
import type { Direction } from './auth/pad-schedule.ts';

export const FRAME_VERSION = 1;
export const FRAME_HEADER_BYTES = 10;

export interface FrameHeader {
  version: number;
  direction: Direction;
  /** Flag bits other than the direction; must be zero. */
  reservedFlags: number;
  seq: number;
}

/** Build a frame with room for the tag; returns the frame and the length of the authenticated part. */
export function buildFrame(
  direction: Direction,
  seq: number,
  payload: Uint8Array,
  tagBytes: number,
): { frame: Uint8Array; authLength: number } {
  const authLength = FRAME_HEADER_BYTES + payload.length;
  const frame = new Uint8Array(authLength + tagBytes);
  frame[0] = FRAME_VERSION;
  frame[1] = direction;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  view.setUint32(2, Math.floor(seq / 4294967296));
  view.setUint32(6, seq >>> 0);
  frame.set(payload, FRAME_HEADER_BYTES);
  return { frame, authLength };
}

/** Header of a frame, or null when it is too short to hold header and tag. */
export function parseFrameHeader(frame: Uint8Array, tagBytes: number): FrameHeader | null {
  if (frame.length < FRAME_HEADER_BYTES + tagBytes) return null;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  return {
    version: frame[0],
    direction: (frame[1] & 1) as Direction,
    reservedFlags: frame[1] & 0xfe,
    seq: view.getUint32(2) * 4294967296 + view.getUint32(6),
  };
}
