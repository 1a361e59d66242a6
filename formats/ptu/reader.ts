/**
 * Reads a PTU file of T2 records back into time tags, in batches of typed
 * arrays (channels Uint8Array, timestampsPs Float64Array) and constant
 * memory: the header is parsed and checked at open (record type, resolution,
 * that the records the header declares are all there), then records are read
 * a chunk at a time. Every problem is a QkdError RecordingFileInvalid naming
 * the file, the byte offset and what was expected.
 *
 * Channels are the T2 input indices counted from 0 (qkdd writes its tagger
 * channels as they are); sync-input events come as channel SYNC_CHANNEL (255);
 * markers are skipped and counted.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import { type BenchRecordingInfo, benchInfoOf } from './bench-header.ts';
import { type ByteSource, bytesSource, invalidFile, type PtuHeader, parsePtuHeader } from './header.ts';
import { recordTypeName } from './layout.ts';
import { type T2DecodeStats, type T2Kind, T2RecordDecoder, t2KindOf } from './t2-records.ts';

/** One batch of tags; the arrays are views valid until the next batch. */
export interface TagBatchView {
  readonly channels: Uint8Array;
  readonly timestampsPs: Float64Array;
  readonly count: number;
}

const DEFAULT_BATCH_RECORDS = 1 << 16;

export class PtuReader {
  readonly header: PtuHeader;
  readonly bench: BenchRecordingInfo;
  readonly recordType: number;
  readonly numberOfRecords: number;
  readonly globalResolutionS: number;
  /** Offset of the first record. */
  readonly recordsOffset: number;
  private readonly kind: T2Kind;
  /** Markers, syncs and overflows met by the last `batches()` run. */
  stats: T2DecodeStats = { overflows: 0, markers: 0, syncs: 0 };

  constructor(
    private readonly src: ByteSource,
    readonly file: string,
  ) {
    const { header, recordsOffset } = parsePtuHeader(src, file);
    this.header = header;
    this.recordsOffset = recordsOffset;
    this.bench = benchInfoOf(header);
    const required = (ident: string): number => {
      const v = header.number(ident);
      if (v === undefined) throw invalidFile(file, recordsOffset, `the header has no ${ident} tag (a PTU file of T2 records needs it)`);
      return v;
    };
    this.recordType = required('TTResultFormat_TTTRRecType');
    const kind = t2KindOf(this.recordType);
    if (!kind) {
      const name = recordTypeName(this.recordType);
      throw new QkdError(
        QkdErrorCode.RecordingFileInvalid,
        `${file}: record type ${name ?? `0x${this.recordType.toString(16).padStart(8, '0')}`} is not a T2 record type we read` +
          `${name?.endsWith('T3') ? ' (T3 times are relative to the sync; record in T2 mode)' : ''}`,
        { file, recordType: this.recordType },
      );
    }
    this.kind = kind;
    const bits = header.number('TTResultFormat_BitsPerRecord');
    if (bits !== undefined && bits !== 32)
      throw invalidFile(file, recordsOffset, `TTResultFormat_BitsPerRecord is ${bits}; T2 records are 32 bits`);
    this.globalResolutionS = required('MeasDesc_GlobalResolution');
    if (!(this.globalResolutionS > 0 && this.globalResolutionS < 1))
      throw invalidFile(file, recordsOffset, `MeasDesc_GlobalResolution ${this.globalResolutionS} s is not a time-tag resolution`);
    this.numberOfRecords = required('TTResult_NumberOfRecords');
    const available = src.size - recordsOffset;
    const declared = this.numberOfRecords * 4;
    if (this.numberOfRecords < 0) throw invalidFile(file, recordsOffset, `TTResult_NumberOfRecords is ${this.numberOfRecords}`);
    if (available < declared) {
      const firstMissing = Math.floor(available / 4);
      throw invalidFile(
        file,
        recordsOffset + firstMissing * 4,
        `file truncated: expected record ${firstMissing} of the ${this.numberOfRecords} the header declares (4 bytes each), ` +
          `the file ends after ${src.size} bytes`,
        { expected: 'record', record: firstMissing, fileSize: src.size },
      );
    }
    if (available > declared) {
      throw invalidFile(
        file,
        recordsOffset + declared,
        `${available - declared} bytes follow the ${this.numberOfRecords} records the header declares` +
          `${this.numberOfRecords === 0 ? ' (a recording that was not closed?)' : ''}`,
        { expected: 'end of file', fileSize: src.size },
      );
    }
  }

