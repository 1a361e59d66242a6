/**
 * One frame: `[version][payload][crc32c LE]`, COBS-encoded, then 0x00.
 * `encodeFrame` builds the bytes to write; `checkFrame` validates a block
 * the decoder has already un-stuffed.
 */
import { cobsEncodeInto } from './cobs.ts';
import {
  FRAME_DELIMITER,
  FRAME_OVERHEAD_BYTES,
  FRAMING_VERSION,
  MAX_FRAME_BYTES,
  MAX_PAYLOAD_BYTES,
  cobsMaxEncodedBytes,
} from './constants.ts';
import { crc32c } from './crc32c.ts';

/** Scratch for the un-stuffed frame; reused so encoding allocates only its output. */
const scratch = new Uint8Array(MAX_FRAME_BYTES);

/**
 * Encode one payload (a serialized Envelope) as wire bytes, delimiter
 * included. Throws RangeError when the payload exceeds MAX_PAYLOAD_BYTES —
 * a caller bug, not a line condition.
 */
export function encodeFrame(payload: Uint8Array, version: number = FRAMING_VERSION): Uint8Array {
  if (payload.length > MAX_PAYLOAD_BYTES) {
    throw new RangeError(`frame payload of ${payload.length} bytes exceeds ${MAX_PAYLOAD_BYTES}`);
  }
  const n = payload.length + FRAME_OVERHEAD_BYTES;
  scratch[0] = version & 0xff;
  scratch.set(payload, 1);
  const crc = crc32c(scratch, 0, n - 4);
  scratch[n - 4] = crc & 0xff;
  scratch[n - 3] = (crc >>> 8) & 0xff;
  scratch[n - 2] = (crc >>> 16) & 0xff;
  scratch[n - 1] = crc >>> 24;
  const out = new Uint8Array(cobsMaxEncodedBytes(n) + 1);
  const m = cobsEncodeInto(scratch, 0, n, out, 0);
  out[m] = FRAME_DELIMITER;
  return out.subarray(0, m + 1);
}

export type FrameCheck = { ok: true; version: number } | { ok: false; reason: 'empty' | 'crc' | 'version' };

/**
 * Validate an un-stuffed frame held in `buf[0, length)`: long enough for
 * version + CRC ('empty' otherwise), CRC-32C matches ('crc'), version is
 * accepted ('version'). The CRC is checked first so that a corrupted
 * version byte is reported as corruption, not as a version problem.
 */
export function checkFrame(buf: Uint8Array, length: number, acceptVersion: (v: number) => boolean): FrameCheck {
  if (length < FRAME_OVERHEAD_BYTES) return { ok: false, reason: 'empty' };
  const expected = (buf[length - 4] | (buf[length - 3] << 8) | (buf[length - 2] << 16) | (buf[length - 1] << 24)) >>> 0;
  if (crc32c(buf, 0, length - 4) !== expected) return { ok: false, reason: 'crc' };
  if (!acceptVersion(buf[0])) return { ok: false, reason: 'version' };
  return { ok: true, version: buf[0] };
}
