/**
 * The fibre between Alice and Bob: loss, propagation delay and a slowly
 * wandering polarization rotation.
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
  readonly delayPs: number;
  /** Current rotation angle on the Poincaré great circle (ground truth). */
  rotationRad: number;

  constructor(private readonly opts: FibreOptions) {
    this.rotationRad = opts.initialRotationRad;
    this.transmittance = channelTransmittance(opts);
    this.delayPs = fibreDelayPs(opts);
  }

  step(dtS: number, rng: PhysicsRng, driftEnabled: boolean): void {
    if (!driftEnabled) return;
    const o = this.opts;
    this.rotationRad += o.polarizationDriftRadPerS * dtS;
    if (o.polarizationRandomWalkRadPerSqrtS > 0)
      this.rotationRad += o.polarizationRandomWalkRadPerSqrtS * Math.sqrt(dtS) * rng.nextNormal();
  }
}
