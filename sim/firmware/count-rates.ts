/**
 * Per-channel count rates over windows of bench time (GetCountRates,
 * tagger telemetry): the last complete window, or the window in progress
 * while none has completed (bench time is pattern-paced, so a first window
 * can take a while).
 */
const WINDOW_PS = 1e11; // 100 ms of bench time

export class CountRates {
  private readonly counts: Float64Array;
  private windowStartPs = 0;
  private lastRates: number[] | null = null;
  private lastWindowMs = 0;
  private nowPs = 0;

  constructor(channels: number) {
    this.counts = new Float64Array(channels);
  }

  count(channel: number): void {
    this.counts[channel]++;
  }

  /** Bench time has reached `nowPs` (every count before it is in). */
  advance(nowPs: number): void {
    this.nowPs = nowPs;
    if (nowPs - this.windowStartPs >= WINDOW_PS) {
      const s = (nowPs - this.windowStartPs) / 1e12;
      this.lastRates = Array.from(this.counts, (c) => Math.round(c / s));
      this.lastWindowMs = Math.round(s * 1000);
      this.counts.fill(0);
      this.windowStartPs = nowPs;
    }
  }

  rates(): { countsPerSecond: number[]; integrationMs: number } {
    if (this.lastRates) return { countsPerSecond: [...this.lastRates], integrationMs: this.lastWindowMs };
    const s = (this.nowPs - this.windowStartPs) / 1e12;
    return {
      countsPerSecond: Array.from(this.counts, (c) => (s > 0 ? Math.round(c / s) : 0)),
      integrationMs: Math.round(s * 1000),
    };
  }

  reset(): void {
    this.counts.fill(0);
    this.lastRates = null;
    this.windowStartPs = this.nowPs;
  }
}
