/**
 * Polarization tracking while making key: keeps the states aligned at the
 * receiver while the fibre's rotation (and the modulator's offset) drifts,
 * without stopping generation, by trimming the modulator's bias from each
 * frame's test-basis QBER.
 *
 * Why a dither. A frame's QBER says how far the states are off but not in
 * which direction: q(b) ≈ q₀ + (1 − cos b)/2 is even in the misalignment b.
 * So the bias alternates between centre + Δ and centre − Δ (a few frames at
 * each level); with the curvature known from V_π (d²q/dβ² ≈ ½·(π/V_π)²) a
 * weighted least-squares fit of q against the bias of the frames of one
 * cycle gives the bias of lowest QBER, and the centre moves part of the way
 * there. The dither costs ≈ δ²/4 of QBER (δ = π·Δ/V_π: 0.05 rad → 0.06 %).
 *
 * Which frames count. A bias change applies from the moment the board gets
 * it, so it can land inside a frame already armed: with `inFlight` frames
 * allowed, the `inFlight − 1` frames emitted before a change may be playing
 * when it arrives. Those frames are left out of the fit; a frame emitted
 * after a change and finished before the next one saw one bias only.
 *
 * Pure: no I/O, no clocks. The transmitter node asks `beforeEmit()` for the
 * bias to set before each frame, reports `emitted(frameId)` and each frame's
 * `outcome(frameId, errors, bits)`.
 */

export interface PolarizationTrackerOptions {
  /** Bias the link starts with (the polarization calibration's), V. */
  initialBiasV: number;
  /** Half-wave voltage (the drive table's V − H span), V. */
  halfWaveVoltageV: number;
  /** Frames the node has in flight at most (sets which frames a change may have hit). */
  inFlight: number;
  /** Dither amplitude as a Poincaré angle, rad. Default 0.05. */
  ditherRad?: number;
  /** Frames emitted at each dither level. Default inFlight (at least 2): each level keeps one clean frame or more. */
  framesPerLevel?: number;
  /** Fraction of the fitted correction applied per cycle. Default 0.7. */
  gain?: number;
  /** Largest correction per cycle, rad. Default 0.3. */
  maxStepRad?: number;
}

interface FrameRecord {
  biasV: number;
  level: 1 | -1;
  clean: boolean;
}

export interface TrackerSnapshot {
  centreBiasV: number;
  updates: number;
  /** Last fitted misalignment (rad), NaN before the first fit. */
  lastErrorRad: number;
}

export class PolarizationTracker {
  private centre: number;
  private level: 1 | -1 = 1;
  private atLevel = 0;
  private applied: number | null = null;
  private readonly frames = new Map<number, FrameRecord>();
  private readonly emittedOrder: number[] = [];
  private batch: { biasV: number; level: 1 | -1; errors: number; bits: number }[] = [];
  private readonly deltaV: number;
  private readonly perLevel: number;
  private readonly gain: number;
  private readonly maxStepV: number;
  /** d²q/dβ² at the optimum, per V². */
  private readonly curvature: number;
  updates = 0;
  lastErrorRad = NaN;

  constructor(private readonly o: PolarizationTrackerOptions) {
    const vPerRad = o.halfWaveVoltageV / Math.PI;
    this.centre = o.initialBiasV;
    this.deltaV = (o.ditherRad ?? 0.05) * vPerRad;
    this.perLevel = Math.max(1, o.framesPerLevel ?? Math.max(2, o.inFlight));
    this.gain = o.gain ?? 0.7;
    this.maxStepV = (o.maxStepRad ?? 0.3) * vPerRad;
    this.curvature = 0.5 / (vPerRad * vPerRad);
  }

  get centreBiasV(): number {
    return this.centre;
  }

  snapshot(): TrackerSnapshot {
    return { centreBiasV: this.centre, updates: this.updates, lastErrorRad: this.lastErrorRad };
  }

  /** Before emitting a frame: the bias to set now, or null when the one set still holds. */
  beforeEmit(): number | null {
    if (this.applied !== null && this.atLevel >= this.perLevel) {
      this.level = this.level === 1 ? -1 : 1;
      this.atLevel = 0;
    }
    const want = this.centre + this.level * this.deltaV;
    if (this.applied === want) return null;
    // The frames that may still be playing when the change lands see two biases: leave them out.
    const hit = Math.max(0, this.o.inFlight - 1);
    for (let i = this.emittedOrder.length - hit; i < this.emittedOrder.length; i++) {
      const r = i >= 0 ? this.frames.get(this.emittedOrder[i]) : undefined;
      if (r) r.clean = false;
    }
    this.applied = want;
    return want;
  }

  /** The frame just emitted under the bias of the last `beforeEmit`. */
  emitted(frameId: number): void {
    if (this.applied === null) return;
    this.atLevel++;
    this.frames.set(frameId, { biasV: this.applied, level: this.level, clean: true });
    this.emittedOrder.push(frameId);
    // Frames that never report (timed out) must not pile up.
    while (this.emittedOrder.length > 64) this.frames.delete(this.emittedOrder.shift() as number);
  }

  /** A frame's test-basis errors over its sifted test bits (aborted frames count too). */
  outcome(frameId: number, errors: number, bits: number): void {
    const r = this.frames.get(frameId);
    if (!r) return;
    this.frames.delete(frameId);
    if (!r.clean || !(bits > 0) || !Number.isFinite(errors)) return;
    this.batch.push({ biasV: r.biasV, level: r.level, errors, bits });
    const plus = this.batch.filter((p) => p.level === 1).length;
    const minus = this.batch.length - plus;
    const need = Math.max(1, this.perLevel - Math.max(0, this.o.inFlight - 1));
    if (plus >= need && minus >= need) this.update();
  }

  private update(): void {
    // q_i − (k/2)·x_i² = A + B·x_i, x_i = β_i − centre; weighted by the binomial variance.
    const k = this.curvature;
    let sw = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    for (const p of this.batch) {
      const q = p.errors / p.bits;
      const w = p.bits / Math.max(q * (1 - q), 1e-3);
      const x = p.biasV - this.centre;
      const y = q - (k / 2) * x * x;
      sw += w;
      sx += w * x;
      sy += w * y;
      sxx += w * x * x;
      sxy += w * x * y;
    }
    this.batch = [];
    const det = sw * sxx - sx * sx;
    if (!(det > 0)) return;
    const slope = (sw * sxy - sx * sy) / det;
    // q ≈ A + B·x + (k/2)·x²: lowest at x = −B/k.
    let step = this.gain * (-slope / k);
    if (step > this.maxStepV) step = this.maxStepV;
    else if (step < -this.maxStepV) step = -this.maxStepV;
    this.lastErrorRad = (slope / k) * (Math.PI / this.o.halfWaveVoltageV);
    this.centre += step;
    this.updates++;
  }
}
