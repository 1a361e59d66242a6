/**
 * The transmitter's per-slot choices for one frame — basis (biased towards
 * the key basis), bit, intensity class — from the operating system's CSPRNG,
 * packed in the pattern layout of src/pipeline/sifting/pattern.ts. Used where
 * the host draws the pattern (a host-pattern bench: the boards play what the
 * host uploads; firmware-protocol/FRAMING.md §10 "Where the choices come
 * from"); a bench whose boards draw their own choices reads them back for the
 * detected slots only and never calls this.
 *
 * Cost per slot is one 16-bit CSPRNG draw and one table lookup: the 16 bits
 * index a table of 65536 nibbles in which each of the twelve (basis, bit,
 * class) nibbles fills a share of entries equal to its probability, rounded
 * by largest remainder. Each nibble's probability is thus realised to within
 * 2^-16 (1.5·10^-5; the marginals within 12·2^-16 < 2·10^-4 in the worst
 * case, typically far less) — the finite-key analysis takes the configured
 * probabilities, and the difference lies orders of magnitude below its
 * Hoeffding terms. (The former per-slot loop drew 32 bits and three compares
 * per slot; this is about 5× cheaper.)
 */
import { randomFillSync } from 'node:crypto';
import { allocPattern } from '../pipeline/sifting/pattern.ts';

export interface PatternProbabilities {
  keyBasis: number;
  /** [signal, decoy, vacuum], summing to 1. */
  intensities: readonly [number, number, number];
}

/** Random words drawn per refill: 2^15 words = 2^16 slots. */
const CHUNK_WORDS = 1 << 15;
const TABLE_SIZE = 1 << 16;

/**
 * The 2^16-entry table: entry u is the nibble of a slot whose 16 random bits
 * are u. Exported for the test of its proportions.
 */
export function nibbleTable(p: PatternProbabilities): Uint8Array {
  const probs = new Float64Array(16);
  for (let cls = 0; cls < 3; cls++) {
    for (let basis = 0; basis < 2; basis++) {
      const pb = basis === 0 ? p.keyBasis : 1 - p.keyBasis;
      for (let bit = 0; bit < 2; bit++) probs[bit | (basis << 1) | (cls << 2)] = pb * 0.5 * p.intensities[cls];
    }
  }
  let sum = 0;
  for (const q of probs) sum += q;
  // Largest remainder: floor each share, then hand the entries left to the largest fractions.
  const counts = new Int32Array(16);
  const frac: { n: number; f: number }[] = [];
  let used = 0;
  for (let n = 0; n < 16; n++) {
    const exact = (probs[n] / sum) * TABLE_SIZE;
    counts[n] = Math.floor(exact);
    used += counts[n];
    if (probs[n] > 0) frac.push({ n, f: exact - counts[n] });
  }
  frac.sort((a, b) => b.f - a.f || a.n - b.n);
  for (let i = 0; used < TABLE_SIZE; i++, used++) counts[frac[i % frac.length].n]++;
  const table = new Uint8Array(TABLE_SIZE);
  let at = 0;
  for (let n = 0; n < 16; n++) {
    table.fill(n, at, at + counts[n]);
    at += counts[n];
  }
  return table;
}

export function makePatternGenerator(
  p: PatternProbabilities,
  fill: (words: Uint32Array) => void = (w) => void randomFillSync(w),
): (slots: number) => Uint32Array {
  const table = nibbleTable(p);
  const rnd = new Uint32Array(CHUNK_WORDS);
  return (slots: number): Uint32Array => {
    const pattern = allocPattern(slots);
    const words = pattern.length;
    // One pattern word (8 slots) takes 4 random words (two 16-bit draws each).
    for (let w0 = 0; w0 < words; w0 += CHUNK_WORDS >>> 2) {
      fill(rnd);
      const w1 = Math.min(words, w0 + (CHUNK_WORDS >>> 2));
      for (let w = w0, r = 0; w < w1; w++, r += 4) {
        const a = rnd[r];
        const b = rnd[r + 1];
        const c = rnd[r + 2];
        const d = rnd[r + 3];
        pattern[w] =
          table[a & 0xffff] |
          (table[a >>> 16] << 4) |
          (table[b & 0xffff] << 8) |
          (table[b >>> 16] << 12) |
          (table[c & 0xffff] << 16) |
          (table[c >>> 16] << 20) |
          (table[d & 0xffff] << 24) |
          (table[d >>> 16] << 28);
      }
    }
    // Nibbles past the frame's last slot are zero (pattern layout).
    const tail = slots & 7;
    if (tail !== 0) pattern[words - 1] &= (1 << (tail * 4)) - 1;
    rnd.fill(0);
    return pattern;
  };
}
