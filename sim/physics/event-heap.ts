/**
 * Min-heap of future detector events (afterpulses) keyed by time, on typed
 * arrays. Each registered click spawns at most one afterpulse and clicks on a
 * channel are a dead time apart, so the heap stays small; it grows by
 * doubling if not.
 */
export class EventHeap {
  private times = new Float64Array(64);
  private channels = new Uint8Array(64);
  size = 0;

  minTime(): number {
    return this.size > 0 ? this.times[0] : Infinity;
  }
  minChannel(): number {
    return this.channels[0];
  }

  push(timePs: number, channel: number): void {
    if (this.size === this.times.length) {
      const t = new Float64Array(this.size * 2);
      t.set(this.times);
      this.times = t;
      const c = new Uint8Array(this.size * 2);
      c.set(this.channels);
      this.channels = c;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.times[parent] <= timePs) break;
      this.times[i] = this.times[parent];
      this.channels[i] = this.channels[parent];
      i = parent;
    }
    this.times[i] = timePs;
    this.channels[i] = channel;
  }

  pop(): void {
    const n = --this.size;
    if (n === 0) return;
    const t = this.times[n];
    const c = this.channels[n];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.times[child + 1] < this.times[child]) child++;
      if (this.times[child] >= t) break;
      this.times[i] = this.times[child];
      this.channels[i] = this.channels[child];
      i = child;
    }
    this.times[i] = t;
    this.channels[i] = c;
  }
}
