/**
 * Expected observables of the fibre-based system model of Lim et al.,
 * PRA 89, 022307 (2014), Sec. IV (dedicated fibre), for planning and for
 * checking `finiteKeyLength` against the paper's Fig. 1.
 *
 * Per pulse of intensity k (η_sys = η_ch · η_Bob, η_ch = 10^(−α L / 10)):
 *   D_k = 1 − (1 − 2 p_dc) e^{−η_sys k}                 detection probability without afterpulses
 *   R_k = D_k (1 + p_ap)                                 detection probability
 *   e_k = p_dc + e_mis (1 − e^{−η_sys k}) + p_ap D_k / 2 error probability (so QBER_k = e_k / R_k)
 * The paper prints η_ch in the e_mis term; with η_ch the optical error rate
 * would be e_mis/η_Bob = 5 % instead of e_mis, so we read it as η_sys (the
 * misalignment acts on photons that are detected).
 *
 * Both parties pick the key basis with probability q (the paper's q_x), so a
 * fraction q² of pulses is sifted into the key basis and (1 − q)² into the
 * test basis. The block is fixed by n_key (the paper's n_X): the number of
 * pulses is N = n_key / (q² Σ_k p_k R_k) and n_test = n_key (1 − q)² / q².
 */
import type { PerIntensity } from './decoy-bounds.ts';
import type { DecoyObservation } from './finite-key.ts';

export interface FibreChannel {
  distanceKm: number;
  /** Fibre attenuation α, dB/km (paper: 0.2). */
  attenuationDbPerKm: number;
  /** Bob's detection efficiency η_Bob (paper: 0.1). */
  detectorEfficiency: number;
  /** Dark-count probability per detector per gate p_dc (paper: 6e-7). */
  darkCountProbability: number;
  /** After-pulse probability p_ap (paper: 4e-2). */
  afterpulseProbability: number;
  /** Optical misalignment error e_mis (paper: 5e-3). */
  misalignment: number;
}

/** The parameters of the paper's Sec. IV at distance `distanceKm`. */
export function lim2014Channel(distanceKm: number): FibreChannel {
  return {
    distanceKm,
    attenuationDbPerKm: 0.2,
    detectorEfficiency: 0.1,
    darkCountProbability: 6e-7,
    afterpulseProbability: 4e-2,
    misalignment: 5e-3,
  };
}

export interface ProtocolSettings {
  /** Probability q that either party picks the key basis. */
  keyBasisProbability: number;
  intensities: PerIntensity;
  probabilities: PerIntensity;
}

export interface ExpectedObservables {
  observation: DecoyObservation;
  /** Pulses Alice sends to collect n_key key-basis detections, N. */
  pulses: number;
  /** Expected key-basis QBER (all classes). */
  qberKey: number;
  /** Per-pulse detection probability R_k and error probability e_k. */
  detectionProbability: PerIntensity;
  errorProbability: PerIntensity;
}

export function detectionAndErrorProbability(ch: FibreChannel, mu: number): { detection: number; error: number } {
  const etaSys = 10 ** ((-ch.attenuationDbPerKm * ch.distanceKm) / 10) * ch.detectorEfficiency;
  const d = 1 - (1 - 2 * ch.darkCountProbability) * Math.exp(-etaSys * mu);
  const detection = d * (1 + ch.afterpulseProbability);
  const error = ch.darkCountProbability + ch.misalignment * (1 - Math.exp(-etaSys * mu)) + (ch.afterpulseProbability * d) / 2;
  return { detection, error };
}

/** Expected (noise-free) counts for a block of `nKey` key-basis detections. */
export function expectedObservables(ch: FibreChannel, p: ProtocolSettings, nKey: number): ExpectedObservables {
  const q = p.keyBasisProbability;
  const r: number[] = [];
  const e: number[] = [];
  for (let k = 0; k < 3; k++) {
    const de = detectionAndErrorProbability(ch, p.intensities[k]);
    r.push(de.detection);
    e.push(de.error);
  }
  const perPulseDetection = p.probabilities[0] * r[0] + p.probabilities[1] * r[1] + p.probabilities[2] * r[2];
  const pulses = nKey / (q * q * perPulseDetection);
  const keyFrac = pulses * q * q;
  const testFrac = pulses * (1 - q) * (1 - q);
  const keyDet: PerIntensity = [
    keyFrac * p.probabilities[0] * r[0],
    keyFrac * p.probabilities[1] * r[1],
    keyFrac * p.probabilities[2] * r[2],
  ];
  const keyErr = keyFrac * (p.probabilities[0] * e[0] + p.probabilities[1] * e[1] + p.probabilities[2] * e[2]);
  const testDet: PerIntensity = [
    testFrac * p.probabilities[0] * r[0],
    testFrac * p.probabilities[1] * r[1],
    testFrac * p.probabilities[2] * r[2],
  ];
  const testErr: PerIntensity = [
    testFrac * p.probabilities[0] * e[0],
    testFrac * p.probabilities[1] * e[1],
    testFrac * p.probabilities[2] * e[2],
  ];
  return {
    observation: { key: { detections: keyDet, errors: keyErr }, test: { detections: testDet, errors: testErr } },
    pulses,
    qberKey: keyErr / nKey,
    detectionProbability: [r[0], r[1], r[2]],
    errorProbability: [e[0], e[1], e[2]],
  };
}
