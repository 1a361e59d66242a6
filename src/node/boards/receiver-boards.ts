/**
 * The receiver's bench over the real detector/time-tagger driver: configures
 * the four detector channels, streams tag batches under credit flow control
 * and turns them into frames of detections (tag-frame-assembler.ts). The
 * stream is pulled only while few frames wait, so a slow post-processing
 * back-pressures the tagger (and, on the simulated bench, the emission).
 */
import { randomFillSync } from 'node:crypto';
import { DetectorDriver, type DetectorTagStream } from '../../../drivers/index.ts';
import { Xoshiro128 } from '../../pipeline/prng.ts';
import { makeChannelMap } from '../../pipeline/timing/channel-map.ts';
import type { Logger } from '../../log.ts';
import { BoardStateReporter } from './board-state-reporter.ts';
import type { BoardStateEvent, ReportsBoardState } from '../bench-port.ts';
import type { BenchConfig } from '../../config/bench-config.ts';
import { receiverBoardSettings } from '../../config/board-settings.ts';
import type { DetectedFrame, ReceiverBench } from '../bench-port.ts';
import { TagFrameAssembler } from './tag-frame-assembler.ts';
import { connectWithRetry } from './connect-with-retry.ts';
import { retryWhileBusy } from './retry-while-busy.ts';

const MAX_QUEUED_FRAMES = 4;

export class BoardReceiverBench implements ReportsBoardState, ReceiverBench {
  private readonly queue: DetectedFrame[] = [];
  private waiter: ((f: DetectedFrame | null) => void) | null = null;
  private closed = false;
  private pumping: Promise<void>;
  private resumePump: (() => void) | null = null;

  private readonly boards: BoardStateReporter;

  onBoardState(listener: (e: BoardStateEvent) => void): void {
    this.boards.onBoardState(listener);
  }

  private constructor(
    private readonly detector: DetectorDriver,
    private readonly stream: DetectorTagStream,
    private readonly assembler: TagFrameAssembler,
    readonly slotsPerFrame: number,
    private readonly log: Logger,
  ) {
    this.boards = new BoardStateReporter(log);
    this.boards.watch('detector', detector);
    this.pumping = this.pump();
  }

  static async open(cfg: BenchConfig, log: Logger): Promise<BoardReceiverBench> {
    const settings = receiverBoardSettings(cfg);
    const detector = await connectWithRetry(
      'detector',
      () => new DetectorDriver({ url: settings.detectorUrl, link: { timeoutMs: 3000, maxAttempts: 3 } }),
      log,
    );
    detector.on('tag-gap', (g) => log.warn({ gap: g }, 'tag stream gap: batches lost'));
    // A stream left running by a crashed session of this node blocks configuration, and it
    // cannot flush its last batches without that session's credit: reset the board (it
    // ends in-flight streams and stays in binary mode), then configure from scratch.
    await detector.commands.reset({});
    for (const request of settings.channelRequests) await retryWhileBusy(() => detector.commands.configureChannel(request));
    const ch = settings.channels;
    const { slotPeriodPs } = settings;
    const seed = randomFillSync(new Uint32Array(1))[0];
    const squash = new Xoshiro128(seed); // double-click squashing: random, independent of the channel
    const assembler = new TagFrameAssembler({
      slotsPerFrame: settings.slotsPerFrame,
      slotPeriodPs,
      gateDelayPs: settings.gateDelayPs,
      gateWidthPs: settings.gateWidthPs,
      channelMap: makeChannelMap(ch),
      // Dark counts of an unlit frame stay far below this; a lit frame at any working distance is far above.
      minDetections: 1000,
      random: () => squash.nextU32(),
    });
    const stream = await retryWhileBusy(() =>
      detector.startTagStream({ channels: [ch.h, ch.v, ch.d, ch.a], startFrame: 0, windowBatches: 16 }),
    );
    log.info({ detector: detector.info?.identity, slotPeriodPs }, 'receiver boards configured; tag stream started');
    return new BoardReceiverBench(detector, stream, assembler, settings.slotsPerFrame, log);
  }

  private async pump(): Promise<void> {
    try {
      while (!this.closed) {
        if (this.queue.length >= MAX_QUEUED_FRAMES) {
          await new Promise<void>((r) => (this.resumePump = r));
          this.resumePump = null;
          continue;
        }
        const batch = await this.stream.next();
        if (!batch) break;
        for (const f of this.assembler.push(batch.channels, batch.timestampsPs)) {
          this.log.debug({ frameId: f.frameId, detections: f.detections.count }, 'frame detected');
          this.deliver(f);
        }
        if (batch.last) break;
      }
    } catch (err) {
      if (!this.closed) this.log.error({ err }, 'tag stream failed');
    }
    this.closed = true;
    this.waiter?.(null);
  }

  private deliver(f: DetectedFrame): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w(f);
    } else this.queue.push(f);
  }

  nextFrame(): Promise<DetectedFrame | null> {
    const f = this.queue.shift();
    this.resumePump?.();
    if (f) return Promise.resolve(f);
    if (this.closed) return Promise.resolve(null);
    return new Promise((r) => (this.waiter = r));
  }

  get counters(): TagFrameAssembler['counters'] {
    return this.assembler.counters;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.resumePump?.();
    await this.stream.stop().catch(() => undefined);
    await this.pumping;
    await this.detector.close();
  }
}
