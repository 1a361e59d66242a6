/**
 * The session preamble: the one unauthenticated frame, sent by each side
 * first, so the two nodes start the session at the same key-stream position
 * and find out, before taking any key, whether they hold the same
 * pre-shared key file.
 *
 *   offset  size  field
 *   0       1     PREAMBLE_MARK (0xA5; never a frame version)
 *   1       4     magic "QKDP"
 *   5       1     preamble version (3)
 *   6       1     side: 0 = A (transmitter), 1 = B (receiver)
 *   7       1     points (64-bit evaluation points per tag)
 *   8       4     chunkMessages, u32 BE
 *   12      8     key-stream position in bits, u64 BE (< 2^53)
 *   20      8     pre-shared key fingerprint (./auth/psk-fingerprint.ts);
 *                 all zero when the key source has no pre-shared key file
 *   28      4     maxSpanBytes, u32 BE: the longest encoded transcript span
 *                 (./auth/transcript.ts) either side defers before a tag;
 *                 both sides must agree (it sets the forgery bound)
 *
 * Versions 1 (20 bytes, no fingerprint) and 2 (28 bytes, protocol 1: a tag
 * on every message) are recognised only to say that the peer runs an older
 * qkdd: the versions do not interoperate.
 *
 * Both sides then compare fingerprints (when both sent one; a mismatch ends
 * the session, QkdError `PskMismatch`, with nothing taken from the key
 * source) and start the session at max(own, peer): the receiver (B) at
 * once, discarding the difference; the transmitter (A) only once B's Hello
 * has verified under the key it would take there (PROTOCOL.md, "Nothing
 * before proof"). Nothing secret is in the preamble (the fingerprint is a
 * truncated domain-separated hash of the whole key file, see
 * psk-fingerprint.ts for what it reveals), and an adversary who alters or
 * forges it can at worst make the dialling node B discard key (bounded by
 * `maxResyncBits` per session; A discards nothing for it), refuse the session
 * (a forged fingerprint), or make the positions differ, which the first
 * authenticated message (Hello) then detects: positions only move forward,
 * so no pad is reused either way.
 */
export const PREAMBLE_MARK = 0xa5;
export const PREAMBLE_VERSION = 3;
export const PREAMBLE_BYTES = 32;
/** Length of a version-1 preamble (before fingerprints), recognised only to name the old peer. */
const PREAMBLE_V1_BYTES = 20;
/** Length of a version-2 preamble (per-message tags), recognised only to name the old peer. */
const PREAMBLE_V2_BYTES = 28;
const SPAN_OFFSET = 28;
const FINGERPRINT_OFFSET = 20;
const FINGERPRINT_BYTES = 8;
const MAGIC = [0x51, 0x4b, 0x44, 0x50]; // "QKDP"

export interface Preamble {
  side: 0 | 1;
  points: number;
  chunkMessages: number;
  positionBits: number;
  /** 8-byte fingerprint of the pre-shared key file (./auth/psk-fingerprint.ts); absent (sent as zeros) when there is none. */
  pskFingerprint?: Uint8Array;
  /** Longest encoded transcript span before a tag (PeerChannelOptions `maxSpanBytes`), < 2^32. */
  maxSpanBytes: number;
}

export function encodePreamble(p: Preamble): Uint8Array {
  const out = new Uint8Array(PREAMBLE_BYTES);
  const v = new DataView(out.buffer);
  out[0] = PREAMBLE_MARK;
  out.set(MAGIC, 1);
  out[5] = PREAMBLE_VERSION;
  out[6] = p.side;
  out[7] = p.points;
  v.setUint32(8, p.chunkMessages);
  v.setUint32(12, Math.floor(p.positionBits / 4294967296));
  v.setUint32(16, p.positionBits >>> 0);
  if (p.pskFingerprint) {
    if (p.pskFingerprint.length !== FINGERPRINT_BYTES) throw new RangeError(`pskFingerprint must be ${FINGERPRINT_BYTES} bytes`);
    out.set(p.pskFingerprint, FINGERPRINT_OFFSET);
  }
  v.setUint32(SPAN_OFFSET, p.maxSpanBytes);
  return out;
}

/** The preamble, or a reason why these bytes are not one. */
export function decodePreamble(b: Uint8Array): Preamble | string {
  const looksLikeOne = b.length >= 6 && b[0] === PREAMBLE_MARK && MAGIC.every((m, i) => b[1 + i] === m);
  if (looksLikeOne && b[5] === 1 && b.length === PREAMBLE_V1_BYTES)
    return 'peer sends preamble version 1 (a qkdd without pre-shared key fingerprints); run the same qkdd version on both nodes';
  if (looksLikeOne && b[5] === 2 && b.length === PREAMBLE_V2_BYTES)
    return (
      'peer sends preamble version 2 (a qkdd of peer protocol 1, a tag on every message); this node speaks protocol 2 ' +
      '(transcript authentication) and the two do not interoperate: run the same qkdd version on both nodes'
    );
  if (b.length !== PREAMBLE_BYTES) return `preamble is ${b.length} bytes, expected ${PREAMBLE_BYTES}`;
  if (!looksLikeOne) return 'not a qkdd peer preamble';
  if (b[5] !== PREAMBLE_VERSION) return `unsupported preamble version ${b[5]}`;
  if (b[6] > 1) return `bad side ${b[6]}`;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const hi = v.getUint32(12);
  if (hi >= 0x200000) return 'position beyond 2^53';
  const fingerprint = b.slice(FINGERPRINT_OFFSET, FINGERPRINT_OFFSET + FINGERPRINT_BYTES);
  return {
    side: b[6] as 0 | 1,
    points: b[7],
    chunkMessages: v.getUint32(8),
    positionBits: hi * 4294967296 + v.getUint32(16),
    pskFingerprint: fingerprint.some((x) => x !== 0) ? fingerprint : undefined,
    maxSpanBytes: v.getUint32(SPAN_OFFSET),
  };
}
