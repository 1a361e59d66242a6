/**
 * Polynomial hash over GF(2^64) with the message length as last block.
 *
 * For a message of nBits bits cut into L = ⌈nBits/64⌉ blocks m_1..m_L (the
 * last one zero-padded) and a length block λ = nBits (as a 64-bit integer):
 *     h_k(m) = m_1·k^(L+1) + m_2·k^L + ... + m_L·k^2 + λ·k,
 * evaluated by Horner (acc ← (acc + m_i)·k, then acc ← (acc + λ)·k).
 *
 * Bound (the polynomial-evaluation family of den Boer 1993, Bierbrauer,
 * Johansson, Kabatianskii & Smeets, CRYPTO '93, and Taylor 1993; see also
 * Stinson, "Universal hashing and authentication codes", 1994): for two
 * messages m ≠ m' and any constant c, h_k(m) + h_k(m') + c is, as a
 * polynomial in k, nonzero and of degree ≤ max(L, L') + 1. Nonzero because
 * either the lengths differ (then the coefficient of k, λ + λ', is nonzero)
 * or they are equal and some block differs (a coefficient of k^2..k^(L+1) is
 * nonzero). A nonzero polynomial of degree d over a field has at most d roots,
 * so for k uniform in GF(2^64),
 *     Pr_k[h_k(m) + h_k(m') = c] ≤ (L + 1) / 2^64     (ε-almost-XOR-universal),
 * and with c = 0 this is the collision bound used by verification.
 * The length block is what makes trailing zero padding count: without it,
 * m and m‖0 would hash alike for every k.
 *
 * The loops below inline the table multiply of `Gf64TableMultiplier` (8
 * look-ups per block, no allocation). `PolyHashStream` computes the same
 * hash of a message fed in pieces (Horner is naturally streaming; only the
 * length block waits for the end).
 */
import { gf64MulBitwise } from './gf64.ts';
import type { Gf64TableMultiplier } from './gf64-table-multiplier.ts';

/** Number of 64-bit blocks the hash evaluates for an nBits message, the length block included. */
export function polyHashBlocks(nBits: number): number {
  return Math.ceil(nBits / 64) + 1;
}

/**
 * log2 of the ε-AXU / collision bound (L + 1)/2^64 of one evaluation point,
 * for messages of at most nBits bits (L + 1 = polyHashBlocks(nBits)).
 */
export function polyHashBoundLog2(nBits: number): number {
  return Math.log2(polyHashBlocks(nBits)) - 64;
}

function checkLength(words: ArrayLike<number>, nBits: number, unitsPerWord: number): void {
  if (!Number.isSafeInteger(nBits) || nBits < 0) throw new RangeError(`nBits must be a non-negative integer, got ${nBits}`);
  if (words.length * unitsPerWord < nBits)
    throw new RangeError(`array holds ${words.length * unitsPerWord} bits, fewer than nBits = ${nBits}`);
}

/**
 * h_H(bits) for a packed bit array (`../bits.ts` layout) of nBits bits, written
 * as [lo, hi] into out[offset..offset+1]. Bits at and past nBits are ignored
 * (masked), so a key array with stale high bits hashes as its first nBits.
 */
export function polyHashWords(mult: Gf64TableMultiplier, words: Uint32Array, nBits: number, out: Uint32Array, offset = 0): void {
  checkLength(words, nBits, 32);
  const t = mult.table;
  let al = 0;
  let ah = 0;
  let i = 0;
  // Blocks made of two whole words; the last (partial) block is handled after.
  const wholeBlocks = Math.floor(nBits / 64);
  for (let b = 0, w = 0; b < wholeBlocks; b++, w += 2) {
    const xl = al ^ words[w];
    const xh = ah ^ words[w + 1];
    i = (xl & 255) << 1;
    al = t[i];
    ah = t[i + 1];
    i = 512 + (((xl >>> 8) & 255) << 1);
    al ^= t[i];
    ah ^= t[i + 1];
    i = 1024 + (((xl >>> 16) & 255) << 1);
    al ^= t[i];
    ah ^= t[i + 1];
    i = 1536 + ((xl >>> 24) << 1);
    al ^= t[i];
    ah ^= t[i + 1];
    i = 2048 + ((xh & 255) << 1);
    al ^= t[i];
    ah ^= t[i + 1];
    i = 2560 + (((xh >>> 8) & 255) << 1);
    al ^= t[i];
    ah ^= t[i + 1];
    i = 3072 + (((xh >>> 16) & 255) << 1);
    al ^= t[i];
    ah ^= t[i + 1];
    i = 3584 + ((xh >>> 24) << 1);
    al ^= t[i];
    ah ^= t[i + 1];
  }
  const rest = nBits - wholeBlocks * 64;
  if (rest > 0) {
    const w = wholeBlocks * 2;
    let lo = words[w];
    let hi = rest > 32 ? words[w + 1] : 0;
    if (rest < 32) lo &= (1 << rest) - 1;
    else if (rest > 32 && rest < 64) hi &= (1 << (rest - 32)) - 1;
    mult.mul(al ^ lo, ah ^ hi, scratch);
    al = scratch[0];
    ah = scratch[1];
  }
  // Length block λ = nBits as a 64-bit integer.
  mult.mul(al ^ (nBits >>> 0), ah ^ Math.floor(nBits / 4294967296), out, offset);
}

