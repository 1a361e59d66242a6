/**
 * The transmitter's bench over the real board drivers: photon source and
 * polarization modulator. Each frame's pattern is split per board, uploaded
 * into the idle one of two pattern banks and armed to take over at the next
 * frame boundary (double buffering), so the boards emit frame after frame
 * while the next pattern is on its way. The first frame starts both boards
 * on the same frame boundary.
 *
 * Boards with an on-board random source (FEATURE_ONBOARD_CHOICES,
 * firmware-protocol/FRAMING.md §11) draw the choices themselves:
 * `emitDrawnFrame` has both draw a bank (no upload: a few bytes per frame
 * instead of 2 bits per slot each) and `readChoices` reads back the symbols
 * of the slots the receiver detected, as pattern nibbles. `drawsOnBoard`
 * says whether both boards can.
 *
 * The source's and the modulator's settings are sent at start and again
 * after every reconnect. When the interlock cuts the emission or a board
 * comes back from a power loss idle, the next frame restarts both boards
 * from scratch. The source's interlock events and both boards' telemetry
 * feed the node's safety monitor (ReportsBenchHealth).
 */
import { PhotonSourceDriver, PolarizationModulatorDriver, packedPattern } from '../../../drivers/index.ts';
import { qkd, symbolWeights } from '../../../firmware-protocol/index.ts';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import { retryWhileBankPlays, retryWhileBusy } from './retry-while-busy.ts';
import type { Logger } from '../../log.ts';
import { BoardStateReporter } from './board-state-reporter.ts';
import type { BoardStateEvent, ReportsBoardState } from '../bench-port.ts';
import type { BenchConfig } from '../../config/bench-config.ts';
import { transmitterBoardSettings, type TransmitterBoardSettings } from '../../config/board-settings.ts';
import type { BenchHealth, DrawsChoicesOnBoard, ReportsBenchHealth, ReportsEmissionRestarts, TransmitterBench } from '../bench-port.ts';
import { resendOnReconnect, type SettingStep, type SettingsResent } from './board-settings-sender.ts';
import { splitPattern } from './split-pattern.ts';
import { connectWithRetry } from './connect-with-retry.ts';

function sourceSteps(source: PhotonSourceDriver, settings: TransmitterBoardSettings): SettingStep[] {
  return [{ name: 'configureSource', send: () => source.commands.configureSource(settings.source) }];
}

function modulatorSteps(modulator: PolarizationModulatorDriver, settings: TransmitterBoardSettings): SettingStep[] {
  return [
    { name: 'configureModulator', send: () => modulator.commands.configureModulator(settings.modulator) },
    { name: 'setBias', send: () => modulator.commands.setBias(settings.modulatorBias) },
  ];
}

/** DrawPattern weights per board from the config's probabilities (wire symbols: IntensityClass, Bb84State). */
function drawWeights(cfg: BenchConfig): { source: number[]; modulator: number[] } {
  const p = cfg.source.intensityProbabilities;
  const z = cfg.source.keyBasisProbability;
  return {
    // IntensityClass: vacuum, decoy, signal, reserved.
    source: symbolWeights([p.vacuum, p.decoy, p.signal, 0]),
    // Bb84State: H, V (Z basis), D, A (X basis); the bit uniform.
    modulator: symbolWeights([z / 2, z / 2, (1 - z) / 2, (1 - z) / 2]),
  };
}

