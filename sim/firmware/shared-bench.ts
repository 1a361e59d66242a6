/**
 * The one optical bench behind the three simulated boards: it owns the
 * physics (sim/physics OpticalBench), the two pattern boards' runs and the
 * detector's tag sink, and moves bench time forward.
 *
 * PATTERN-PACED RULE. Bench time does not follow the wall clock. It advances
 * frame by frame, as fast as the host keeps up (faster than real time is
 * normal), and a frame with light is played only when BOTH the photon source
 * and the polarization modulator have a pattern for it (armed and started,
 * or switched in with ArmPattern.switch_frame). For the next frame f:
 *   - either board 'wait's (running, its bank's pass is over, nothing
 *     scheduled after it)          → stall until the host arms/stops;
 *   - source plays, modulator plays → frame f is lit with both patterns;
 *   - source plays, modulator dark  → stall (light would leave unmodulated;
 *     the host is starting the two boards one after the other);
 *   - source dark                   → frame f is dark, and bench time runs
 *     through dark frames only when something needs it: a Start is
 *     scheduled at a later frame (up to it), photons of lit frames are still
 *     in the fibre (drain), or the detector is streaming — then, with
 *     nothing else to wait for, dark time follows the wall clock.
 * The detector streams under credit; while it holds a backlog of batches
 * the bench stalls instead of dropping tags, which is what paces the bench
 * to the host's consumption.
 *
 * TIME AND SYNC. One bench clock, shared by the boards (as with a common
 * 10 MHz reference and sync pulse): time 0 ps is the epoch, slot k starts
 * at k · slot period, frame n at slot n · frame_slots. The physics runs on
 * the same clock (emission starts at slot 0 and every frame without a
 * pattern is dark), so the tagger's timestamps are on the bench clock and
 * TagBatch.base_time_ps / base_slot let the host map tags to slots and
 * frames; the fibre delay (≈ 4.9 µs/km) and per-channel input delays are
 * what the host calibrates away.
 */
import {
  OpticalBench,
  darkFrame,
  resolveOptions,
  type BenchPhysicsOptionsInput,
  type ModulatorCalibration,
  type TagChunk,
} from '../physics/index.ts';
import { boardChoiceKey } from './drawn-choices.ts';
import { FrameBufferPool, frameChoicesFor, type BoardKeys } from './frame-pattern.ts';
import { PatternRun, type FrameDecision } from './pattern-run.ts';

export interface BenchTiming {
  pulseRateHz: number;
  frameSlots: number;
}

/** The detector board as the bench sees it. */
export interface DetectorSink {
  /** A tag stream wants bench time to pass (dark counts count too). */
  wantsTime(): boolean;
  /** Batches are waiting for credit: stop producing tags for now. */
  backlogged(): boolean;
  /** Tags of one advance, sorted, bench-clock ps; every later tag is at or after `horizonPs`. */
  ingest(chunk: TagChunk, horizonPs: number): void;
  /** The bench stalled: nothing new will come until the host acts. */
  idle(): void;
}

/** Lit slots decided per pump step before yielding to I/O. */
const SLOTS_PER_STEP = 1 << 22;
/**
 * Longest stretch of emission time the physics simulates per pump step, in
 * slots. A lit 2^22-slot frame at 100 MHz holds ~500k tags (~260 batches,
 * more than the tagger's FIFO): simulated in one piece, its tail was dropped
 * before the host could take a single batch. In spans of this size the
 * tagger's backlog check runs between spans and pauses the physics instead.
 */
const PHYSICS_SPAN_SLOTS = 1 << 18;
/**
 * How far short of the first undecided slot the physics stops, in slots. The
 * physics loads a frame's pattern as soon as its sweep cursor reaches the
 * frame's first slot, which happens whenever the last slot before it holds a
 * click candidate (the candidate is processed, then the next one drawn, before
 * the horizon is checked). Advancing to exactly the frame boundary thus played
 * roughly one lit frame in five dark: its pattern was queued after the physics
 * had already loaded the dark default. Stopping 1.5 slots short keeps the
 * cursor inside decided frames; the last slot is simulated in the next step.
 */
