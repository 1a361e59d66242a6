/**
 * Streams a time-tag recording into a PTU file in constant memory: the header
 * first (with the counts as zero), records as tags arrive (typed arrays in,
 * one reused output buffer, no object per tag), and at close the counts and
 * the acquisition time patched into their header slots. A recording that was
 * not closed therefore says 0 records while records follow it, which the
 * reader reports as such.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { benchHeaderTags, type BenchRecordingInfo, PATCHED_TAGS } from './bench-header.ts';
import { encodePtuHeader, int8ValueBytes, type PtuTag } from './header.ts';
import { T2RecordEncoder } from './t2-records.ts';

const FLUSH_BYTES = 1 << 20;

function assertLittleEndian(): void {
  if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new RangeError('PTU records are little-endian; this host is not');
}

export interface PtuWriterOptions {
  readonly bench: BenchRecordingInfo;
  readonly software?: { name: string; version: string };
  /** More header tags after the bench's. */
  readonly extraTags?: readonly PtuTag[];
}

export interface PtuWriteSummary {
  readonly tags: number;
  readonly records: number;
  readonly bytes: number;
}

/** Encodes a whole PTU file into memory chunks (tests, the bench line); the file writer below shares its parts. */
export class PtuStreamEncoder {
  readonly header: Uint8Array;
  private readonly offsets: ReadonlyMap<string, number>;
  private readonly encoder = new T2RecordEncoder();

  constructor(o: PtuWriterOptions) {
    assertLittleEndian();
    const encoded = encodePtuHeader([...benchHeaderTags(o.bench, o.software), ...(o.extraTags ?? [])]);
    this.header = encoded.bytes;
    this.offsets = encoded.valueOffsets;
  }

  /** The records of these tags, as bytes valid until the next call. */
  encode(channels: Uint8Array, timestampsPs: Float64Array, count = channels.length): Uint8Array {
    const records = this.encoder.encode(channels, timestampsPs, count);
    return new Uint8Array(records.buffer, records.byteOffset, records.byteLength);
  }

  get tags(): number {
    return this.encoder.tags;
  }

  get records(): number {
    return this.encoder.records;
  }

  /** The header patches for a closed recording: [byte offset, 8 value bytes]. */
  patches(acquisitionTimeMs: number): [number, Uint8Array][] {
    const at = (ident: string): number => {
      const o = this.offsets.get(ident);
      if (o === undefined) throw new RangeError(`header has no ${ident}`);
      return o;
    };
    const ms = Math.max(0, Math.round(acquisitionTimeMs));
    return [
      [at(PATCHED_TAGS.numberOfRecords), int8ValueBytes(this.records)],
      [at(PATCHED_TAGS.tagCount), int8ValueBytes(this.tags)],
      [at(PATCHED_TAGS.acquisitionTimeMs), int8ValueBytes(ms)],
      [at(PATCHED_TAGS.stopAfterMs), int8ValueBytes(ms)],
    ];
  }
}

export class PtuFileWriter {
  private readonly fd: number;
  private readonly stream: PtuStreamEncoder;
  private buffer = new Uint8Array(FLUSH_BYTES);
  private used = 0;
  private bytes = 0;
  private closed = false;

  private constructor(
    readonly path: string,
    o: PtuWriterOptions,
  ) {
    this.stream = new PtuStreamEncoder(o);
    this.fd = openSync(path, 'w', 0o644);
    try {
      this.write(this.stream.header);
    } catch (err) {
      closeSync(this.fd);
      throw err;
    }
  }

  /** Create (or truncate) `path` and write the header. */
  static create(path: string, o: PtuWriterOptions): PtuFileWriter {
    return new PtuFileWriter(path, o);
  }

  get tags(): number {
    return this.stream.tags;
  }

  /** Append tags [0, count): sorted, integer ps, channels 0..63. */
  append(channels: Uint8Array, timestampsPs: Float64Array, count = channels.length): void {
    if (this.closed) throw new RangeError(`${this.path}: recording already closed`);
    this.write(this.stream.encode(channels, timestampsPs, count));
  }

  /** Flush, patch the counts and the acquisition time into the header, close. */
  close(acquisitionTimeMs = 0): PtuWriteSummary {
    if (this.closed) throw new RangeError(`${this.path}: recording already closed`);
    this.closed = true;
    try {
      this.flush();
      for (const [offset, value] of this.stream.patches(acquisitionTimeMs)) writeSync(this.fd, value, 0, value.length, offset);
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
    }
    return { tags: this.stream.tags, records: this.stream.records, bytes: this.bytes };
  }

  /** Close without patching (an aborted recording keeps what was written, counts zero). */
  abandon(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }

  private write(bytes: Uint8Array): void {
    if (bytes.length > this.buffer.length - this.used) {
      this.flush();
      if (bytes.length > this.buffer.length) {
        writeAll(this.fd, bytes);
        this.bytes += bytes.length;
        return;
      }
    }
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
    this.bytes += bytes.length;
  }

  private flush(): void {
    if (this.used === 0) return;
    writeAll(this.fd, this.buffer.subarray(0, this.used));
    this.used = 0;
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let at = 0;
  while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
}
