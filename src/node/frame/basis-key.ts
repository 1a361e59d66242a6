/** One basis' sifted bits of all intensity classes, concatenated in class order (signal, decoy, vacuum). */
import { allocBits, appendBits } from '../../pipeline/bits.ts';
import { bucketView, type SiftedKeys } from '../../pipeline/sifting/sifted-keys.ts';
import { INTENSITY_CLASSES } from '../../pipeline/sifting/pattern.ts';

export function basisKey(keys: SiftedKeys, basis: number): { bits: Uint32Array; nBits: number } {
  let total = 0;
  for (let c = 0; c < INTENSITY_CLASSES; c++) total += bucketView(keys, basis, c).nBits;
  const bits = allocBits(Math.max(total, 1));
  let n = 0;
  for (let c = 0; c < INTENSITY_CLASSES; c++) {
    const b = bucketView(keys, basis, c);
    n = appendBits(bits, n, b.bits, b.nBits);
  }
  return { bits, nBits: n };
}
