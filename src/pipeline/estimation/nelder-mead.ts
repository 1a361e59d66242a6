/**
 * Nelder–Mead simplex minimizer (Lagarias et al. 1998 coefficients). Used
 * off the hot path to optimize decoy intensities and probabilities; the
 * objective is a closed-form few-microsecond function, so a derivative-free
 * method with restarts is simpler and more robust than anything fancier.
 */
export interface MinimizeResult {
  x: Float64Array;
  value: number;
  evaluations: number;
}

export function nelderMead(
  f: (x: Float64Array) => number,
  start: ArrayLike<number>,
  step: ArrayLike<number>,
  maxEvaluations = 4000,
  tolerance = 1e-10,
): MinimizeResult {
  const n = start.length;
  const pts: Float64Array[] = [];
  const vals: number[] = [];
  let evals = 0;
  const evalAt = (x: Float64Array): number => {
    evals++;
    const v = f(x);
    return Number.isNaN(v) ? Infinity : v;
  };
  for (let i = 0; i <= n; i++) {
    const x = Float64Array.from(start);
    if (i > 0) x[i - 1] += step[i - 1];
    pts.push(x);
    vals.push(evalAt(x));
  }
  const order = (): void => {
    const idx = pts.map((_, i) => i).sort((a, b) => vals[a] - vals[b]);
    const p2 = idx.map((i) => pts[i]);
    const v2 = idx.map((i) => vals[i]);
    for (let i = 0; i <= n; i++) {
      pts[i] = p2[i];
      vals[i] = v2[i];
    }
  };
  const centroid = new Float64Array(n);
  const along = (t: number): Float64Array => {
    const x = new Float64Array(n);
    for (let j = 0; j < n; j++) x[j] = centroid[j] + t * (pts[n][j] - centroid[j]);
    return x;
  };
  while (evals < maxEvaluations) {
    order();
    if (Math.abs(vals[n] - vals[0]) <= tolerance * (Math.abs(vals[0]) + 1e-300)) break;
    centroid.fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += pts[i][j] / n;
    const xr = along(-1);
    const fr = evalAt(xr);
    if (fr < vals[0]) {
      const xe = along(-2);
      const fe = evalAt(xe);
      if (fe < fr) {
        pts[n] = xe;
        vals[n] = fe;
      } else {
        pts[n] = xr;
        vals[n] = fr;
      }
    } else if (fr < vals[n - 1]) {
      pts[n] = xr;
      vals[n] = fr;
    } else {
      const outside = fr < vals[n];
      const xc = along(outside ? -0.5 : 0.5);
      const fc = evalAt(xc);
      if (fc < (outside ? fr : vals[n])) {
        pts[n] = xc;
        vals[n] = fc;
      } else {
        for (let i = 1; i <= n; i++) {
          for (let j = 0; j < n; j++) pts[i][j] = pts[0][j] + 0.5 * (pts[i][j] - pts[0][j]);
          vals[i] = evalAt(pts[i]);
        }
      }
    }
  }
  order();
  return { x: pts[0], value: vals[0], evaluations: evals };
}
