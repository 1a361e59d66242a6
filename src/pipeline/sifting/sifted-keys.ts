/**
 * Sifted keys per (basis, intensity class), bit-packed, identical in order on
 * both sides (step 2 of the frame, after the exchange in exchange.ts).
 *
 * Bucket b = basis * 3 + intensityClass (basis 0 = Z, 1 = X; class 0 signal,
 * 1 decoy, 2 vacuum). Within a bucket, bits are in detection (= slot) order.
 * All six buckets share one Uint32Array: bucket b owns words
 * [b·strideWords, (b+1)·strideWords); bits past `lengths[b]` are zero, so each
 * `bucketView` is a valid packed key for bits.ts.
 *
 * Which bucket is the key and which is the test sample is decided by
 * `BasisRoles` (pattern.ts): with the default roles the Z buckets go to
 * Cascade (Lim et al. use all three intensity classes for key) and the X
 * buckets are disclosed for phase-error estimation.
 */
import { wordsFor } from '../bits.ts';
import { INTENSITY_CLASSES } from './pattern.ts';

export const BUCKETS = 2 * INTENSITY_CLASSES;

export interface SiftedKeys {
  /** All buckets, bucket b at word offset b * strideWords. */
  words: Uint32Array;
  strideWords: number;
  /** Bits in each bucket (length BUCKETS). */
  lengths: Uint32Array;
  /** Matched detections dropped because Alice's pattern held the unused class 3. */
  invalidIntensity: number;
}

export function bucketOf(basis: number, intensityClass: number): number {
  return basis * INTENSITY_CLASSES + intensityClass;
}

/** Buffers able to hold `capacityBits` sifted bits in every bucket; reuse across frames. */
export function allocSiftedKeys(capacityBits: number): SiftedKeys {
  const strideWords = Math.max(1, wordsFor(capacityBits));
  return { words: new Uint32Array(strideWords * BUCKETS), strideWords, lengths: new Uint32Array(BUCKETS), invalidIntensity: 0 };
}

/** The packed key of one bucket (a view, no copy) and its length in bits. */
export function bucketView(keys: SiftedKeys, basis: number, intensityClass: number): { bits: Uint32Array; nBits: number } {
  const b = bucketOf(basis, intensityClass);
  return { bits: keys.words.subarray(b * keys.strideWords, (b + 1) * keys.strideWords), nBits: keys.lengths[b] };
}

function reset(keys: SiftedKeys, n: number): void {
  if (keys.strideWords < wordsFor(n)) throw new RangeError(`sifted-key capacity ${keys.strideWords * 32} bits < ${n} detections`);
  keys.words.fill(0);
  keys.lengths.fill(0);
  keys.invalidIntensity = 0;
}

/** Alice: her value bits of the matched detections, bucketed by her basis and intensity class. */
export function siftAlice(
  pattern: Uint32Array,
  slots: Uint32Array,
  matchMask: Uint32Array,
  n: number,
  out: SiftedKeys = allocSiftedKeys(n),
): SiftedKeys {
  reset(out, n);
  const words = out.words;
  const lengths = out.lengths;
  const stride = out.strideWords;
  let invalid = 0;
  for (let w = 0, nw = wordsFor(n); w < nw; w++) {
    let m = matchMask[w];
    while (m !== 0) {
      const k = 31 - Math.clz32(m & -m);
      m &= m - 1;
      const i = (w << 5) | k;
      if (i >= n) break;
      const slot = slots[i];
      const nib = (pattern[slot >>> 3] >>> ((slot & 7) << 2)) & 15;
      const cls = nib >>> 2;
      if (cls === 3) {
        invalid++;
        continue;
      }
      const b = ((nib >>> 1) & 1) * 3 + cls;
      const len = lengths[b];
      words[b * stride + (len >>> 5)] |= (nib & 1) << (len & 31);
      lengths[b] = len + 1;
    }
  }
  out.invalidIntensity = invalid;
  return out;
}

/**
 * Bob: his bits of the matched detections, bucketed by his basis (equal to
 * Alice's on matched detections) and the intensity class Alice disclosed.
 */
export function siftBob(
  bases: Uint8Array,
  bits: Uint8Array,
  matchMask: Uint32Array,
  intensitiesPacked: Uint32Array,
  n: number,
  out: SiftedKeys = allocSiftedKeys(n),
): SiftedKeys {
  reset(out, n);
  const words = out.words;
  const lengths = out.lengths;
  const stride = out.strideWords;
  let invalid = 0;
  let j = 0;
  for (let w = 0, nw = wordsFor(n); w < nw; w++) {
    let m = matchMask[w];
    while (m !== 0) {
      const k = 31 - Math.clz32(m & -m);
      m &= m - 1;
      const i = (w << 5) | k;
      if (i >= n) break;
      const cls = (intensitiesPacked[j >>> 4] >>> ((j & 15) << 1)) & 3;
      j++;
      if (cls === 3) {
        invalid++;
        continue;
      }
      const b = (bases[i] & 1) * 3 + cls;
      const len = lengths[b];
      words[b * stride + (len >>> 5)] |= (bits[i] & 1) << (len & 31);
      lengths[b] = len + 1;
    }
  }
  out.invalidIntensity = invalid;
  return out;
}
