/**
 * The time tagger's view of time: its own clock runs at (1 + ppm·1e-6) times
 * the source clock and started at `startOffsetPs`; timestamps are floored to
 * the bin. A monotone map, so sorted detection times stay sorted.
 *
 * Timestamps are Float64 integers: exact up to 2^53 ps ≈ 2.5 h of run time.
 */
import type { TaggerOptions } from './options.ts';

export class TimeTagger {
  private readonly scale: number;
  private readonly binPs: number;
  private readonly offsetPs: number;

  constructor(opts: TaggerOptions) {
    this.scale = 1 + opts.clockOffsetPpm * 1e-6;
    this.binPs = opts.resolutionPs;
    this.offsetPs = opts.startOffsetPs;
  }

  /** Tagger timestamp (ps, integer) of an event at source-clock time `timePs`. */
  timestampPs(timePs: number): number {
    const t = timePs * this.scale + this.offsetPs;
    return this.binPs === 1 ? Math.floor(t) : Math.floor(t / this.binPs) * this.binPs;
  }
}
