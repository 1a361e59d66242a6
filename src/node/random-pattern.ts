/**
 * The transmitter's per-slot choices for one frame — basis (biased towards
 * the key basis), bit, intensity class — from the operating system's CSPRNG,
 * packed in the pattern layout of src/pipeline/sifting/pattern.ts.
 *
 * Each slot consumes one 32-bit random word: 16 bits compared with the
 * basis threshold, 1 bit for the value, 15 bits compared with the intensity
 * thresholds. Probabilities are thus realised to 2^-16 and 2^-15: the finite-key
 * analysis takes the configured probabilities, which differ from the realised
 * ones by less than 3·10^-5 (below the Hoeffding terms by orders of magnitude).
 */
import { randomFillSync } from 'node:crypto';
import { allocPattern } from '../pipeline/sifting/pattern.ts';

export interface PatternProbabilities {
  keyBasis: number;
  /** [signal, decoy, vacuum], summing to 1. */
  intensities: readonly [number, number, number];
}

const CHUNK_WORDS = 1 << 16;

export function makePatternGenerator(
  p: PatternProbabilities,
  fill: (words: Uint32Array) => void = (w) => void randomFillSync(w),
): (slots: number) => Uint32Array {
  const basisZ = Math.round(p.keyBasis * 65536);
  const t1 = Math.round(p.intensities[0] * 32768);
  const t2 = Math.round((p.intensities[0] + p.intensities[1]) * 32768);
  const rnd = new Uint32Array(CHUNK_WORDS);
  return (slots: number): Uint32Array => {
    const pattern = allocPattern(slots);
    for (let base = 0; base < slots; base += CHUNK_WORDS) {
      fill(rnd);
      const end = Math.min(slots, base + CHUNK_WORDS);
      for (let s = base; s < end; s++) {
        const r = rnd[s - base];
        const basis = (r & 0xffff) < basisZ ? 0 : 1;
        const bit = (r >>> 16) & 1;
        const u = r >>> 17;
        const cls = u < t1 ? 0 : u < t2 ? 1 : 2;
        pattern[s >>> 3] |= (bit | (basis << 1) | (cls << 2)) << ((s & 7) << 2);
      }
    }
    rnd.fill(0);
    return pattern;
  };
}
