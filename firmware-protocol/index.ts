/**
 * Public API of the wire contract with board firmware: generated message
 * types, the frame codec, the method table and the console helpers.
 */
export { qkd } from './generated/qkd.js';
export {
  FRAMING_VERSION,
  FRAME_DELIMITER,
  FRAME_OVERHEAD_BYTES,
  MAX_FRAME_BYTES,
  MAX_PAYLOAD_BYTES,
  MAX_ENCODED_FRAME_BYTES,
  cobsMaxEncodedBytes,
} from './framing/constants.ts';
export { crc32c } from './framing/crc32c.ts';
export { cobsEncode, cobsDecode, cobsEncodeInto, cobsDecodeInto, COBS_INVALID, COBS_TOO_LONG } from './framing/cobs.ts';
export { encodeFrame, checkFrame, type FrameCheck } from './framing/frame.ts';
export {
  FrameDecoder,
  type DecoderEvent,
  type DecoderStats,
  type DiscardReason,
  type FrameDecoderOptions,
} from './framing/decoder.ts';
export {
  encodeEnvelopeFrame,
  decodeEnvelope,
  type EnvelopeDecode,
  type DecodedEnvelope,
  PROTOCOL_MAJOR,
  PROTOCOL_MINOR,
} from './messages.ts';
export {
  METHODS,
  EVENTS,
  METHOD_NAMES,
  isMethodName,
  type MethodName,
  type MethodSpec,
  type MethodBoards,
  type RequestOf,
  type ResponseOf,
  type EventName,
  type EventOf,
} from './methods.ts';
export {
  ConsoleCommand,
  type ConsoleCommandText,
  ConsoleErrorCode,
  ConsoleLineReader,
  CONSOLE_EOL,
  CONSOLE_ERROR_PREFIX,
  CONSOLE_MAX_LINE_BYTES,
  CONSOLE_OK,
  encodeConsoleLine,
  formatConsoleError,
  formatIdn,
  normalizeCommand,
  parseConsoleError,
  parseIdn,
  type Identity,
} from './console.ts';
export { encodeTagRecords, decodeTagRecords, TAG_RECORD_BYTES, MAX_TAG_CHANNEL, MAX_TAG_OFFSET_PS } from './tags.ts';
export {
  packSymbols,
  unpackSymbols,
  symbolAt,
  packedPattern,
  patternUploadChunks,
  MAX_PATTERN_CHUNK_BYTES,
  type PackedPattern,
  SYMBOL_WEIGHT_TOTAL,
  MAX_READ_CHOICES_SLOTS,
  MAX_READ_CHOICES_DELTA_BYTES,
  symbolWeights,
  checkSymbolWeights,
  readChoicesRequests,
  slotsFromDeltas,
} from './patterns.ts';
