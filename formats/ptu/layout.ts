/**
 * The PicoQuant PTU ("PicoQuant Unified TTTR") layout, as PicoQuant documents
 * it for its file-format demos: constants only, shared by the header codec,
 * the record codec, the reader and the writer.
 *
 *   bytes 0..7    magic "PQTTTR\0\0"
 *   bytes 8..15   format version, ASCII, NUL-padded (we write "1.0.00")
 *   then tags     one 48-byte entry each, little-endian:
 *                   32 bytes identifier (ASCII, NUL-padded),
 *                   int32 index (−1 for a tag that is not an array element),
 *                   uint32 type (TAG_TYPE below),
 *                   8 bytes value (its meaning depends on the type);
 *                 Float8Array, AnsiString, WideString and BinaryBlob carry
 *                 their byte length in the value, and that many bytes follow
 *                 the entry. The list ends with the Empty8 tag "Header_End".
 *   then records  TTResult_NumberOfRecords records of TTResultFormat_BitsPerRecord
 *                 bits, of the kind TTResultFormat_TTTRRecType names.
 *
 * The T2 record we write (HydraHarp V2 / TimeHarp 260 / MultiHarp "generic"
 * T2; 32 bits, little-endian): bit 31 special, bits 30..25 channel, bits
 * 24..0 time tag in units of MeasDesc_GlobalResolution (1 ps here). A special
 * record with channel 63 is an overflow: its time-tag field counts how many
 * 2^25 wraps passed (0 means one, in old files). Special channels 1..15 are
 * markers, 0 is the sync input. A regular record's channel is the input index
 * counted from 0 (PicoQuant's software shows it as channel + 1).
 */

export const PTU_MAGIC = 'PQTTTR\0\0';
export const PTU_VERSION = '1.0.00';
export const TAG_IDENT_BYTES = 32;
export const TAG_ENTRY_BYTES = 48;
/** Bytes before the first tag entry (magic and version). */
export const PTU_PREAMBLE_BYTES = 16;
export const HEADER_END = 'Header_End';

/** Tag types (the uint32 after the index). */
export const TAG_TYPE = {
  Empty8: 0xffff0008,
  Bool8: 0x00000008,
  Int8: 0x10000008,
  BitSet64: 0x11000008,
  Color8: 0x12000008,
  Float8: 0x20000008,
  TDateTime: 0x21000008,
  Float8Array: 0x2001ffff,
  AnsiString: 0x4001ffff,
  WideString: 0x4002ffff,
  BinaryBlob: 0xffffffff,
} as const;

export type TagTypeName = keyof typeof TAG_TYPE;

export function tagTypeName(type: number): TagTypeName | undefined {
  return (Object.keys(TAG_TYPE) as TagTypeName[]).find((k) => TAG_TYPE[k] === type);
}

/** TTResultFormat_TTTRRecType values (the ones of T2 mode, plus the T3 ones to name them in an error). */
export const RECORD_TYPE = {
  PicoHarpT2: 0x00010203,
  PicoHarpT3: 0x00010303,
  HydraHarpT2: 0x00010204,
  HydraHarpT3: 0x00010304,
  HydraHarp2T2: 0x01010204,
  HydraHarp2T3: 0x01010304,
  TimeHarp260NT2: 0x00010205,
  TimeHarp260NT3: 0x00010305,
  TimeHarp260PT2: 0x00010206,
  TimeHarp260PT3: 0x00010306,
  GenericT2: 0x00010207,
  GenericT3: 0x00010307,
} as const;

export type RecordTypeName = keyof typeof RECORD_TYPE;

export function recordTypeName(type: number): RecordTypeName | undefined {
  return (Object.keys(RECORD_TYPE) as RecordTypeName[]).find((k) => RECORD_TYPE[k] === type);
}

/** The record type qkdd writes. */
export const QKDD_RECORD_TYPE = RECORD_TYPE.HydraHarp2T2;
/** Measurement_Mode of T2. */
export const MEASUREMENT_MODE_T2 = 2;

/** Time-tag wrap of the 25-bit T2 field (HydraHarp V2 and later). */
export const T2_WRAP = 2 ** 25;
/** HydraHarp V1 T2 wraps a little earlier (its overflow records always count one). */
export const T2_WRAP_HYDRAHARP_V1 = 33_552_000;
/** PicoHarp T2: 4-bit channel, 28-bit time, one overflow per record. */
export const T2_WRAP_PICOHARP = 210_698_240;
/** The overflow record's channel (special bit set). */
export const OVERFLOW_CHANNEL = 63;
/** Largest overflow count one record carries. */
export const MAX_OVERFLOWS_PER_RECORD = T2_WRAP - 1;
/** Regular T2 channels 0..63. */
export const MAX_T2_CHANNEL = 63;
/** The channel byte the reader gives sync-input events (special channel 0), apart from detector channels. */
export const SYNC_CHANNEL = 255;

/** Days between the TDateTime epoch (1899-12-30) and the Unix epoch. */
export const TDATETIME_UNIX_EPOCH_DAYS = 25569;
