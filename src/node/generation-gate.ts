/**
 * Whether this node may start new frames. Key generation is held while any
 * reason holds it: an operator's `qkdctl stop`, or a safety condition of the
 * bench (interlock open, laser off, over-temperature, a saturated detector, a
 * count rate out of range). Each reason is released by what set it, so an
 * operator's start does not override a tripped interlock, and clearing the
 * interlock does not override an operator's stop.
 *
 * Frames already in flight finish; only new frames wait.
 */
export interface GenerationHold {
  /** `operator`, or `safety:<condition>` (e.g. `safety:interlock`). */
  readonly reason: string;
  /** What a person reads in the status: who or what, and why. */
  readonly detail: string;
  /** Milliseconds since the epoch. */
  readonly sinceMs: number;
}

export class GenerationGate {
  private readonly holds = new Map<string, GenerationHold>();
  private waiters: (() => void)[] = [];
  private readonly listeners: ((open: boolean, holds: readonly GenerationHold[]) => void)[] = [];

  /** True while no reason holds generation. */
  get isOpen(): boolean {
    return this.holds.size === 0;
  }

  /** Holds generation for `reason` (idempotent: the first detail and time are kept). */
  hold(reason: string, detail: string): void {
    if (this.holds.has(reason)) return;
    const wasOpen = this.isOpen;
    this.holds.set(reason, { reason, detail, sinceMs: Date.now() });
    if (wasOpen) this.notify();
  }

  /** Releases `reason`; generation resumes when no other reason holds it. */
  release(reason: string): void {
    if (!this.holds.delete(reason)) return;
    if (this.isOpen) {
      for (const w of this.waiters.splice(0)) w();
      this.notify();
    }
  }

  /** The reasons holding generation now, oldest first. */
  current(): GenerationHold[] {
    return [...this.holds.values()];
  }

  /** Resolves when generation is open (at once when it is). */
  whenOpen(): Promise<void> {
    return this.isOpen ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Called with the new state each time generation stops or resumes. */
  onChange(listener: (open: boolean, holds: readonly GenerationHold[]) => void): void {
    this.listeners.push(listener);
  }

  private notify(): void {
    const holds = this.current();
    for (const l of this.listeners) l(this.isOpen, holds);
  }
}
