/** Errors per intensity class between two concatenated test-basis keys (see basis-key.ts). */
import { popcount32 } from '../../pipeline/bits.ts';
import type { PerIntensity } from '../../pipeline/estimation/decoy-bounds.ts';

/** Positions in [start, end) where `a` and `b` differ. */
export function differencesInRange(a: Uint32Array, b: Uint32Array, start: number, end: number): number {
  let d = 0;
  let i = start;
  while (i < end && i & 31) {
    d += ((a[i >>> 5] ^ b[i >>> 5]) >>> (i & 31)) & 1;
    i++;
  }
  for (; i + 32 <= end; i += 32) d += popcount32(a[i >>> 5] ^ b[i >>> 5]);
  for (; i < end; i++) d += ((a[i >>> 5] ^ b[i >>> 5]) >>> (i & 31)) & 1;
  return d;
}

export function errorsPerClass(mine: Uint32Array, theirs: Uint32Array, classLengths: PerIntensity): PerIntensity {
  const e = [0, 0, 0];
  let start = 0;
  for (let c = 0; c < 3; c++) {
    e[c] = differencesInRange(mine, theirs, start, start + classLengths[c]);
    start += classLengths[c];
  }
  return [e[0], e[1], e[2]];
}
