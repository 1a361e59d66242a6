/** How a frame's secret key becomes a stored block, identically on both nodes. */

/**
 * Bits of a new block that go to the authentication pool. Both nodes compute
 * it from the block's length alone, so both pools receive the same bits.
 */
export function authBitsFor(secretBits: number, authFraction: number): number {
  return Math.min(secretBits, Math.floor((secretBits * authFraction) / 8) * 8);
}

/** The key's bytes (bit i in bit i & 7 of byte i >> 3, as the key store expects), copied. */
export function keyBytes(key: Uint32Array, bits: number): Uint8Array {
  const bytes = new Uint8Array((bits + 7) >>> 3);
  bytes.set(new Uint8Array(key.buffer, key.byteOffset, bytes.length));
  if (bits & 7) bytes[bytes.length - 1] &= (1 << (bits & 7)) - 1;
  return bytes;
}
