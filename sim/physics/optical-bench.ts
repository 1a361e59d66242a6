/**
 * The simulated optical bench: weak-coherent decoy source, polarization
 * modulator, fibre, eavesdropper, four detectors behind a passive basis choice,
 * and the time tagger — sampled directly at the level of detections.
 *
 * How it stays fast. A Poissonian pulse split by beam splitters gives
 * independent Poisson photon numbers at the four detectors, so each slot's
 * click probabilities are closed-form (1 − e^{−λ_c}) and only depend on the
 * slot's 4-bit pattern nibble and on slow parameters (drift, settings) that
 * are constant over a segment of slots. Within a segment we draw the next
 * *candidate* slot by a geometric skip with the largest per-slot click
 * probability p_max over the detectors that could still click, and keep the
 * candidate with probability p(slot)/p_max (thinning). Work is proportional to
 * the number of clicks, not of pulses; and while a detector is dead it is left
 * out of p_max, so a saturated detector costs nothing either. Dark counts are
 * their own Poisson process per detector, afterpulses a small heap, and dead
 * time is applied on the merged stream in time order.
 *
 * Time. The source clock is the reference: slot k leaves Alice at
 * k·slotPeriodPs. `advanceTo(t)` simulates up to source time t and returns
 * the tags detected (source-clock time) before t − latencyPs, converted to the
 * tagger's clock. Settings (voltages, mean photon numbers, Eve, start/stop)
 * act on pulses emitted from the current time on; the drifts step every
 * `driftStepPs` of emission time.
 *
 * One approximation: events closer than the timing-jitter scale (8σ) are put
 * in order by their nominal arrival rather than their jittered time when the
 * dead time decides which of them registers. The output is still sorted, and
 * no two tags on one detector are ever closer than the dead time.
 */
import { EventHeap } from './event-heap.ts';
import { interceptResendAngle } from './eavesdropper.ts';
import { Fibre } from './fibre.ts';
import { LaserThermal } from './laser.ts';
import { PolarizationModulator, type ModulatorCalibration } from './modulator.ts';
import { resolveOptions, type BenchPhysicsOptions, type BenchPhysicsOptionsInput } from './options.ts';
import { isPulsePattern, type FrameChoices, type FrameSource } from './pattern.ts';
import { PhysicsRng } from './prng.ts';
import { routingProbabilities } from './receiver.ts';
import { TAG_AFTERPULSE, TAG_DARK, TAG_EVE, TAG_SIGNAL, type TagChunk } from './tag-chunk.ts';
import { TimeTagger } from './tagger.ts';

export interface BenchTelemetry {
  /** Source-clock time the bench has been advanced to. */
  simTimePs: number;
  emitting: boolean;
  /** Slots emitted since the bench was built (sampled so far). */
  emittedSlots: number;
  /** Frames whose pattern was missing when they were emitted (emitted dark). */
  patternUnderrunFrames: number;
  laserTemperatureC: number;
  /** Registered clicks per detector H, V, D, A (all origins). */
  countsPerChannel: [number, number, number, number];
  darkCounts: number;
  afterpulses: number;
  /** Clicks lost because the detector was dead. */
  deadTimeLosses: number;
}

/** Hidden physical state, for tests and for judging a calibration. */
export interface BenchTruth {
  halfWaveVoltageV: number;
  intrinsicOffsetV: number;
  fibreRotationRad: number;
  /** Poincaré angle at Bob's receiver of each state H, V, D, A with the current drive table. */
  stateAnglesAtBobRad: [number, number, number, number];
  transmittance: number;
  fibreDelayPs: number;
  misalignmentError: number;
  /** Signal delay of each detector H, V, D, A (photon arrival → tagger input), ps. */
  detectorDelaysPs: [number, number, number, number];
  /** Detection efficiency of each detector H, V, D, A. */
  efficiency: [number, number, number, number];
  /** Dark count rate of each detector H, V, D, A, Hz. */
  darkCountRatesHz: [number, number, number, number];
  deadTimeNs: number;
  afterpulseProbability: number;
  /** Actual mean photon number of each class [signal, decoy, vacuum] now (set point × scale; 0 while the laser is off). */
  meanPhotonNumbers: [number, number, number];
  /** Actual / set point of each class [signal, decoy, vacuum]. */
  meanPhotonNumberScale: [number, number, number];
}

interface PendingChange {
  slot: number;
  apply: () => void;
}

const NO_SLOT = Infinity;
// Module-local copies: under a CommonJS transpile (tsx) an imported binding is a
// getter call on every use, which the hot loops cannot afford.
const KIND_SIGNAL = TAG_SIGNAL;
const KIND_EVE = TAG_EVE;
const KIND_DARK = TAG_DARK;
const KIND_AFTERPULSE = TAG_AFTERPULSE;

export class OpticalBench {
  readonly options: BenchPhysicsOptions;
  readonly slotPeriodPs: number;
  readonly frameSlotCount: number;
  /** Detections are released this long after they happen (jitter reordering margin). */
  readonly latencyPs: number;
  readonly modulator: PolarizationModulator;
  readonly fibre: Fibre;
  readonly laser: LaserThermal;
  readonly tagger: TimeTagger;

