import { describe, expect, it } from 'vitest';
import { makePatternGenerator } from '../../src/node/random-pattern.ts';
import { slotNibble } from '../../src/pipeline/sifting/pattern.ts';

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
});
