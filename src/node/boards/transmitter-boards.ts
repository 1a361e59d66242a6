/**
 * The transmitter's bench over the real board drivers: photon source and
 * polarization modulator. Each frame's pattern is split per board, uploaded
 * into the idle one of two pattern banks and armed to take over at the next
 * frame boundary (double buffering), so the boards emit frame after frame
 * while the next pattern is on its way. The first frame starts both boards
 * on the same frame boundary.
 */
import { PhotonSourceDriver, PolarizationModulatorDriver, packedPattern } from '../../../drivers/index.ts';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import { retryWhileBusy } from './retry-while-busy.ts';
import type { Logger } from '../../log.ts';
import { BoardStateReporter } from './board-state-reporter.ts';
import type { BoardStateEvent, ReportsBoardState } from '../bench-port.ts';
import type { BenchConfig } from '../../config/bench-config.ts';
import { transmitterBoardSettings } from '../../config/board-settings.ts';
import type { TransmitterBench } from '../bench-port.ts';
import { splitPattern } from './split-pattern.ts';
import { connectWithRetry } from './connect-with-retry.ts';

export class BoardTransmitterBench implements ReportsBoardState, TransmitterBench {
  private nextFrame = -1;
  private bank = 0;
  private closed = false;

  private readonly boards: BoardStateReporter;

  onBoardState(listener: (e: BoardStateEvent) => void): void {
    this.boards.onBoardState(listener);
  }

  private constructor(
    private readonly source: PhotonSourceDriver,
    private readonly modulator: PolarizationModulatorDriver,
    readonly slotsPerFrame: number,
    private readonly log: Logger,
  ) {
    this.boards = new BoardStateReporter(log);
    this.boards.watch('photon-source', source);
    this.boards.watch('polarization-modulator', modulator);
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
    await retryWhileBusy(() => source.commands.configureSource(settings.source));
    await retryWhileBusy(() => modulator.commands.configureModulator(settings.modulator));
    await modulator.commands.setBias(settings.modulatorBias);
    log.info({ source: source.info?.identity, modulator: modulator.info?.identity }, 'transmitter boards configured');
    return new BoardTransmitterBench(source, modulator, settings.slotsPerFrame, log);
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
      for (let attempt = 1; ; attempt++) {
        if (this.closed) throw new QkdError(QkdErrorCode.NotConnected, 'transmitter bench closed: no frame emitted');
        try {
          return await this.emitOnce(source, modulator);
        } catch (err) {
          if (this.closed) throw err;
          this.log.warn({ err: (err as Error).message, attempt }, 'emitting a frame failed; restarting emission');
          await this.resetEmission();
          await new Promise((r) => setTimeout(r, Math.min(5000, 200 * attempt)));
        }
      }
    } finally {
      source.fill(0);
      modulator.fill(0);
    }
  }

  private async emitOnce(source: Uint8Array, modulator: Uint8Array): Promise<number> {
    const bank = this.bank;
    await Promise.all([
      this.source.uploadPattern(packedPattern(source), { bank }),
      this.modulator.uploadPattern(packedPattern(modulator), { bank }),
    ]);
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
