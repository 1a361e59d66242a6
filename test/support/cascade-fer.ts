/**
 * Frame error rate bounds for Cascade benches and tests: a FER of 10^-4 cannot
 * be shown by the few hundred frames a normal run affords, so runs report the
 * one-sided 95 % upper bound their frame count supports instead of pretending.
 */

/**
 * One-sided 95 % Clopper–Pearson upper bound on a failure probability after
 * `failed` failures in `frames` trials: the p at which P(X ≤ failed) = 0.05.
 */
export function ferUpper95(failed: number, frames: number): number {
  if (failed >= frames) return 1;
  const cdf = (p: number): number => {
    // P(X ≤ failed) for X ~ Binomial(frames, p), summed in log space.
    let term = frames * Math.log1p(-p);
    let sum = Math.exp(term);
    for (let k = 1; k <= failed; k++) {
      term += Math.log((frames - k + 1) / k) + Math.log(p) - Math.log1p(-p);
      sum += Math.exp(term);
    }
    return sum;
  };
  let lo = failed / frames;
  let hi = 1;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) > 0.05) lo = mid;
    else hi = mid;
  }
  return hi;
}
