/**
 * Finite-size two-decoy bounds of Lim, Curty, Walenta, Xu, Zbinden,
 * "Concise security bounds for practical decoy-state quantum key
 * distribution", PRA 89, 022307 (2014), arXiv:1311.7129, Eqs. (2)–(4).
 *
 * Intensities k ∈ {μ1, μ2, μ3} with μ1 > μ2 + μ3 and μ2 > μ3 ≥ 0, chosen with
 * probabilities p_k. Index 0/1/2 of every 3-array is μ1/μ2/μ3, which is our
 * intensity class signal/decoy/vacuum (sifting/pattern.ts).
 *
 * The paper bounds the counts of its key basis "X" (our key basis) and test
 * basis "Z" (our test basis) with the same formulas; these functions take one
 * basis' counts and do not care which.
 */

/** Three values, one per intensity class: [μ1 (signal), μ2 (decoy), μ3 (vacuum/weak)]. */
export type PerIntensity = readonly [number, number, number];

export interface DecoySettings {
  /** Mean photon numbers [μ1, μ2, μ3]. */
  intensities: PerIntensity;
  /** Probabilities [p_μ1, p_μ2, p_μ3] of choosing each intensity (sum 1). */
  probabilities: PerIntensity;
}

/** Throws on settings the bounds are not valid for (a configuration error, not a data outcome). */
export function checkDecoySettings(s: DecoySettings): void {
  const [m1, m2, m3] = s.intensities;
  const [p1, p2, p3] = s.probabilities;
  if (!(m3 >= 0 && m2 > m3 && m1 > m2 + m3)) {
    throw new RangeError(`intensities must satisfy μ1 > μ2 + μ3, μ2 > μ3 ≥ 0 (got ${m1}, ${m2}, ${m3})`);
  }
  if (!(p1 > 0 && p2 > 0 && p3 > 0) || Math.abs(p1 + p2 + p3 - 1) > 1e-9) {
    throw new RangeError(`intensity probabilities must be positive and sum to 1 (got ${p1}, ${p2}, ${p3})`);
  }
}

/** Hoeffding deviation δ(n, ε) = sqrt(n/2 · ln(1/ε)) (paper, Eq. A1). */
export function hoeffdingDelta(n: number, eps: number): number {
  return Math.sqrt((n / 2) * Math.log(1 / eps));
}

/** τ_n = Σ_k p_k e^{−k} k^n / n!: probability that Alice sends an n-photon state. */
export function photonNumberProbability(s: DecoySettings, n: number): number {
  let fact = 1;
  for (let i = 2; i <= n; i++) fact *= i;
  let t = 0;
  for (let k = 0; k < 3; k++) {
    const mu = s.intensities[k];
    t += (s.probabilities[k] * Math.exp(-mu) * mu ** n) / fact;
  }
  return t;
}

/**
 * Hoeffding-widened, prior-corrected counts n±_k = e^{μk}/p_k · (n_k ± δ(total, ε)),
 * with ε = ε_sec/21 as in the main text (δ uses ln(21/ε_sec)); `total` is n_X
 * for detections and m_Z for errors (the paper's δ(n_X, ε1) and δ(m_Z, ε2)).
 *
 * What they stand for (Appendix A, Eqs. A7–A10): the interval
 * [n_k − δ, n_k + δ] that holds the expected count n*_k (or m*_k) except with
 * probability 2ε, and Eqs. (2)–(4) evaluate Eqs. (A4)–(A6) at its worst end.
 * An expected number of events is never negative, so the worst end of that
 * interval is max(0, n_k − δ): `minus` is e^{μk}/p_k · max(0, n_k − δ). This
 * changes a value only when n_k < δ, which happens in the weak class μ3 of a
 * large block at short distance (m_{Z,μ3} of a few errors against δ(m_Z) of a
 * few hundred): the unfloored m−_{Z,μ3} < 0 then widens v_{Z,1} of Eq. (4) by
 * τ1·e^{μ3}·(δ − m_{Z,μ3})/(p_{μ3}(μ2 − μ3)) for an expected error count below
 * zero, a case the paper's confidence interval never needs to cover.
 */
export function widenedCounts(s: DecoySettings, counts: PerIntensity, epsSec: number): { plus: PerIntensity; minus: PerIntensity } {
  const total = counts[0] + counts[1] + counts[2];
  const d = hoeffdingDelta(total, epsSec / 21);
  const f = (k: number): number => Math.exp(s.intensities[k]) / s.probabilities[k];
  // Written so that a prior correction f(k) = ∞ (p_k → 0, probed by the optimizer) times a floored 0 stays 0, not NaN.
  const lo = (k: number): number => (counts[k] > d ? f(k) * (counts[k] - d) : 0);
  return {
    plus: [f(0) * (counts[0] + d), f(1) * (counts[1] + d), f(2) * (counts[2] + d)],
    minus: [lo(0), lo(1), lo(2)],
  };
}

/** Eq. (2): lower bound on the vacuum detections s_0 among `counts` (may be negative: no guarantee). */
export function vacuumLowerBound(s: DecoySettings, counts: PerIntensity, epsSec: number): number {
  const [, m2, m3] = s.intensities;
  const { plus, minus } = widenedCounts(s, counts, epsSec);
  const tau0 = photonNumberProbability(s, 0);
  return (tau0 * (m2 * minus[2] - m3 * plus[1])) / (m2 - m3);
}

/** Eq. (3): lower bound on the single-photon detections s_1 among `counts`, given s_0's bound. */
export function singlePhotonLowerBound(s: DecoySettings, counts: PerIntensity, epsSec: number, s0: number): number {
  const [m1, m2, m3] = s.intensities;
  const { plus, minus } = widenedCounts(s, counts, epsSec);
  const tau0 = photonNumberProbability(s, 0);
  const tau1 = photonNumberProbability(s, 1);
  const num = minus[1] - plus[2] - ((m2 * m2 - m3 * m3) / (m1 * m1)) * (plus[0] - s0 / tau0);
  return (tau1 * m1 * num) / (m1 * (m2 - m3) - m2 * m2 + m3 * m3);
}

/** Eq. (4): upper bound on the bit errors v_1 of single-photon detections, from per-intensity error counts. */
export function singlePhotonErrorUpperBound(s: DecoySettings, errors: PerIntensity, epsSec: number): number {
  const [, m2, m3] = s.intensities;
  const { plus, minus } = widenedCounts(s, errors, epsSec);
  const tau1 = photonNumberProbability(s, 1);
  return (tau1 * (plus[1] - minus[2])) / (m2 - m3);
}
