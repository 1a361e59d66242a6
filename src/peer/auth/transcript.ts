/**
 * The running transcript of one direction of a peer session: every frame a
 * side sends (or receives) since that direction's previous tagged frame, fed
 * into the Wegman–Carter polynomial hash as it goes, so the tag of the next
 * tagged frame covers all of them (../PROTOCOL.md, "Transcript
 * authentication").
 *
 * Encoding (injective, so two different frame sequences never hash as the
 * same message): for each frame, in seq order,
 *
 *     u64 LE byte length of the frame ‖ the frame's authenticated bytes
 *     ‖ zero bytes up to the next 8-byte boundary
 *
 * where a frame's authenticated bytes are its header and payload (../frame.ts;
 * the tag is not part of it). The concatenation is hashed with the
 * length-encoded polynomial hash of src/pipeline/gf2/poly-hash.ts, once per
 * evaluation point, in one streaming pass (`PolyHashStream`). Parsing the
 * encoding back is unambiguous: read a length, take that many bytes, skip
 * the padding, repeat; so T ≠ T' as frame sequences implies different
 * messages for the hash, and the forgery bound of ./wegman-carter.ts
 * applies with L = `blocks` 64-bit blocks.
 */
import type { Gf64TableMultiplier } from '../../pipeline/gf2/gf64-table-multiplier.ts';
import { PolyHashStream } from '../../pipeline/gf2/poly-hash.ts';

/** Bytes a frame of `frameBytes` authenticated bytes adds to the encoded transcript. */
export function transcriptBytesFor(frameBytes: number): number {
  return 8 + Math.ceil(frameBytes / 8) * 8;
}

export class Transcript {
  private readonly streams: PolyHashStream[];
  private readonly lengthBlock = new Uint8Array(8);
  private count = 0;

  /** One stream per evaluation point of the authenticator (./wegman-carter.ts `newTranscript`). */
  constructor(mults: readonly Gf64TableMultiplier[]) {
    this.streams = mults.map((m) => new PolyHashStream(m));
  }

  /** Frames fed since the last reset. */
  get frames(): number {
    return this.count;
  }

  /** Bytes of the encoded transcript so far (lengths and padding included). */
  get encodedBytes(): number {
    return this.streams[0].byteLength;
  }

  /** Appends one frame's authenticated bytes (header ‖ payload). */
  addFrame(frame: Uint8Array): void {
    const n = frame.length;
    const b = this.lengthBlock;
    b[0] = n & 255;
    b[1] = (n >>> 8) & 255;
    b[2] = (n >>> 16) & 255;
    b[3] = (n >>> 24) & 255;
    // Frames are below 2^32 bytes (maxFrameBytes ≤ 2^32 − 1): the high word is zero.
    for (const s of this.streams) {
      s.update(b);
      s.update(frame);
      s.padToBlock();
    }
    this.count++;
  }

  /** The hash of the transcript under each point, [lo, hi] per point into out (2·points words). State unchanged. */
  digest(out: Uint32Array): void {
    for (let p = 0; p < this.streams.length; p++) this.streams[p].digest(out, 2 * p);
  }

  /** Starts a new span (after a tagged frame, or when the receiver discards an unverifiable span). */
  reset(): void {
    for (const s of this.streams) s.reset();
    this.count = 0;
  }
}
