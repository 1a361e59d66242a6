import { describe, expect, it } from 'vitest';
import {
  createPattern,
  encodeNibble,
  nibbleBasis,
  nibbleBit,
  nibbleIntensity,
  patternFromArrays,
  randomPattern,
  setSlot,
  slotNibble,
  PhysicsRng,
} from '../../../sim/physics/index.ts';
import { withSeed } from '../../support/seed.ts';

describe('pulse pattern layout (4 bits per slot)', () => {
  it('places slot i in word i>>>3, nibble i&7, with bit, basis, class in bits 0, 1, 2-3', () => {
    const p = createPattern(20);
    expect(p.words.length).toBe(3);
    setSlot(p, 9, 1, 0, 2); // X, bit 0, vacuum → nibble 0b1010 in word 1, nibble 1
    expect(p.words[1]).toBe(0b1010 << 4);
    expect(slotNibble(p, 9)).toBe(encodeNibble(1, 0, 2));
    setSlot(p, 9, 0, 1, 1); // Z, bit 1 (= V), decoy → 0b0101
    expect(p.words[1]).toBe(0b0101 << 4);
    expect(slotNibble(p, 9) & 3).toBe(1); // state index V
  });

  it('round-trips random per-slot arrays', async () => {
    await withSeed('pattern round trip', (rng) => {
      const n = 1001;
      const bases = new Uint8Array(n).map(() => rng.nextBelow(2));
      const bits = new Uint8Array(n).map(() => rng.nextBelow(2));
      const cls = new Uint8Array(n).map(() => rng.nextBelow(4));
      const p = patternFromArrays(bases, bits, cls);
      let mismatches = 0;
      for (let i = 0; i < n; i++) {
        const nib = slotNibble(p, i);
        if (nibbleBasis(nib) !== bases[i] || nibbleBit(nib) !== bits[i] || nibbleIntensity(nib) !== cls[i]) mismatches++;
      }
      expect(mismatches).toBe(0);
      // nibbles past the end of the frame stay zero
      expect(p.words[p.words.length - 1] >>> ((n & 7) << 2)).toBe(0);
    });
  });

  it('randomPattern draws the intensity classes with the requested probabilities', async () => {
    await withSeed('random pattern classes', (_rng, seed) => {
      const r = new PhysicsRng(seed);
      const n = 200_000;
      const p = randomPattern(n, () => r.nextU32(), 0.7, 0.2);
      const counts = [0, 0, 0, 0];
      for (let i = 0; i < n; i++) counts[nibbleIntensity(slotNibble(p, i))]++;
      // 5σ of a binomial count: 5·sqrt(n·q·(1−q))
      for (const [cls, q] of [
        [0, 0.7],
        [1, 0.2],
        [2, 0.1],
      ] as const) {
        expect(Math.abs(counts[cls] - n * q)).toBeLessThan(5 * Math.sqrt(n * q * (1 - q)));
      }
      expect(counts[3]).toBe(0);
    });
  });
});
