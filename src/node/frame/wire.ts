/**
 * Typed arrays ↔ protobuf `bytes` fields of peer messages. Words travel
 * little-endian (peer.proto says so); on this little-endian host that is a
 * view, and a copy is made only where the bytes are not 4-byte aligned.
 */
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function wordsToBytes(words: Uint32Array, count = words.length): Uint8Array {
  if (!LITTLE_ENDIAN)
    throw new QkdError(QkdErrorCode.UnsupportedHost, 'the peer wire format needs a little-endian host; this one is big-endian');
  return new Uint8Array(words.buffer, words.byteOffset, count * 4);
}

export function bytesToWords(bytes: Uint8Array | null | undefined, minWords = 0): Uint32Array {
  const b = bytes ?? new Uint8Array(0);
  if (b.length % 4 !== 0) throw new RangeError(`a packed word array must be a multiple of 4 bytes, got ${b.length}`);
  const n = b.length >>> 2;
  const out = new Uint32Array(Math.max(n, minWords));
  // One byte copy into the fresh words, aligned or not (decoded protobuf fields seldom are).
  new Uint8Array(out.buffer, 0, n * 4).set(b);
  return out;
}

export function bytesToWordsExact(bytes: Uint8Array | null | undefined, words: number, what: string): Uint32Array {
  const out = bytesToWords(bytes);
  if (out.length < words) throw new RangeError(`${what}: expected ${words} words, got ${out.length}`);
  return out;
}
