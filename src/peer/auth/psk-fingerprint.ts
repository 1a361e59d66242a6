/**
 * The fingerprint of a link's pre-shared authentication key: a short value
 * that tells whether two nodes hold the same key file, safe to print, read
 * out over the phone and send in the clear. `qkdctl keys psk` prints it when
 * it writes the file; each node sends it in its session preamble
 * (../preamble.ts), so two different files are found at the first handshake
 * — before any key is taken — instead of showing up as authentication
 * failures.
 *
 *   fingerprint = SHA-256("qkdd psk fingerprint v1" ‖ 0x00 ‖ u64 BE key length
 *                         ‖ key ‖ UTF-8 link id)[0..8)
 *
 * printed as 16 lowercase hex digits. `key` is the decoded key (the bytes of
 * a binary file, or what the hex digits of a `.hex` file stand for), whole —
 * also the part already consumed — so the value never changes while the key
 * is used, and a hex and a binary copy of one key agree. The domain string
 * keeps it apart from any other hash of the same bytes; the link id makes
 * the same key on two links give two fingerprints; the fixed-width length
 * makes the encoding unambiguous (the key comes before the link id so a
 * source can hash the key once at open and add the link id later).
 *
 * What it reveals: nothing computable about the key — finding key bits from
 * it means inverting SHA-256 on an input of thousands of uniformly random
 * bytes. Information-theoretically it is one fixed 64-bit function of the
 * whole file, the same every session, so an unbounded adversary learns at
 * most 64 bits about the file in total, however long the link runs; that is
 * the price of a comparable checksum (the issue asks for one printed at both
 * ends), and is stated in ../PROTOCOL.md.
 */
import { createHash, type Hash } from 'node:crypto';

/** Bytes of a fingerprint (16 hex digits). */
export const PSK_FINGERPRINT_BYTES = 8;

const DOMAIN = 'qkdd psk fingerprint v1';

/** The fingerprint of `key` (the whole decoded pre-shared key) on link `linkId`, as 16 lowercase hex digits. */
export function pskFingerprint(key: Uint8Array, linkId: string): string {
  return fingerprintHex(pskFingerprintBytes(key, linkId));
}

/** The same fingerprint as 8 bytes (what the preamble carries). */
export function pskFingerprintBytes(key: Uint8Array, linkId: string): Uint8Array {
  return finishPskFingerprint(startPskFingerprint(key), linkId);
}

/** Hash state after the key: a source keeps it so it can zero the key and still fingerprint it for any link id. */
export function startPskFingerprint(key: Uint8Array): Hash {
  const length = Buffer.alloc(8);
  length.writeBigUInt64BE(BigInt(key.length));
  return createHash('sha256').update(DOMAIN).update(Buffer.of(0)).update(length).update(key);
}

/** Finish a fingerprint started by `startPskFingerprint`; `state` is left untouched (copied). */
export function finishPskFingerprint(state: Hash, linkId: string): Uint8Array {
  const digest = state.copy().update(linkId, 'utf8').digest();
  return new Uint8Array(digest.subarray(0, PSK_FINGERPRINT_BYTES));
}

export function fingerprintHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
