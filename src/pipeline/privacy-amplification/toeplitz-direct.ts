/**
 * Plain Toeplitz product, one output bit at a time, word-parallel: output
 * bit i is the parity of (row i of T) AND x. O(n/32) per bit, O(n·m/32) in
 * all: the independent reference that tests and the benchmark compare the
 * FFT method with, and a fallback for tiny inputs. Same definition as
 * toeplitz.ts: T[i][j] = s[i − j + n − 1].
 *
 * Row i read left to right is s[i + n − 1], s[i + n − 2], …, s[i]: a
 * contiguous window of the reversed seed r[t] = s[n + m − 2 − t], starting
 * at t = m − 1 − i. So the seed is reversed once and each row is a shifted
 * word-wise read.
 */
import { popcount32, wordsFor } from '../bits.ts';
import { checkBuffers, checkLengths } from './parameters.ts';

export class DirectToeplitz {
  readonly inputBits: number;
  readonly outputBits: number;
  private readonly reversed: Uint32Array;
  private readonly key: Uint32Array;

  constructor(key: Uint32Array, nBits: number, outBits: number, seed: Uint32Array) {
    checkLengths(nBits, outBits);
    const seedBits = nBits + outBits - 1;
    checkBuffers(key, nBits, seed, seedBits, new Uint32Array(wordsFor(outBits)), outBits);
    this.inputBits = nBits;
    this.outputBits = outBits;
    this.key = key;
    // One spare word so that a shifted read never runs off the end.
    const r = new Uint32Array(wordsFor(seedBits) + 1);
    for (let t = 0; t < seedBits; t++) {
      const src = seedBits - 1 - t;
      if ((seed[src >>> 5] >>> (src & 31)) & 1) r[t >>> 5] |= 1 << (t & 31);
    }
    this.reversed = r;
  }

  /** Output bit i (0 ≤ i < outBits). */
  bit(i: number): number {
    const n = this.inputBits;
    const r = this.reversed;
    const x = this.key;
    const start = this.outputBits - 1 - i;
    const base = start >>> 5;
    const sh = start & 31;
    const full = n >>> 5;
    let acc = 0;
    for (let w = 0; w < full; w++) {
      const win = sh === 0 ? r[base + w] : (r[base + w] >>> sh) | (r[base + w + 1] << (32 - sh));
      acc ^= win & x[w];
    }
    const rest = n & 31;
    if (rest) {
      const win = sh === 0 ? r[base + full] : (r[base + full] >>> sh) | (r[base + full + 1] << (32 - sh));
      acc ^= win & x[full] & ((1 << rest) - 1);
    }
    return popcount32(acc) & 1;
  }

  /** All output bits (O(n·m/32): small inputs only). */
  hashAll(): Uint32Array {
    const out = new Uint32Array(wordsFor(this.outputBits));
    for (let i = 0; i < this.outputBits; i++) if (this.bit(i)) out[i >>> 5] |= 1 << (i & 31);
    return out;
  }
}
