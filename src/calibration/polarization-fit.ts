/**
 * The pure analysis of the polarization calibration: fits of the test-basis
 * (X) QBER against the modulator's bias, from which the half-wave voltage V_π
 * and the bias that aligns the states at Bob are read.
 *
 * Model. A LiNbO3 polarization modulator turns drive voltage V into a
 * Poincaré angle φ = π·(V + bias − offset)/V_π on the great circle through
 * H, D, V, A, and the fibre adds a rotation ρ on that circle. With the drive
 * table [H, V, D, A] = [0, s, s/2, −s/2] the D and A states sit at
 * ±π·s/(2V_π) around the common angle b = π·bias/V_π + c (c: offset and fibre
 * rotation, unknown), and the X-basis QBER is
 *
 *   q_X(bias) = ½ − (S/2)·sin(π·s/(2V_π))·cos(π·bias/V_π + c)
 *
 * (S: degree of polarization): a sinusoid in the bias whose period is 2·V_π.
 * A scan of the bias therefore gives V_π (the period) and c (the phase), with
 * no prior knowledge but a range of V_π. Only the X basis is used because a
 * running link reports its QBER on every frame, aborted ones too (the key
 * basis' QBER comes from Cascade, which a frame over the threshold never
 * reaches). Pure: numbers in, numbers out.
 */

/** One measured point: the bias applied and the X-basis errors counted over `bits` sifted test bits. */
export interface BiasPoint {
  biasV: number;
  errors: number;
  bits: number;
}

export interface SinusoidFit {
  /** Half-wave voltage: half the period of the QBER in the bias. */
  halfWaveVoltageV: number;
  /** q = mean − amplitude·cos(π·bias/V_π + phase). */
  mean: number;
  amplitude: number;
  phaseRad: number;
  /** Weighted residual sum of squares (in units of the points' variances). */
  chi2: number;
}

/** Weighted least squares of q = m + p·cos(ω·bias) + r·sin(ω·bias) at a fixed ω. */
function fitAt(points: readonly BiasPoint[], omega: number): { m: number; p: number; r: number; chi2: number } {
  // Normal equations of a 3-parameter linear model.
  const a = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const y = [0, 0, 0];
  const rows: { f: [number, number, number]; q: number; w: number }[] = [];
  for (const pt of points) {
    if (pt.bits <= 0) continue;
    const q = pt.errors / pt.bits;
    // Binomial variance, floored so that a point at q ≈ 0 does not dominate.
    const v = Math.max(q * (1 - q), 0.002) / pt.bits;
    const w = 1 / v;
    const f: [number, number, number] = [1, Math.cos(omega * pt.biasV), Math.sin(omega * pt.biasV)];
    rows.push({ f, q, w });
    for (let i = 0; i < 3; i++) {
      y[i] += w * f[i] * q;
      for (let j = 0; j < 3; j++) a[i * 3 + j] += w * f[i] * f[j];
    }
  }
  const sol = solve3(a, y);
  if (!sol) return { m: NaN, p: NaN, r: NaN, chi2: Infinity };
  let chi2 = 0;
  for (const row of rows) {
    const e = row.q - (sol[0] + sol[1] * row.f[1] + sol[2] * row.f[2]);
    chi2 += row.w * e * e;
  }
  return { m: sol[0], p: sol[1], r: sol[2], chi2 };
}

function solve3(a: number[], y: number[]): [number, number, number] | null {
  const m = [
    [a[0], a[1], a[2], y[0]],
    [a[3], a[4], a[5], y[1]],
    [a[6], a[7], a[8], y[2]],
  ];
  for (let c = 0; c < 3; c++) {
    let piv = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
    if (Math.abs(m[piv][c]) < 1e-300) return null;
    [m[c], m[piv]] = [m[piv], m[c]];
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k < 4; k++) m[r][k] -= f * m[c][k];
    }
  }
  return [m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]];
}

function toFit(halfWaveVoltageV: number, s: { m: number; p: number; r: number; chi2: number }): SinusoidFit {
  // p·cos + r·sin = −K·cos(ω·bias + φ) with p = −K cos φ, r = K sin φ.
  return {
    halfWaveVoltageV,
    mean: s.m,
    amplitude: Math.hypot(s.p, s.r),
    phaseRad: Math.atan2(s.r, -s.p),
    chi2: s.chi2,
  };
}

/**
 * Fits the sinusoid with V_π unknown in `[minV, maxV]`: a grid over V_π (the
 * model is linear in the rest), then a golden-section refinement around the
 * best grid point. Needs points spread over at least one period, spaced less
 * than V_π apart (no aliasing).
 */
export function fitBiasScan(points: readonly BiasPoint[], range: { minV: number; maxV: number }): SinusoidFit {
  const chi = (vpi: number): number => fitAt(points, Math.PI / vpi).chi2;
  const steps = 400;
  // A grid uniform in ω = π/V_π: equal resolution in the number of periods across the scan.
  const wLo = Math.PI / range.maxV;
  const wHi = Math.PI / range.minV;
  let best = range.maxV;
  let bestChi = Infinity;
  for (let i = 0; i <= steps; i++) {
    const vpi = Math.PI / (wLo + ((wHi - wLo) * i) / steps);
    const c = chi(vpi);
    if (c < bestChi) {
      bestChi = c;
      best = vpi;
    }
  }
  const dw = (wHi - wLo) / steps;
  let lo = Math.PI / Math.min(wHi, Math.PI / best + dw);
  let hi = Math.PI / Math.max(wLo, Math.PI / best - dw);
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - g * (hi - lo);
  let x2 = lo + g * (hi - lo);
  let f1 = chi(x1);
  let f2 = chi(x2);
  for (let i = 0; i < 60; i++) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - g * (hi - lo);
      f1 = chi(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + g * (hi - lo);
      f2 = chi(x2);
    }
  }
  const vpi = (lo + hi) / 2;
  return toFit(vpi, fitAt(points, Math.PI / vpi));
}

/** Fits the sinusoid at a known V_π (a fine scan around the optimum). */
export function fitBiasAtHalfWave(points: readonly BiasPoint[], halfWaveVoltageV: number): SinusoidFit {
  return toFit(halfWaveVoltageV, fitAt(points, Math.PI / halfWaveVoltageV));
}

/**
 * The bias of lowest QBER of a fit (cos(π·bias/V_π + φ) = 1) nearest to
 * `nearV`: the optimum repeats every 2·V_π.
 */
export function optimalBias(fit: SinusoidFit, nearV = 0): number {
  const period = 2 * fit.halfWaveVoltageV;
  const b0 = (-fit.phaseRad * fit.halfWaveVoltageV) / Math.PI;
  return b0 + Math.round((nearV - b0) / period) * period;
}

/** The drive table of the BB84 states [H, V, D, A] for half-wave voltage `vpi` (bias applied separately). */
export function driveTable(vpi: number): [number, number, number, number] {
  return [0, vpi, vpi / 2, -vpi / 2];
}
