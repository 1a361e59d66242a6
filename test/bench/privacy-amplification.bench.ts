/**
 * Privacy amplification throughput, in Mbit/s of INPUT (reconciled-key) bits,
 * one core, at compression ratio ℓ/n = 0.5 (a realistic secret fraction of
 * the reconciled key at 1–3 % QBER; Tang et al. quote 0.125, and a smaller
 * ratio only makes both families faster).
 *
 * Reference: the plain word-parallel Toeplitz product (parity of row AND key,
 * O(n·ℓ/32)). A full run would take minutes to hours at these sizes, so it is
 * timed on a sample of output rows and extrapolated to all ℓ rows; the
 * one-off seed reversal it needs is not counted.
 */
import { wordsFor } from '../../src/pipeline/bits.ts';
import { Xoshiro128 } from '../../src/pipeline/prng.ts';
import {
  createPrivacyAmplifier,
  DirectToeplitz,
  MultiplyAddShiftHasher,
  type PrivacyAmplificationFamily,
} from '../../src/pipeline/privacy-amplification/index.ts';
import { timeIt, type BenchResult, type BenchSuite } from './harness.ts';

const RATIO = 0.5;
const TARGET = 108;

function randomBits(rng: Xoshiro128, nBits: number): Uint32Array {
  const out = rng.fillU32(new Uint32Array(wordsFor(nBits)));
  if (nBits & 31) out[out.length - 1] &= (1 << (nBits & 31)) - 1;
  return out;
}

/** Seconds per call: timeIt's median for small inputs, one timed call (after the plan's first call) for 10^8. */
function secondsPerCall(fn: () => void, n: number, quick: boolean): number {
  if (n >= 1e8) {
    const t0 = process.hrtime.bigint();
    fn();
    return Number(process.hrtime.bigint() - t0) / 1e9;
  }
  return timeIt(fn, quick ? 0.3 : 1.5, 50).secondsPerCall;
}

const suite: BenchSuite = async (ctx) => {
  const rng = new Xoshiro128(0x9a5eed);
  const sizes = ctx.quick ? [1e6] : [1e6, 1e7, 1e8];
  const results: BenchResult[] = [];
  for (const n of sizes) {
    const m = Math.round(n * RATIO);
    const key = randomBits(rng, n);
    const seed = randomBits(rng, 2 * (n + m - 1));

    // Reference: direct rows, sampled.
    const direct = new DirectToeplitz(key, n, m, seed);
    const sampleRows = Math.max(8, Math.round(2e8 / n));
    let sink = 0;
    const refTime = timeIt(() => {
      for (let r = 0; r < sampleRows; r++) sink ^= direct.bit((r * 7919) % m);
    }, ctx.quick ? 0.2 : 0.5, 20).secondsPerCall;
    const refMbits = n / ((refTime / sampleRows) * m) / 1e6;
    const referenceName = `direct word-parallel Toeplitz, ${sampleRows} rows timed, extrapolated to ${m} rows`;

    const families: PrivacyAmplificationFamily[] = n >= 1e8 ? ['multiply-add-shift', 'toeplitz'] : ['multiply-add-shift', 'toeplitz'];
    for (const family of families) {
      ctx.progress(`privacy-amplification ${family} n=${n} m=${m}`);
      const amp = createPrivacyAmplifier(family, n, m);
      const out = new Uint32Array(wordsFor(m));
      amp.hash(key, seed, out); // first call: JIT, page faults
      // Spot check against the direct rows so that a fast wrong answer cannot pass unnoticed.
      if (family === 'toeplitz') {
        for (let r = 0; r < 16; r++) {
          const i = (r * 104729) % m;
          if (((out[i >>> 5] >>> (i & 31)) & 1) !== direct.bit(i)) throw new Error(`toeplitz n=${n}: row ${i} disagrees with the direct product`);
        }
      }
      const s = secondsPerCall(() => void amp.hash(key, seed, out), n, ctx.quick);
      const row: BenchResult = {
        bench: 'privacy-amplification',
        unit: 'Mbit/s',
        value: n / s / 1e6,
        reference: refMbits,
        referenceName,
        n,
        m,
        ratio: RATIO,
        family,
        target: TARGET,
        secondsPerCall: s,
      };
      if (family === 'multiply-add-shift') row.limbBits = new MultiplyAddShiftHasher(n, m).limbBits;
      results.push(row);
    }
    if (sink === 2) ctx.progress('(sink)'); // keeps the reference loop from being optimized away
  }
  return results;
};

export default suite;
