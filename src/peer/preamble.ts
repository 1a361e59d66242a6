/**
 * The session preamble: the one unauthenticated frame, sent by each side
 * first, so the two nodes start the session at the same key-stream position.
 *
 *   offset  size  field
 *   0       1     PREAMBLE_MARK (0xA5; never a frame version)
 *   1       4     magic "QKDP"
 *   5       1     preamble version (1)
 *   6       1     side: 0 = A (transmitter), 1 = B (receiver)
 *   7       1     points (64-bit evaluation points per tag)
 *   8       4     chunkMessages, u32 BE
 *   12      8     key-stream position in bits, u64 BE (< 2^53)
 *
 * Both sides then move their key source to max(own, peer) by taking and
 * discarding the difference. Nothing secret is in the preamble, and an
 * adversary who alters it can at worst make a node discard key (bounded by
 * `maxResyncBits` per session) or make the positions differ, which the first
 * authenticated message (Hello) then detects: positions only move forward, so
 * no pad is reused either way.
 */
export const PREAMBLE_MARK = 0xa5;
export const PREAMBLE_BYTES = 20;
const MAGIC = [0x51, 0x4b, 0x44, 0x50]; // "QKDP"

export interface Preamble {
  side: 0 | 1;
  points: number;
  chunkMessages: number;
  positionBits: number;
}

export function encodePreamble(p: Preamble): Uint8Array {
  const out = new Uint8Array(PREAMBLE_BYTES);
  const v = new DataView(out.buffer);
  out[0] = PREAMBLE_MARK;
  out.set(MAGIC, 1);
  out[5] = 1;
  out[6] = p.side;
  out[7] = p.points;
  v.setUint32(8, p.chunkMessages);
  v.setUint32(12, Math.floor(p.positionBits / 4294967296));
  v.setUint32(16, p.positionBits >>> 0);
  return out;
}

/** The preamble, or a reason why these bytes are not one. */
export function decodePreamble(b: Uint8Array): Preamble | string {
  if (b.length !== PREAMBLE_BYTES) return `preamble is ${b.length} bytes, expected ${PREAMBLE_BYTES}`;
  if (b[0] !== PREAMBLE_MARK || MAGIC.some((m, i) => b[1 + i] !== m)) return 'not a qkdd peer preamble';
  if (b[5] !== 1) return `unsupported preamble version ${b[5]}`;
  if (b[6] > 1) return `bad side ${b[6]}`;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const hi = v.getUint32(12);
  if (hi >= 0x200000) return 'position beyond 2^53';
  return { side: b[6] as 0 | 1, points: b[7], chunkMessages: v.getUint32(8), positionBits: hi * 4294967296 + v.getUint32(16) };
}
