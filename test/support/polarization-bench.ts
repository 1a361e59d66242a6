/**
 * The bench physics (sim/physics OpticalBench) as a polarization probe, for
 * the polarization calibration and tracking tests: fast (in-process, no
 * boards, no post-processing), with the hidden truth at hand. A measurement
 * applies the modulator settings, then counts, over pulses emitted after the
 * change, the sifted errors per basis from each tag's ground-truth slot (as
 * the nodes' sifting would with the delay calibrated; dark counts and
 * afterpulses, which carry no slot, are left out of both the found and the
 * optimum QBER alike).
 */
import { OpticalBench, PhysicsRng, randomPattern, TAG_SIGNAL, type BenchPhysicsOptionsInput } from '../../sim/physics/index.ts';
import type { ModulatorSettings, PolarizationMeasurement, PolarizationProbe } from '../../src/calibration/polarization.ts';

/** Detector physics of the demo (SNSPD class: not dead-time limited at 100 MHz). */
export const PROBE_PHYSICS: BenchPhysicsOptionsInput = {
  frameSlotCount: 1 << 16,
  source: { pulseRateHz: 1e8 },
  detectors: { efficiency: [0.6, 0.6, 0.6, 0.6], darkCountRateHz: 100, deadTimeNs: 20, afterpulseProbability: 0, jitterRmsPs: 40 },
  fibre: { lengthKm: 5 },
};

/** Hidden truths of an "unknown" modulator and fibre, drawn from a seed. */
export function unknownModulator(seed: number): { halfWaveVoltageV: number; intrinsicOffsetV: number; rotationRad: number } {
  const rng = new PhysicsRng(seed ^ 0x5eed);
  return {
    halfWaveVoltageV: 3 + 3 * rng.nextOpen(),
    intrinsicOffsetV: -3 + 6 * rng.nextOpen(),
    rotationRad: -Math.PI + 2 * Math.PI * rng.nextOpen(),
  };
}

export class PhysicsPolarizationProbe implements PolarizationProbe {
  readonly bench: OpticalBench;
  private readonly words: Uint32Array;
  private readonly startSlot: number;
  measurements = 0;

  constructor(
    options: BenchPhysicsOptionsInput,
    /** Sifted X-basis bits to collect per measurement. */
    readonly bitsPerMeasurement = 10_000,
  ) {
    this.bench = new OpticalBench(options);
    const rng = new PhysicsRng((options.seed ?? 1) ^ 0xa11ce);
    const p = randomPattern(this.bench.frameSlotCount, () => rng.nextU32(), 0.5, 0.3);
    this.words = p.words;
    this.bench.setRepeatingPattern(p);
    this.startSlot = this.bench.startEmission();
  }

  async measure(settings: ModulatorSettings, bits = this.bitsPerMeasurement): Promise<PolarizationMeasurement> {
    this.bench.setStateVoltages(settings.stateVoltagesV);
    this.bench.setBiasVoltage(settings.biasV);
    return this.count(bits);
  }

  /** Counts sifted errors from pulses emitted from now on, until `bits` X-basis bits. */
  count(bits: number): PolarizationMeasurement {
    this.measurements++;
    const b = this.bench;
    const fromSlot = Math.ceil(b.telemetry().simTimePs / b.slotPeriodPs) + 1;
    const x = { errors: 0, bits: 0 };
    const z = { errors: 0, bits: 0 };
    const n = b.frameSlotCount;
    for (let k = 0; x.bits < bits; k++) {
      if (k > 100_000) throw new Error('no X-basis detections: is the source dark?');
      const chunk = b.advanceBy(1e9);
      const t = chunk.truth!;
      for (let i = 0; i < chunk.count; i++) {
        const slot = t.slot[i];
        if (t.kind[i] !== TAG_SIGNAL || slot < fromSlot) continue;
        const pos = (slot - this.startSlot) % n;
        const nib = (this.words[pos >>> 3] >>> ((pos & 7) << 2)) & 15;
        const ch = chunk.channels[i];
        if (((nib >>> 1) & 1) !== ch >>> 1) continue;
        const basis = ch >>> 1 === 1 ? x : z;
        basis.bits++;
        if ((nib & 1) !== (ch & 1)) basis.errors++;
      }
    }
    return { x, z };
  }

  /** QBER excess of the current settings over perfect alignment, from the hidden truth (noise-free). */
  excessQber(): number {
    const truth = this.bench.truth();
    const ideal = [0, Math.PI, Math.PI / 2, -Math.PI / 2];
    const dop = 1 - 2 * truth.misalignmentError;
    let sum = 0;
    for (let s = 0; s < 4; s++) sum += (dop * (1 - Math.cos(truth.stateAnglesAtBobRad[s] - ideal[s]))) / 2;
    return sum / 4;
  }
}
