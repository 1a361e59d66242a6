/**
 * Polarization modulator board (polarization_modulator.proto): per slot one
 * of the four BB84 states from its pattern, through a drive table in mV the
 * host calibrates, plus a DC bias the host trims as the crystal drifts. The
 * voltages go straight into the physics' modulator model, so a stale table
 * or bias shows up as QBER, as on the real bench.
 */
import { qkd, type Identity } from '../../firmware-protocol/index.ts';
import type { Behaviour } from './behaviour.ts';
import type { BoardModel, BoardTelemetry, EventOutlet } from './board-model.ts';
import { patternBehaviour, type PatternBoardOptions } from './pattern-behaviour.ts';
import { DEFAULT_CHOICE_MEMORY_SLOTS } from './pattern-run.ts';
import { fail, ok, Status } from './reply.ts';
import type { SharedBench } from './shared-bench.ts';
import { MAX_PATTERN_SLOTS, checkTiming } from './timing-check.ts';

const MAX_DRIVE_MV = 10_000;

export class PolarizationModulatorBoard implements BoardModel {
  readonly kind = qkd.BoardKind.BOARD_KIND_POLARIZATION_MODULATOR;
  readonly featureFlags: number;
  readonly maxPatternSlots = MAX_PATTERN_SLOTS;
  readonly choiceMemorySlots: number;
  readonly channelCount = 0;
  readonly behaviour: Behaviour;
  private configured = false;
  /** Drive table H, V, D, A in mV as applied (DAC steps of 1 mV). */
  private driveMv: [number, number, number, number] = [0, 0, 0, 0];
  private biasMv: number;

  constructor(
    readonly identity: Identity,
    private readonly bench: SharedBench,
    options: PatternBoardOptions = {},
  ) {
    const onboard = options.onboardChoices ?? true;
    this.featureFlags = qkd.Feature.FEATURE_PATTERN_BANKS | (onboard ? qkd.Feature.FEATURE_ONBOARD_CHOICES : 0);
    this.choiceMemorySlots = onboard ? (options.choiceMemorySlots ?? DEFAULT_CHOICE_MEMORY_SLOTS) : 0;
    this.biasMv = Math.round(bench.biasVoltageV * 1000);
    const run = bench.modulatorRun;
    run.choiceMemorySlots = this.choiceMemorySlots;
    this.behaviour = {
      ...patternBehaviour(run, {
        maxPatternSlots: this.maxPatternSlots,
        onboardChoices: () => onboard,
        choiceKey: bench.choiceKeys.modulator,
        checkWeights: () => null, // every 2-bit symbol is a BB84 state
        configured: () => this.configured,
        frameSlots: () => bench.timing.frameSlots,
        nextFrame: () => bench.nextFrame,
        defaultStartFrame: () => bench.defaultStartFrame(),
        checkBank: () => null, // every 2-bit symbol is a BB84 state
        refuseStart: () => null,
        changed: () => bench.kick(),
      }),
      configureModulator: (req) => {
        if (run.running) return fail(Status.STATUS_BUSY, 'modulating: stop first');
        const rate = req.pulseRateHz ?? 0;
        const frameSlots = req.frameSlots ?? 0;
        const drive = req.drive;
        if (!drive) return fail(Status.STATUS_BAD_REQUEST, 'drive table missing');
        const table: [number, number, number, number] = [drive.hMv ?? 0, drive.vMv ?? 0, drive.dMv ?? 0, drive.aMv ?? 0];
        const delayPs = req.driveDelayPs ?? 0;
        const range =
          checkTiming(rate, frameSlots) ??
          (table.some((v) => Math.abs(v) > MAX_DRIVE_MV) ? `drive voltages must be within ±${MAX_DRIVE_MV} mV` : null) ??
          (delayPs > 1e12 / rate ? `drive_delay_ps ${delayPs} longer than the slot period` : null);
        if (range) return fail(Status.STATUS_OUT_OF_RANGE, range);
        const busy = bench.setTiming({ pulseRateHz: rate, frameSlots });
        if (busy) return fail(Status.STATUS_BUSY, busy);
        this.driveMv = table;
        bench.setDriveTableV([table[0] / 1000, table[1] / 1000, table[2] / 1000, table[3] / 1000]);
        this.configured = true;
        return ok({ drive: { hMv: table[0], vMv: table[1], dMv: table[2], aMv: table[3] } });
      },
      setBias: (req) => {
        const mv = req.biasMv ?? 0;
        if (Math.abs(mv) > MAX_DRIVE_MV) return fail(Status.STATUS_OUT_OF_RANGE, `bias_mv ${mv} outside ±${MAX_DRIVE_MV}`);
        this.biasMv = mv;
        bench.setBiasV(mv / 1000);
        return ok({ biasMv: mv });
      },
    };
  }

  attach(_outlet: EventOutlet): void {
    // The modulator sends no events of its own beyond telemetry.
  }

  /** Sim control: load what a perfect calibration would find (for demos that skip calibration). */
  applyPerfectCalibration(): void {
    const c = this.bench.perfectCalibration();
    this.driveMv = c.stateVoltagesV.map((v) => Math.round(v * 1000)) as [number, number, number, number];
    this.biasMv = Math.round(c.biasVoltageV * 1000);
    this.bench.setDriveTableV(c.stateVoltagesV);
    this.bench.setBiasV(c.biasVoltageV);
  }

  get driveTableMv(): readonly number[] {
    return this.driveMv;
  }

  runState(): qkd.RunState {
    if (!this.configured) return qkd.RunState.RUN_STATE_IDLE;
    return this.bench.modulatorRun.runState(this.bench.nextFrame);
  }

  interlock(): qkd.InterlockState {
    return qkd.InterlockState.INTERLOCK_STATE_UNSPECIFIED;
  }

  currentFrame(): number {
    return this.bench.nextFrame;
  }

  lastFault(): string {
    return '';
  }

  boardTemperatureDegc(): number {
    return 33.0;
  }

  telemetry(): BoardTelemetry {
    const truth = this.bench.physics.truth();
    // The monitor tap sees the bias error as a small photocurrent change: the slow
    // drift the host uses to decide when to re-trim.
    const errorV = this.biasMv / 1000 - truth.intrinsicOffsetV;
    return {
      modulator: {
        driverTemperatureDegc: 41.2,
        biasMv: this.biasMv,
        monitorCurrentUa: 12.5 * (1 + 0.5 * Math.sin((Math.PI * errorV) / truth.halfWaveVoltageV)),
        slotsModulated: this.bench.slotsModulated,
      },
    };
  }

  reset(): void {
    this.bench.modulatorRun.reset();
    this.configured = false;
    this.bench.kick();
  }
}
