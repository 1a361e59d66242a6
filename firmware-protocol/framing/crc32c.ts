/**
 * CRC-32C (Castagnoli): reflected polynomial 0x82F63B78, initial value
 * 0xFFFFFFFF, final XOR 0xFFFFFFFF — the variant of iSCSI, ext4 and SSE4.2's
 * `crc32` instruction, so firmware on a Cortex-M with a CRC unit or a
 * table can match it. Check value: "123456789" → 0xE3069283.
 *
 * Slice-by-8: eight 256-entry tables let the loop fold eight bytes per step,
 * several times faster than the byte-wise table in JavaScript.
 */

const POLY_REFLECTED = 0x82f63b78;

/**
 * tables[k * 256 + b]: CRC of byte b followed by k zero bytes. Int32Array,
 * not Uint32Array: V8 keeps int32 values in registers (small integers),
 * while uint32 values over 2^31 become heap doubles in the inner loop.
 */
const tables = buildTables();

function buildTables(): Int32Array {
  const t = new Int32Array(8 * 256);
  for (let b = 0; b < 256; b++) {
    let c = b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY_REFLECTED : c >>> 1;
    t[b] = c;
  }
  for (let k = 1; k < 8; k++) {
    for (let b = 0; b < 256; b++) {
      const prev = t[(k - 1) * 256 + b];
      t[k * 256 + b] = (prev >>> 8) ^ t[prev & 0xff];
    }
  }
  return t;
}

/**
 * CRC-32C of `data[start, end)`. Pass a previous result as `previous` to
 * continue over a message split in pieces: crc32c(b, 0, b.length, crc32c(a))
 * equals the CRC of a followed by b.
 */
export function crc32c(data: Uint8Array, start = 0, end = data.length, previous = 0): number {
  const t = tables;
  let c = ~previous;
  let i = start;
  const end8 = end - 8;
  while (i <= end8) {
    const a = (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)) ^ c;
    const b = data[i + 4] | (data[i + 5] << 8) | (data[i + 6] << 16) | (data[i + 7] << 24);
    c =
      t[1792 + (a & 0xff)] ^
      t[1536 + ((a >>> 8) & 0xff)] ^
      t[1280 + ((a >>> 16) & 0xff)] ^
      t[1024 + (a >>> 24)] ^
      t[768 + (b & 0xff)] ^
      t[512 + ((b >>> 8) & 0xff)] ^
      t[256 + ((b >>> 16) & 0xff)] ^
      t[b >>> 24];
    i += 8;
  }
  while (i < end) c = t[(c ^ data[i++]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