  private readonly rng: PhysicsRng;
  private readonly jitterGuardPs: number;
  /** 8σ of jitter alone (the guard also covers the detector delays). */
  private readonly jitter8SigmaPs: number;
  private readonly detectorDelayPs: Float64Array;
  private readonly minDetectorDelayPs: number;
  private readonly muScale: Float64Array;
  private readonly jitterRmsPs: number;
  private readonly deadTimePs: number;
  private readonly afterpulseProbability: number;
  private readonly afterpulseTauPs: number;
  private readonly gateWidthPs: number;
  private readonly gated: boolean;
  private readonly efficiency: Float64Array;
  private readonly efficiencyMax: number;
  private readonly driftStepSlots: number;
  private readonly dop: number;
  private readonly fluctuation: number;
  private readonly fluctuationMax: number;

  // --- settings (applied in emission order through `changes`) ---
  private readonly meanPhotonNumber = new Float64Array(4);
  private interceptFraction: number;
  private repeatingPattern: FrameSource | null = null;
  private readonly queuedPatterns = new Map<number, FrameSource>();
  private startSlot = NO_SLOT;
  private announcedStartSlot = NO_SLOT;
  private announcedStopSlot = NO_SLOT;
  private stopSlot = NO_SLOT;
  private changes: PendingChange[] = [];

  // --- sampling state ---
  private clockPs = 0;
  private horizonPs = 0;
  private cursorSlot = 0;
  private nextDriftSlot: number;
  private frameIndex = -1;
  private frameStartSlot = 0;
  /** The frame's whole pattern, when it came as one (fast path). */
  private frameWords: Uint32Array | null = null;
  /** The frame's choices read slot by slot, when it came so. */
  private frameChoices: FrameChoices | null = null;
  /** The frame being emitted (to release once sampled). */
  private frameSource: FrameSource | null = null;
  /** The frame carries light (a source that is neither missing nor dark). */
  private frameLit = false;
  private underruns = 0;
  private tablesDirty = true;
  private candSlot = 0;
  private candReal = false;
  private candValid = false;
  private candDrawFrom = 0;
  private candPMax = 0;
  /** Next slot at which drift, frame or settings change (cached segment end). */
  private segmentBoundary = 0;
  private segmentEmitting = false;

  // --- per-segment tables ---
  /** Mean detected photon number per nibble × channel. */
  private readonly lambda = new Float64Array(64);
  /** Click probability per nibble × channel. */
  private readonly pClick = new Float64Array(64);
  /** Probability of ≥ 1 click among the channels of mask M, per nibble × mask. */
  private readonly pAnyMask = new Float64Array(256);
  /** Per mask: the candidate rate p_max and 1/ln(1 − p_max). */
  private readonly pDraw = new Float64Array(16);
  private readonly invLogDraw = new Float64Array(16);
  /** Dead windows shorter than this (slots: the mean candidate gap) are drawn through, not around. */
  private shortDeadSlots = 0;
  private readonly aliceAngle = new Float64Array(4);
  private readonly route = new Float64Array(16);
  private readonly eveRoute = new Float64Array(4);

  // --- detectors ---
  private readonly deadUntil = new Float64Array(4).fill(-Infinity);
  /** Per detector: first slot whose photons (arrival + 8σ jitter) could find it alive. */
  private readonly reviveSlot = new Float64Array(4).fill(-Infinity);
  private readonly darkNextPs = new Float64Array(4);
  private readonly darkNextGate = new Float64Array(4);
  private readonly darkInvLog = new Float64Array(4);
  private readonly darkEnabled = new Uint8Array(4);
  private readonly darkMeanGapPs = new Float64Array(4);
  private readonly heap = new EventHeap();

  // --- registered events awaiting release (sorted at release) ---
  private bufTime = new Float64Array(1024);
  private bufChan = new Uint8Array(1024);
  private bufKind = new Uint8Array(1024);
  private bufSlot = new Float64Array(1024);
  private bufLen = 0;

  // --- counters ---
  private readonly counts: [number, number, number, number] = [0, 0, 0, 0];
  private darkCount = 0;
  private afterpulseCount = 0;
  private deadLosses = 0;

