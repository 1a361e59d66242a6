/**
 * The receiver's bench over the real detector/time-tagger driver: configures
 * the four detector channels, streams tag batches under credit flow control
 * and turns them into frames of detections (tag-frame-assembler.ts). The
 * stream is pulled only while few frames wait, so a slow post-processing
 * back-pressures the tagger (and, on the simulated bench, the emission).
 *
 * The detector settings of the config (threshold, edge, bias, dead time,
 * input delays) are sent at start and again after every reconnect; the
 * tagger's telemetry (detector temperatures, count rates) and the dead times
 * it applied feed the node's safety monitor (ReportsBenchHealth).
 *
 * With config tracking.delay, a DelayTracker (src/node/delay-tracking.ts)
 * moves the assembler's gate delay from each frame's tags (TracksDelay).
 */
import { DetectorDriver, type DetectorTagStream } from '../../../drivers/index.ts';
import { makeChannelMap } from '../../pipeline/timing/channel-map.ts';
import type { Logger } from '../../log.ts';
import { BoardStateReporter } from './board-state-reporter.ts';
import type { BoardStateEvent, ReportsBoardState } from '../bench-port.ts';
import type { BenchConfig } from '../../config/bench-config.ts';
import { receiverBoardSettings, type ReceiverBoardSettings } from '../../config/board-settings.ts';
import type { BenchHealth, DetectedFrame, ReceiverBench, ReportsBenchHealth, TagListener, TapsTags, TracksDelay } from '../bench-port.ts';
import { DelayTracker, type DelayTrackerSnapshot } from '../delay-tracking.ts';
import { resendOnReconnect, type SettingStep, type SettingsResent } from './board-settings-sender.ts';
import { TagFrameAssembler } from './tag-frame-assembler.ts';
import { connectWithRetry } from './connect-with-retry.ts';
import { retryWhileBusy } from './retry-while-busy.ts';

const MAX_QUEUED_FRAMES = 4;

/** The tagger requests of the detector settings, in order; `deadTimes` gets the dead time the board applied per channel. */
function detectorSettingSteps(detector: DetectorDriver, settings: ReceiverBoardSettings, deadTimes: Map<number, number>): SettingStep[] {
  const steps: SettingStep[] = settings.channelRequests.map((request) => ({
    name: `configureChannel ${request.channel ?? 0}`,
    send: async () => {
      const applied = await detector.commands.configureChannel(request);
      deadTimes.set(request.channel ?? 0, applied.deadTimeNs);
    },
  }));
  const delays = settings.inputDelays;
  if (delays) steps.push({ name: 'setInputDelays', send: () => detector.commands.setInputDelays(delays) });
  return steps;
}

/**
 * The receiver's frame assembler for these settings. Its double clicks are squashed with bits from
 * the CSPRNG (TagFrameAssembler's default, crypto-words.ts): they become raw key, so they must not
 * come from a generator whose seed could be searched.
 */
export function receiverFrameAssembler(settings: ReceiverBoardSettings, delayTracker?: DelayTracker): TagFrameAssembler {
  return new TagFrameAssembler({
    slotsPerFrame: settings.slotsPerFrame,
    slotPeriodPs: settings.slotPeriodPs,
    gateDelayPs: settings.gateDelayPs,
    gateWidthPs: settings.gateWidthPs,
    channelMap: makeChannelMap(settings.channels),
    // Dark counts of an unlit frame stay far below this; a lit frame at any working distance is far above.
    minDetections: 1000,
    ...(delayTracker ? { delayTracker } : {}),
  });
}

/**
 * The receiver's delay tracker for these settings (config tracking.delay), else undefined. An open
 * gate (half the slot or more: a bench whose delay is not calibrated yet) is not tracked: every tag
 * is in it already, and its centre says nothing about where the detections should be.
 */
export function receiverDelayTracker(cfg: BenchConfig, settings: ReceiverBoardSettings): DelayTracker | undefined {
  if (!cfg.tracking?.delay || settings.gateWidthPs >= settings.slotPeriodPs / 2) return undefined;
  return new DelayTracker({
    slotPeriodPs: settings.slotPeriodPs,
    gateWidthPs: settings.gateWidthPs,
    initialGateDelayPs: settings.gateDelayPs,
    channelMap: makeChannelMap(settings.channels),
  });
}

export class BoardReceiverBench implements ReportsBoardState, ReportsBenchHealth, ReceiverBench, TapsTags, TracksDelay {
  private readonly tagListeners = new Set<TagListener>();
  private readonly queue: DetectedFrame[] = [];
  private waiter: ((f: DetectedFrame | null) => void) | null = null;
  private closed = false;
  private pumping: Promise<void>;
  private resumePump: (() => void) | null = null;

