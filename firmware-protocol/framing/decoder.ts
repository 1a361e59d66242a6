/**
 * Streaming frame decoder: feed it arbitrary chunks of the byte stream, get
 * back whole frames and, for everything it had to drop, a `discarded` event
 * saying how many bytes and why — so resynchronisation is visible and
 * counted (STYLE.md §3). It never throws on any input; after any garbage it
 * resynchronises at the next 0x00.
 *
 * Allocation: one preallocated buffer for a partial frame that spans chunks
 * and one for the un-stuffed frame; a frame whole inside one chunk is
 * un-stuffed straight from the chunk. Each emitted payload is a fresh copy
 * the consumer owns.
 */
import { COBS_TOO_LONG, cobsDecodeInto } from './cobs.ts';
import { FRAME_DELIMITER, FRAMING_VERSION, MAX_ENCODED_FRAME_BYTES, MAX_FRAME_BYTES } from './constants.ts';
import { checkFrame } from './frame.ts';

export type DiscardReason =
  /** COBS structure broken (a group runs past the delimiter). */
  | 'cobs'
  /** CRC-32C mismatch. */
  | 'crc'
  /** Longer than MAX_FRAME_BYTES once un-stuffed, or than MAX_ENCODED_FRAME_BYTES on the wire. */
  | 'too-long'
  /** CRC fine but the version byte is not one this decoder accepts. */
  | 'version'
  /** Too short to hold the version byte and the CRC. */
  | 'empty';

export type DecoderEvent =
  | { kind: 'frame'; version: number; payload: Uint8Array }
  /** `bytes`: how many raw stream bytes were dropped, the delimiter included. */
  | { kind: 'discarded'; bytes: number; reason: DiscardReason };

export interface DecoderStats {
  /** Every byte pushed. */
  bytesIn: number;
  frames: number;
  /** Wire bytes of accepted frames, delimiters included. */
  frameBytes: number;
  discardedFrames: number;
  /** Wire bytes covered by `discarded` events, delimiters included. */
  discardedBytes: number;
  /** Lone delimiters (idle fill or a flush before a frame); not an error. */
  idleBytes: number;
  /** Bytes of a partial frame awaiting its delimiter. */
  pendingBytes: number;
}

export interface FrameDecoderOptions {
  /** Version bytes to accept; default: FRAMING_VERSION only. */
  acceptVersions?: readonly number[];
}

export class FrameDecoder {
  private readonly raw = new Uint8Array(MAX_ENCODED_FRAME_BYTES);
  private readonly unstuffed = new Uint8Array(MAX_FRAME_BYTES);
  private rawLength = 0;
  /** Bytes seen since the current frame outgrew the raw buffer; -1 when not overflowing. */
  private overflowBytes = -1;
  private readonly acceptVersion: (v: number) => boolean;
  private readonly counters = {
    bytesIn: 0,
    frames: 0,
    frameBytes: 0,
    discardedFrames: 0,
    discardedBytes: 0,
    idleBytes: 0,
  };

  constructor(options: FrameDecoderOptions = {}) {
    const versions = options.acceptVersions ?? [FRAMING_VERSION];
    if (versions.length === 0 || versions.some((v) => !Number.isInteger(v) || v < 0 || v > 255)) {
      throw new RangeError(`acceptVersions must be a non-empty list of bytes, got [${versions.join(', ')}]`);
    }
    const set = new Set(versions);
    this.acceptVersion = (v) => set.has(v);
  }

  get stats(): DecoderStats {
    return { ...this.counters, pendingBytes: this.overflowBytes >= 0 ? this.overflowBytes : this.rawLength };
  }

  /** Feed a chunk; returns the events it completed, in stream order. */
  push(chunk: Uint8Array): DecoderEvent[] {
    const events: DecoderEvent[] = [];
    this.counters.bytesIn += chunk.length;
    let pos = 0;
    while (pos < chunk.length) {
      const z = chunk.indexOf(FRAME_DELIMITER, pos);
      const segEnd = z === -1 ? chunk.length : z;
      const segLength = segEnd - pos;
      if (this.overflowBytes >= 0) {
        this.overflowBytes += segLength;
      } else if (this.rawLength + segLength > MAX_ENCODED_FRAME_BYTES) {
        // Cannot be a valid frame: stop buffering, just count until the delimiter.
        this.overflowBytes = this.rawLength + segLength;
        this.rawLength = 0;
      } else if (z !== -1 && this.rawLength === 0) {
        // Whole frame inside this chunk: un-stuff straight from it.
        this.finish(chunk, pos, segEnd, events);
        pos = z + 1;
        continue;
      } else {
        this.raw.set(chunk.subarray(pos, segEnd), this.rawLength);
        this.rawLength += segLength;
      }
      if (z === -1) break;
      if (this.overflowBytes >= 0) {
        this.discard(this.overflowBytes + 1, 'too-long', events);
        this.overflowBytes = -1;
      } else {
        const n = this.rawLength;
        this.rawLength = 0;
        this.finish(this.raw, 0, n, events);
      }
      pos = z + 1;
    }
    return events;
  }

  /** One block between delimiters, `src[start, end)`; the delimiter is counted here too. */
  private finish(src: Uint8Array, start: number, end: number, events: DecoderEvent[]): void {
    const wireBytes = end - start + 1;
    if (end === start) {
      this.counters.idleBytes += 1;
      return;
    }
    const n = cobsDecodeInto(src, start, end, this.unstuffed, 0, MAX_FRAME_BYTES);
    if (n < 0) {
      this.discard(wireBytes, n === COBS_TOO_LONG ? 'too-long' : 'cobs', events);
      return;
    }
    const check = checkFrame(this.unstuffed, n, this.acceptVersion);
    if (!check.ok) {
      this.discard(wireBytes, check.reason, events);
      return;
    }
    this.counters.frames += 1;
    this.counters.frameBytes += wireBytes;
    events.push({ kind: 'frame', version: check.version, payload: this.unstuffed.slice(1, n - 4) });
  }

  private discard(bytes: number, reason: DiscardReason, events: DecoderEvent[]): void {
    this.counters.discardedFrames += 1;
    this.counters.discardedBytes += bytes;
    events.push({ kind: 'discarded', bytes, reason });
  }
}