  /** Open a file (closed again by `close()`). */
  static open(path: string): PtuReader & { close(): void } {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new QkdError(
        code === 'ENOENT' ? QkdErrorCode.FileMissing : QkdErrorCode.FileUnusable,
        `${path}: cannot open the recording (${code === 'ENOENT' ? 'no such file' : (code ?? (err as Error).message)})`,
        { file: path, errno: code },
        { cause: err },
      );
    }
    const size = fstatSync(fd).size;
    const scratch = { buf: new Uint8Array(1 << 16) };
    const src: ByteSource = {
      size,
      read: (offset, length) => {
        const n = Math.max(0, Math.min(length, size - offset));
        if (scratch.buf.length < n) scratch.buf = new Uint8Array(n);
        let got = 0;
        while (got < n) {
          const r = readSync(fd, scratch.buf, got, n - got, offset + got);
          if (r === 0) break;
          got += r;
        }
        return scratch.buf.subarray(0, got);
      },
    };
    try {
      const reader = new PtuReader(src, path) as PtuReader & { close(): void };
      reader.close = () => closeSync(fd);
      return reader;
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  /** A PTU file held in memory. */
  static fromBytes(bytes: Uint8Array, label = 'PTU bytes'): PtuReader {
    return new PtuReader(bytesSource(bytes), label);
  }

  /** Tags in batches of up to `batchRecords` records; the views are reused. */
  *batches(batchRecords = DEFAULT_BATCH_RECORDS): Generator<TagBatchView> {
    const decoder = new T2RecordDecoder(this.kind, this.globalResolutionS);
    this.stats = decoder.stats;
    const words = new Uint32Array(batchRecords);
    const wordBytes = new Uint8Array(words.buffer);
    const channels = new Uint8Array(batchRecords);
    const timestampsPs = new Float64Array(batchRecords);
    let record = 0;
    while (record < this.numberOfRecords) {
      const n = Math.min(batchRecords, this.numberOfRecords - record);
      const offset = this.recordsOffset + record * 4;
      const bytes = this.src.read(offset, n * 4);
      if (bytes.length < n * 4) {
        throw invalidFile(this.file, offset + bytes.length, 'file truncated while reading records (did it shrink?)', {
          expected: 'record',
        });
      }
      wordBytes.set(bytes.subarray(0, n * 4));
      const got = decoder.decode(words, n, channels, timestampsPs);
      if (typeof got !== 'number') {
        throw invalidFile(this.file, offset + got.recordIndex * 4, `record ${record + got.recordIndex}: ${got.message}`, {
          expected: 'record',
          record: record + got.recordIndex,
        });
      }
      record += n;
      if (got > 0) yield { channels: channels.subarray(0, got), timestampsPs: timestampsPs.subarray(0, got), count: got };
    }
  }

  /** Every tag in two arrays (for small files: tests, replays of short runs). */
  readAll(): { channels: Uint8Array; timestampsPs: Float64Array } {
    const channels = new Uint8Array(this.numberOfRecords);
    const timestampsPs = new Float64Array(this.numberOfRecords);
    let n = 0;
    for (const b of this.batches()) {
      channels.set(b.channels, n);
      timestampsPs.set(b.timestampsPs, n);
      n += b.count;
    }
    return { channels: channels.slice(0, n), timestampsPs: timestampsPs.slice(0, n) };
  }
}