  constructor(input: BenchPhysicsOptionsInput = {}) {
    const o = resolveOptions(input);
    this.options = o;
    this.rng = new PhysicsRng(o.seed);
    this.slotPeriodPs = 1e12 / o.source.pulseRateHz;
    this.frameSlotCount = o.frameSlotCount;
    this.modulator = new PolarizationModulator(o.modulator);
    this.fibre = new Fibre(o.fibre);
    this.laser = new LaserThermal(o.source);
    this.tagger = new TimeTagger(o.tagger);
    const d = o.detectors;
    this.jitterRmsPs = d.jitterRmsPs;
    this.jitter8SigmaPs = 8 * d.jitterRmsPs;
    this.detectorDelayPs = Float64Array.from(d.delayPs);
    this.minDetectorDelayPs = Math.min(...d.delayPs);
    // A detection lands within 8σ of jitter and the largest detector delay of its nominal arrival.
    this.jitterGuardPs = this.jitter8SigmaPs + Math.max(...d.delayPs.map(Math.abs));
    this.muScale = Float64Array.from([...o.source.meanPhotonNumberScale, 1]);
    this.latencyPs = 2 * this.jitterGuardPs;
    this.deadTimePs = d.deadTimeNs * 1000;
    this.afterpulseProbability = d.afterpulseProbability;
    this.afterpulseTauPs = d.afterpulseTimeConstantNs * 1000;
    this.gated = d.gateWidthPs !== null;
    this.gateWidthPs = d.gateWidthPs ?? 0;
    this.efficiency = Float64Array.from(d.efficiency);
    this.efficiencyMax = Math.max(...d.efficiency);
    this.driftStepSlots = Math.max(1, Math.round(o.driftStepPs / this.slotPeriodPs));
    this.nextDriftSlot = this.driftStepSlots;
    this.dop = this.modulator.degreeOfPolarization();
    this.fluctuation = o.source.intensityFluctuationRelative;
    this.fluctuationMax = 1 + 6 * this.fluctuation;
    this.meanPhotonNumber[0] = o.source.meanPhotonNumberSignal * this.muScale[0];
    this.meanPhotonNumber[1] = o.source.meanPhotonNumberDecoy * this.muScale[1];
    this.meanPhotonNumber[2] = o.source.meanPhotonNumberVacuum * this.muScale[2];
    this.meanPhotonNumber[3] = 0;
    this.interceptFraction = o.eve.interceptFraction;

    // Dark counts: a Poisson process per detector; gated detectors only count
    // inside their gates, so there it is a Bernoulli trial per gate.
    const rates = d.darkCountRatesHz ?? [d.darkCountRateHz, d.darkCountRateHz, d.darkCountRateHz, d.darkCountRateHz];
    for (let c = 0; c < 4; c++) {
      const rate = rates[c];
      this.darkMeanGapPs[c] = rate > 0 ? 1e12 / rate : Infinity;
      const pGate = rate > 0 && this.gated ? -Math.expm1(-rate * this.gateWidthPs * 1e-12) : 0;
      this.darkEnabled[c] = rate > 0 ? 1 : 0;
      this.darkInvLog[c] = pGate >= 1 ? 0 : pGate > 0 ? 1 / Math.log1p(-pGate) : 0;
    }
    for (let c = 0; c < 4; c++) {
      this.darkNextGate[c] = -1;
      this.darkNextPs[c] = -Infinity;
      this.scheduleDark(c);
    }
  }

  // ------------------------------------------------------------------
  // Board-facing controls
  // ------------------------------------------------------------------

  /** Source/modulator board: a pattern repeated every frame (until replaced). Null = none. */
  setRepeatingPattern(pattern: FrameSource | null): void {
    if (pattern) this.checkPattern(pattern);
    this.repeatingPattern = pattern;
  }

  /**
   * Source/modulator board: the pattern of one frame (frame 0 starts at the
   * emission start). Takes precedence over the repeating pattern; must arrive
   * before the frame is emitted, or the frame goes out dark (an underrun).
   */
  queueFramePattern(frameIndex: number, pattern: FrameSource): void {
    this.checkPattern(pattern);
    if (!Number.isInteger(frameIndex) || frameIndex < 0) throw new RangeError('frameIndex must be a non-negative integer');
    this.queuedPatterns.set(frameIndex, pattern);
  }

  /** Patterns queued and not yet emitted (the firmware's upload buffer fill). */
  queuedFrameCount(): number {
    return this.queuedPatterns.size;
  }

  /**
   * Start emission at a frame boundary: frame 0 begins at the first slot not
   * yet emitted (or at `atSlot`, if later). Returns that slot.
   */
  startEmission(atSlot?: number): number {
    const first = this.firstSettableSlot();
    const slot = Math.max(first, atSlot ?? first);
    this.announcedStartSlot = slot;
    this.announcedStopSlot = NO_SLOT;
    this.schedule(slot, () => {
      this.startSlot = slot;
      this.stopSlot = NO_SLOT;
      this.frameIndex = -1;
      this.setFrame(null);
    });
    return slot;
  }

  /** Stop emission at the end of the frame being emitted. Returns the stop slot. */
  stopEmission(): number {
    const first = this.firstSettableSlot();
    const start = this.pendingStartSlot();
    let stop = first;
    if (start !== NO_SLOT && first > start) stop = start + Math.ceil((first - start) / this.frameSlotCount) * this.frameSlotCount;
    this.announcedStopSlot = stop;
    this.schedule(stop, () => {
      this.stopSlot = stop;
    });
    return stop;
  }

  /** Modulator board: drive voltages (V) for the states H, V, D, A. */
  setStateVoltages(voltagesV: readonly [number, number, number, number]): void {
    const v = [...voltagesV];
    this.schedule(this.firstSettableSlot(), () => {
      for (let s = 0; s < 4; s++) this.modulator.stateVoltagesV[s] = v[s];
    });
  }