const UNDECIDED_GUARD_SLOTS = 1.5;
/** Longest stretch of dark bench time per pump step. */
const DARK_STEP_PS = 10e9;
/** Re-check of a wall-clock-paced dark stream. */
const WALL_TICK_MS = 5;
/** start_frame 0: the next frame boundary at least this far ahead (common.proto). */
const START_LEAD_PS = 1e9;
/**
 * A host that has not fed a running pattern board for this long (wall clock) while the detector
 * streams has stopped feeding it (a held transmitter, a technician's pause): the boards then do what
 * real firmware does at once — underrun, stop emitting — and dark time follows the wall clock, so
 * the detector counts dark counts (qkdctl calibrate detectors: source dark). The host's next arm
 * finds the boards stopped and starts them again. Shorter waits are a slow host: the bench stalls.
 */
export const UNDERRUN_AFTER_MS = 10_000;

export class SharedBench {
  readonly sourceRun = new PatternRun();
  readonly modulatorRun = new PatternRun();
  /** Pulses played per IntensityClass symbol: vacuum, decoy, signal. */
  readonly pulsesByClass = new Float64Array(3 + 1);
  /** Slots modulated (lit frames) since power-up. */
  slotsModulated = 0;
  /** First frame not yet decided (played or dark). */
  nextFrame = 0;

  private physicsNow: OpticalBench | null = null;
  private timingNow: BenchTiming;
  private detector: DetectorSink | null = null;
  private meanPhotonNumbers: [number, number, number];
  /** Injected fault: the laser emits nothing (driver off, diode failed) though the source plays its pattern. */
  private laserOff = false;
  private driveTableV: [number, number, number, number] | null = null;
  private biasV: number;
  /** Bench time up to which photons of lit frames can still arrive. */
  private drainUntilPs = 0;
  /** Physics time (advanceTo) that covers every frame decided so far; reached span by span. */
  private physicsTargetPs = 0;
  private pumpScheduled: NodeJS.Immediate | null = null;
  private wakeTimer: NodeJS.Timeout | null = null;
  private underrunTimer: NodeJS.Timeout | null = null;
  /** Wall time since which a running board has waited for its host with the detector streaming (null: not waiting). */
  private waitingSinceMs: number | null = null;
  /** Times the boards underran (stopped for want of a pattern) since power-up. */
  underruns = 0;
  /** Bench time and wall time when bench time last moved for a reason other than a lone stream. */
  private anchorPs = 0;
  private anchorWallMs = Date.now();
  private closed = false;
  /** Keys of the two pattern boards' random sources (drawn banks), from the bench seed. */
  readonly choiceKeys: BoardKeys;
  private readonly framePool = new FrameBufferPool();

  constructor(private readonly physicsInput: BenchPhysicsOptionsInput) {
    const o = resolveOptions(physicsInput);
    this.choiceKeys = { source: boardChoiceKey(o.seed, 0), modulator: boardChoiceKey(o.seed, 1) };
    this.timingNow = { pulseRateHz: o.source.pulseRateHz, frameSlots: o.frameSlotCount };
    this.meanPhotonNumbers = [o.source.meanPhotonNumberSignal, o.source.meanPhotonNumberDecoy, o.source.meanPhotonNumberVacuum];
    // The modulator board powers up with the bias of its last calibration (kept in flash).
    this.biasV = o.modulator.intrinsicOffsetV;
  }

  get timing(): BenchTiming {
    return this.timingNow;
  }

  get slotPeriodPs(): number {
    return 1e12 / this.timingNow.pulseRateHz;
  }

  get frameDurationPs(): number {
    return this.timingNow.frameSlots * this.slotPeriodPs;
  }

  /** The physics, built on first use with the timing the boards were configured with. */
  get physics(): OpticalBench {
    if (!this.physicsNow) {
      const input = this.physicsInput;
      const p = new OpticalBench({
        ...input,
        frameSlotCount: this.timingNow.frameSlots,
        source: {
          ...input.source,
          pulseRateHz: this.timingNow.pulseRateHz,
          meanPhotonNumberSignal: this.meanPhotonNumbers[0],
          meanPhotonNumberDecoy: this.meanPhotonNumbers[1],
          meanPhotonNumberVacuum: this.meanPhotonNumbers[2],
        },
      });
      // Emission runs from the epoch on; frames without a pattern are dark.
      p.setRepeatingPattern(darkFrame(this.timingNow.frameSlots));
      p.startEmission(0);
      if (this.laserOff) for (let c = 0; c < 3; c++) p.setMeanPhotonNumber(c, 0);
      if (this.driveTableV) p.setStateVoltages(this.driveTableV);
      p.setBiasVoltage(this.biasV);
      this.physicsNow = p;
    }
    return this.physicsNow;
  }