  private readonly boards: BoardStateReporter;
  private readonly resentListeners: ((r: SettingsResent) => void)[] = [];

  onBoardState(listener: (e: BoardStateEvent) => void): void {
    this.boards.onBoardState(listener);
  }

  /** Called each time the detector settings were sent again after a reconnect. */
  onSettingsResent(listener: (r: SettingsResent) => void): void {
    this.resentListeners.push(listener);
  }

  /** The time tagger has no interlock input. */
  onInterlock(_listener: (open: boolean) => void): void {}

  private constructor(
    private readonly detector: DetectorDriver,
    private readonly stream: DetectorTagStream,
    private readonly assembler: TagFrameAssembler,
    readonly slotsPerFrame: number,
    private readonly log: Logger,
    private readonly settings: ReceiverBoardSettings,
    private readonly deadTimes: Map<number, number>,
    private readonly delayTracker: DelayTracker | undefined,
  ) {
    this.boards = new BoardStateReporter(log);
    this.boards.watch('detector', detector);
    resendOnReconnect(
      'detector',
      detector,
      () => detectorSettingSteps(detector, settings, deadTimes),
      log,
      (r) => {
        for (const l of this.resentListeners) l(r);
      },
    );
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
    const deadTimes = new Map<number, number>();
    for (const step of detectorSettingSteps(detector, settings, deadTimes)) await retryWhileBusy(step.send);
    const ch = settings.channels;
    const { slotPeriodPs } = settings;
    const delayTracker = receiverDelayTracker(cfg, settings);
    const assembler = receiverFrameAssembler(settings, delayTracker);
    const stream = await retryWhileBusy(() =>
      detector.startTagStream({ channels: [ch.h, ch.v, ch.d, ch.a], startFrame: 0, windowBatches: 16 }),
    );
    log.info({ detector: detector.info?.identity, slotPeriodPs }, 'receiver boards configured; tag stream started');
    if (delayTracker) log.info({ gateDelayPs: delayTracker.gateDelayPs }, 'delay tracking on: the gate follows the detections');
    else if (cfg.tracking?.delay)
      log.warn({ gateWidthPs: settings.gateWidthPs }, 'delay tracking off: the gate is open (delay not calibrated)');
    return new BoardReceiverBench(detector, stream, assembler, settings.slotsPerFrame, log, settings, deadTimes, delayTracker);
  }

  /** Delay tracking (config tracking.delay): the gate delay in force and what moved it; null when off. */
  delayTracking(): DelayTrackerSnapshot | null {
    return this.delayTracker?.snapshot() ?? null;
  }

  /** The tagger's telemetry: its PCB temperature and, per detector channel, count rate, temperature and applied dead time. */
  async readHealth(): Promise<BenchHealth> {
    if (this.closed || this.detector.state !== 'connected') return { boardTemperatures: [] };
    let t: Awaited<ReturnType<DetectorDriver['commands']['getTelemetry']>>;
    try {
      t = await this.detector.commands.getTelemetry({});
    } catch (err) {
      this.log.debug({ err: (err as Error).message }, 'detector telemetry failed');
      return { boardTemperatures: [] };
    }
    const tagger = t.tagger;
    const ch = this.settings.channels;
    const boardDegc = t.common?.boardTemperatureDegc;
    return {
      boardTemperatures: typeof boardDegc === 'number' ? [{ board: 'detector', degc: boardDegc }] : [],
      detectors: tagger
        ? [ch.h, ch.v, ch.d, ch.a].map((channel) => ({
            channel,
            countsPerSecond: tagger.countsPerSecond?.[channel] ?? 0,
            temperatureDegc: tagger.detectorTemperatureDegc?.[channel] ?? undefined,
            deadTimeNs: this.deadTimes.get(channel),
          }))
        : undefined,
    };
  }

  /** Raw tags to recorders and histograms (TapsTags), before frame assembly. */
  onTags(listener: TagListener): () => void {
    this.tagListeners.add(listener);
    return () => this.tagListeners.delete(listener);
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
        for (const tap of this.tagListeners) tap(batch.channels, batch.timestampsPs);
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
    // Close the driver before waiting for the pump: a board that is gone never sends the stream's
    // last batch (the driver would reconnect forever), and a closed driver fails the stream, which
    // ends the pump. Waiting for the pump first left stop() hanging on a lost detector.
    await this.detector.close();
    await this.pumping;
  }
}