  /** Modulator board: DC bias voltage (V). */
  setBiasVoltage(biasV: number): void {
    this.schedule(this.firstSettableSlot(), () => {
      this.modulator.biasVoltageV = biasV;
    });
  }

  /** Apply a whole calibration (drive table + bias) at once. */
  applyCalibration(c: ModulatorCalibration): void {
    this.setStateVoltages(c.stateVoltagesV);
    this.setBiasVoltage(c.biasVoltageV);
  }

  /** Source board: mean photon number of an intensity class (0 signal, 1 decoy, 2 vacuum). */
  setMeanPhotonNumber(intensityClass: number, mu: number): void {
    if (intensityClass < 0 || intensityClass > 2 || mu < 0) throw new RangeError('class must be 0..2 and mu ≥ 0');
    this.schedule(this.firstSettableSlot(), () => {
      this.meanPhotonNumber[intensityClass] = mu * this.muScale[intensityClass];
    });
  }

  /** Test hook: change the fraction of pulses Eve intercepts. */
  setInterceptFraction(fraction: number): void {
    if (!(fraction >= 0 && fraction <= 1)) throw new RangeError('fraction must be in [0, 1]');
    this.schedule(this.firstSettableSlot(), () => {
      this.interceptFraction = fraction;
    });
  }

  /** Source-clock time at which frame `frameIndex` starts leaving Alice (NaN before a start). */
  frameStartTimePs(frameIndex: number): number {
    const start = this.pendingStartSlot();
    return start === NO_SLOT ? NaN : (start + frameIndex * this.frameSlotCount) * this.slotPeriodPs;
  }

  /**
   * Tagger timestamp at which the first pulse of frame `frameIndex` reaches
   * Bob (fibre delay included, no jitter): what a frame-sync line into the
   * tagger would record. NaN before a start.
   */
  frameArrivalTimestampPs(frameIndex: number): number {
    const t = this.frameStartTimePs(frameIndex);
    return Number.isNaN(t) ? NaN : this.tagger.timestampPs(t + this.fibre.delayPs);
  }

  /** The emission start slot in force or scheduled (Infinity when never started). */
  emissionStartSlot(): number {
    return this.pendingStartSlot();
  }

  // ------------------------------------------------------------------
  // Detector board: pull tags
  // ------------------------------------------------------------------

  /** Advance by `durationPs` of source time; see `advanceTo`. */
  advanceBy(durationPs: number): TagChunk {
    return this.advanceTo(this.clockPs + durationPs);
  }

  /**
   * Simulate up to source time `timePs` and return, sorted, every tag
   * detected before `timePs − latencyPs` and not returned before.
   */
  advanceTo(timePs: number): TagChunk {
    if (!(timePs >= this.clockPs)) throw new RangeError(`time must not go backwards (${timePs} < ${this.clockPs})`);
    if (timePs >= 9007199254740992) throw new RangeError('simulated time past 2^53 ps');
    this.clockPs = timePs;
    const horizon = timePs - this.jitterGuardPs;
    if (horizon > this.horizonPs) {
      this.sweep(horizon);
      this.horizonPs = horizon;
    }
    return this.release(timePs - this.latencyPs);
  }

  telemetry(): BenchTelemetry {
    const nowSlot = Math.floor(this.clockPs / this.slotPeriodPs);
    const sampled = Math.max(0, Math.ceil((this.horizonPs - this.fibre.delayPs) / this.slotPeriodPs));
    const emitted = this.startSlot === NO_SLOT ? 0 : Math.max(0, Math.min(sampled, this.stopSlot) - this.startSlot);
    return {
      simTimePs: this.clockPs,
      emitting: nowSlot >= this.announcedStartSlot && nowSlot < this.announcedStopSlot,
      emittedSlots: emitted,
      patternUnderrunFrames: this.underruns,
      laserTemperatureC: this.laser.temperatureC,
      countsPerChannel: [this.counts[0], this.counts[1], this.counts[2], this.counts[3]],
      darkCounts: this.darkCount,
      afterpulses: this.afterpulseCount,
      deadTimeLosses: this.deadLosses,
    };
  }

  truth(): BenchTruth {
    const rot = this.fibre.rotationRad;
    const m = this.modulator;
    return {
      halfWaveVoltageV: m.halfWaveVoltageV,
      intrinsicOffsetV: m.intrinsicOffsetV,
      fibreRotationRad: rot,
      stateAnglesAtBobRad: [m.stateAngleRad(0) + rot, m.stateAngleRad(1) + rot, m.stateAngleRad(2) + rot, m.stateAngleRad(3) + rot],
      transmittance: this.fibre.transmittance,
      fibreDelayPs: this.fibre.delayPs,
      misalignmentError: (1 - this.dop) / 2,
      detectorDelaysPs: [...this.detectorDelayPs] as [number, number, number, number],
      efficiency: [...this.efficiency] as [number, number, number, number],
      darkCountRatesHz: [...this.darkMeanGapPs].map((g) => (g === Infinity ? 0 : 1e12 / g)) as [number, number, number, number],
      deadTimeNs: this.options.detectors.deadTimeNs,
      afterpulseProbability: this.afterpulseProbability,
      meanPhotonNumbers: [this.meanPhotonNumber[0], this.meanPhotonNumber[1], this.meanPhotonNumber[2]],
      meanPhotonNumberScale: [this.muScale[0], this.muScale[1], this.muScale[2]],
    };
  }