/** Two-word scratch for the tail blocks (single-threaded; never escapes a call). */
const scratch = new Uint32Array(2);

/**
 * h_H(bytes) for a byte string: bit i of the message is bit (i & 7) of byte
 * i >> 3, and block j is bytes 8j..8j+7 read little-endian, so a byte string
 * and the packed words with the same little-endian bytes hash alike.
 * The length block is the length in bits.
 */
export function polyHashBytes(mult: Gf64TableMultiplier, bytes: Uint8Array, out: Uint32Array, offset = 0): void {
  const t = mult.table;
  const n = bytes.length;
  const whole = n >>> 3;
  let al = 0;
  let ah = 0;
  let i = 0;
  for (let b = 0, p = 0; b < whole; b++, p += 8) {
    const xl = al ^ (bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24));
    const xh = ah ^ (bytes[p + 4] | (bytes[p + 5] << 8) | (bytes[p + 6] << 16) | (bytes[p + 7] << 24));
    i = (xl & 255) << 1;
    al = t[i];
    ah = t[i + 1];
    i = 512 + (((xl >>> 8) & 255) << 1);
    al ^= t[i];
    ah ^= t[i + 1];
    i = 1024 + (((xl >>> 16) & 255) << 1);
    al ^= t[i];
    ah ^= t[i + 1];
    i = 1536 + ((xl >>> 24) << 1);
    al ^= t[i];
    ah ^= t[i + 1];
    i = 2048 + ((xh & 255) << 1);
    al ^= t[i];
    ah ^= t[i + 1];
    i = 2560 + (((xh >>> 8) & 255) << 1);
    al ^= t[i];
    ah ^= t[i + 1];
    i = 3072 + (((xh >>> 16) & 255) << 1);
    al ^= t[i];
    ah ^= t[i + 1];
    i = 3584 + ((xh >>> 24) << 1);
    al ^= t[i];
    ah ^= t[i + 1];
  }
  if (n & 7) {
    let lo = 0;
    let hi = 0;
    for (let p = whole * 8, s = 0; p < n; p++, s += 8) {
      if (s < 32) lo |= bytes[p] << s;
      else hi |= bytes[p] << (s - 32);
    }
    mult.mul(al ^ lo, ah ^ hi, scratch);
    al = scratch[0];
    ah = scratch[1];
  }
  const nBits = n * 8;
  mult.mul(al ^ (nBits >>> 0), ah ^ Math.floor(nBits / 4294967296), out, offset);
}

/**
 * The same hash as `polyHashWords` with the plain bitwise multiply and no
 * tables: the reference implementation benchmarks and tests compare against.
 */
export function polyHashWordsBitwise(kLo: number, kHi: number, words: Uint32Array, nBits: number, out: Uint32Array, offset = 0): void {
  checkLength(words, nBits, 32);
  const acc = new Uint32Array(2);
  const blocks = Math.ceil(nBits / 64);
  for (let b = 0; b < blocks; b++) {
    let lo = 0;
    let hi = 0;
    // Bit by bit, so that the masking of the last block is as plain as can be.
    for (let k = 0; k < 64; k++) {
      const bit = b * 64 + k;
      if (bit >= nBits) break;
      if ((words[bit >>> 5] >>> (bit & 31)) & 1) {
        if (k < 32) lo |= 1 << k;
        else hi |= 1 << (k - 32);
      }
    }
    gf64MulBitwise(acc[0] ^ lo, acc[1] ^ hi, kLo, kHi, acc);
  }
  gf64MulBitwise(acc[0] ^ (nBits >>> 0), acc[1] ^ Math.floor(nBits / 4294967296), kLo, kHi, out, offset);
}

/**
 * Horner steps over `blocks` whole 64-bit blocks of `bytes` from byte `p`
 * (little-endian, as polyHashBytes reads them), starting from the
 * accumulator acc[0..1] and leaving the result there.
 */