export class BoardTransmitterBench
  implements ReportsBoardState, ReportsBenchHealth, ReportsEmissionRestarts, TransmitterBench, DrawsChoicesOnBoard
{
  private nextFrame = -1;
  private bank = 0;
  private closed = false;
  /** The emission was cut (interlock, a board's power loss): the next frame restarts both boards. */
  private emissionCut = false;

  private readonly boards: BoardStateReporter;
  private readonly interlockListeners: ((open: boolean) => void)[] = [];
  private readonly resentListeners: ((r: SettingsResent) => void)[] = [];
  private readonly restartListeners: ((reason: string) => void)[] = [];

  onBoardState(listener: (e: BoardStateEvent) => void): void {
    this.boards.onBoardState(listener);
  }

  onInterlock(listener: (open: boolean) => void): void {
    this.interlockListeners.push(listener);
  }

  /** Called each time the emission restarts (a board error, a cut): the frames armed before were not emitted whole. */
  onEmissionRestart(listener: (reason: string) => void): void {
    this.restartListeners.push(listener);
  }

  private emissionRestarted(reason: string): void {
    for (const l of this.restartListeners) {
      try {
        l(reason);
      } catch (err) {
        this.log.error({ err }, 'an emission-restart listener failed');
      }
    }
  }

  /** Called each time a board's settings were sent again after a reconnect. */
  onSettingsResent(listener: (r: SettingsResent) => void): void {
    this.resentListeners.push(listener);
  }

  private constructor(
    private readonly source: PhotonSourceDriver,
    private readonly modulator: PolarizationModulatorDriver,
    readonly slotsPerFrame: number,
    private readonly log: Logger,
    private readonly settings: TransmitterBoardSettings,
    private readonly weights: { source: number[]; modulator: number[] },
  ) {
    this.boards = new BoardStateReporter(log);
    this.boards.watch('photon-source', source);
    this.boards.watch('polarization-modulator', modulator);
    const resent = (r: SettingsResent): void => {
      for (const l of this.resentListeners) l(r);
    };
    resendOnReconnect('photon-source', source, () => sourceSteps(source, settings), log, resent);
    resendOnReconnect('polarization-modulator', modulator, () => modulatorSteps(modulator, settings), log, resent);
    source.on('interlock', (e) => {
      const open = e.interlock === qkd.InterlockState.INTERLOCK_STATE_OPEN;
      log.warn({ interlock: open ? 'open' : 'closed', emissionStopped: e.emissionStopped }, 'photon source interlock changed');
      if (e.emissionStopped) this.emissionCut = true;
      for (const l of this.interlockListeners) l(open);
    });
    const interrupted = (board: string) => (info: { startFrame: number }) => {
      log.warn({ board, startFrame: info.startFrame }, 'emission interrupted by a power loss; the next frame restarts both boards');
      this.emissionCut = true;
    };
    source.on('run-interrupted', interrupted('photon-source'));
    modulator.on('run-interrupted', interrupted('polarization-modulator'));
  }

  static async open(cfg: BenchConfig, log: Logger): Promise<BoardTransmitterBench> {
    const settings = transmitterBoardSettings(cfg);
    // Pattern chunks are 12 KiB: give a loaded host and a slow serial line time before a retry.
    const link = { timeoutMs: 3000, maxAttempts: 3 };
    const [source, modulator] = await Promise.all([
      connectWithRetry('photon-source', () => new PhotonSourceDriver({ url: settings.photonSourceUrl, link }), log),
      connectWithRetry('polarization-modulator', () => new PolarizationModulatorDriver({ url: settings.modulatorUrl, link }), log),
    ]);
    // Emission left running by a crashed session blocks configuration: stop it, then configure
    // once the boards have reached the stop frame.
    await Promise.allSettled([source.stop(0), modulator.stop(0)]);
    for (const step of [...sourceSteps(source, settings), ...modulatorSteps(modulator, settings)]) await retryWhileBusy(step.send);
    log.info({ source: source.info?.identity, modulator: modulator.info?.identity }, 'transmitter boards configured');
    return new BoardTransmitterBench(source, modulator, settings.slotsPerFrame, log, settings, drawWeights(cfg));
  }

  /** Both boards' telemetry: PCB temperatures; the source's interlock, run state, laser current and temperature. */
  async readHealth(): Promise<BenchHealth> {
    const read = async (driver: PhotonSourceDriver | PolarizationModulatorDriver): Promise<qkd.ITelemetry | null> => {
      if (this.closed || driver.state !== 'connected') return null;
      return driver.commands.getTelemetry({}).catch((err: unknown) => {
        this.log.debug({ url: driver.url, err: (err as Error).message }, 'telemetry failed');
        return null;
      });
    };
    const [src, mod] = await Promise.all([read(this.source), read(this.modulator)]);
    const boardTemperatures: { board: string; degc: number }[] = [];
    for (const [board, t] of [
      ['photon-source', src],
      ['polarization-modulator', mod],
    ] as const) {
      const degc = t?.common?.boardTemperatureDegc;
      if (typeof degc === 'number') boardTemperatures.push({ board, degc });
    }
    const s = src?.source;
    if (!s) return { boardTemperatures };
    const runState = src?.common?.runState;
    return {
      boardTemperatures,
      source: {
        interlockOpen: s.interlock === qkd.InterlockState.INTERLOCK_STATE_OPEN,
        emitting: runState === qkd.RunState.RUN_STATE_RUNNING,
        laserCurrentMa: s.laserCurrentMa ?? 0,
        laserTemperatureDegc: s.laserTemperatureDegc ?? 0,
      },
    };
  }

  /**
   * Emit one frame. A board error (lost board, timeout) does not end key
   * generation: emission is stopped, both boards restart from a fresh bank
   * with this pattern, and the call resolves with the new frame number; the
   * frames in flight before the error are lost and time out at the node.
   */
  async emitFrame(pattern: Uint32Array): Promise<number> {
    const { modulator, source } = splitPattern(pattern, this.slotsPerFrame);
    try {
      return await this.emitWith((bank) =>
        Promise.all([
          retryWhileBankPlays(() => this.source.uploadPattern(packedPattern(source), { bank })),
          retryWhileBankPlays(() => this.modulator.uploadPattern(packedPattern(modulator), { bank })),
        ]).then(() => undefined),
      );
    } finally {
      source.fill(0);
      modulator.fill(0);
    }
  }

  /** Both boards draw their symbols on board (FEATURE_ONBOARD_CHOICES): `emitDrawnFrame` and `readChoices` work. */
  get drawsOnBoard(): boolean {
    return this.source.drawsOnBoard && this.modulator.drawsOnBoard;
  }

  /**
   * Emit one frame whose choices both boards draw themselves (the config's
   * probabilities as symbol weights); as `emitFrame` otherwise (errors,
   * restarts). Resolves with its frame number.
   */
  async emitDrawnFrame(): Promise<number> {
    const slots = this.slotsPerFrame;
    return this.emitWith((bank) =>
      Promise.all([
        retryWhileBankPlays(() => this.source.drawPattern(bank, slots, this.weights.source)),
        retryWhileBankPlays(() => this.modulator.drawPattern(bank, slots, this.weights.modulator)),
      ]).then(() => undefined),
    );
  }

  /**
   * The choices both boards drew for `slots[0..count)` (strictly ascending
   * slots of frame `frameId`), written as nibbles (src/pipeline/sifting/pattern.ts)
   * into `pattern`, which the caller zeroed; the other slots stay 0.
   */
  async readChoices(frameId: number, slots: Uint32Array, count: number, pattern: Uint32Array): Promise<void> {
    const [classes, states] = await Promise.all([
      this.source.readChoices(frameId, slots, count),
      this.modulator.readChoices(frameId, slots, count),
    ]);
    try {
      for (let k = 0; k < count; k++) {
        const c = classes[k];
        if (c > 2)
          throw new QkdError(
            QkdErrorCode.DeviceError,
            `photon source: frame ${frameId} slot ${slots[k]} read back the reserved intensity class`,
            { frameId },
          );
        const s = slots[k];
        // Wire IntensityClass c (0 vacuum, 1 decoy, 2 signal) is pipeline class 2 − c.
        pattern[s >>> 3] |= (states[k] | ((2 - c) << 2)) << ((s & 7) << 2);
      }
    } finally {
      classes.fill(0);
      states.fill(0);
    }
  }

  /** Load the idle bank with `load`, arm it (or start both boards), with emitFrame's error handling. */
  private async emitWith(load: (bank: number) => Promise<void>): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      if (this.closed) throw new QkdError(QkdErrorCode.NotConnected, 'transmitter bench closed: no frame emitted');
      try {
        if (this.emissionCut) {
          // Emission was cut under us: the frames armed since are dark; start both boards afresh.
          this.emissionCut = false;
          await this.resetEmission();
          this.emissionRestarted('the emission was cut (interlock or a board power loss)');
        }
        return await this.emitOnce(load);
      } catch (err) {
        if (this.closed) throw err;
        this.log.warn({ err: (err as Error).message, attempt }, 'emitting a frame failed; restarting emission');
        await this.resetEmission();
        this.emissionRestarted(`emitting a frame failed: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, Math.min(5000, 200 * attempt)));
      }
    }
  }

  private async emitOnce(load: (bank: number) => Promise<void>): Promise<number> {
    const bank = this.bank;
    await load(bank);
    if (this.nextFrame < 0) {
      await Promise.all([this.source.armPattern(bank), this.modulator.armPattern(bank)]);
      const frame = await this.source.start(0);
      await this.modulator.start(frame);
      this.log.info({ frame }, 'emission started');
      this.nextFrame = frame + 1;
      this.bank ^= 1;
      return frame;
    }
    const frame = this.nextFrame;
    await Promise.all([this.source.armPattern(bank, { switchFrame: frame }), this.modulator.armPattern(bank, { switchFrame: frame })]);
    this.nextFrame++;
    this.bank ^= 1;
    this.log.debug({ frame, bank }, 'frame pattern armed');
    return frame;
  }

  /**
   * Trims the modulator's bias while emitting (polarization tracking); a reconnect
   * resends the trimmed bias, not the config's.
   */
  async setModulatorBias(biasV: number): Promise<void> {
    const biasMv = Math.round(biasV * 1000);
    await this.modulator.commands.setBias({ biasMv });
    this.settings.modulatorBias.biasMv = biasMv;
  }

  /**
   * A new drive table (polarization calibration): the boards stop (the modulator refuses a table
   * while it runs), take the table, and the next frame starts both afresh; a reconnect resends it.
   * The caller lets its frames in flight finish first.
   */
  async setModulatorDriveTable(stateVoltagesV: readonly [number, number, number, number]): Promise<void> {
    const [hMv, vMv, dMv, aMv] = stateVoltagesV.map((v) => Math.round(v * 1000));
    await this.resetEmission();
    const request = { ...this.settings.modulator, drive: { hMv, vMv, dMv, aMv } };
    await retryWhileBusy(() => this.modulator.commands.configureModulator(request));
    this.settings.modulator.drive = request.drive;
  }

  private async resetEmission(): Promise<void> {
    await Promise.allSettled([this.source.stop(0), this.modulator.stop(0)]);
    this.nextFrame = -1;
    this.bank = 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([this.source.stop(0), this.modulator.stop(0)]);
    await Promise.allSettled([this.source.close(), this.modulator.close()]);
  }
}