  /**
   * The calibration that would be perfect for the bench as it is now,
   * including the fibre rotation (pre-compensated through the bias): what an
   * ideal calibration routine would find.
   */
  perfectCalibration(): ModulatorCalibration {
    const c = this.modulator.idealCalibration();
    c.biasVoltageV -= (this.fibre.rotationRad * this.modulator.halfWaveVoltageV) / Math.PI;
    return c;
  }

  // ------------------------------------------------------------------
  // Internals
  // ------------------------------------------------------------------

  private checkPattern(p: FrameSource): void {
    if (p.slotCount !== this.frameSlotCount) throw new RangeError(`pattern has ${p.slotCount} slots, frames have ${this.frameSlotCount}`);
    if (isPulsePattern(p) && p.words.length * 8 < p.slotCount) throw new RangeError('pattern words too short for its slotCount');
  }

  /** The frame now emitted; the one before is released (the sweep is past it). */
  private setFrame(p: FrameSource | null): void {
    const prev = this.frameSource;
    if (prev && prev !== p && prev !== this.repeatingPattern && !isPulsePattern(prev)) prev.release?.();
    this.frameSource = p;
    this.frameWords = p && isPulsePattern(p) ? p.words : null;
    this.frameChoices = p && !isPulsePattern(p) && !p.dark ? p : null;
    this.frameLit = this.frameWords !== null || this.frameChoices !== null;
  }

  /** First slot whose emission a setting made now can still affect. */
  private firstSettableSlot(): number {
    return Math.max(Math.ceil(this.clockPs / this.slotPeriodPs), this.cursorSlot);
  }

  /** A start that is scheduled but not yet reached already defines the frames. */
  private pendingStartSlot(): number {
    return this.announcedStartSlot;
  }

  private schedule(slot: number, apply: () => void): void {
    this.changes.push({ slot, apply });
    this.changes.sort((a, b) => a.slot - b.slot);
    this.segmentBoundary = Math.min(this.segmentBoundary, slot);
    if (this.candValid) {
      // Redraw from where the pending draw began (memoryless): the slots before
      // the horizon were already decided, the rest is re-sampled with the change.
      const frontier = Math.max(0, Math.ceil((this.horizonPs - this.fibre.delayPs) / this.slotPeriodPs));
      this.cursorSlot = Math.max(this.candDrawFrom, frontier);
      this.candValid = false;
    }
  }

  /** Apply drift steps, frame changes and scheduled settings up to slot `slot`. */
  private advanceStateTo(slot: number): void {
    while (this.changes.length > 0 && this.changes[0].slot <= slot) {
      const ch = this.changes.shift() as PendingChange;
      ch.apply();
      this.tablesDirty = true;
    }
    while (this.nextDriftSlot <= slot) {
      const dtS = (this.driftStepSlots * this.slotPeriodPs) / 1e12;
      const drift = this.options.drift;
      this.modulator.step(dtS, this.rng, drift);
      this.fibre.step(dtS, this.rng, drift);
      this.laser.step(dtS, this.rng);
      this.nextDriftSlot += this.driftStepSlots;
      this.tablesDirty = true;
    }
    if (slot >= this.startSlot && slot < this.stopSlot) {
      const f = Math.floor((slot - this.startSlot) / this.frameSlotCount);
      if (f !== this.frameIndex) {
        this.frameIndex = f;
        this.frameStartSlot = this.startSlot + f * this.frameSlotCount;
        const p = this.queuedPatterns.get(f) ?? this.repeatingPattern;
        for (const [k, q] of this.queuedPatterns) {
          if (k > f) continue;
          this.queuedPatterns.delete(k);
          // A frame skipped over (queued for a frame already past) is never emitted: release it too.
          if (q !== p && !isPulsePattern(q)) q.release?.();
        }
        this.setFrame(p);
        if (!p) this.underruns++;
      }
    }
  }

  private segmentEnd(slot: number): number {
    let end = this.nextDriftSlot;
    if (this.changes.length > 0 && this.changes[0].slot < end) end = this.changes[0].slot;
    if (slot < this.startSlot) {
      if (this.startSlot < end) end = this.startSlot;
    } else if (slot < this.stopSlot) {
      const frameEnd = this.frameStartSlot + this.frameSlotCount;
      if (frameEnd < end) end = frameEnd;
      if (this.stopSlot < end) end = this.stopSlot;
    }
    return end;
  }

