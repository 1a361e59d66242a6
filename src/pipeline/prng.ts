/**
 * Seeded pseudo-random generator (xoshiro128**, Blackman & Vigna 2018).
 *
 * Not cryptographic. It exists so that tests, benchmarks and the simulated
 * bench are reproducible from one printed seed, and so that pure pipeline
 * stages that need randomness (double-click squashing, Cascade permutations
 * agreed from a shared seed) take it as an explicit input. Anything that must
 * be secret (basis choices on a real bench, hash seeds) comes from
 * `crypto.getRandomValues` in the node layer instead.
 */
export class Xoshiro128 {
  /**
   * The four state words, as int32. Kept in a typed array rather than in
   * fields: V8 stores a field holding a 32-bit value outside the small-integer
   * range as a boxed heap number, so each call used to allocate; a typed array
   * store never does. The output stream is unchanged.
   */
  private readonly s = new Int32Array(4);

  constructor(seed: number) {
    // SplitMix32 expands one 32-bit seed into the four words of state.
    let z = seed >>> 0;
    const next = (): number => {
      z = (z + 0x9e3779b9) >>> 0;
      let t = z ^ (z >>> 16);
      t = Math.imul(t, 0x21f0aaad);
      t ^= t >>> 15;
      t = Math.imul(t, 0x735a2d97);
      return (t ^ (t >>> 15)) >>> 0;
    };
    const s = this.s;
    s[0] = next();
    s[1] = next();
    s[2] = next();
    s[3] = next();
  }

  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    const s = this.s;
    const s0 = s[0];
    const s1 = s[1];
    const s2 = s[2] ^ s0;
    const s3 = s[3] ^ s1;
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    s[0] = s0 ^ s3;
    s[1] = s1 ^ s2;
    s[2] = s2 ^ (s1 << 9);
    s[3] = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  /** Uniform float in [0, 1) with 32 bits of resolution. */
  nextFloat(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n) for 0 < n ≤ 2^32 (Lemire's nearly divisionless method). */
  nextBelow(n: number): number {
    // Rejection keeps it exactly uniform; the loop almost never repeats.
    const limit = 4294967296 - (4294967296 % n);
    for (;;) {
      const x = this.nextU32();
      if (x < limit) return x % n;
    }
  }

  /** Fill a Uint32Array with uniform words (the same words, in order, as repeated nextU32()). */
  fillU32(out: Uint32Array): Uint32Array {
    const s = this.s;
    let s0 = s[0];
    let s1 = s[1];
    let s2 = s[2];
    let s3 = s[3];
    const len = out.length;
    for (let i = 0; i < len; i++) {
      const x = Math.imul(s1, 5);
      out[i] = Math.imul((x << 7) | (x >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
    }
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
    return out;
  }
}
