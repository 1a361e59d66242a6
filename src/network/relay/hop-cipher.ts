/**
 * One hop of a relay: the relayed key one-time-pad encrypted with the hop key
 * and authenticated with a one-time Wegman–Carter tag keyed from the same hop key.
 *
 * A hop key of `hopKeyBits(sizeBits)` bits is split, in order, into
 *   - the pad of the key: sizeBits bits (ciphertext = key ⊕ pad),
 *   - the tag's hash key: TAG_POINTS × 64 bits,
 *   - the tag's pad: TAG_POINTS × 64 bits.
 * The tag is the polynomial hash over GF(2^64) (src/pipeline/gf2, through the
 * peer channel's WegmanCarterAuthenticator) of u32le(len(header)) ‖ header ‖
 * ciphertext, XOR the tag pad. Every hop key is used for one message only
 * (resending the same Forward after a crash sends the same bytes again, which
 * tells nobody anything new), so the pair (hash key, pad) is a one-time
 * ε-almost-strongly-universal MAC: a changed header, ciphertext or tag is
 * accepted with probability ≤ ((L+1)/2^64)^TAG_POINTS for a message of L
 * 64-bit blocks (about 2^-121 for a 256-bit key and a 3-node path).
 */
import { WegmanCarterAuthenticator } from '../../peer/auth/wegman-carter.ts';

/** Evaluation points of the tag (64 bits each): a 128-bit tag. */
export const TAG_POINTS = 2;
const TAG_BYTES = 8 * TAG_POINTS;

/** Bits of hop key one relayed key of `sizeBits` bits costs on each hop. */
export function hopKeyBits(sizeBits: number): number {
  return sizeBits + 2 * 64 * TAG_POINTS;
}

function authenticatedBytes(header: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const data = new Uint8Array(4 + header.length + ciphertext.length);
  new DataView(data.buffer).setUint32(0, header.length, true);
  data.set(header, 4);
  data.set(ciphertext, 4 + header.length);
  return data;
}

function split(hopKey: Uint8Array, keyBytes: number): { pad: Uint8Array; hashKey: Uint8Array; tagPad: Uint8Array } {
  if (hopKey.length !== keyBytes + 2 * TAG_BYTES) throw new RangeError(`hop key of ${hopKey.length} bytes for a ${keyBytes}-byte key`);
  return {
    pad: hopKey.subarray(0, keyBytes),
    hashKey: hopKey.subarray(keyBytes, keyBytes + TAG_BYTES),
    tagPad: hopKey.subarray(keyBytes + TAG_BYTES),
  };
}

/** Encrypt and tag `key` for one hop. */
export function sealHop(key: Uint8Array, hopKey: Uint8Array, header: Uint8Array): { ciphertext: Uint8Array; tag: Uint8Array } {
  const { pad, hashKey, tagPad } = split(hopKey, key.length);
  const ciphertext = new Uint8Array(key.length);
  for (let i = 0; i < key.length; i++) ciphertext[i] = key[i] ^ pad[i];
  const wc = new WegmanCarterAuthenticator(hashKey);
  const tag = new Uint8Array(TAG_BYTES);
  wc.tag(authenticatedBytes(header, ciphertext), tagPad, tag);
  wc.destroy();
  return { ciphertext, tag };
}

/** The key, when the tag verifies over header and ciphertext; null otherwise (nothing is decrypted then). */
export function openHop(
  ciphertext: Uint8Array,
  tag: Uint8Array,
  hopKey: Uint8Array,
  header: Uint8Array,
  sizeBits: number,
): Uint8Array | null {
  const keyBytes = sizeBits / 8;
  if (ciphertext.length !== keyBytes || tag.length !== TAG_BYTES || hopKey.length !== keyBytes + 2 * TAG_BYTES) return null;
  const { pad, hashKey, tagPad } = split(hopKey, keyBytes);
  const wc = new WegmanCarterAuthenticator(hashKey);
  const ok = wc.verify(authenticatedBytes(header, ciphertext), tagPad, tag);
  wc.destroy();
  if (!ok) return null;
  const key = new Uint8Array(keyBytes);
  for (let i = 0; i < keyBytes; i++) key[i] = ciphertext[i] ^ pad[i];
  return key;
}
