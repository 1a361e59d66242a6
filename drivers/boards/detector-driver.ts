/**
 * Detector / time tagger (BOARD_KIND_TIME_TAGGER). Channel configuration,
 * input delays, count rates, clock and telemetry are `commands.*` (and
 * re-applied after a power loss); the logic lives in:
 *  - `startTagStream()`: a DetectorTagStream (async iterator of typed-array
 *    batches under credit) that the driver resumes or restarts across
 *    reconnects, with every missing batch reported as a 'tag-gap' event;
 *  - `runHistogram()`: the request plus the HistogramResult event it announces.
 */
import { qkd, type RequestOf } from '../../firmware-protocol/index.ts';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import type { BoardLink } from '../link/board-link.ts';
import { BoardDriver, type BoardDriverEvents, type BoardDriverOptions } from './board-driver.ts';
import { DETECTOR_METHODS, type DetectorMethod } from './board-methods.ts';
import { DetectorTagStream, type TagStreamRequest } from './detector-tag-stream.ts';
import type { TagGap } from './tag-sequencer.ts';

export interface DetectorStreamOptions {
  /** Channels to stream (must be enabled); or give `channelMask`. */
  readonly channels?: readonly number[];
  readonly channelMask?: number;
  /** Tags per batch, 1..2000 (0 = 2000). */
  readonly batchMaxTags?: number;
  /** Batch closes this long after its first tag, ms, 1..1000 (0 = 10). */
  readonly batchMaxLatencyMs?: number;
  /** First frame to tag; 0 = now. */
  readonly startFrame?: number;
  /** Batches the board may send ahead of the consumer. Default 8. */
  readonly windowBatches?: number;
}

export interface Histogram {
  readonly histogramId: number;
  readonly binWidthPs: number;
  /** Left edge of bin 0 as a (stop − start) difference, ps. */
  readonly offsetPs: number;
  readonly bins: Uint32Array;
  readonly integrationMs: number;
}

export interface DetectorEvents extends BoardDriverEvents {
  /** A hole in the tag stream (never silent; see TagGap). */
  'tag-gap': (gap: TagGap) => void;
}

const HISTOGRAM_MARGIN_MS = 5000;

export class DetectorDriver extends BoardDriver<DetectorMethod, DetectorEvents> {
  private stream: DetectorTagStream | null = null;

  constructor(options: BoardDriverOptions) {
    super(qkd.BoardKind.BOARD_KIND_TIME_TAGGER, DETECTOR_METHODS, options);
    this.session.on('disconnected', () => this.stream?.detach());
    const end = (err: QkdError): void => {
      this.stream?.fail(err);
      this.stream = null;
    };
    this.session.on('failed', ({ error }) => end(error));
    this.session.on('state', ({ to }) => {
      if (to === 'closed') end(new QkdError(QkdErrorCode.LinkClosed, `${this.url}: driver closed`));
    });
  }

  /** The running stream, if any. */
  get tagStream(): DetectorTagStream | null {
    return this.stream && !this.stream.finished ? this.stream : null;
  }

  /** Start streaming tags; iterate the result with `for await`. One stream at a time. */
  async startTagStream(options: DetectorStreamOptions): Promise<DetectorTagStream> {
    if (this.tagStream) throw this.invalid(`stream ${this.tagStream.streamId} is still running`);
    const channelMask = options.channelMask ?? (options.channels ?? []).reduce((m, c) => m | (1 << c), 0);
    const windowBatches = options.windowBatches ?? 8;
    if (!Number.isInteger(windowBatches) || windowBatches < 1 || windowBatches > 65536)
      throw this.invalid(`windowBatches must be 1..65536, got ${windowBatches}`);
    const request: TagStreamRequest = {
      channelMask,
      batchMaxTags: options.batchMaxTags ?? 0,
      batchMaxLatencyMs: options.batchMaxLatencyMs ?? 0,
      startFrame: options.startFrame ?? 0,
    };
    const stream = await DetectorTagStream.start(this.session.link, request, windowBatches);
    stream.on('gap', (gap) => this.emit('tag-gap', gap));
    stream.on('warning', (err) => this.emit('protocol-error', err));
    this.stream = stream;
    return stream;
  }

  /** Stop the running stream (its last batches still arrive). OK when none runs. */
  async stopTagStream(): Promise<void> {
    if (this.tagStream) await this.tagStream.stop();
    else await this.call('stopTagStream', {});
  }

  /**
   * Run an on-board histogram (FEATURE_HISTOGRAM) and wait for its result.
   * A board without the feature answers UNSUPPORTED (DeviceError).
   */
  async runHistogram(request: RequestOf<'runHistogram'>, options: { timeoutMs?: number } = {}): Promise<Histogram> {
    const link = this.session.link;
    const results = new Map<number, qkd.HistogramResult>();
    let wanted: number | null = null;
    let deliver: ((r: qkd.HistogramResult) => void) | null = null;
    const unsubscribe = link.onEvent('histogram', (r) => {
      if (wanted === r.histogramId && deliver) deliver(r);
      else results.set(r.histogramId, r);
    });
    try {
      const { histogramId } = await this.call('runHistogram', request);
      const timeoutMs = options.timeoutMs ?? (request.integrationMs ?? 0) + HISTOGRAM_MARGIN_MS;
      const result =
        results.get(histogramId) ??
        (await new Promise<qkd.HistogramResult>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new QkdError(QkdErrorCode.Timeout, `${this.url}: histogram ${histogramId} not received within ${timeoutMs} ms`)),
            timeoutMs,
          );
          wanted = histogramId;
          deliver = (r) => {
            clearTimeout(timer);
            resolve(r);
          };
        }));
      const bins = new Uint32Array(result.bins.length >>> 2);
      const view = new DataView(result.bins.buffer, result.bins.byteOffset, bins.length * 4);
      for (let i = 0; i < bins.length; i++) bins[i] = view.getUint32(i * 4, true);
      return { histogramId, binWidthPs: result.binWidthPs, offsetPs: result.offsetPs, bins, integrationMs: result.integrationMs };
    } finally {
      unsubscribe();
    }
  }

  protected override onBoardReset(): void {
    // ResetRequest ends in-flight streams with no further batch.
    this.stream?.fail(new QkdError(QkdErrorCode.DeviceError, `${this.url}: board reset ended the tag stream`));
    this.stream = null;
  }

  protected override async restoreBoard(link: BoardLink, status: qkd.GetStatusResponse, boardWasReset: boolean): Promise<void> {
    const stream = this.tagStream;
    if (!stream) return;
    const running = status.runState === qkd.RunState.RUN_STATE_RUNNING;
    if (!boardWasReset && running && (await stream.resume(link))) return;
    await stream.restart(link);
  }
}