function hornerBytes(t: Int32Array, bytes: Uint8Array, p: number, blocks: number, acc: Uint32Array): void {
  let al = acc[0] | 0;
  let ah = acc[1] | 0;
  let i = 0;
  for (let b = 0; b < blocks; b++, p += 8) {
    const xl = al ^ (bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24));
    const xh = ah ^ (bytes[p + 4] | (bytes[p + 5] << 8) | (bytes[p + 6] << 16) | (bytes[p + 7] << 24));
    i = (xl & 255) << 1;
    al = t[i];
    ah = t[i + 1];
    i = 512 + (((xl >>> 8) & 255) << 1);
    al ^= t[i];
    ah ^= t[i + 1];
    i = 1024 + (((xl >>> 16) & 255) << 1);
    al ^= t[i];
    ah ^= t[i + 1];
    i = 1536 + ((xl >>> 24) << 1);
    al ^= t[i];
    ah ^= t[i + 1];
    i = 2048 + ((xh & 255) << 1);
    al ^= t[i];
    ah ^= t[i + 1];
    i = 2560 + (((xh >>> 8) & 255) << 1);
    al ^= t[i];
    ah ^= t[i + 1];
    i = 3072 + (((xh >>> 16) & 255) << 1);
    al ^= t[i];
    ah ^= t[i + 1];
    i = 3584 + ((xh >>> 24) << 1);
    al ^= t[i];
    ah ^= t[i + 1];
  }
  acc[0] = al;
  acc[1] = ah;
}

/**
 * The same hash as `polyHashBytes`, fed in pieces: `update` any number of
 * times, then `digest` gives h_H(concatenation of every piece), so a
 * message that arrives (or is built) in parts is hashed once, in one pass,
 * without being copied into one buffer. Whole 64-bit blocks go straight
 * through the Horner loop; only the bytes of a block cut by a piece boundary
 * wait in an 8-byte buffer. `padToBlock` appends zero bytes up to the next
 * block boundary (they are part of the message: the length block counts
 * them), which lets a caller lay out a transcript on block boundaries
 * (src/peer/auth/transcript.ts).
 *
 * `digest` does not change the state (more may be fed after it); `reset`
 * starts a new message under the same key. One stream per hash key and
 * message; not for concurrent use.
 */
export class PolyHashStream {
  private readonly t: Int32Array;
  private readonly acc = new Uint32Array(2);
  private readonly partial = new Uint8Array(8);
  private partialBytes = 0;
  private total = 0;

  constructor(private readonly mult: Gf64TableMultiplier) {
    this.t = mult.table;
  }

  /** Bytes fed since the start (or the last reset), padding included. */
  get byteLength(): number {
    return this.total;
  }

  /** Blocks the digest would evaluate now, the length block included (see polyHashBlocks). */
  get blocks(): number {
    return polyHashBlocks(this.total * 8);
  }

  update(bytes: Uint8Array): void {
    let p = 0;
    const n = bytes.length;
    this.total += n;
    // Partial blocks are copied byte by byte (at most 7 bytes): no subarray view per call.
    if (this.partialBytes > 0) {
      const fill = Math.min(8 - this.partialBytes, n);
      for (let q = 0; q < fill; q++) this.partial[this.partialBytes + q] = bytes[q];
      this.partialBytes += fill;
      p = fill;
      if (this.partialBytes < 8) return;
      hornerBytes(this.t, this.partial, 0, 1, this.acc);
      this.partialBytes = 0;
    }
    const whole = (n - p) >>> 3;
    if (whole > 0) hornerBytes(this.t, bytes, p, whole, this.acc);
    p += whole * 8;
    if (p < n) {
      for (let q = 0; p + q < n; q++) this.partial[q] = bytes[p + q];
      this.partialBytes = n - p;
    }
  }

  /** Feeds zero bytes up to the next 64-bit block boundary (none when already on one). */
  padToBlock(): void {
    if (this.partialBytes === 0) return;
    this.total += 8 - this.partialBytes;
    this.partial.fill(0, this.partialBytes);
    hornerBytes(this.t, this.partial, 0, 1, this.acc);
    this.partialBytes = 0;
  }

  /** h_H of everything fed so far, as [lo, hi] into out[offset..offset+1]; the state is unchanged. */
  digest(out: Uint32Array, offset = 0): void {
    let al = this.acc[0];
    let ah = this.acc[1];
    if (this.partialBytes > 0) {
      let lo = 0;
      let hi = 0;
      for (let q = 0, s = 0; q < this.partialBytes; q++, s += 8) {
        if (s < 32) lo |= this.partial[q] << s;
        else hi |= this.partial[q] << (s - 32);
      }
      this.mult.mul(al ^ lo, ah ^ hi, scratch);
      al = scratch[0];
      ah = scratch[1];
    }
    const nBits = this.total * 8;
    this.mult.mul(al ^ (nBits >>> 0), ah ^ Math.floor(nBits / 4294967296), out, offset);
  }

  /** Forget everything fed (zeroes the state); the key stays. */
  reset(): void {
    this.acc.fill(0);
    this.partial.fill(0);
    this.partialBytes = 0;
    this.total = 0;
  }
}
