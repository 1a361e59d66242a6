/**
 * Wire constants of the binary framing (FRAMING.md §2–3). A frame, before
 * COBS, is `[version:1][payload:n][crc32c:4 LE]`; after COBS it contains no
 * 0x00 and is followed by one 0x00 delimiter.
 */

/** The framing/protocol generation in the first byte of every frame. */
export const FRAMING_VERSION = 1;

/** Ends every frame on the wire; COBS guarantees it appears nowhere else. */
export const FRAME_DELIMITER = 0x00;

/** Version byte + CRC-32C trailer. */
export const FRAME_OVERHEAD_BYTES = 5;

/**
 * Largest frame before COBS, version byte and CRC included. 16 KiB holds a
 * tag batch of 2000 × 8-byte tags or a 12 KiB pattern chunk with headroom,
 * and fits the RAM of a small microcontroller twice (receive + work buffer).
 */
export const MAX_FRAME_BYTES = 16384;

/** Largest protobuf payload in one frame. */
export const MAX_PAYLOAD_BYTES = MAX_FRAME_BYTES - FRAME_OVERHEAD_BYTES;

/** COBS adds at most one byte per 254 plus one. */
export function cobsMaxEncodedBytes(decodedBytes: number): number {
  return decodedBytes + Math.floor(decodedBytes / 254) + 1;
}

/** Largest COBS-encoded frame, without its delimiter. */
export const MAX_ENCODED_FRAME_BYTES = cobsMaxEncodedBytes(MAX_FRAME_BYTES);
