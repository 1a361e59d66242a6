/**
 * The sifting messages, as typed arrays (step 2 of the frame).
 *
 *   Bob → Alice   `slots: Uint32Array` (n detections, ascending slot index, from
 *                 timing) and `basesPacked: Uint32Array` (n bits, bit i = basis
 *                 of detection i, packed as in bits.ts).
 *   Alice → Bob   `matchMask: Uint32Array` (n bits, bit i = 1 when Alice's basis
 *                 in slots[i] equals Bob's basis i).
 *   Alice → Bob   after the mask, `intensitiesPacked: Uint32Array`: 2 bits per
 *                 matched detection, in detection order (the j-th set bit of the
 *                 mask owns bits 2(j mod 16)..2(j mod 16)+1 of word j >>> 4).
 *
 * The intensity classes go after the mask, not with it, so that Bob commits to
 * his detections and bases before learning which pulses were decoys (the
 * decoy method assumes detection cannot depend on the intensity class).
 * Both sides walk detections in the same (slot) order, which is what makes
 * their sifted strings line up bit for bit.
 */
import { wordsFor } from '../bits.ts';

/** Bob: pack one-byte-per-detection bases (from timing) into n bits. */
export function packBases(bases: Uint8Array, n: number, out: Uint32Array = new Uint32Array(wordsFor(n))): Uint32Array {
  if (out.length < wordsFor(n)) throw new RangeError('packBases: output too small');
  const full = n >>> 5;
  for (let w = 0; w < full; w++) {
    const base = w << 5;
    let word = 0;
    for (let k = 0; k < 32; k++) word |= (bases[base + k] & 1) << k;
    out[w] = word;
  }
  if (n & 31) {
    let word = 0;
    for (let k = 0, i = full << 5; i < n; i++, k++) word |= (bases[i] & 1) << k;
    out[full] = word;
  }
  return out;
}

/** Alice: which detections were measured in the basis she prepared. */
export function basisMatchMask(
  pattern: Uint32Array,
  slots: Uint32Array,
  basesPacked: Uint32Array,
  n: number,
  out: Uint32Array = new Uint32Array(wordsFor(n)),
): Uint32Array {
  if (out.length < wordsFor(n)) throw new RangeError('basisMatchMask: output too small');
  const maxSlot = pattern.length << 3;
  let word = 0;
  let w = 0;
  for (let i = 0; i < n; i++) {
    const slot = slots[i];
    if (slot >= maxSlot) throw new RangeError(`slot ${slot} outside the pattern`);
    const aliceBasis = (pattern[slot >>> 3] >>> (((slot & 7) << 2) + 1)) & 1;
    const bobBasis = (basesPacked[i >>> 5] >>> (i & 31)) & 1;
    // 1 when equal: XOR gives 0 on agreement.
    word |= (1 ^ aliceBasis ^ bobBasis) << (i & 31);
    if ((i & 31) === 31) {
      out[w++] = word;
      word = 0;
    }
  }
  if (n & 31) out[w] = word;
  return out;
}

/** Number of set bits among the first n of a packed mask. */
export function countMatched(mask: Uint32Array, n: number): number {
  let c = 0;
  const full = n >>> 5;
  for (let w = 0; w < full; w++) c += popcnt(mask[w]);
  if (n & 31) c += popcnt(mask[full] & (((1 << (n & 31)) >>> 0) - 1));
  return c;
}

function popcnt(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export function intensityWordsFor(matched: number): number {
  return (matched + 15) >>> 4;
}

/** Alice: the intensity classes of the matched detections, 2 bits each, in detection order. */
export function matchedIntensities(
  pattern: Uint32Array,
  slots: Uint32Array,
  matchMask: Uint32Array,
  n: number,
  out: Uint32Array = new Uint32Array(intensityWordsFor(countMatched(matchMask, n))),
): Uint32Array {
  let j = 0;
  let word = 0;
  for (let w = 0, nw = wordsFor(n); w < nw; w++) {
    let m = matchMask[w];
    // Visit only set bits: lowest set bit first keeps detection order.
    while (m !== 0) {
      const k = 31 - Math.clz32(m & -m);
      m &= m - 1;
      const i = (w << 5) | k;
      if (i >= n) break;
      const slot = slots[i];
      const cls = (pattern[slot >>> 3] >>> (((slot & 7) << 2) + 2)) & 3;
      word |= cls << ((j & 15) << 1);
      if ((j & 15) === 15) {
        if (j >>> 4 >= out.length) throw new RangeError('matchedIntensities: output too small');
        out[j >>> 4] = word;
        word = 0;
      }
      j++;
    }
  }
  if (j & 15) {
    if (j >>> 4 >= out.length) throw new RangeError('matchedIntensities: output too small');
    out[j >>> 4] = word;
  }
  return out;
}
