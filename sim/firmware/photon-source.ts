/**
 * Photon source board (photon_source.proto): weak-coherent pulses at three
 * intensity levels chosen per slot by its pattern, laser TEC and current
 * loops, and the safety interlock. The interlock input is driven by the
 * simulator's control hook (`setInterlock`); so are the injected faults a
 * technician meets on a real bench: a laser that goes dark while the board
 * plays its pattern (`setLaserOn`: telemetry shows no current and no monitor
 * power, frames carry no light) and an overheating laser diode
 * (`laserTemperatureOverrideDegc`).
 */
import { qkd, type Identity } from '../../firmware-protocol/index.ts';
import type { Behaviour } from './behaviour.ts';
import type { BoardModel, BoardTelemetry, EventOutlet } from './board-model.ts';
import { patternBehaviour, type PatternBoardOptions } from './pattern-behaviour.ts';
import { DEFAULT_CHOICE_MEMORY_SLOTS } from './pattern-run.ts';
import { fail, ok, Status } from './reply.ts';
import type { SharedBench } from './shared-bench.ts';
import { MAX_PATTERN_SLOTS, checkTiming } from './timing-check.ts';

interface SourceConfig {
  pulseRateHz: number;
  frameSlots: number;
  signal: number;
  decoy: number;
  vacuum: number;
}

const DEFAULT_LASER_CURRENT_MA = 40;

export class PhotonSourceBoard implements BoardModel {
  readonly kind = qkd.BoardKind.BOARD_KIND_PHOTON_SOURCE;
  readonly featureFlags: number;
  readonly maxPatternSlots = MAX_PATTERN_SLOTS;
  readonly choiceMemorySlots: number;
  readonly channelCount = 0;
  readonly behaviour: Behaviour;
  private config: SourceConfig | null = null;
  private interlockOpen = false;
  private laserSetpointDegc: number;
  private laserCurrentMa = DEFAULT_LASER_CURRENT_MA;
  private outlet: EventOutlet | null = null;
  private fault = '';
  /** Fault injection: what the laser thermistor reads (null: the physics' laser temperature). */
  laserTemperatureOverrideDegc: number | null = null;

  constructor(
    readonly identity: Identity,
    private readonly bench: SharedBench,
    options: PatternBoardOptions = {},
  ) {
    const onboard = options.onboardChoices ?? true;
    this.featureFlags = qkd.Feature.FEATURE_PATTERN_BANKS | (onboard ? qkd.Feature.FEATURE_ONBOARD_CHOICES : 0);
    this.choiceMemorySlots = onboard ? (options.choiceMemorySlots ?? DEFAULT_CHOICE_MEMORY_SLOTS) : 0;
    this.laserSetpointDegc = bench.physics.options.source.laserSetpointC;
    const run = bench.sourceRun;
    run.choiceMemorySlots = this.choiceMemorySlots;
    this.behaviour = {
      ...patternBehaviour(run, {
        maxPatternSlots: this.maxPatternSlots,
        onboardChoices: () => onboard,
        choiceKey: bench.choiceKeys.source,
        checkWeights: (w) =>
          w[qkd.IntensityClass.INTENSITY_CLASS_RESERVED] !== 0 ? 'the reserved intensity class 3 must have weight 0' : null,
        configured: () => this.config !== null,
        frameSlots: () => bench.timing.frameSlots,
        nextFrame: () => bench.nextFrame,
        defaultStartFrame: () => bench.defaultStartFrame(),
        checkBank: (r, bank) =>
          r.banks[bank].contains(qkd.IntensityClass.INTENSITY_CLASS_RESERVED)
            ? `bank ${bank} contains the reserved intensity class 3`
            : null,
        refuseStart: () => (this.interlockOpen ? fail(Status.STATUS_INTERLOCK, 'interlock open: emission refused') : null),
        changed: () => bench.kick(),
      }),
      configureSource: (req) => {
        if (run.running) return fail(Status.STATUS_BUSY, 'emitting: stop first');
        const c: SourceConfig = {
          pulseRateHz: req.pulseRateHz ?? 0,
          frameSlots: req.frameSlots ?? 0,
          signal: req.signalMeanPhotonNumber ?? 0,
          decoy: req.decoyMeanPhotonNumber ?? 0,
          vacuum: req.vacuumMeanPhotonNumber ?? 0,
        };
        const temp = req.laserTemperatureSetpointDegc ?? 0;
        const current = req.laserCurrentSetpointMa ?? 0;
        const range =
          checkTiming(c.pulseRateHz, c.frameSlots) ??
          (!(c.signal >= 0 && c.signal <= 2) ? `signal_mean_photon_number ${c.signal} outside 0..2` : null) ??
          (!(c.decoy >= 0 && c.decoy <= c.signal) ? `decoy_mean_photon_number ${c.decoy} outside 0..signal` : null) ??
          (!(c.vacuum >= 0 && c.vacuum <= 0.01) ? `vacuum_mean_photon_number ${c.vacuum} outside 0..0.01` : null) ??
          (temp !== 0 && !(temp >= 15 && temp <= 45) ? `laser_temperature_setpoint_degc ${temp} outside 15..45` : null) ??
          (!(current >= 0 && current <= 150) ? `laser_current_setpoint_ma ${current} outside 0..150` : null);
        if (range) return fail(Status.STATUS_OUT_OF_RANGE, range);
        const busy = bench.setTiming({ pulseRateHz: c.pulseRateHz, frameSlots: c.frameSlots });
        if (busy) return fail(Status.STATUS_BUSY, busy);
        bench.setMeanPhotonNumbers(c.signal, c.decoy, c.vacuum);
        if (temp !== 0) this.laserSetpointDegc = temp;
        if (current !== 0) this.laserCurrentMa = current;
        this.config = c;
        return ok({
          pulseRateHz: c.pulseRateHz,
          signalMeanPhotonNumber: c.signal,
          decoyMeanPhotonNumber: c.decoy,
          vacuumMeanPhotonNumber: c.vacuum,
        });
      },
    };
  }

