/**
 * Seeded generator for the simulated bench physics: xoshiro128** (Blackman &
 * Vigna 2018) with the samplers the physics needs.
 *
 * `sim/` stands where hardware stands and may not import `src/`, so the
 * physics carries its own generator instead of `src/pipeline/prng.ts`. It is
 * not cryptographic; it exists so that a whole bench run is reproducible from
 * one 32-bit seed.
 */
export class PhysicsRng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  constructor(seed: number) {
    // SplitMix32 spreads one 32-bit seed over the 128-bit state, so that
    // neighbouring seeds give unrelated streams and the state is never all zero.
    let z = seed >>> 0;
    const next = (): number => {
      z = (z + 0x9e3779b9) >>> 0;
      let t = z ^ (z >>> 16);
      t = Math.imul(t, 0x21f0aaad);
      t ^= t >>> 15;
      t = Math.imul(t, 0x735a2d97);
      return (t ^ (t >>> 15)) >>> 0;
    };
    // `| 0` keeps the state words small integers (int32) from the start, so
    // V8 never has to box them as doubles.
    this.s0 = next() | 0;
    this.s1 = next() | 0;
    this.s2 = next() | 0;
    this.s3 = next() | 0;
  }

  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    const s1 = this.s1;
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /**
   * Uniform in the open interval (0, 1) with 32 bits of resolution. Open at 0
   * so that `Math.log(u)` is always finite (geometric and exponential gaps).
   */
  nextOpen(): number {
    return (this.nextU32() + 0.5) * 2.3283064365386963e-10;
  }

  /**
   * Uniform in [0, 1) with 53 bits of resolution: for comparisons against
   * probabilities far below 2^-32 (e.g. dark counts per gate).
   */
  nextFloat53(): number {
    const hi = this.nextU32() >>> 5;
    const lo = this.nextU32() >>> 6;
    return (hi * 67108864 + lo) * 1.1102230246251565e-16;
  }

  /**
   * Standard normal N(0, 1) by the ziggurat method (Marsaglia & Tsang, J. Stat.
   * Softw. 5(8), 2000; 128 layers): one 32-bit draw, one table lookup and one
   * compare for ~98.8 % of the samples; the wedges and the tail (exact
   * rejection steps) take the rest. Box–Muller cost a log, a sqrt, a sin and
   * a cos per pair, once per tag (timing jitter) in the bench's hot loop.
   * The layer index comes from a second word's bits, not from the low bits of
   * the value word (Doornik 2005's remark on the original's correlation).
   */
  nextNormal(): number {
    const hz = this.nextU32() | 0;
    const iz = this.nextU32() & 127;
    if ((hz < 0 ? -hz : hz) < ZIG_K[iz]) return hz * ZIG_W[iz];
    return this.normalSlow(hz, iz);
  }

  private normalSlow(hz0: number, iz0: number): number {
    let hz = hz0;
    let iz = iz0;
    for (;;) {
      const x = hz * ZIG_W[iz];
      if (iz === 0) {
        // Tail beyond r (Marsaglia 1964).
        let xt: number;
        let y: number;
        do {
          xt = -Math.log(this.nextOpen()) * ZIG_INV_R;
          y = -Math.log(this.nextOpen());
        } while (y + y < xt * xt);
        return hz > 0 ? ZIG_R + xt : -ZIG_R - xt;
      }
      if (ZIG_F[iz] + this.nextOpen() * (ZIG_F[iz - 1] - ZIG_F[iz]) < Math.exp(-0.5 * x * x)) return x;
      hz = this.nextU32() | 0;
      iz = this.nextU32() & 127;
      if ((hz < 0 ? -hz : hz) < ZIG_K[iz]) return hz * ZIG_W[iz];
    }
  }

  /** Exponential with mean 1. */
  nextExponential(): number {
    return -Math.log(this.nextOpen());
  }

  /**
   * Number of failures before the first success of Bernoulli(p) trials, given
   * `invLogOneMinusP = 1 / ln(1 − p)` precomputed by the caller (the hot loops
   * reuse one p many times). Returns Infinity when p = 0 (invLog… = −0 or
   * −Infinity handled by the caller passing 0 → Infinity).
   */
  nextGeometric(invLogOneMinusP: number): number {
    if (invLogOneMinusP === 0) return 0; // p = 1: success at once
    return Math.floor(Math.log(this.nextOpen()) * invLogOneMinusP);
  }

  /**
   * Poisson(mean). Knuth's product method below mean 30 (the photon numbers of
   * a weak-coherent source are far below), normal approximation with
   * continuity correction above (only reached by unrealistic test settings).
   */
  nextPoisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean < 30) {
      const limit = Math.exp(-mean);
      let k = 0;
      let prod = this.nextOpen();
      while (prod > limit) {
        k++;
        prod *= this.nextOpen();
      }
      return k;
    }
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.nextNormal()));
  }
}

/** `1 / ln(1 − p)` for `nextGeometric`; 0 means "p = 1", −0 never occurs for p in (0, 1). */
export function invLogOneMinus(p: number): number {
  if (p >= 1) return 0;
  if (p <= 0) return -0; // caller must treat p ≤ 0 as "never"
  return 1 / Math.log1p(-p);
}

// Ziggurat tables for the standard normal, 128 layers (Marsaglia & Tsang 2000).
const ZIG_R = 3.442619855899;
const ZIG_INV_R = 1 / ZIG_R;
const ZIG_V = 9.91256303526217e-3;
/** Per layer: |hz| below K[i] lies wholly inside the density (fast accept). */
const ZIG_K = new Float64Array(128);
/** Per layer: scale from the int32 draw to x. */
const ZIG_W = new Float64Array(128);
/** Per layer: density at the layer's edge. */
const ZIG_F = new Float64Array(128);
(function buildZiggurat(): void {
  const m1 = 2147483648;
  let dn = ZIG_R;
  let tn = dn;
  const q = ZIG_V / Math.exp(-0.5 * dn * dn);
  ZIG_K[0] = (dn / q) * m1;
  ZIG_K[1] = 0;
  ZIG_W[0] = q / m1;
  ZIG_W[127] = dn / m1;
  ZIG_F[0] = 1;
  ZIG_F[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(ZIG_V / dn + Math.exp(-0.5 * dn * dn)));
    ZIG_K[i + 1] = (dn / tn) * m1;
    tn = dn;
    ZIG_F[i] = Math.exp(-0.5 * dn * dn);
    ZIG_W[i] = dn / m1;
  }
})();
