/**
 * Reconnect delays: exponential, capped, with jitter. Pure, so tests pin
 * the sequence with a fixed `random`.
 *
 * Jitter spreads the retries of several drivers that lost their boards at
 * the same moment (a USB hub reset) so they do not all hammer the ports in
 * lock step: the delay is drawn from [(1 − jitter)·d, d] where d is the
 * capped exponential delay.
 */

export interface BackoffPolicy {
  /** Delay before the first attempt, in ms. Default 100. */
  readonly initialDelayMs?: number;
  /** Growth per attempt, ≥ 1. Default 2. */
  readonly factor?: number;
  /** Cap on the delay, in ms. Default 10 000. */
  readonly maxDelayMs?: number;
  /** Fraction of the delay that is random, 0..1. Default 0.5. */
  readonly jitter?: number;
  /** Attempts before giving up ('failed'), ≥ 1; Infinity = never. Default Infinity: a daemon waits for its board. */
  readonly maxAttempts?: number;
}

export type ResolvedBackoff = Required<BackoffPolicy>;

export function resolveBackoff(p: BackoffPolicy = {}): ResolvedBackoff {
  const r: ResolvedBackoff = {
    initialDelayMs: p.initialDelayMs ?? 100,
    factor: p.factor ?? 2,
    maxDelayMs: p.maxDelayMs ?? 10_000,
    jitter: p.jitter ?? 0.5,
    maxAttempts: p.maxAttempts ?? Infinity,
  };
  if (!(r.initialDelayMs >= 0)) throw new RangeError(`initialDelayMs must be ≥ 0, got ${r.initialDelayMs}`);
  if (!(r.factor >= 1)) throw new RangeError(`factor must be ≥ 1, got ${r.factor}`);
  if (!(r.maxDelayMs >= r.initialDelayMs))
    throw new RangeError(`maxDelayMs (${r.maxDelayMs}) must be ≥ initialDelayMs (${r.initialDelayMs})`);
  if (!(r.jitter >= 0 && r.jitter <= 1)) throw new RangeError(`jitter must be in 0..1, got ${r.jitter}`);
  if (!(r.maxAttempts >= 1) || (Number.isFinite(r.maxAttempts) && !Number.isInteger(r.maxAttempts))) {
    throw new RangeError(`maxAttempts must be an integer ≥ 1 or Infinity, got ${r.maxAttempts}`);
  }
  return r;
}

/** Delay before attempt `attempt` (1-based), in ms; `random()` in [0, 1). */
export function backoffDelayMs(policy: ResolvedBackoff, attempt: number, random: () => number): number {
  // Exponent capped so factor^n stays finite for a board that is gone for days.
  const exponential = policy.initialDelayMs * policy.factor ** Math.min(attempt - 1, 64);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return Math.round(capped * (1 - policy.jitter * random()));
}
