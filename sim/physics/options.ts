/**
 * Parameters of the simulated optical bench, with units in every name and the
 * defaults a lab engineer would find on a 1550 nm decoy-state BB84 bench.
 *
 * Detector default: a free-running InGaAs/InP SPAD module of the ID Qube
 * class, the usual choice when no cryostat is available: 10 % efficiency,
 * 500 Hz dark counts, 1 µs dead time (set long to keep afterpulsing at a few
 * per cent), 3 % afterpulsing, 80 ps rms jitter. At 1 GHz and short distances
 * these detectors saturate (dead ~90 % of the time at 10 km), exactly as
 * they would on a real bench; tests that check single-pulse statistics set
 * `deadTimeNs: 0`.
 */

export interface SourceOptions {
  /** Pulse repetition rate; the slot period is 1e12 / rateHz ps. */
  pulseRateHz: number;
  /** Mean photon number per pulse leaving Alice, per intensity class. */
  meanPhotonNumberSignal: number;
  meanPhotonNumberDecoy: number;
  /** Residual light in "vacuum" slots (finite extinction of the intensity modulator). */
  meanPhotonNumberVacuum: number;
  /**
   * Pulse-to-pulse relative standard deviation of the mean photon number
   * (Gaussian, truncated at ±6σ and at zero). 0 = perfectly stable.
   */
  intensityFluctuationRelative: number;
  /**
   * Actual / set mean photon number of each class [signal, decoy, vacuum]: the
   * source's attenuation is never exactly what its set point assumes (1 = exact).
   * A hidden truth of the unknown bench, found by `qkdctl calibrate intensities`.
   */
  meanPhotonNumberScale: readonly [number, number, number];
  /** Laser TEC setpoint; the telemetry temperature wanders around it. */
  laserSetpointC: number;
  /** Ornstein–Uhlenbeck noise of the laser temperature. */
  laserTemperatureNoiseKPerSqrtS: number;
  laserTemperatureRelaxationS: number;
}

export interface ModulatorOptions {
  /**
   * Half-wave voltage V_π at t = 0: the drive step that takes H to V
   * (a rotation of π on the Poincaré great circle through H, D, V, A).
   */
  halfWaveVoltageV: number;
  /** Relative drift of V_π per second (linear, e.g. crystal temperature). */
  halfWaveDriftRelativePerS: number;
  /**
   * Intrinsic offset voltage at t = 0 (DC drift of LiNbO3): the bias voltage
   * that a calibration must apply to cancel it.
   */
  intrinsicOffsetV: number;
  /** Linear drift of the intrinsic offset. */
  offsetDriftVPerS: number;
  /** Random-walk drift of the intrinsic offset. */
  offsetRandomWalkVPerSqrtS: number;
  /**
   * Polarization extinction ratio of the prepared states. It sets the base
   * misalignment error e_d = 1 / (1 + 10^(ER/10)) (≈ 0.99 % at 20 dB).
   */
  extinctionRatioDb: number;
}

export interface FibreOptions {
  lengthKm: number;
  lossDbPerKm: number;
  /** Group index of the fibre; sets the propagation delay (4.897 µs per km at 1.468). */
  groupIndex: number;
  /** Insertion loss of Bob's receiver optics (beam splitter, PBS, connectors). */
  receiverInsertionLossDb: number;
  /**
   * Random walk of the polarization rotation in the fibre (an angle on the
   * Poincaré great circle of the BB84 states).
   */
  polarizationRandomWalkRadPerSqrtS: number;
  /** Linear drift of that rotation. */
  polarizationDriftRadPerS: number;
  /** That rotation at t = 0 (what the fibre does to the states before any drift). */
  initialRotationRad: number;
  /**
   * Linear drift of the propagation delay, ps/s: thermal (the group delay of silica
   * changes by ≈ 7 ppm/K, ≈ 35 ps per km per K). 0 = a delay that stands still.
   */
  delayDriftPsPerS: number;
  /** Random walk of the propagation delay, ps/√s (0 = none). */
  delayRandomWalkPsPerSqrtS: number;
}

export interface DetectorOptions {
  /** Detection efficiency of each of the four detectors H, V, D, A. */
  efficiency: readonly [number, number, number, number];
  /** Dark count rate of each detector (while armed). */
  darkCountRateHz: number;
  /** Dark count rate per detector H, V, D, A, in place of `darkCountRateHz` (null: that one value for all). */
  darkCountRatesHz: readonly [number, number, number, number] | null;
  /**
   * Signal delay of each detector H, V, D, A and its cable, from photon arrival
   * to the tagger input, ps: the common part moves the gate, the differences are
   * the per-channel skew a delay calibration removes with input delays.
   */
  delayPs: readonly [number, number, number, number];
  /** Non-paralyzable dead time after each registered click. */
  deadTimeNs: number;
  /** Probability that a registered click is followed by an afterpulse. */
  afterpulseProbability: number;
  /** Mean of the exponential delay of an afterpulse, counted from the end of the dead time. */
  afterpulseTimeConstantNs: number;
  /** Gaussian timing jitter (rms) of detector plus tagger. Truncated at ±8σ. */
  jitterRmsPs: number;
  /**
   * Gate width for gated detectors (gates centred on each slot's arrival
   * time, one per slot); null = free-running.
   */
  gateWidthPs: number | null;
  /** Probability that Bob's passive beam splitter sends a photon to the Z (H/V) analyser. */
  basisSplitRatioZ: number;
}