  private rebuildTables(): void {
    this.tablesDirty = false;
    const t = this.fibre.transmittance;
    const rot = this.fibre.rotationRad;
    const split = this.options.detectors.basisSplitRatioZ;
    for (let s = 0; s < 4; s++) {
      this.aliceAngle[s] = this.modulator.stateAngleRad(s);
      routingProbabilities(this.aliceAngle[s] + rot, this.dop, split, this.route, s * 4);
    }
    const fMax = this.fluctuation > 0 ? this.fluctuationMax : 1;
    this.pDraw.fill(0);
    for (let n = 0; n < 16; n++) {
      const s = n & 3;
      const mu = this.meanPhotonNumber[n >>> 2];
      for (let c = 0; c < 4; c++) {
        const lam = mu * t * this.efficiency[c] * this.route[s * 4 + c];
        this.lambda[n * 4 + c] = lam;
        this.pClick[n * 4 + c] = -Math.expm1(-lam);
      }
      for (let m = 1; m < 16; m++) {
        let lamSum = 0;
        for (let c = 0; c < 4; c++) if (m & (1 << c)) lamSum += this.lambda[n * 4 + c];
        const pAny = -Math.expm1(-lamSum);
        this.pAnyMask[n * 16 + m] = pAny;
        const bound = -Math.expm1(-lamSum * fMax);
        if (bound > this.pDraw[m]) this.pDraw[m] = bound;
      }
    }
    if (this.interceptFraction > 0) {
      const muMax = Math.max(this.meanPhotonNumber[0], this.meanPhotonNumber[1], this.meanPhotonNumber[2]);
      const eveBound = -Math.expm1(-muMax * fMax) * t * this.efficiencyMax;
      for (let m = 1; m < 16; m++) if (eveBound > this.pDraw[m]) this.pDraw[m] = eveBound;
    }
    for (let m = 0; m < 16; m++) {
      const p = this.pDraw[m];
      this.invLogDraw[m] = p >= 1 ? 0 : p > 0 ? 1 / Math.log1p(-p) : -0;
    }
    this.shortDeadSlots = this.pDraw[15] > 0 ? 1 / this.pDraw[15] : 0;
  }

  /** Mask of detectors that could register a click from slot `slot` (bit c = channel c). */
  private liveMask(slot: number): number {
    const rv = this.reviveSlot;
    return (slot >= rv[0] ? 1 : 0) | (slot >= rv[1] ? 2 : 0) | (slot >= rv[2] ? 4 : 0) | (slot >= rv[3] ? 8 : 0);
  }

  /** First slot at which a detector outside `mask` may click again. */
  private revivalSlot(mask: number): number {
    const rv = this.reviveSlot;
    let r = Infinity;
    if (!(mask & 1) && rv[0] < r) r = rv[0];
    if (!(mask & 2) && rv[1] < r) r = rv[1];
    if (!(mask & 4) && rv[2] < r) r = rv[2];
    if (!(mask & 8) && rv[3] < r) r = rv[3];
    return r;
  }

  /** Draw the next candidate slot at or after `from`, or a redraw marker at the next boundary. */
  private draw(from: number): void {
    if (from >= this.segmentBoundary) {
      // Slow path, once per segment: drift step, frame, settings change.
      this.advanceStateTo(from);
      if (this.tablesDirty) this.rebuildTables();
      this.segmentBoundary = this.segmentEnd(from);
      this.segmentEmitting = from >= this.startSlot && from < this.stopSlot && this.frameLit;
    }
    let end = this.segmentBoundary;
    let mask = this.liveMask(from);
    if (mask !== 15) {
      const r = this.revivalSlot(mask);
      // A dead window shorter than the mean candidate gap (fast detectors: a few slots) costs less as
      // candidates rejected inside it than as a redraw at its end: draw with every detector's bound;
      // processCandidate's live mask rejects what falls inside it (exact: pDraw[15] bounds every mask).
      if (r - from < this.shortDeadSlots) mask = 15;
      else if (r < end) end = r;
    }
    this.candDrawFrom = from;
    this.candValid = true;
    const p = this.segmentEmitting ? this.pDraw[mask] : 0;
    if (p > 0) {
      const inv = this.invLogDraw[mask];
      const j = inv === 0 ? from : from + Math.floor(Math.log(this.rng.nextOpen()) * inv);
      if (j < end) {
        this.candSlot = j;
        this.candReal = true;
        this.candPMax = p;
        return;
      }
    }
    this.candSlot = end;
    this.candReal = false;
  }

  private sweep(horizonPs: number): void {
    const period = this.slotPeriodPs;
    const fibre = this.fibre;
    const darkNext = this.darkNextPs;
    for (;;) {
      if (!this.candValid) this.draw(this.cursorSlot);
      // The delay now (read after the draw, which may step the drift: the fibre's delay can drift).
      const ca = this.candSlot * period + fibre.delayPs;
      // Photons are detected a detector delay after their arrival: order them with the dark counts and
      // afterpulses (already in detection time) by the earliest such time, so that dead time decides
      // between them in the order they happen (to within the skew and jitter).
      const cd = ca + this.minDetectorDelayPs;
      let dc = 0;
      let td = darkNext[0];
      if (darkNext[1] < td) {
        td = darkNext[1];
        dc = 1;
      }
      if (darkNext[2] < td) {
        td = darkNext[2];
        dc = 2;
      }
      if (darkNext[3] < td) {
        td = darkNext[3];
        dc = 3;
      }
      const ta = this.heap.minTime();
      if (cd <= td && cd <= ta) {
        if (ca >= horizonPs) break;
        this.candValid = false;
        if (this.candReal) {
          this.processCandidate(this.candSlot, ca);
          this.cursorSlot = this.candSlot + 1;
        } else {
          this.cursorSlot = this.candSlot;
        }
      } else if (td <= ta) {
        if (td >= horizonPs) break;
        if (this.register(dc, td, KIND_DARK, -1)) this.darkCount++;
        this.scheduleDark(dc);
      } else {
        if (ta >= horizonPs) break;
        const c = this.heap.minChannel();
        this.heap.pop();
        if (this.register(c, ta, KIND_AFTERPULSE, -1)) this.afterpulseCount++;
      }
    }
  }

