/**
 * Secret key rate of a simulated QKD link from its fibre length, with the
 * project's own model: the decoy-state BB84 system of Lim et al. (PRA 89,
 * 022307, 2014; src/pipeline/estimation), its protocol parameters optimized
 * for each distance (`optimizeKeyRate`) at a finite block of `blockBits`
 * key-basis detections, times the source's pulse rate.
 *
 * Optimizing takes ~60 ms a distance, so the rate is computed once on a 20 km
 * grid (memoized per block size) and interpolated linearly in log(rate) between
 * grid points: the rate falls exponentially with distance (0.2 dB/km), so the
 * log-linear interpolation is within 1 % of the optimum up to 90 km, 2.5 % at
 * 130 km and 10 % at 150 km, near the reach (checked by the test at 35 km).
 * Between the last grid point with a positive key and the first without, the
 * rate is 0 (conservative).
 */
import { lim2014Channel } from '../../pipeline/estimation/channel-model.ts';
import { lim2014Options, optimizeKeyRate } from '../../pipeline/estimation/optimize-key-rate.ts';

export interface LinkRateModel {
  /** Pulses per second of the source (default 1 GHz). */
  pulseRateHz: number;
  /** Finite-key block, key-basis detections n_X (default 10^7). */
  blockBits: number;
}

export const DEFAULT_LINK_RATE_MODEL: LinkRateModel = { pulseRateHz: 1e9, blockBits: 1e7 };

const GRID_KM = 20;
const MAX_KM = 250;
/** Per block size: secret bits per pulse at 0, 10, 20 … km (0 where no key). */
const grids = new Map<number, number[]>();

/** Secret key bits per pulse at `distanceKm` (the optimum of the finite-key model; 0 where no key can be made). */
export function secretBitsPerPulse(distanceKm: number, blockBits = DEFAULT_LINK_RATE_MODEL.blockBits): number {
  if (!(distanceKm >= 0)) throw new RangeError(`distance must be ≥ 0 km, got ${distanceKm}`);
  if (distanceKm > MAX_KM) return 0;
  const grid = gridFor(blockBits, distanceKm);
  const i = Math.floor(distanceKm / GRID_KM);
  const lo = grid[i];
  const hi = grid[i + 1];
  if (!(lo > 0)) return 0;
  const f = distanceKm / GRID_KM - i;
  if (f === 0) return lo;
  if (!(hi > 0)) return 0; // beyond the model's reach between these points: conservative
  return Math.exp(Math.log(lo) * (1 - f) + Math.log(hi) * f);
}

/** Secret key rate (bits/s) of a link of `distanceKm`. */
export function secretKeyRateBps(distanceKm: number, model: LinkRateModel = DEFAULT_LINK_RATE_MODEL): number {
  return secretBitsPerPulse(distanceKm, model.blockBits) * model.pulseRateHz;
}

/** The exact model at one distance (no grid), for checks. */
export function secretBitsPerPulseExact(distanceKm: number, blockBits: number): number {
  const r = optimizeKeyRate(lim2014Channel(distanceKm), lim2014Options(blockBits));
  return r.lengthRaw > 0 ? r.ratePerPulse : 0;
}

function gridFor(blockBits: number, distanceKm: number): number[] {
  let grid = grids.get(blockBits);
  if (!grid) {
    grid = [];
    grids.set(blockBits, grid);
  }
  const need = Math.min(Math.floor(distanceKm / GRID_KM) + 1, MAX_KM / GRID_KM);
  while (grid.length <= need) {
    const prev = grid.at(-1);
    // Once the key is gone it stays gone at longer distances.
    grid.push(prev === 0 ? 0 : secretBitsPerPulseExact(grid.length * GRID_KM, blockBits));
  }
  return grid;
}