export interface TaggerOptions {
  /** Timestamp bin; timestamps are integer multiples of it. */
  resolutionPs: number;
  /** Frequency offset of the tagger clock relative to the source clock. */
  clockOffsetPpm: number;
  /** Tagger counter value at source time 0. */
  startOffsetPs: number;
}

export interface EavesdropperOptions {
  /**
   * Fraction of pulses Eve intercepts at Alice's output: she measures one
   * photon in a random basis and resends one photon in the state she found.
   */
  interceptFraction: number;
}

export interface BenchPhysicsOptions {
  seed: number;
  /** Slots per frame; every pattern must have this length. */
  frameSlotCount: number;
  /** The slow drifts advance in steps of this much simulated time. */
  driftStepPs: number;
  /** false = all drift rates forced to zero (a perfectly stable bench). */
  drift: boolean;
  /** Record which slot and which process produced each tag (for tests). */
  groundTruth: boolean;
  source: SourceOptions;
  modulator: ModulatorOptions;
  fibre: FibreOptions;
  detectors: DetectorOptions;
  tagger: TaggerOptions;
  eve: EavesdropperOptions;
}

export type BenchPhysicsOptionsInput = Partial<
  Omit<BenchPhysicsOptions, 'source' | 'modulator' | 'fibre' | 'detectors' | 'tagger' | 'eve'>
> & {
  source?: Partial<SourceOptions>;
  modulator?: Partial<ModulatorOptions>;
  fibre?: Partial<FibreOptions>;
  detectors?: Partial<DetectorOptions>;
  tagger?: Partial<TaggerOptions>;
  eve?: Partial<EavesdropperOptions>;
};

export const DEFAULT_SOURCE: SourceOptions = {
  pulseRateHz: 1e9,
  meanPhotonNumberSignal: 0.5,
  meanPhotonNumberDecoy: 0.1,
  meanPhotonNumberVacuum: 2e-4,
  intensityFluctuationRelative: 0,
  meanPhotonNumberScale: [1, 1, 1],
  laserSetpointC: 25,
  laserTemperatureNoiseKPerSqrtS: 0.002,
  laserTemperatureRelaxationS: 5,
};

export const DEFAULT_MODULATOR: ModulatorOptions = {
  halfWaveVoltageV: 4.0,
  halfWaveDriftRelativePerS: 1e-5,
  intrinsicOffsetV: 0.7,
  // ~0.5 V of offset error gives ~1 % extra QBER with V_π = 4 V: with these
  // rates an uncorrected bench needs recalibrating every few minutes.
  offsetDriftVPerS: 1e-3,
  offsetRandomWalkVPerSqrtS: 2e-3,
  extinctionRatioDb: 20,
};

export const DEFAULT_FIBRE: FibreOptions = {
  lengthKm: 10,
  lossDbPerKm: 0.2,
  groupIndex: 1.468,
  receiverInsertionLossDb: 0,
  polarizationRandomWalkRadPerSqrtS: 0.005,
  polarizationDriftRadPerS: 0,
  initialRotationRad: 0,
  delayDriftPsPerS: 0,
  delayRandomWalkPsPerSqrtS: 0,
};

export const DEFAULT_DETECTORS: DetectorOptions = {
  efficiency: [0.1, 0.1, 0.1, 0.1],
  darkCountRateHz: 500,
  darkCountRatesHz: null,
  delayPs: [0, 0, 0, 0],
  deadTimeNs: 1000,
  afterpulseProbability: 0.03,
  afterpulseTimeConstantNs: 500,
  jitterRmsPs: 80,
  gateWidthPs: null,
  basisSplitRatioZ: 0.5,
};

export const DEFAULT_TAGGER: TaggerOptions = {
  resolutionPs: 1,
  clockOffsetPpm: 1.5,
  startOffsetPs: 0,
};

export const DEFAULT_EVE: EavesdropperOptions = { interceptFraction: 0 };

