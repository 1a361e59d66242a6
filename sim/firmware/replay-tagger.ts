/**
 * A detector board (time tagger) that plays a PTU recording instead of the
 * bench physics (`qkd-sim --replay FILE.ptu`): for regression tests and
 * offline work through the real protocol and drivers. Each StartTagStream
 * plays the recording from its first tag; the tags keep their recorded
 * timestamps (so a node's frame and slot arithmetic applies unchanged) and go
 * out at their recorded times relative to the first one on the wall clock
 * (times `speed`). The same credit rules as the simulated tagger apply, but a
 * host that withholds credit pauses the playback instead of losing tags.
 * After the last tag the stream stays open, idle, until StopTagStream.
 *
 * Channel configuration and input delays are accepted and kept for read-back
 * (the recording already has them applied); only channels in the stream's
 * mask are played, the others are counted as filtered.
 */
import { qkd, type Identity } from '../../firmware-protocol/index.ts';
import { PtuReader, type TagBatchView } from '../../formats/ptu/index.ts';
import type { Behaviour } from './behaviour.ts';
import type { BoardModel, BoardTelemetry, EventOutlet } from './board-model.ts';
import { fail, ok, Status } from './reply.ts';
import { TagBatcher } from './tag-batcher.ts';

const MAX_BATCH_TAGS = 2000;
/** Batches waiting for credit at which playback pauses. */
const BACKLOG_BATCHES = 16;
const TICK_MS = 5;
const CHANNELS = 16;

export interface ReplayTaggerOptions {
  /** Playback speed: 1 = the recorded pace; larger plays faster. Default 1. */
  readonly speed?: number;
}

export class ReplayTaggerBoard implements BoardModel {
  readonly kind = qkd.BoardKind.BOARD_KIND_TIME_TAGGER;
  readonly featureFlags = 0;
  readonly maxPatternSlots = 0;
  readonly channelCount: number;
  readonly behaviour: Behaviour;
  private readonly enabled = new Array<boolean>(CHANNELS).fill(false);
  private readonly delaysPs = new Array<number>(CHANNELS).fill(0);
  private outlet: EventOutlet | null = null;
  private stream: TagBatcher | null = null;
  private mask = 0;
  private nextStreamId = 1;
  private timer: NodeJS.Timeout | null = null;
  private reader: (PtuReader & { close(): void }) | null = null;
  private batches: Iterator<TagBatchView> | null = null;
  private batch: TagBatchView | null = null;
  private index = 0;
  private startWallMs = 0;
  private firstTagPs: number | null = null;
  private lastTimePs = 0;
  private readonly slotPeriodPs: number;
  /** Tags played (sent or queued) and tags of channels outside the mask, since power-up. */
  played = 0;
  filtered = 0;
  /** The recording's last tag has been played. */
  finished = false;
  private readonly counts = new Float64Array(CHANNELS);
  private countsSinceMs = Date.now();

  constructor(
    readonly identity: Identity,
    readonly file: string,
    private readonly o: ReplayTaggerOptions = {},
  ) {
    // Read the header now: a bad file fails at start, not at the first stream.
    const probe = PtuReader.open(file);
    const rate = probe.bench.pulseRateHz;
    const ch = probe.bench.channels;
    probe.close();
    this.slotPeriodPs = rate ? Math.round(1e12 / rate) : 10_000;
    this.channelCount = Math.max(4, ch ? Math.max(ch.h, ch.v, ch.d, ch.a) + 1 : 4);
    this.behaviour = {
      configureChannel: (req) => {
        if (this.stream) return fail(Status.STATUS_BUSY, 'streaming: stop the tag stream first');
        const c = req.channel ?? 0;
        if (c >= this.channelCount) return fail(Status.STATUS_OUT_OF_RANGE, `channel ${c} outside 0..${this.channelCount - 1}`);
        this.enabled[c] = req.enabled ?? false;
        return ok({
          thresholdMv: req.thresholdMv ?? 0,
          deadTimeNs: req.deadTimeNs ?? 0,
          gateWidthPs: req.gateWidthPs ?? 0,
          gateDelayPs: req.gateDelayPs ?? 0,
        });
      },
      setInputDelays: (req) => {
        for (const [i, d] of (req.inputDelayPs ?? []).entries()) if (i < CHANNELS) this.delaysPs[i] = d;
        return ok({});
      },
      startTagStream: (req) => {
        if (this.stream) return fail(Status.STATUS_BUSY, `stream ${this.stream.streamId} still running`);
        const mask = req.channelMask ?? 0;
        const enabledMask = this.enabled.reduce((m, e, i) => (e ? m | (1 << i) : m), 0);
        if (mask === 0 || (mask & ~enabledMask) !== 0)
          return fail(
            Status.STATUS_NOT_CONFIGURED,
            `channel_mask 0x${mask.toString(16)} must be a non-empty subset of the enabled channels 0x${enabledMask.toString(16)}`,
          );
        const maxTags = req.batchMaxTags || MAX_BATCH_TAGS;
        if (maxTags > MAX_BATCH_TAGS) return fail(Status.STATUS_OUT_OF_RANGE, `batch_max_tags ${maxTags} outside 1..${MAX_BATCH_TAGS}`);
        const streamId = this.nextStreamId;
        this.nextStreamId = (this.nextStreamId + 1) >>> 0 || 1;
        this.stream = new TagBatcher({
          streamId,
          maxTags,
          maxLatencyPs: (req.batchMaxLatencyMs || 10) * 1e9,
          slotPeriodPs: this.slotPeriodPs,
          initialCreditLimitSeq: req.initialCreditLimitSeq ?? 0,
          fifoBatches: Number.MAX_SAFE_INTEGER, // playback pauses instead (BACKLOG_BATCHES)
        });
        this.mask = mask;
        this.rewind();
        this.schedule();
        return ok({ streamId, startFrame: 0 });
      },
      stopTagStream: () => {
        const s = this.stream;
        if (s && !s.stopping) {
          s.stop(this.lastTimePs);
          this.flush();
        }
        return ok({});
      },
      grantCredit: (req) => {
        const s = this.stream;
        if (!s || s.streamId !== (req.streamId ?? 0)) return fail(Status.STATUS_BAD_STATE, `no stream ${req.streamId ?? 0}`);
        s.grant(req.creditLimitSeq ?? 0);
        const next = s.nextBatchSeq;
        const queued = s.queued;
        this.flush();
        this.schedule();
        return ok({ nextBatchSeq: next, queuedBatches: queued });
      },
      getCountRates: () => ok(this.countRates()),
    };
  }

