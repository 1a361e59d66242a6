/**
 * What one frame leaves for the post-processing blocks once it is sifted and
 * its test-basis bits are compared: its key-basis bits in detection order
 * with the intensity class of each, and its test-basis counts and errors per
 * intensity class. Both nodes hold the same segment of a frame (the same
 * positions; Bob's bits may differ from Alice's where the channel flipped
 * them), so a block built from the same ranges of the same segments is the
 * same block on both sides (src/node/block-accumulator.ts).
 *
 * Key bits stay in detection (slot) order, not grouped by class, so that a
 * block that ends inside a frame takes a prefix that is independent of the
 * intensity classes as well as of the bit values: the block's per-class
 * counts are then an unbiased sample of the decoy-state statistics.
 */
import { wordsFor } from '../../pipeline/bits.ts';
import type { PerIntensity } from '../../pipeline/estimation/decoy-bounds.ts';

export interface SiftedSegment {
  frameId: number;
  /** Key-basis bits in detection order, packed (src/pipeline/bits.ts layout). Secret. */
  keyBits: Uint32Array;
  /** Intensity class (0 signal, 1 decoy, 2 vacuum) of each key-basis bit. */
  keyClasses: Uint8Array;
  keyCount: number;
  /** Test-basis detections and errors per intensity class (disclosed and compared per frame). */
  testDetections: PerIntensity;
  testErrors: PerIntensity;
}

/** Alice: her key-basis bits of the matched detections, in detection order, from the frame's pattern. */
export function aliceKeyInOrder(
  pattern: Uint32Array,
  slots: Uint32Array,
  matchMask: Uint32Array,
  n: number,
  keyBasis: number,
): { keyBits: Uint32Array; keyClasses: Uint8Array; keyCount: number } {
  const keyBits = new Uint32Array(Math.max(1, wordsFor(n)));
  const classes = new Uint8Array(n);
  let k = 0;
  for (let w = 0, nw = wordsFor(n); w < nw; w++) {
    let m = matchMask[w];
    while (m !== 0) {
      const b = 31 - Math.clz32(m & -m);
      m &= m - 1;
      const i = (w << 5) | b;
      if (i >= n) break;
      const slot = slots[i];
      const nib = (pattern[slot >>> 3] >>> ((slot & 7) << 2)) & 15;
      const cls = nib >>> 2;
      if (((nib >>> 1) & 1) !== keyBasis || cls === 3) continue;
      keyBits[k >>> 5] |= (nib & 1) << (k & 31);
      classes[k++] = cls;
    }
  }
  return { keyBits, keyClasses: classes.slice(0, k), keyCount: k };
}

/** Bob: his key-basis bits of the matched detections, in detection order, classes from Alice's IntensityClasses. */
export function bobKeyInOrder(
  bases: Uint8Array,
  bits: Uint8Array,
  matchMask: Uint32Array,
  classesPacked: Uint32Array,
  n: number,
  keyBasis: number,
): { keyBits: Uint32Array; keyClasses: Uint8Array; keyCount: number } {
  const keyBits = new Uint32Array(Math.max(1, wordsFor(n)));
  const classes = new Uint8Array(n);
  let k = 0;
  let j = 0;
  for (let w = 0, nw = wordsFor(n); w < nw; w++) {
    let m = matchMask[w];
    while (m !== 0) {
      const b = 31 - Math.clz32(m & -m);
      m &= m - 1;
      const i = (w << 5) | b;
      if (i >= n) break;
      const cls = (classesPacked[j >>> 4] >>> ((j & 15) << 1)) & 3;
      j++;
      if (bases[i] !== keyBasis || cls === 3) continue;
      keyBits[k >>> 5] |= (bits[i] & 1) << (k & 31);
      classes[k++] = cls;
    }
  }
  return { keyBits, keyClasses: classes.slice(0, k), keyCount: k };
}

/** Copies bits [from, from + count) of `src` to `dst` starting at bit `at` (dst's bits past `at` must be zero). */
export function copyBitRange(dst: Uint32Array, at: number, src: Uint32Array, from: number, count: number): void {
  if (count <= 0) return;
  if (wordsFor(at + count) > dst.length) throw new RangeError('copyBitRange: destination too small');
  let done = 0;
  while (done < count) {
    const p = from + done;
    const w = p >>> 5;
    const s = p & 31;
    let v = s === 0 ? src[w] : (src[w] >>> s) | ((src[w + 1] ?? 0) << (32 - s));
    const take = Math.min(32, count - done);
    if (take < 32) v &= (1 << take) - 1;
    v >>>= 0;
    const q = at + done;
    const dw = q >>> 5;
    const ds = q & 31;
    dst[dw] |= v << ds;
    if (ds !== 0 && ds + take > 32) dst[dw + 1] |= v >>> (32 - ds);
    done += take;
  }
}

/** Zeroes a segment's secret bits (its classes and counts are public). */
export function wipeSegment(s: SiftedSegment): void {
  s.keyBits.fill(0);
}
