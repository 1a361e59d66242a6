/**
 * Counts per intensity class from sifted keys (the bridge from sifting to
 * `finiteKeyLength`). The test basis is disclosed in full, so its errors are
 * Hamming distances between Alice's and Bob's buckets; the key basis' error
 * count arrives later from Cascade.
 *
 * Imports sifting's layout (same src/pipeline tree) so that the bucket
 * numbering is defined once.
 */
import { hammingDistance } from '../bits.ts';
import { bucketView, type SiftedKeys } from '../sifting/sifted-keys.ts';
import type { PerIntensity } from './decoy-bounds.ts';

/** Sifted detections per intensity class [signal, decoy, vacuum] in one basis. */
export function detectionsPerIntensity(keys: SiftedKeys, basis: number): PerIntensity {
  return [bucketView(keys, basis, 0).nBits, bucketView(keys, basis, 1).nBits, bucketView(keys, basis, 2).nBits];
}

/** Bit errors per intensity class between two sides' buckets of one (disclosed) basis. */
export function errorsPerIntensity(alice: SiftedKeys, bob: SiftedKeys, basis: number): PerIntensity {
  const e = [0, 0, 0];
  for (let c = 0; c < 3; c++) {
    const a = bucketView(alice, basis, c);
    const b = bucketView(bob, basis, c);
    if (a.nBits !== b.nBits) throw new RangeError(`bucket (${basis}, ${c}) differs in length: ${a.nBits} vs ${b.nBits}`);
    e[c] = hammingDistance(a.bits, b.bits, a.nBits);
  }
  return [e[0], e[1], e[2]];
}

/** QBER of one class (NaN when the class is empty). */
export function qber(errors: number, detections: number): number {
  return detections > 0 ? errors / detections : NaN;
}
