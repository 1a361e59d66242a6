/**
 * Benchmark harness shared by every `test/bench/*.bench.ts`.
 *
 * Each bench file default-exports a `BenchSuite`: an async function returning
 * one or more `BenchResult`s. `value` is the throughput of our implementation,
 * `reference` the throughput of a plain implementation of the same stage
 * measured in the same process and run, in the same `unit`. Extra fields
 * (qber, efficiency, n, ...) go beside them and appear in the JSON line.
 */
export interface BenchResult {
  bench: string;
  unit: string;
  value: number;
  /** Throughput of the plain reference implementation, same unit, same run. */
  reference: number;
  /** What the reference is, in a few words (e.g. "bit-per-byte loop"). */
  referenceName: string;
  /** Target from the issue, when one is set; reported, never asserted. */
  target?: number;
  [extra: string]: number | string | boolean | undefined;
}

export interface BenchContext {
  /** True when the caller asked for a quick run (e.g. `--quick`): smaller sizes, fewer repetitions. */
  quick: boolean;
  /** Progress output; goes to stderr so that JSON lines on stdout stay clean. */
  progress(message: string): void;
}

export type BenchSuite = (ctx: BenchContext) => Promise<BenchResult[]>;

export interface Timing {
  /** Seconds per call, median over the measured repetitions. */
  secondsPerCall: number;
  repetitions: number;
}

/**
 * Time `fn` by running it repeatedly for at least `minSeconds` (after one
 * warm-up call) and return the median seconds per call. The median rather
 * than the mean keeps one GC pause from dominating a short benchmark.
 */
export function timeIt(fn: () => void, minSeconds = 0.5, maxRepetitions = 1000): Timing {
  fn(); // warm-up: JIT tiers, caches, lazy allocation
  const samples: number[] = [];
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (samples.length < maxRepetitions && (elapsed < minSeconds || samples.length < 3)) {
    const t0 = process.hrtime.bigint();
    fn();
    const t1 = process.hrtime.bigint();
    samples.push(Number(t1 - t0) / 1e9);
    elapsed = Number(t1 - start) / 1e9;
  }
  samples.sort((a, b) => a - b);
  return { secondsPerCall: samples[samples.length >> 1], repetitions: samples.length };
}