  attachDetector(sink: DetectorSink): void {
    this.detector = sink;
  }

  /**
   * A pattern board's configuration sets the bench's pulse rate and frame
   * length. Once bench time has moved they are fixed (the epoch would move);
   * returns the reason for refusing, or null.
   */
  setTiming(t: BenchTiming): string | null {
    if (t.pulseRateHz === this.timingNow.pulseRateHz && t.frameSlots === this.timingNow.frameSlots) return null;
    if (this.nextFrame > 0 || this.sourceRun.running || this.modulatorRun.running || this.detector?.wantsTime()) {
      return `bench timing is ${this.timingNow.pulseRateHz} Hz, ${this.timingNow.frameSlots} slots/frame since the bench clock started`;
    }
    this.timingNow = { ...t };
    this.physicsNow = null;
    return null;
  }

  setMeanPhotonNumbers(signal: number, decoy: number, vacuum: number): void {
    this.meanPhotonNumbers = [signal, decoy, vacuum];
    this.applyMeanPhotonNumbers();
  }

  /** Fault injection: the laser goes dark (true) or emits again (false); frames played meanwhile carry no light. */
  setLaserOff(off: boolean): void {
    if (off === this.laserOff) return;
    this.laserOff = off;
    this.applyMeanPhotonNumbers();
  }

  get isLaserOff(): boolean {
    return this.laserOff;
  }

  private applyMeanPhotonNumbers(): void {
    if (!this.physicsNow) return;
    for (let c = 0; c < 3; c++) this.physicsNow.setMeanPhotonNumber(c, this.laserOff ? 0 : this.meanPhotonNumbers[c]);
  }

  setDriveTableV(table: [number, number, number, number]): void {
    this.driveTableV = [...table];
    this.physicsNow?.setStateVoltages(table);
  }

  setBiasV(biasV: number): void {
    this.biasV = biasV;
    this.physicsNow?.setBiasVoltage(biasV);
  }

  get biasVoltageV(): number {
    return this.biasV;
  }

  /** What a perfect calibration routine would find right now (control hook for demos). */
  perfectCalibration(): ModulatorCalibration {
    return this.physics.perfectCalibration();
  }

  defaultStartFrame(): number {
    const fd = this.frameDurationPs;
    return Math.max(this.nextFrame, Math.ceil((this.nextFrame * fd + START_LEAD_PS) / fd));
  }

  /** A tag stream starts: dark time paced by the wall clock counts from now. */
  restartWallClock(): void {
    this.anchorPs = this.nextFrame * this.frameDurationPs;
    this.anchorWallMs = Date.now();
  }

  /** Something changed (a start, an arm, credit): try to move bench time on. */
  kick(): void {
    if (this.pumpScheduled || this.closed) return;
    this.pumpScheduled = setImmediate(() => {
      this.pumpScheduled = null;
      if (this.pump()) this.kick();
    });
  }

  close(): void {
    this.closed = true;
    if (this.pumpScheduled) clearImmediate(this.pumpScheduled);
    this.pumpScheduled = null;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    if (this.underrunTimer) clearTimeout(this.underrunTimer);
    this.underrunTimer = null;
  }