  private countRates(): { countsPerSecond: number[]; integrationMs: number } {
    const ms = Math.max(1, Date.now() - this.countsSinceMs);
    const out = Array.from(this.counts.subarray(0, this.channelCount), (c) => Math.round((c * 1000) / ms));
    this.counts.fill(0);
    this.countsSinceMs = Date.now();
    return { countsPerSecond: out, integrationMs: ms };
  }

  attach(outlet: EventOutlet): void {
    this.outlet = outlet;
  }

  runState(): qkd.RunState {
    if (this.stream && !this.stream.ended) return qkd.RunState.RUN_STATE_RUNNING;
    return this.enabled.some((e) => e) ? qkd.RunState.RUN_STATE_ARMED : qkd.RunState.RUN_STATE_IDLE;
  }

  interlock(): qkd.InterlockState {
    return qkd.InterlockState.INTERLOCK_STATE_UNSPECIFIED;
  }

  currentFrame(): number {
    return 0;
  }

  lastFault(): string {
    return '';
  }

  boardTemperatureDegc(): number {
    return 29.0;
  }

  telemetry(): BoardTelemetry {
    return {
      tagger: {
        detectorTemperatureDegc: Array.from({ length: this.channelCount }, () => -50),
        countsPerSecond: this.countRates().countsPerSecond,
        droppedTagsTotal: 0,
      },
    };
  }

  reset(): void {
    this.stream = null;
    this.stopTimer();
    this.closeReader();
    this.enabled.fill(false);
    this.delaysPs.fill(0);
  }

  /** Stop the timer and the file (the board goes away). */
  shutdown(): void {
    this.reset();
  }

  // ---- playback -----------------------------------------------------------------

  private rewind(): void {
    this.closeReader();
    this.reader = PtuReader.open(this.file);
    this.batches = this.reader.batches(1 << 14);
    this.batch = null;
    this.index = 0;
    this.firstTagPs = null;
    this.finished = false;
    this.startWallMs = Date.now();
  }

  private closeReader(): void {
    this.reader?.close();
    this.reader = null;
    this.batches = null;
    this.batch = null;
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer || !this.stream || this.stream.stopping) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tick();
    }, TICK_MS);
    this.timer.unref();
  }

  private tick(): void {
    const s = this.stream;
    if (!s || s.stopping) return;
    const speed = this.o.speed ?? 1;
    let played = false;
    while (!this.finished && s.queued < BACKLOG_BATCHES) {
      if (!this.batch || this.index >= this.batch.count) {
        const next = this.batches?.next();
        if (!next || next.done) {
          this.finished = true;
          this.closeReader();
          break;
        }
        this.batch = next.value;
        this.index = 0;
        continue;
      }
      const t = this.batch.timestampsPs[this.index];
      if (this.firstTagPs === null) {
        this.firstTagPs = t;
        this.startWallMs = Date.now();
      }
      const dueWallMs = this.startWallMs + (t - this.firstTagPs) / 1e9 / speed;
      if (dueWallMs > Date.now()) break;
      const ch = this.batch.channels[this.index];
      this.index++;
      this.lastTimePs = t;
      if (ch < CHANNELS && (this.mask >> ch) & 1) {
        s.add(t, ch);
        this.counts[ch]++;
        this.played++;
        played = true;
      } else this.filtered++;
    }
    // Nothing more is due now: hand out what is open (the batch latency timer of real firmware).
    if (played || this.finished) s.close();
    this.flush();
    if (!this.finished) this.schedule();
  }

  private flush(): void {
    const s = this.stream;
    if (!s || !this.outlet?.live) return;
    for (const b of s.takeSendable()) this.outlet.emit({ tagBatch: b });
    if (s.ended) {
      this.stream = null;
      this.stopTimer();
    }
  }
}