  attach(outlet: EventOutlet): void {
    this.outlet = outlet;
  }

  /** Sim control: open or close the interlock loop. Opening stops a running emission at once. */
  setInterlock(open: boolean): void {
    if (open === this.interlockOpen) return;
    this.interlockOpen = open;
    const run = this.bench.sourceRun;
    const stopped = open && run.running;
    if (stopped) run.abort(this.bench.nextFrame);
    this.outlet?.emit({ interlock: { interlock: this.interlock(), emissionStopped: stopped } });
    this.bench.kick();
  }

  /** Sim control: the laser emits (true) or has gone dark (false) while the board keeps playing its pattern. */
  setLaserOn(on: boolean): void {
    this.bench.setLaserOff(!on);
  }

  /** What the board was last configured with (test read-back): the set points in firmware units. */
  setpoints(): { laserTemperatureSetpointDegc: number; laserCurrentSetpointMa: number; configured: boolean } {
    return {
      laserTemperatureSetpointDegc: this.laserSetpointDegc,
      laserCurrentSetpointMa: this.laserCurrentMa,
      configured: this.config !== null,
    };
  }

  runState(): qkd.RunState {
    if (this.config === null) return qkd.RunState.RUN_STATE_IDLE;
    return this.bench.sourceRun.runState(this.bench.nextFrame);
  }

  interlock(): qkd.InterlockState {
    return this.interlockOpen ? qkd.InterlockState.INTERLOCK_STATE_OPEN : qkd.InterlockState.INTERLOCK_STATE_CLOSED;
  }

  currentFrame(): number {
    return this.bench.nextFrame;
  }

  lastFault(): string {
    return this.fault;
  }

  boardTemperatureDegc(): number {
    return 31.5;
  }

  telemetry(): BoardTelemetry {
    const b = this.bench;
    const laserTemperatureDegc =
      this.laserTemperatureOverrideDegc ?? b.physics.laser.temperatureC - b.physics.options.source.laserSetpointC + this.laserSetpointDegc;
    // The current loop reads what flows through the diode: nothing when the laser is off.
    const emitting = b.sourceRun.running && !this.interlockOpen && !b.isLaserOff;
    const c = b.pulsesByClass;
    return {
      source: {
        laserTemperatureDegc,
        laserCurrentMa: emitting ? this.laserCurrentMa : 0,
        // TEC drive follows the temperature error (negative = heating).
        tecCurrentMa: 150 * (laserTemperatureDegc - this.laserSetpointDegc) + 120,
        monitorPowerUw: emitting ? 0.012 * this.laserCurrentMa : 0,
        interlock: this.interlock(),
        pulsesVacuum: c[qkd.IntensityClass.INTENSITY_CLASS_VACUUM],
        pulsesDecoy: c[qkd.IntensityClass.INTENSITY_CLASS_DECOY],
        pulsesSignal: c[qkd.IntensityClass.INTENSITY_CLASS_SIGNAL],
      },
    };
  }

  reset(): void {
    this.bench.sourceRun.reset();
    this.config = null;
    // Power-up set points (the board's flash defaults).
    this.laserSetpointDegc = this.bench.physics.options.source.laserSetpointC;
    this.laserCurrentMa = DEFAULT_LASER_CURRENT_MA;
    this.fault = '';
    this.bench.kick();
  }
}