  /** One step; true when it made progress and may make more. */
  pump(): boolean {
    if (this.closed) return false;
    const detector = this.detector;
    if (detector?.backlogged()) return false;
    const physics = this.physics;
    // Frames already decided come first: simulate them span by span, so that a
    // tagger waiting for credit pauses the physics mid-frame rather than dropping tags.
    if (physics.telemetry().simTimePs < this.physicsTargetPs) {
      this.advancePhysics();
      return true;
    }
    const fs = this.timingNow.frameSlots;
    const fd = this.frameDurationPs;
    const first = this.nextFrame;
    let f = first;
    let litSlots = 0;
    // Lit frames, as many as fit in one step.
    while (litSlots < SLOTS_PER_STEP) {
      const s = this.sourceRun.decision(f, fs);
      const m = this.modulatorRun.decision(f, fs);
      if (s.kind !== 'play' || m.kind !== 'play') break;
      physics.queueFramePattern(f, frameChoicesFor(f, fs, s, m, this.choiceKeys, this.framePool, this.pulsesByClass));
      this.sourceRun.played(f, s.bank, fs);
      this.modulatorRun.played(f, m.bank, fs);
      this.slotsModulated += fs;
      litSlots += fs;
      f++;
    }
    if (f > first) {
      this.waitingSinceMs = null;
      this.anchorPs = f * fd;
      this.anchorWallMs = Date.now();
      this.drainUntilPs = f * fd + physics.fibre.delayPs + 2 * physics.latencyPs;
    } else {
      const s = this.sourceRun.decision(f, fs);
      const m = this.modulatorRun.decision(f, fs);
      const darkUntil = this.darkFramesFrom(f, s, m);
      if (darkUntil === f) {
        if ((s.kind === 'wait' || m.kind === 'wait') && this.detector?.wantsTime()) {
          const now = Date.now();
          this.waitingSinceMs ??= now;
          if (now - this.waitingSinceMs >= UNDERRUN_AFTER_MS) {
            // The host stopped feeding the boards: they underrun and stop, as real firmware does.
            this.waitingSinceMs = null;
            this.underruns++;
            this.sourceRun.underrun(f);
            this.modulatorRun.underrun(f);
            this.restartWallClock();
            return true;
          }
          this.checkUnderrunLater(UNDERRUN_AFTER_MS - (now - this.waitingSinceMs));
        } else this.waitingSinceMs = null;
        this.settle();
        return false;
      }
      this.waitingSinceMs = null;
      f = darkUntil;
    }
    this.nextFrame = f;
    // Every emission before f is decided; the physics may run ahead by the fibre
    // delay plus its jitter guard (latencyPs / 2) and still only sample those,
    // less a guard so that it never loads frame f's pattern (UNDECIDED_GUARD_SLOTS).
    this.physicsTargetPs = (f * fs - UNDECIDED_GUARD_SLOTS) * this.slotPeriodPs + physics.fibre.delayPs + physics.latencyPs / 2;
    this.sourceRun.advancedTo(f);
    this.modulatorRun.advancedTo(f);
    this.advancePhysics();
    return true;
  }

  /** One span of physics towards `physicsTargetPs`; its tags go to the detector. */
  private advancePhysics(): void {
    const physics = this.physics;
    const nowPs = physics.telemetry().simTimePs;
    const untilPs = Math.min(this.physicsTargetPs, nowPs + PHYSICS_SPAN_SLOTS * this.slotPeriodPs);
    if (!(untilPs > nowPs)) return;
    const chunk = physics.advanceTo(untilPs);
    this.detector?.ingest(chunk, untilPs - physics.latencyPs);
  }

  /** How far dark frames may be decided from `f` (returns f when none may). */
  private darkFramesFrom(f: number, s: FrameDecision, m: FrameDecision): number {
    if (s.kind === 'wait' || m.kind === 'wait') return f;
    if (s.kind === 'play') return f; // waiting for the modulator to start
    const fd = this.frameDurationPs;
    let limit = f + Math.max(1, Math.floor(DARK_STEP_PS / fd));
    let until = f;
    // Never run past a scheduled start: that frame must be decided by its pattern.
    for (const run of [this.sourceRun, this.modulatorRun]) {
      if (run.running && run.startFrame > f) {
        limit = Math.min(limit, run.startFrame);
        until = limit;
      }
    }
    // Photons of lit frames still in the fibre: decide just enough dark frames to detect them.
    const lead = this.physics.fibre.delayPs + this.physics.latencyPs / 2;
    if (this.drainUntilPs > f * fd + lead) until = Math.max(until, Math.min(limit, Math.ceil((this.drainUntilPs - lead) / fd)));
    if (until === f && this.detector?.wantsTime()) {
      // Only a streaming detector wants time (dark counts): follow the wall
      // clock, so a host's "current frame + margin" still lies ahead when its
      // Start arrives, and an idle stream does not burn a core.
      const budgetFrame = Math.floor((this.anchorPs + (Date.now() - this.anchorWallMs) * 1e9) / fd);
      if (budgetFrame <= f) this.wakeLater();
      return Math.max(f, Math.min(limit, budgetFrame));
    }
    this.anchorPs = until * fd;
    this.anchorWallMs = Date.now();
    return until;
  }

  private checkUnderrunLater(ms: number): void {
    if (this.underrunTimer || this.closed) return;
    this.underrunTimer = setTimeout(
      () => {
        this.underrunTimer = null;
        this.kick();
      },
      Math.max(1, ms),
    );
    this.underrunTimer.unref();
  }

  private wakeLater(): void {
    if (this.wakeTimer || this.closed) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      this.kick();
    }, WALL_TICK_MS);
    this.wakeTimer.unref();
  }

  private settle(): void {
    this.detector?.idle();
  }
}
