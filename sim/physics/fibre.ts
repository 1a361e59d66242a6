/**
 * The fibre between Alice and Bob: loss, propagation delay and a slowly
 * wandering polarization rotation. The delay may drift too (temperature:
 * a linear rate plus a random walk, both off by default); the drift moves
 * the detections against a receiver gate set once, which the receiver's
 * delay tracking (src/node/delay-tracking.ts) follows.
 *
 * The rotation is modelled on the Poincaré great circle of the BB84 states
 * only (a one-parameter drift) rather than on the whole sphere: it is the part
 * of the drift that a compensation (here: Alice's modulator bias) can cancel,
 * and it keeps the per-slot probabilities a function of one angle.
 */
import { channelTransmittance, fibreDelayPs, type FibreOptions } from './options.ts';
import type { PhysicsRng } from './prng.ts';

export class Fibre {
  readonly transmittance: number;
  /** Propagation delay now, ps (drifts when the options say so). */
  delayPs: number;
  /** Propagation delay at t = 0 (L·n_g/c), ps. */
  readonly initialDelayPs: number;
  /** Current rotation angle on the Poincaré great circle (ground truth). */
  rotationRad: number;

  constructor(private readonly opts: FibreOptions) {
    this.rotationRad = opts.initialRotationRad;
    this.transmittance = channelTransmittance(opts);
    this.delayPs = fibreDelayPs(opts);
    this.initialDelayPs = this.delayPs;
  }

  step(dtS: number, rng: PhysicsRng, driftEnabled: boolean): void {
    if (!driftEnabled) return;
    const o = this.opts;
    this.rotationRad += o.polarizationDriftRadPerS * dtS;
    if (o.polarizationRandomWalkRadPerSqrtS > 0)
      this.rotationRad += o.polarizationRandomWalkRadPerSqrtS * Math.sqrt(dtS) * rng.nextNormal();
    // Only drawn when on: a bench without delay drift keeps its random stream as before.
    if (o.delayDriftPsPerS !== 0) this.delayPs += o.delayDriftPsPerS * dtS;
    if (o.delayRandomWalkPsPerSqrtS > 0) this.delayPs += o.delayRandomWalkPsPerSqrtS * Math.sqrt(dtS) * rng.nextNormal();
    if (this.delayPs < 0) this.delayPs = 0;
  }
}
