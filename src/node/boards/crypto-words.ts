/**
 * Random 32-bit words from the operating system's CSPRNG, drawn in batches.
 *
 * The receiver resolves each double click (two detectors firing in one gate)
 * with a random bit, and that bit becomes part of Bob's raw key while his
 * test bits cross the channel in clear: a generator expanded from a short
 * seed (xoshiro128** from 32 bits, as before) would let anyone who sees the
 * test bits search the seed and learn the squashed key bits. Here every word
 * handed out is a word the CSPRNG produced, used once.
 *
 * `crypto.getRandomValues` (the Web Crypto global, the same generator as
 * node:crypto's randomFillSync) fills a buffer of BATCH_WORDS words at a time,
 * so the per-click cost is an array read; a consumed batch is overwritten by
 * the next fill and zeroed by `wipe()`.
 */

/** Words per refill: 16 KiB, a quarter of what one getRandomValues call may fill. */
export const BATCH_WORDS = 4096;

export class CryptoWords {
  private readonly words = new Uint32Array(BATCH_WORDS);
  private at = BATCH_WORDS;

  /** The next uniformly random uint32 word. */
  readonly next = (): number => {
    if (this.at === BATCH_WORDS) {
      globalThis.crypto.getRandomValues(this.words);
      this.at = 0;
    }
    const w = this.words[this.at]!;
    this.words[this.at++] = 0;
    return w;
  };

  /** Forget the words not yet handed out. */
  wipe(): void {
    this.words.fill(0);
    this.at = BATCH_WORDS;
  }
}
