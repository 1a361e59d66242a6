/**
 * Length-prefixed framing on a byte stream (TCP): each frame is a u32
 * big-endian length followed by that many bytes. A length above `maxFrameBytes`
 * is fatal: with no resync marker the stream position is lost, so the
 * receiver reports it and the channel closes.
 *
 * The parser keeps one growable buffer (no per-chunk concatenation) and hands
 * out frames as copies, so callers may keep them.
 */
export const LENGTH_PREFIX_BYTES = 4;

export function encodeLengthPrefixed(frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(LENGTH_PREFIX_BYTES + frame.length);
  new DataView(out.buffer).setUint32(0, frame.length);
  out.set(frame, LENGTH_PREFIX_BYTES);
  return out;
}

export type ParsedFrame = { kind: 'frame'; frame: Uint8Array } | { kind: 'too-large'; length: number };

export class LengthPrefixedParser {
  private buf = new Uint8Array(4096);
  private start = 0;
  private end = 0;
  private failed = false;

  constructor(readonly maxFrameBytes: number) {
    if (!Number.isSafeInteger(maxFrameBytes) || maxFrameBytes < 1 || maxFrameBytes > 0xffffffff) {
      throw new RangeError(`maxFrameBytes must be in [1, 2^32 − 1], got ${maxFrameBytes}`);
    }
  }

  /** Bytes held of a frame not yet complete (0 between frames). */
  get pendingBytes(): number {
    return this.end - this.start;
  }

  /** Feed bytes; returns the complete frames they finish, in order. After 'too-large', nothing more. */
  push(chunk: Uint8Array): ParsedFrame[] {
    if (this.failed) return [];
    this.append(chunk);
    const out: ParsedFrame[] = [];
    while (this.end - this.start >= LENGTH_PREFIX_BYTES) {
      const b = this.buf;
      const s = this.start;
      const length = ((b[s] << 24) | (b[s + 1] << 16) | (b[s + 2] << 8) | b[s + 3]) >>> 0;
      if (length > this.maxFrameBytes) {
        this.failed = true;
        out.push({ kind: 'too-large', length });
        break;
      }
      if (this.end - s - LENGTH_PREFIX_BYTES < length) {
        // Incomplete: make room for the whole frame now, so a large frame costs one allocation, not a doubling series.
        this.reserve(LENGTH_PREFIX_BYTES + length);
        break;
      }
      out.push({ kind: 'frame', frame: b.slice(s + LENGTH_PREFIX_BYTES, s + LENGTH_PREFIX_BYTES + length) });
      this.start = s + LENGTH_PREFIX_BYTES + length;
    }
    if (this.start === this.end) this.start = this.end = 0;
    return out;
  }

  private append(chunk: Uint8Array): void {
    this.reserve(this.end - this.start + chunk.length);
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }

  /** Ensure room for `bytes` bytes from the start of the pending data (moving or growing the buffer). */
  private reserve(bytes: number): void {
    if (this.start + bytes <= this.buf.length) return;
    const pending = this.end - this.start;
    if (bytes <= this.buf.length) {
      this.buf.copyWithin(0, this.start, this.end);
    } else {
      const next = new Uint8Array(Math.max(bytes, this.buf.length * 2));
      next.set(this.buf.subarray(this.start, this.end));
      this.buf = next;
    }
    this.start = 0;
    this.end = pending;
  }
}
