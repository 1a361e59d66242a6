/**
 * Laser temperature as the source board reports it: an Ornstein–Uhlenbeck
 * wander around the TEC setpoint. Telemetry only; it does not (yet) couple
 * into the mean photon number.
 */
import type { SourceOptions } from './options.ts';
import type { PhysicsRng } from './prng.ts';

export class LaserThermal {
  temperatureC: number;

  constructor(private readonly opts: SourceOptions) {
    this.temperatureC = opts.laserSetpointC;
  }

  step(dtS: number, rng: PhysicsRng): void {
    const o = this.opts;
    // Exact OU update: mean reversion e^{−dt/τ}, stationary σ² = noise²·τ/2.
    const decay = Math.exp(-dtS / o.laserTemperatureRelaxationS);
    const sd = o.laserTemperatureNoiseKPerSqrtS * Math.sqrt((o.laserTemperatureRelaxationS / 2) * (1 - decay * decay));
    this.temperatureC = o.laserSetpointC + (this.temperatureC - o.laserSetpointC) * decay + sd * rng.nextNormal();
  }
}