export function resolveOptions(input: BenchPhysicsOptionsInput = {}): BenchPhysicsOptions {
  const o: BenchPhysicsOptions = {
    seed: input.seed ?? 1,
    frameSlotCount: input.frameSlotCount ?? 1 << 20,
    driftStepPs: input.driftStepPs ?? 1e9,
    drift: input.drift ?? true,
    groundTruth: input.groundTruth ?? true,
    source: { ...DEFAULT_SOURCE, ...input.source },
    modulator: { ...DEFAULT_MODULATOR, ...input.modulator },
    fibre: { ...DEFAULT_FIBRE, ...input.fibre },
    detectors: { ...DEFAULT_DETECTORS, ...input.detectors },
    tagger: { ...DEFAULT_TAGGER, ...input.tagger },
    eve: { ...DEFAULT_EVE, ...input.eve },
  };
  validate(o);
  return o;
}

function validate(o: BenchPhysicsOptions): void {
  const req = (ok: boolean, what: string): void => {
    if (!ok) throw new RangeError(`bench physics: ${what}`);
  };
  req(Number.isInteger(o.frameSlotCount) && o.frameSlotCount > 0, 'frameSlotCount must be a positive integer');
  req(o.source.pulseRateHz > 0 && o.source.pulseRateHz <= 1e11, 'pulseRateHz must be in (0, 1e11]');
  req(o.driftStepPs > 0, 'driftStepPs must be positive');
  for (const mu of [o.source.meanPhotonNumberSignal, o.source.meanPhotonNumberDecoy, o.source.meanPhotonNumberVacuum]) {
    req(mu >= 0, 'mean photon numbers must be ≥ 0');
  }
  req(o.source.intensityFluctuationRelative >= 0, 'intensityFluctuationRelative must be ≥ 0');
  req(
    o.source.meanPhotonNumberScale.length === 3 && o.source.meanPhotonNumberScale.every((f) => f > 0),
    'three meanPhotonNumberScale factors > 0',
  );
  req(
    o.detectors.darkCountRatesHz === null ||
      (o.detectors.darkCountRatesHz.length === 4 && o.detectors.darkCountRatesHz.every((r) => r >= 0)),
    'darkCountRatesHz: null or four rates ≥ 0',
  );
  req(o.detectors.delayPs.length === 4 && o.detectors.delayPs.every((d) => Math.abs(d) <= 1e6), 'four detector delays within ±1e6 ps');
  req(o.modulator.halfWaveVoltageV > 0, 'halfWaveVoltageV must be positive');
  req(o.fibre.lengthKm >= 0 && o.fibre.lossDbPerKm >= 0, 'fibre length and loss must be ≥ 0');
  req(
    Math.abs(o.fibre.delayDriftPsPerS) <= 1e6 && o.fibre.delayRandomWalkPsPerSqrtS >= 0 && o.fibre.delayRandomWalkPsPerSqrtS <= 1e6,
    'delayDriftPsPerS within ±1e6 and delayRandomWalkPsPerSqrtS in [0, 1e6]',
  );
  req(o.detectors.efficiency.length === 4 && o.detectors.efficiency.every((e) => e >= 0 && e <= 1), 'four efficiencies in [0, 1]');
  req(o.detectors.darkCountRateHz >= 0 && o.detectors.deadTimeNs >= 0, 'dark count rate and dead time must be ≥ 0');
  req(o.detectors.afterpulseProbability >= 0 && o.detectors.afterpulseProbability < 1, 'afterpulseProbability must be in [0, 1)');
  req(o.detectors.jitterRmsPs >= 0, 'jitterRmsPs must be ≥ 0');
  req(o.detectors.basisSplitRatioZ >= 0 && o.detectors.basisSplitRatioZ <= 1, 'basisSplitRatioZ must be in [0, 1]');
  const period = 1e12 / o.source.pulseRateHz;
  req(
    o.detectors.gateWidthPs === null || (o.detectors.gateWidthPs > 0 && o.detectors.gateWidthPs <= period),
    'gateWidthPs must be in (0, slot period]',
  );
  req(Number.isInteger(o.tagger.resolutionPs) && o.tagger.resolutionPs >= 1, 'tagger resolutionPs must be a positive integer');
  req(Math.abs(o.tagger.clockOffsetPpm) < 1000, 'clockOffsetPpm must be below 1000 in magnitude');
  req(o.eve.interceptFraction >= 0 && o.eve.interceptFraction <= 1, 'interceptFraction must be in [0, 1]');
}

/** Base misalignment error of a state with polarization extinction ratio `erDb`. */
export function misalignmentFromExtinctionDb(erDb: number): number {
  return 1 / (1 + 10 ** (erDb / 10));
}

/** Channel transmittance: fibre loss plus receiver insertion loss. */
export function channelTransmittance(f: FibreOptions): number {
  return 10 ** (-(f.lengthKm * f.lossDbPerKm + f.receiverInsertionLossDb) / 10);
}

/** One-way propagation delay of the fibre. */
export function fibreDelayPs(f: FibreOptions): number {
  // c = 299 792 458 m/s → 1e15 / c ps per km in vacuum.
  return (f.lengthKm * f.groupIndex * 1e15) / 299792458;
}
