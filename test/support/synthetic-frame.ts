/**
 * A synthetic frame for post-processing tests: a random pattern and the
 * detections an ideal-ish channel would give (per-class detection probability,
 * random passive basis at Bob, misalignment error e on matched bases, an
 * optional intercept-resend fraction). The bench physics lives in sim/; this
 * is a known-answer generator for the protocol, nothing more.
 */
import { allocPattern, setSlot, slotNibble } from '../../src/pipeline/sifting/pattern.ts';
import type { Xoshiro128 } from '../../src/pipeline/prng.ts';
import type { ReceiverDetections } from '../../src/node/frame/receiver-frame.ts';

export interface SyntheticFrameOptions {
  slots: number;
  intensities: readonly [number, number, number];
  probabilities: readonly [number, number, number];
  /** Overall transmittance × detector efficiency. */
  eta: number;
  /** Bit-flip probability on matched bases. */
  misalignment: number;
  /** Probability of the Z (key) basis, at Alice's modulator and at Bob's passive beam splitter alike. */
  keyBasisProbability: number;
  /** Fraction of pulses Eve intercepts and resends (random basis). */
  interceptFraction?: number;
}

export function syntheticFrame(rng: Xoshiro128, o: SyntheticFrameOptions): { pattern: Uint32Array; detections: ReceiverDetections } {
  const pattern = syntheticPattern(rng, o);
  return { pattern, detections: detectionsFor(rng, pattern, o) };
}

/**
 * Alice's random pattern: basis with the key-basis bias, uniform bit, intensity class by its probability.
 * One 32-bit draw per slot (bit 0 the value, bits 1–15 the basis, bits 16–31 the class: probabilities to
 * 2^-15), so a 2^22-slot frame costs one generator call per slot.
 */
export function syntheticPattern(rng: Xoshiro128, o: SyntheticFrameOptions): Uint32Array {
  const pattern = allocPattern(o.slots);
  const zBelow = Math.round(o.keyBasisProbability * 32768);
  const c1 = Math.round(o.probabilities[0] * 65536);
  const c2 = Math.round((o.probabilities[0] + o.probabilities[1]) * 65536);
  for (let s = 0; s < o.slots; s++) {
    const r = rng.nextU32();
    const basis = ((r >>> 1) & 0x7fff) < zBelow ? 0 : 1;
    const u = r >>> 16;
    setSlot(pattern, s, basis, r & 1, u < c1 ? 0 : u < c2 ? 1 : 2);
  }
  return pattern;
}

/** What Bob detects when Alice sends `pattern` through the modelled channel. */
export function detectionsFor(rng: Xoshiro128, pattern: Uint32Array, o: SyntheticFrameOptions): ReceiverDetections {
  const pDet = o.intensities.map((mu) => 1 - Math.exp(-o.eta * mu));
  const slots: number[] = [];
  const bases: number[] = [];
  const bits: number[] = [];
  // A sparse channel (long distance) visits only candidate slots: a Bernoulli(pMax) process by geometric
  // gaps, each candidate kept with pDet[class] / pMax (exact thinning), instead of one draw per slot.
  const pMax = Math.max(...pDet);
  const sparse = pMax < 0.05;
  const logMiss = Math.log1p(-pMax);
  for (let s = 0; s < o.slots; s++) {
    if (sparse) {
      s += Math.floor(Math.log(1 - rng.nextFloat()) / logMiss);
      if (s >= o.slots) break;
    }
    const nib = slotNibble(pattern, s);
    const basis = (nib >>> 1) & 1;
    const bit = nib & 1;
    const cls = nib >>> 2;
    if (sparse ? rng.nextFloat() * pMax >= pDet[cls] : rng.nextFloat() >= pDet[cls]) continue;
    const bobBasis = rng.nextFloat() < o.keyBasisProbability ? 0 : 1;
    let value: number;
    let sentBasis = basis;
    let sentBit = bit;
    if (o.interceptFraction && rng.nextFloat() < o.interceptFraction) {
      const eveBasis = rng.nextU32() & 1;
      sentBit = eveBasis === basis ? bit : rng.nextU32() & 1;
      sentBasis = eveBasis;
    }
    if (bobBasis === sentBasis) value = sentBit ^ (rng.nextFloat() < o.misalignment ? 1 : 0);
    else value = rng.nextU32() & 1;
    slots.push(s);
    bases.push(bobBasis);
    bits.push(value);
  }
  return { count: slots.length, slots: Uint32Array.from(slots), bases: Uint8Array.from(bases), bits: Uint8Array.from(bits) };
}