  private processCandidate(slot: number, arrivalPs: number): void {
    const rng = this.rng;
    const mask = this.liveMask(slot);
    const pos = slot - this.frameStartSlot;
    const words = this.frameWords;
    const nib = words !== null ? (words[pos >>> 3] >>> ((pos & 7) << 2)) & 15 : (this.frameChoices as FrameChoices).nibbleAt(pos);
    const cls = nib >>> 2;
    if (cls === 3 || mask === 0) return;

    if (this.interceptFraction > 0 && rng.nextOpen() < this.interceptFraction) {
      this.processIntercepted(slot, arrivalPs, nib, mask);
      return;
    }

    const base = nib * 4;
    let p0: number, p1: number, p2: number, p3: number, pAny: number;
    if (this.fluctuation > 0) {
      const f = this.sampleFluctuation();
      const lam = this.lambda;
      p0 = mask & 1 ? -Math.expm1(-lam[base] * f) : 0;
      p1 = mask & 2 ? -Math.expm1(-lam[base + 1] * f) : 0;
      p2 = mask & 4 ? -Math.expm1(-lam[base + 2] * f) : 0;
      p3 = mask & 8 ? -Math.expm1(-lam[base + 3] * f) : 0;
      pAny = 1 - (1 - p0) * (1 - p1) * (1 - p2) * (1 - p3);
    } else {
      // Thinning test first (same draw, same order as below): a rejected
      // candidate (most of them) never loads the per-channel probabilities.
      pAny = this.pAnyMask[nib * 16 + mask];
      if (rng.nextOpen() * this.candPMax >= pAny) return;
      const pc = this.pClick;
      p0 = mask & 1 ? pc[base] : 0;
      p1 = mask & 2 ? pc[base + 1] : 0;
      p2 = mask & 4 ? pc[base + 2] : 0;
      p3 = mask & 8 ? pc[base + 3] : 0;
    }
    if (this.fluctuation > 0 && rng.nextOpen() * this.candPMax >= pAny) return;

    // At least one detector clicks. Walk the detectors in order, each clicking
    // with its probability conditioned on "at least one of the rest clicks"
    // until one has, then unconditionally (double clicks come out right).
    const s3 = 1 - p3;
    const s2 = s3 * (1 - p2);
    const s1 = s2 * (1 - p1);
    let need = true;
    if (p0 > 0 && rng.nextOpen() * (1 - (1 - p0) * s1) < p0) {
      need = false;
      this.registerJittered(0, arrivalPs, KIND_SIGNAL, slot);
    }
    if (p1 > 0 && rng.nextOpen() * (need ? 1 - s1 : 1) < p1) {
      need = false;
      this.registerJittered(1, arrivalPs, KIND_SIGNAL, slot);
    }
    if (p2 > 0 && rng.nextOpen() * (need ? 1 - s2 : 1) < p2) {
      need = false;
      this.registerJittered(2, arrivalPs, KIND_SIGNAL, slot);
    }
    if (p3 > 0 && (need || rng.nextOpen() < p3)) {
      this.registerJittered(3, arrivalPs, KIND_SIGNAL, slot);
    }
  }

  private processIntercepted(slot: number, arrivalPs: number, nib: number, mask: number): void {
    const rng = this.rng;
    const mu = this.meanPhotonNumber[nib >>> 2] * (this.fluctuation > 0 ? this.sampleFluctuation() : 1);
    const t = this.fibre.transmittance;
    // Bound of this branch: P(≥ 1 photon for Eve) · t · η_max.
    const accept = (-Math.expm1(-mu) * t * this.efficiencyMax) / this.candPMax;
    if (rng.nextOpen() >= accept) return;
    const eveAngle = interceptResendAngle(rng, this.aliceAngle[nib & 3], this.dop);
    routingProbabilities(eveAngle + this.fibre.rotationRad, 1, this.options.detectors.basisSplitRatioZ, this.eveRoute);
    // The one resent photon reaches detector c with probability η_c·r_c; it is
    // kept (with t) with probability η_max already, so pick c from η_c·r_c/η_max.
    let u = rng.nextOpen() * this.efficiencyMax;
    for (let c = 0; c < 4; c++) {
      u -= this.efficiency[c] * this.eveRoute[c];
      if (u < 0) {
        if (mask & (1 << c)) this.registerJittered(c, arrivalPs, KIND_EVE, slot);
        return;
      }
    }
  }

