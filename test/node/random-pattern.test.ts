import { describe, expect, it } from 'vitest';
import { makePatternGenerator, nibbleTable } from '../../src/node/random-pattern.ts';
import { slotNibble } from '../../src/pipeline/sifting/pattern.ts';
import { Xoshiro128 } from '../../src/pipeline/prng.ts';

describe('makePatternGenerator', () => {
  it('realises the configured basis, bit and intensity probabilities (5σ) from the CSPRNG', () => {
    const slots = 1 << 20;
    const gen = makePatternGenerator({ keyBasis: 0.7, intensities: [0.5, 0.3, 0.2] });
    const pattern = gen(slots);
    let z = 0;
    let ones = 0;
    const cls = [0, 0, 0, 0];
    for (let s = 0; s < slots; s++) {
      const n = slotNibble(pattern, s);
      if (((n >>> 1) & 1) === 0) z++;
      ones += n & 1;
      cls[n >>> 2]++;
    }
    const within = (count: number, p: number): void => {
      const sigma = Math.sqrt(slots * p * (1 - p));
      expect(Math.abs(count - slots * p)).toBeLessThan(5 * sigma);
    };
    within(z, 0.7);
    within(ones, 0.5);
    within(cls[0], 0.5);
    within(cls[1], 0.3);
    within(cls[2], 0.2);
    expect(cls[3]).toBe(0);
    // Two frames are independent draws.
    expect(Buffer.from(gen(1024).buffer).equals(Buffer.from(gen(1024).buffer))).toBe(false);
  });

  it('gives each nibble its probability to within 2^-16 in the lookup table, and never class 3', () => {
    const p = { keyBasis: 0.9, intensities: [0.7, 0.2, 0.1] as const };
    const table = nibbleTable(p);
    expect(table.length).toBe(65536);
    const counts = new Array(16).fill(0);
    for (const n of table) counts[n]++;
    for (let n = 0; n < 16; n++) {
      const cls = n >>> 2;
      const basis = (n >>> 1) & 1;
      const want = cls === 3 ? 0 : (basis === 0 ? 0.9 : 0.1) * 0.5 * p.intensities[cls];
      expect(Math.abs(counts[n] / 65536 - want)).toBeLessThanOrEqual(1 / 65536);
    }
  });

  it('uses 16 bits per slot in order (seeded words give the table entries) and zeroes the nibbles past the frame', () => {
    const p = { keyBasis: 0.7, intensities: [0.5, 0.3, 0.2] as const };
    const table = nibbleTable(p);
    const seeded = (seed: number) => {
      const rng = new Xoshiro128(seed);
      const drawn: number[] = [];
      return {
        drawn,
        fill: (w: Uint32Array) => {
          rng.fillU32(w);
          if (drawn.length < 8) drawn.push(...w.subarray(0, 8));
        },
      };
    };
    const s = seeded(5);
    const slots = 13; // one whole word and five slots of the next
    const pattern = makePatternGenerator(p, s.fill)(slots);
    for (let slot = 0; slot < slots; slot++) {
      const word = s.drawn[slot >>> 1];
      const u = slot & 1 ? word >>> 16 : word & 0xffff;
      expect(slotNibble(pattern, slot)).toBe(table[u]);
    }
    for (let slot = slots; slot < 16; slot++) expect(slotNibble(pattern, slot)).toBe(0);
  });
});
