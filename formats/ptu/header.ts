/**
 * The PTU tagged header (layout.ts): typed tag values, the encoder the writer
 * uses, and the parser the reader uses. Every problem the parser finds is a
 * QkdError RecordingFileInvalid naming the file, the byte offset and what was
 * expected there, so that a truncated or damaged recording says where.
 */
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import {
  HEADER_END,
  PTU_MAGIC,
  PTU_PREAMBLE_BYTES,
  PTU_VERSION,
  TAG_ENTRY_BYTES,
  TAG_IDENT_BYTES,
  TAG_TYPE,
  TDATETIME_UNIX_EPOCH_DAYS,
  type TagTypeName,
  tagTypeName,
} from './layout.ts';

export type PtuTagValue =
  | { readonly type: 'Empty8' }
  | { readonly type: 'Bool8'; readonly value: boolean }
  | { readonly type: 'Int8'; readonly value: number }
  | { readonly type: 'BitSet64'; readonly value: bigint }
  | { readonly type: 'Color8'; readonly value: bigint }
  | { readonly type: 'Float8'; readonly value: number }
  | { readonly type: 'TDateTime'; readonly value: Date }
  | { readonly type: 'Float8Array'; readonly value: Float64Array }
  | { readonly type: 'AnsiString'; readonly value: string }
  | { readonly type: 'WideString'; readonly value: string }
  | { readonly type: 'BinaryBlob'; readonly value: Uint8Array };

export interface PtuTag {
  /** At most 31 ASCII characters. */
  readonly ident: string;
  /** −1 for a plain tag, 0.. for an element of an indexed tag. */
  readonly index: number;
  readonly value: PtuTagValue;
}

/** Largest header we read (blobs included): beyond it the file is not a recording of ours or is damaged. */
const MAX_HEADER_BYTES = 64 << 20;

/** A header as read: its version, its tags in file order, and lookups. */
export class PtuHeader {
  constructor(
    readonly version: string,
    readonly tags: readonly PtuTag[],
  ) {}

  get(ident: string, index = -1): PtuTagValue | undefined {
    return this.tags.find((t) => t.ident === ident && t.index === index)?.value;
  }

  /** A numeric tag (Int8, Float8, Bool8 as 0/1), or undefined. */
  number(ident: string, index = -1): number | undefined {
    const v = this.get(ident, index);
    if (!v) return undefined;
    if (v.type === 'Int8' || v.type === 'Float8') return v.value;
    if (v.type === 'Bool8') return v.value ? 1 : 0;
    return undefined;
  }

  string(ident: string, index = -1): string | undefined {
    const v = this.get(ident, index);
    return v && (v.type === 'AnsiString' || v.type === 'WideString') ? v.value : undefined;
  }

  date(ident: string, index = -1): Date | undefined {
    const v = this.get(ident, index);
    return v?.type === 'TDateTime' ? v.value : undefined;
  }
}

// ---- encoding -------------------------------------------------------------------

/** Bytes of one tag entry and its trailing data. */
function encodeTag(tag: PtuTag): Uint8Array {
  const { ident, index, value } = tag;
  if (!/^[\x20-\x7e]{1,31}$/.test(ident)) throw new RangeError(`PTU tag identifier '${ident}' must be 1..31 printable ASCII characters`);
  if (!Number.isInteger(index) || index < -1 || index > 0x7fffffff) throw new RangeError(`PTU tag ${ident}: index ${index} out of range`);
  let trailing: Uint8Array = new Uint8Array(0);
  switch (value.type) {
    case 'Float8Array': {
      const copy = new Float64Array(value.value);
      trailing = new Uint8Array(copy.buffer);
      break;
    }
    case 'AnsiString':
      trailing = padTo8(new TextEncoder().encode(value.value), 1);
      break;
    case 'WideString': {
      const units = new Uint16Array(value.value.length + 1);
      for (let i = 0; i < value.value.length; i++) units[i] = value.value.charCodeAt(i);
      trailing = padTo8(new Uint8Array(units.buffer), 0);
      break;
    }
    case 'BinaryBlob':
      trailing = value.value;
      break;
  }
  const out = new Uint8Array(TAG_ENTRY_BYTES + trailing.length);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(ident), 0);
  view.setInt32(32, index, true);
  view.setUint32(36, TAG_TYPE[value.type], true);
  switch (value.type) {
    case 'Empty8':
      break;
    case 'Bool8':
      view.setBigInt64(40, value.value ? 1n : 0n, true);
      break;
    case 'Int8':
      if (!Number.isSafeInteger(value.value)) throw new RangeError(`PTU tag ${ident}: Int8 value ${value.value} is not a safe integer`);
      view.setBigInt64(40, BigInt(value.value), true);
      break;
    case 'BitSet64':
    case 'Color8':
      view.setBigUint64(40, BigInt.asUintN(64, value.value), true);
      break;
    case 'Float8':
      view.setFloat64(40, value.value, true);
      break;
    case 'TDateTime':
      view.setFloat64(40, value.value.getTime() / 86_400_000 + TDATETIME_UNIX_EPOCH_DAYS, true);
      break;
    default:
      view.setBigInt64(40, BigInt(trailing.length), true);
      out.set(trailing, TAG_ENTRY_BYTES);
  }
  return out;
}

