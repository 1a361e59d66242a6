/**
 * Wegman–Carter authentication of peer messages: of one message (`tag`,
 * `verify`), or of a direction's transcript since its previous tag
 * (`newTranscript`, `tagTranscript`, `verifyTranscript`; ./transcript.ts),
 * which is what the channel tags (../PROTOCOL.md, "Transcript
 * authentication").
 *
 *     tag = h_k1(m) ‖ ... ‖ h_kt(m)  ⊕  r,
 * where h is the length-encoded polynomial hash over GF(2^64) of
 * src/pipeline/gf2/poly-hash.ts, k1..kt (t = `points`, 64 bits each) is the
 * hash key, reused for every message of a session, and r (64·t bits) is a
 * fresh one-time pad per message, never used for another message.
 *
 * Security. h_k is ε-almost-XOR-universal with ε = (L + 1)/2^64 for messages
 * of at most L 64-bit blocks (proof in poly-hash.ts); t independent keys give
 * ε^t. Wegman & Carter (JCSS 22, 1981) introduced the hash-then-pad
 * construction; Krawczyk ("LFSR-based hashing and authentication", CRYPTO '94,
 * Thm. 4) proves that with an ε-AXU family and a fresh pad per message the
 * hash key can be reused across messages and each forgery attempt (a new
 * message, or a changed one in the place of an observed one) succeeds with
 * probability ≤ ε, whatever the adversary saw (see also Stinson, "Universal
 * hashing and authentication codes", Des. Codes Cryptogr. 4, 1994). Against q
 * attempts the union bound gives q·ε (Portmann, "Key recycling in
 * authentication", IEEE Trans. Inf. Theory 60, 2014, shows the composable
 * version, with the hash key recycled while messages are accepted; the channel
 * closes the session after `maxAuthFailures` rejections and the next session
 * takes a fresh hash key).
 *
 * Figures: messages up to 16 MiB (2^21 blocks) give ε ≈ 2^−43 per point, so
 * the default t = 2 (128-bit tag, 128 bits of pad per message) gives 2^−86 per
 * attempt; a 1 KiB message gives 2^−57 per point.
 */
import { Gf64TableMultiplier } from '../../pipeline/gf2/gf64-table-multiplier.ts';
import { polyHashBoundLog2, polyHashBytes } from '../../pipeline/gf2/poly-hash.ts';
import { Transcript } from './transcript.ts';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';

/** Bytes of hash key, of pad and of tag per evaluation point. */
export const WC_POINT_BYTES = 8;

/** log2 of the per-attempt forgery bound ε^t for messages of at most maxMessageBytes bytes. */
export function wegmanCarterForgeryLog2(maxMessageBytes: number, points: number): number {
  return points * polyHashBoundLog2(maxMessageBytes * 8);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

function readU32LE(b: Uint8Array, p: number): number {
  return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
}

export class WegmanCarterAuthenticator {
  readonly points: number;
  readonly tagBytes: number;
  private readonly mults: Gf64TableMultiplier[];
  private readonly hash: Uint32Array;

  /** `hashKey`: 8 bytes per point (the caller zeroes its copy). */
  constructor(hashKey: Uint8Array) {
    if (hashKey.length === 0 || hashKey.length % WC_POINT_BYTES !== 0) {
      throw new QkdError(QkdErrorCode.PeerInvalidArgument, `hash key must be 8 bytes per point, got ${hashKey.length} bytes`);
    }
    this.points = hashKey.length / WC_POINT_BYTES;
    this.tagBytes = hashKey.length;
    this.mults = [];
    for (let p = 0; p < this.points; p++)
      this.mults.push(new Gf64TableMultiplier(readU32LE(hashKey, 8 * p), readU32LE(hashKey, 8 * p + 4)));
    this.hash = new Uint32Array(2 * this.points);
  }

  /** Write the tag of `data` under pad `pad` (tagBytes bytes) into out[offset..offset+tagBytes). */
  tag(data: Uint8Array, pad: Uint8Array, out: Uint8Array, offset = 0): void {
    this.checkPad(pad);
    const h = this.hash;
    for (let p = 0; p < this.points; p++) polyHashBytes(this.mults[p], data, h, 2 * p);
    for (let i = 0; i < this.tagBytes; i++) out[offset + i] = ((h[i >>> 2] >>> (8 * (i & 3))) & 255) ^ pad[i];
    h.fill(0);
  }

  /** Whether `tag` is the tag of `data` under `pad`; compares every byte (no early exit). */
  verify(data: Uint8Array, pad: Uint8Array, tag: Uint8Array): boolean {
    if (tag.length !== this.tagBytes) return false;
    const expected = new Uint8Array(this.tagBytes);
    this.tag(data, pad, expected);
    return sameBytes(expected, tag);
  }

  /** An empty transcript hashed under this authenticator's key (one stream per point). */
  newTranscript(): Transcript {
    return new Transcript(this.mults);
  }

  /** Write h_k(transcript) ⊕ pad into out[offset..offset+tagBytes); the transcript is unchanged. */
  tagTranscript(transcript: Transcript, pad: Uint8Array, out: Uint8Array, offset = 0): void {
    this.checkPad(pad);
    const h = this.hash;
    transcript.digest(h);
    for (let i = 0; i < this.tagBytes; i++) out[offset + i] = ((h[i >>> 2] >>> (8 * (i & 3))) & 255) ^ pad[i];
    h.fill(0);
  }

  /** Whether `tag` is h_k(transcript) ⊕ pad; compares every byte (no early exit). */
  verifyTranscript(transcript: Transcript, pad: Uint8Array, tag: Uint8Array): boolean {
    if (tag.length !== this.tagBytes) return false;
    const expected = new Uint8Array(this.tagBytes);
    this.tagTranscript(transcript, pad, expected);
    return sameBytes(expected, tag);
  }

  /** Zero the tables derived from the hash key. */
  destroy(): void {
    for (const m of this.mults) m.table.fill(0);
  }

  private checkPad(pad: Uint8Array): void {
    if (pad.length !== this.tagBytes)
      throw new QkdError(QkdErrorCode.PeerInvalidArgument, `pad must be ${this.tagBytes} bytes, got ${pad.length}`);
  }
}