  private sampleFluctuation(): number {
    let z = this.rng.nextNormal();
    if (z > 6) z = 6;
    else if (z < -6) z = -6;
    const f = 1 + this.fluctuation * z;
    return f > 0 ? f : 0;
  }

  private registerJittered(channel: number, arrivalPs: number, kind: number, slot: number): void {
    let j = 0;
    if (this.jitterRmsPs > 0) {
      j = this.jitterRmsPs * this.rng.nextNormal();
      if (j > this.jitter8SigmaPs) j = this.jitter8SigmaPs;
      else if (j < -this.jitter8SigmaPs) j = -this.jitter8SigmaPs;
    }
    this.register(channel, arrivalPs + this.detectorDelayPs[channel] + j, kind, slot);
  }

  /** Dead-time check, record, and afterpulse scheduling. Returns whether the click registered. */
  private register(channel: number, timePs: number, kind: number, slot: number): boolean {
    if (timePs < this.deadUntil[channel]) {
      this.deadLosses++;
      return false;
    }
    const du = timePs + this.deadTimePs;
    this.deadUntil[channel] = du;
    // A photon of slot s is detected at s·T + fibre delay + this detector's delay + jitter (≥ −8σ).
    this.reviveSlot[channel] = Math.ceil(
      (du - this.jitter8SigmaPs - this.detectorDelayPs[channel] - this.fibre.delayPs) / this.slotPeriodPs,
    );
    this.counts[channel]++;
    if (this.bufLen === this.bufTime.length) this.growBuffer();
    const i = this.bufLen++;
    this.bufTime[i] = timePs;
    this.bufChan[i] = channel;
    this.bufKind[i] = kind;
    this.bufSlot[i] = slot;
    if (this.afterpulseProbability > 0 && this.rng.nextOpen() < this.afterpulseProbability) {
      let tAp = timePs + this.deadTimePs + this.afterpulseTauPs * this.rng.nextExponential();
      if (this.gated) {
        // A trapped carrier only avalanches inside a gate: the first whole gate after release.
        const w = this.gateWidthPs;
        const k = Math.ceil((tAp - this.fibre.delayPs + w / 2) / this.slotPeriodPs);
        tAp = k * this.slotPeriodPs + this.fibre.delayPs + (this.rng.nextOpen() - 0.5) * w;
      }
      this.heap.push(tAp, channel);
    }
    return true;
  }

  private scheduleDark(c: number): void {
    if (!this.darkEnabled[c]) {
      this.darkNextPs[c] = Infinity;
    } else if (this.gated) {
      const g = this.darkNextGate[c] + 1 + Math.floor(Math.log(this.rng.nextOpen()) * this.darkInvLog[c]);
      this.darkNextGate[c] = g;
      this.darkNextPs[c] = g * this.slotPeriodPs + this.fibre.delayPs + (this.rng.nextOpen() - 0.5) * this.gateWidthPs;
    } else {
      const prev = this.darkNextPs[c] === -Infinity ? 0 : this.darkNextPs[c];
      this.darkNextPs[c] = prev + this.darkMeanGapPs[c] * this.rng.nextExponential();
    }
  }

  private growBuffer(): void {
    const n = this.bufTime.length * 2;
    const t = new Float64Array(n);
    t.set(this.bufTime);
    this.bufTime = t;
    const c = new Uint8Array(n);
    c.set(this.bufChan);
    this.bufChan = c;
    const k = new Uint8Array(n);
    k.set(this.bufKind);
    this.bufKind = k;
    const s = new Float64Array(n);
    s.set(this.bufSlot);
    this.bufSlot = s;
  }

  /** Sort the registered events (nearly sorted: insertion sort) and hand out those before `untilPs`. */
  private release(untilPs: number): TagChunk {
    const n = this.bufLen;
    const bt = this.bufTime,
      bc = this.bufChan,
      bk = this.bufKind,
      bs = this.bufSlot;
    for (let i = 1; i < n; i++) {
      const t = bt[i];
      if (t >= bt[i - 1]) continue;
      const c = bc[i],
        k = bk[i],
        s = bs[i];
      let j = i - 1;
      while (j >= 0 && bt[j] > t) {
        bt[j + 1] = bt[j];
        bc[j + 1] = bc[j];
        bk[j + 1] = bk[j];
        bs[j + 1] = bs[j];
        j--;
      }
      bt[j + 1] = t;
      bc[j + 1] = c;
      bk[j + 1] = k;
      bs[j + 1] = s;
    }
    let count = 0;
    while (count < n && bt[count] < untilPs) count++;
    const channels = bc.slice(0, count);
    const timestampsPs = new Float64Array(count);
    for (let i = 0; i < count; i++) timestampsPs[i] = this.tagger.timestampPs(bt[i]);
    const chunk: TagChunk = { count, channels, timestampsPs };
    if (this.options.groundTruth) {
      chunk.truth = { slot: bs.slice(0, count), kind: bk.slice(0, count), detectionTimePs: bt.slice(0, count) };
    }
    bt.copyWithin(0, count, n);
    bc.copyWithin(0, count, n);
    bk.copyWithin(0, count, n);
    bs.copyWithin(0, count, n);
    this.bufLen = n - count;
    return chunk;
  }
}