/** NUL-terminated and padded to a multiple of 8 bytes, as PicoQuant's own software writes strings. */
function padTo8(bytes: Uint8Array, terminator: number): Uint8Array {
  const len = Math.ceil((bytes.length + terminator) / 8) * 8;
  const out = new Uint8Array(len);
  out.set(bytes);
  return out;
}

export interface EncodedHeader {
  readonly bytes: Uint8Array;
  /** Byte offset of each plain tag's 8-byte value field (for values patched when the recording closes). */
  readonly valueOffsets: ReadonlyMap<string, number>;
}

/** Magic, version, the tags in order, then Header_End (appended here). */
export function encodePtuHeader(tags: readonly PtuTag[]): EncodedHeader {
  const parts: Uint8Array[] = [];
  const preamble = new Uint8Array(PTU_PREAMBLE_BYTES);
  preamble.set(new TextEncoder().encode(PTU_MAGIC), 0);
  preamble.set(new TextEncoder().encode(PTU_VERSION), 8);
  parts.push(preamble);
  const valueOffsets = new Map<string, number>();
  let offset = PTU_PREAMBLE_BYTES;
  for (const tag of [...tags, { ident: HEADER_END, index: -1, value: { type: 'Empty8' } } as const]) {
    const bytes = encodeTag(tag);
    if (tag.index === -1) valueOffsets.set(tag.ident, offset + 40);
    parts.push(bytes);
    offset += bytes.length;
  }
  const out = new Uint8Array(offset);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return { bytes: out, valueOffsets };
}

/** The 8 value bytes of an Int8 tag (to patch a count in place). */
export function int8ValueBytes(value: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, BigInt(value), true);
  return out;
}

// ---- parsing --------------------------------------------------------------------

/** Random access to a file's bytes (sync), as the reader and the tests give it. */
export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes at `offset` (fewer at the end of the file). */
  read(offset: number, length: number): Uint8Array;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)) };
}

export function invalidFile(file: string, offset: number, message: string, details: Record<string, unknown> = {}): QkdError {
  return new QkdError(QkdErrorCode.RecordingFileInvalid, `${file}: byte ${offset}: ${message}`, { file, offset, ...details });
}

/** Read exactly `length` bytes at `offset`, or fail naming what was expected there. */
function readExact(src: ByteSource, file: string, offset: number, length: number, what: string): Uint8Array {
  const bytes = src.read(offset, length);
  if (bytes.length < length) {
    throw invalidFile(file, offset, `file truncated: expected ${what} (${length} bytes), the file ends after ${src.size} bytes`, {
      expected: what,
      fileSize: src.size,
    });
  }
  return bytes;
}

function asciiz(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return new TextDecoder('latin1').decode(end < 0 ? bytes : bytes.subarray(0, end));
}

