/**
 * Sifted and secret key rates over a recent window. Frames complete every
 * few seconds, so the rate between two consecutive status reads jumps between
 * zero and bursts; the difference of the counters over a window of about ten
 * seconds is what a person (or a calibration script) wants to see.
 */
export interface RateSample {
  /** Milliseconds (any monotonic origin). */
  readonly t: number;
  readonly siftedBits: number;
  readonly secretBits: number;
}

export interface Rates {
  /** Length of the window the rates were measured over, in seconds (0 until two samples exist). */
  readonly windowS: number;
  readonly siftedBitsPerS: number | null;
  readonly secretBitsPerS: number | null;
}

export class RateWindow {
  private readonly samples: RateSample[] = [];

  constructor(private readonly windowMs = 10_000) {}

  add(sample: RateSample): void {
    const last = this.samples.at(-1);
    // Counters restart only with the process; a smaller value means a new node behind the same object: start over.
    if (last && (sample.t < last.t || sample.siftedBits < last.siftedBits || sample.secretBits < last.secretBits)) this.samples.length = 0;
    this.samples.push(sample);
    // Keep one sample at or before the window's start, so the window is covered whole.
    while (this.samples.length > 2 && sample.t - this.samples[1]!.t >= this.windowMs) this.samples.shift();
  }

  rates(): Rates {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    // Under a second of history (a node that just started) a rate would be noise: say it is not known yet.
    if (!first || !last || last.t - first.t < Math.min(1000, this.windowMs / 2))
      return { windowS: 0, siftedBitsPerS: null, secretBitsPerS: null };
    const dtS = (last.t - first.t) / 1000;
    return {
      windowS: Math.round(dtS * 10) / 10,
      siftedBitsPerS: Math.round((last.siftedBits - first.siftedBits) / dtS),
      secretBitsPerS: Math.round((last.secretBits - first.secretBits) / dtS),
    };
  }
}
