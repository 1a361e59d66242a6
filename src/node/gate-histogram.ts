/**
 * The detector's time histogram around the gate, for the dashboard: the
 * receiver's raw tags (QkdNode.onTags) binned by their arrival phase in the
 * pulse slot, per detector channel, so that a technician turning a delay
 * sees the peak move relative to the gate.
 *
 * Geometry (as the timing stage, src/pipeline/timing/assign-slots.ts, and the
 * frame assembler use it): slot k is emitted at k·T on the bench clock, its
 * gate opens gateDelayPs later and is gateWidthPs wide. A tag at t has the
 * phase p = (t − gateDelayPs) mod T, the gate being p ∈ [0, gateWidthPs).
 * The histogram covers `marginGateWidths` gate widths before the gate
 * opening to as many after it closes (never more than one slot period), so
 * position 0 on its axis is the gate opening.
 *
 * Hot path (DESIGN.md): `add` is called with every tag batch of the stream;
 * per tag it does a remainder by the reciprocal period (multiply, floor,
 * multiply-subtract, one correction), a multiply and two typed-array
 * increments — no allocation, no object per tag (about 15 ns a tag on the
 * development machine: 1 % of a core at 0.7 M tags/s). Counts
 * accumulate for one period (the dashboard's second); `roll()` publishes
 * them as the last period's and starts again from zero, so what is shown
 * reacts at once when a delay changes.
 */
export interface GateHistogramOptions {
  /** Pulse period, ps (1e12 / the source's pulse rate). */
  readonly slotPeriodPs: number;
  /** Emission edge → gate opening, ps. */
  readonly gateDelayPs: number;
  /** Gate width, ps (at most one period). */
  readonly gateWidthPs: number;
  /** Tagger channel of each detector, in display order (H, V, D, A). */
  readonly channels: readonly number[];
  /** Gate widths shown on each side of the gate. Default 2. */
  readonly marginGateWidths?: number;
  /** Bins across the window, about (rounded so each bin is a whole number of ps). Default 200. */
  readonly bins?: number;
}

/** One period's histogram and counts, copied out (safe to keep and serialise). */
export interface GateHistogramSnapshot {
  /** Left edge of the first bin relative to the gate opening, ps (negative: before the gate). */
  readonly startPs: number;
  readonly binPs: number;
  readonly gateWidthPs: number;
  readonly slotPeriodPs: number;
  /** Tagger channel of each row, as given. */
  readonly channels: readonly number[];
  /** counts[c][b]: tags of channel c in bin b during the period. */
  readonly counts: number[][];
  /** All tags of each channel during the period, in the window or not. */
  readonly totals: number[];
  /** Tags on channels not listed. */
  readonly otherTags: number;
}

export class GateHistogram {
  readonly slotPeriodPs: number;
  readonly gateWidthPs: number;
  readonly startPs: number;
  readonly binPs: number;
  readonly bins: number;
  readonly channels: readonly number[];
  /** gateDelayPs + startPs: subtracted from every tag time before the remainder. */
  private readonly originPs: number;
  private readonly invBinPs: number;
  private readonly invPeriodPs: number;
  private readonly spanPs: number;
  /** Tagger channel byte → row, or −1. */
  private readonly row = new Int16Array(256).fill(-1);
  private acc: Float64Array;
  private accTotals: Float64Array;
  private accOther = 0;
  private last: Float64Array;
  private lastTotals: Float64Array;
  private lastOther = 0;

  constructor(o: GateHistogramOptions) {
    if (!(o.slotPeriodPs > 0) || !(o.gateWidthPs > 0) || !(o.gateDelayPs >= 0)) {
      throw new RangeError(`gate histogram: period ${o.slotPeriodPs} ps, gate width ${o.gateWidthPs} ps, delay ${o.gateDelayPs} ps`);
    }
    this.slotPeriodPs = Math.round(o.slotPeriodPs);
    this.gateWidthPs = Math.min(Math.round(o.gateWidthPs), this.slotPeriodPs);
    const margin = o.marginGateWidths ?? 2;
    const wanted = Math.min(this.slotPeriodPs, this.gateWidthPs * (1 + 2 * margin));
    // The window is centred on the gate and never wraps onto itself.
    this.startPs = 0 - Math.floor((wanted - this.gateWidthPs) / 2);
    this.binPs = Math.max(1, Math.round(wanted / (o.bins ?? 200)));
    this.bins = Math.max(1, Math.floor(wanted / this.binPs));
    this.spanPs = this.bins * this.binPs;
    this.invBinPs = 1 / this.binPs;
    this.invPeriodPs = 1 / this.slotPeriodPs;
    this.originPs = Math.round(o.gateDelayPs) + this.startPs;
    this.channels = [...o.channels];
    this.channels.forEach((ch, i) => {
      if (!Number.isInteger(ch) || ch < 0 || ch > 255) throw new RangeError(`gate histogram: tagger channel ${ch} is not 0..255`);
      this.row[ch] = i;
    });
    const n = this.channels.length * this.bins;
    this.acc = new Float64Array(n);
    this.last = new Float64Array(n);
    this.accTotals = new Float64Array(this.channels.length);
    this.lastTotals = new Float64Array(this.channels.length);
  }

  /** Bin one batch of tags (the TagListener signature: arrays valid only during the call). */
  add(channels: Uint8Array, timestampsPs: Float64Array, count = channels.length): void {
    const row = this.row;
    const acc = this.acc;
    const totals = this.accTotals;
    const period = this.slotPeriodPs;
    const invPeriod = this.invPeriodPs;
    const origin = this.originPs;
    const span = this.spanPs;
    const inv = this.invBinPs;
    const bins = this.bins;
    let other = 0;
    for (let i = 0; i < count; i++) {
      const r = row[channels[i]];
      if (r < 0) {
        other++;
        continue;
      }
      totals[r]++;
      // The remainder by the reciprocal (a floor and a multiply, far cheaper than %, which is fmod);
      // the reciprocal may be an ulp off at a slot edge, and one correction step puts q in [0, period).
      const x = timestampsPs[i] - origin;
      let q = x - Math.floor(x * invPeriod) * period;
      if (q < 0) q += period;
      else if (q >= period) q -= period;
      if (q < span) acc[r * bins + Math.floor(q * inv)]++;
    }
    this.accOther += other;
  }

  /** End the current period: its counts become the last period's, and counting restarts at zero. */
  roll(): void {
    const a = this.last;
    this.last = this.acc;
    this.acc = a;
    this.acc.fill(0);
    const t = this.lastTotals;
    this.lastTotals = this.accTotals;
    this.accTotals = t;
    this.accTotals.fill(0);
    this.lastOther = this.accOther;
    this.accOther = 0;
  }

  /** The last complete period (zeros before the first `roll`). */
  snapshot(): GateHistogramSnapshot {
    const counts: number[][] = [];
    for (let r = 0; r < this.channels.length; r++) counts.push(Array.from(this.last.subarray(r * this.bins, (r + 1) * this.bins)));
    return {
      startPs: this.startPs,
      binPs: this.binPs,
      gateWidthPs: this.gateWidthPs,
      slotPeriodPs: this.slotPeriodPs,
      channels: this.channels,
      counts,
      totals: Array.from(this.lastTotals),
      otherTags: this.lastOther,
    };
  }
}