/** Parse magic, version and tags up to Header_End; returns the header and the offset of the first record. */
export function parsePtuHeader(src: ByteSource, file: string): { header: PtuHeader; recordsOffset: number } {
  const magic = readExact(src, file, 0, 8, "the magic 'PQTTTR'");
  if (new TextDecoder('latin1').decode(magic) !== PTU_MAGIC) {
    throw invalidFile(file, 0, `expected the magic 'PQTTTR' of a PicoQuant PTU file, found '${printable(magic)}'`, {
      expected: 'magic',
    });
  }
  const version = asciiz(readExact(src, file, 8, 8, 'the format version'));
  const tags: PtuTag[] = [];
  let offset = PTU_PREAMBLE_BYTES;
  for (;;) {
    if (offset > MAX_HEADER_BYTES) throw invalidFile(file, offset, `no Header_End tag in the first ${MAX_HEADER_BYTES} bytes`);
    const entry = readExact(src, file, offset, TAG_ENTRY_BYTES, `a ${TAG_ENTRY_BYTES}-byte tag entry (identifier, index, type, value)`);
    const view = new DataView(entry.buffer, entry.byteOffset, entry.byteLength);
    const identBytes = entry.subarray(0, TAG_IDENT_BYTES);
    const ident = asciiz(identBytes);
    if (ident.length === 0 || !/^[\x20-\x7e]+$/.test(ident)) {
      throw invalidFile(file, offset, `expected a tag identifier (printable ASCII), found '${printable(identBytes)}'`, {
        expected: 'tag identifier',
      });
    }
    const index = view.getInt32(32, true);
    const typeCode = view.getUint32(36, true);
    const type = tagTypeName(typeCode);
    if (!type) {
      throw invalidFile(file, offset + 36, `tag '${ident}': unknown tag type 0x${typeCode.toString(16).padStart(8, '0')}`, {
        expected: 'tag type',
        tag: ident,
      });
    }
    const valueOffset = offset + 40;
    offset += TAG_ENTRY_BYTES;
    let value: PtuTagValue;
    if (isVariableLength(type)) {
      const length = Number(view.getBigInt64(40, true));
      if (length < 0 || length > MAX_HEADER_BYTES || (type === 'Float8Array' && length % 8 !== 0)) {
        throw invalidFile(file, valueOffset, `tag '${ident}': ${type} length ${length} is not a valid byte count`, {
          expected: 'byte count',
          tag: ident,
        });
      }
      const data = readExact(src, file, offset, length, `the ${length} bytes of tag '${ident}' (${type})`).slice();
      offset += length;
      value = variableValue(type, data);
    } else {
      value = fixedValue(type, view);
    }
    tags.push({ ident, index, value });
    if (ident === HEADER_END) break;
  }
  return { header: new PtuHeader(version, tags), recordsOffset: offset };
}

function isVariableLength(type: TagTypeName): type is 'Float8Array' | 'AnsiString' | 'WideString' | 'BinaryBlob' {
  return type === 'Float8Array' || type === 'AnsiString' || type === 'WideString' || type === 'BinaryBlob';
}

function variableValue(type: 'Float8Array' | 'AnsiString' | 'WideString' | 'BinaryBlob', data: Uint8Array): PtuTagValue {
  switch (type) {
    case 'Float8Array': {
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      const values = new Float64Array(data.length / 8);
      for (let i = 0; i < values.length; i++) values[i] = view.getFloat64(i * 8, true);
      return { type, value: values };
    }
    case 'AnsiString': {
      const end = data.indexOf(0);
      const bytes = end < 0 ? data : data.subarray(0, end);
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        text = new TextDecoder('latin1').decode(bytes);
      }
      return { type, value: text };
    }
    case 'WideString': {
      let text = new TextDecoder('utf-16le').decode(data);
      const end = text.indexOf('\0');
      if (end >= 0) text = text.slice(0, end);
      return { type, value: text };
    }
    case 'BinaryBlob':
      return { type, value: data };
  }
}

function fixedValue(type: Exclude<TagTypeName, 'Float8Array' | 'AnsiString' | 'WideString' | 'BinaryBlob'>, view: DataView): PtuTagValue {
  switch (type) {
    case 'Empty8':
      return { type };
    case 'Bool8':
      return { type, value: view.getBigInt64(40, true) !== 0n };
    case 'Int8':
      return { type, value: Number(view.getBigInt64(40, true)) };
    case 'BitSet64':
    case 'Color8':
      return { type, value: view.getBigUint64(40, true) };
    case 'Float8':
      return { type, value: view.getFloat64(40, true) };
    case 'TDateTime':
      return { type, value: new Date(Math.round((view.getFloat64(40, true) - TDATETIME_UNIX_EPOCH_DAYS) * 86_400_000)) };
  }
}

function printable(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 32), (b) =>
    b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`,
  ).join('');
}
