/**
 * PicoQuant PTU time-tag files (T2 mode): the codec `qkdctl record` writes
 * with, and `qkdctl analyze` and `qkd-sim --replay` read with. See layout.ts
 * for the byte layout and bench-header.ts for the header tags we write.
 */
export {
  PTU_MAGIC,
  PTU_VERSION,
  TAG_TYPE,
  RECORD_TYPE,
  QKDD_RECORD_TYPE,
  T2_WRAP,
  SYNC_CHANNEL,
  MAX_T2_CHANNEL,
  type TagTypeName,
  type RecordTypeName,
} from './layout.ts';
export {
  PtuHeader,
  encodePtuHeader,
  parsePtuHeader,
  bytesSource,
  type ByteSource,
  type PtuTag,
  type PtuTagValue,
  type EncodedHeader,
} from './header.ts';
export { T2RecordEncoder, T2RecordDecoder, t2KindOf, type T2Kind, type T2DecodeStats } from './t2-records.ts';
export { benchHeaderTags, benchInfoOf, GLOBAL_RESOLUTION_S, PATCHED_TAGS, type BenchRecordingInfo } from './bench-header.ts';
export { PtuFileWriter, PtuStreamEncoder, type PtuWriterOptions, type PtuWriteSummary } from './writer.ts';
export { PtuReader, type TagBatchView } from './reader.ts';
