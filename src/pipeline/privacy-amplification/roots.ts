/**
 * Accurate roots of unity: cos and sin of 2π·j/size (size a power of two).
 *
 * The error bound (error-bound.ts) charges every precomputed root with its
 * distance β to the true value, and at the FFT sizes we use that term
 * dominates, so roots are computed carefully: j/size is exact (dyadic), the
 * angle is reduced exactly to an octant, and Math.cos/Math.sin only ever see
 * φ = (π/4)·r with r ∈ [0, 1], an angle that carries one rounding of the
 * product plus Math.PI's own 2^−54.5 relative error: |φ' − φ| ≤ 1.06·2^−53.
 * With fdlibm's < 1 ulp (≤ 2^−53 for values ≤ 1) each component is within
 * 2.06·2^−53, and the complex root within √2·2.06·2^−53 < 2^−51 = ROOT_ERROR.
 */
export const ROOT_ERROR = 2 ** -51;

const QUARTER_PI = Math.PI / 4;

/** cos(2π·j/size). */
export function cos2Pi(j: number, size: number): number {
  return component(j, size, 0);
}

/** sin(2π·j/size). */
export function sin2Pi(j: number, size: number): number {
  return component(j, size, 1);
}

function component(j: number, size: number, wantSin: number): number {
  const t = (((j % size) + size) % size) / size; // exact, in [0, 1)
  const e = 8 * t;
  const o = Math.floor(e);
  const r = e - o; // exact
  const f0 = QUARTER_PI * r; // θ = (π/4)·(o + r)
  const f1 = QUARTER_PI * (1 - r); // 1 − r exact
  let c: number;
  let s: number;
  switch (o) {
    case 0:
      c = Math.cos(f0);
      s = Math.sin(f0);
      break;
    case 1:
      c = Math.sin(f1);
      s = Math.cos(f1);
      break;
    case 2:
      c = -Math.sin(f0);
      s = Math.cos(f0);
      break;
    case 3:
      c = -Math.cos(f1);
      s = Math.sin(f1);
      break;
    case 4:
      c = -Math.cos(f0);
      s = -Math.sin(f0);
      break;
    case 5:
      c = -Math.sin(f1);
      s = -Math.cos(f1);
      break;
    case 6:
      c = Math.sin(f0);
      s = -Math.cos(f0);
      break;
    default:
      c = Math.cos(f1);
      s = -Math.sin(f1);
      break;
  }
  return wantSin ? s : c;
}
