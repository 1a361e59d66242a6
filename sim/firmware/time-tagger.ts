/**
 * Detector / time tagger board (time_tagger.proto): four SPAD channels
 * (0..3 = the H, V, D, A detectors of the physics), per-channel input delay,
 * discriminator gate and hold-off, count rates, and tag streams in batches
 * under credit (tag-batcher.ts). Timestamps are on the shared bench clock.
 *
 * Injected faults (simulator controls): a detector blinded into saturation
 * (it counts at 1 / dead time), a count rate forced out of its usual range
 * (a misaligned fibre, stray light) and warm detectors. They show where
 * firmware shows them — GetCountRates and the tagger telemetry — and do not
 * add tags to the stream.
 */
import { qkd, type Identity } from '../../firmware-protocol/index.ts';
import type { TagChunk } from '../physics/index.ts';
import type { Behaviour } from './behaviour.ts';
import type { BoardModel, BoardTelemetry, EventOutlet } from './board-model.ts';
import { CountRates } from './count-rates.ts';
import { fail, ok, Status, u64 } from './reply.ts';
import type { DetectorSink, SharedBench } from './shared-bench.ts';
import { TagBatcher } from './tag-batcher.ts';

export const TAGGER_CHANNELS = 4;
const MAX_BATCH_TAGS = 2000;
/** Batches waiting for credit at which the bench pauses (pattern-paced; see shared-bench.ts). */
const BACKLOG_BATCHES = 16;
/** Board FIFO, in batches: beyond it tags are dropped and reported. */
const FIFO_BATCHES = 256;

interface ChannelConfig {
  enabled: boolean;
  thresholdMv: number;
  edge: qkd.Edge;
  excessBiasMv: number;
  deadTimeNs: number;
  gateWidthPs: number;
  gateDelayPs: number;
}

/** A channel's configuration as the board holds it (test read-back). */
export type TaggerChannelSettings = Readonly<ChannelConfig>;

const disabledChannel = (): ChannelConfig => ({
  enabled: false,
  thresholdMv: 0,
  edge: qkd.Edge.EDGE_RISING,
  excessBiasMv: 0,
  deadTimeNs: 0,
  gateWidthPs: 0,
  gateDelayPs: 0,
});

export class TimeTaggerBoard implements BoardModel, DetectorSink {
  readonly kind = qkd.BoardKind.BOARD_KIND_TIME_TAGGER;
  readonly featureFlags = 0;
  readonly maxPatternSlots = 0;
  readonly channelCount = TAGGER_CHANNELS;
  readonly behaviour: Behaviour;
  private channels: ChannelConfig[] = Array.from({ length: TAGGER_CHANNELS }, disabledChannel);
  private readonly delaysPs = new Float64Array(TAGGER_CHANNELS);
  private readonly lastTagPs = new Float64Array(TAGGER_CHANNELS).fill(-Infinity);
  private readonly rates = new CountRates(TAGGER_CHANNELS);
  private stream: TagBatcher | null = null;
  private streamMask = 0;
  private streamStartPs = 0;
  private nextStreamId = 1;
  private droppedBefore = 0;
  private outlet: EventOutlet | null = null;
  /** Tags released by the physics but held until no earlier tag can follow (unequal input delays). */
  private pendTime = new Float64Array(1024);
  private pendChan = new Uint8Array(1024);
  private pendLen = 0;
  private nowPs = 0;
  /** Fault injection per channel: a count rate the board reports in place of the measured one. */
  private readonly rateOverrides = new Map<number, number>();
  /** Fault injection per channel: blinded detectors, counting at 1 / dead time. */
  private readonly saturated = new Set<number>();
  /** Fault injection: what every detector's temperature sensor reads (null: the cooler's −50 °C). */
  detectorTemperatureOverrideDegc: number | null = null;
  private readonly physicsDeadTimeNs: number;

  constructor(
    readonly identity: Identity,
    private readonly bench: SharedBench,
  ) {
    bench.attachDetector(this);
    const physicsDeadTimeNs = bench.physics.options.detectors.deadTimeNs;
    this.physicsDeadTimeNs = physicsDeadTimeNs;
    this.behaviour = {
      configureChannel: (req) => {
        if (this.streaming) return fail(Status.STATUS_BUSY, 'streaming: stop the tag stream first');
        const ch = req.channel ?? 0;
        const period = bench.slotPeriodPs;
        const c: ChannelConfig = {
          enabled: req.enabled ?? false,
          thresholdMv: req.thresholdMv ?? 0,
          edge: req.edge ?? qkd.Edge.EDGE_RISING,
          excessBiasMv: req.excessBiasMv ?? 0,
          deadTimeNs: req.deadTimeNs ?? 0,
          gateWidthPs: req.gateWidthPs ?? 0,
          gateDelayPs: req.gateDelayPs ?? 0,
        };
        const range =
          (ch >= TAGGER_CHANNELS ? `channel ${ch} outside 0..${TAGGER_CHANNELS - 1}` : null) ??
          (Math.abs(c.thresholdMv) > 2000 ? `threshold_mv ${c.thresholdMv} outside ±2000` : null) ??
          (c.excessBiasMv > 10_000 ? `excess_bias_mv ${c.excessBiasMv} outside 0..10000` : null) ??
          (c.deadTimeNs !== 0 && (c.deadTimeNs < 10 || c.deadTimeNs > 100_000)
            ? `dead_time_ns ${c.deadTimeNs} outside 10..100000`
            : null) ??
          (c.gateWidthPs !== 0 && (c.gateWidthPs < 100 || c.gateWidthPs > period)
            ? `gate_width_ps ${c.gateWidthPs} outside 100..${period}`
            : null) ??
          (c.gateDelayPs > period ? `gate_delay_ps ${c.gateDelayPs} outside 0..${period}` : null);
        if (range) return fail(Status.STATUS_OUT_OF_RANGE, range);
        // The SPAD's own hold-off cannot be shortened; a longer one is applied by the tagger.
        c.deadTimeNs = Math.max(c.deadTimeNs, physicsDeadTimeNs);
        this.channels[ch] = c;
        return ok({ thresholdMv: c.thresholdMv, deadTimeNs: c.deadTimeNs, gateWidthPs: c.gateWidthPs, gateDelayPs: c.gateDelayPs });
      },
      setInputDelays: (req) => {
        const delays = req.inputDelayPs ?? [];
        if (delays.length > TAGGER_CHANNELS)
          return fail(Status.STATUS_OUT_OF_RANGE, `${delays.length} delays for ${TAGGER_CHANNELS} channels`);
        if (delays.some((d) => Math.abs(d) > 1_000_000)) return fail(Status.STATUS_OUT_OF_RANGE, 'input delays must be within ±1000000 ps');
        for (const [i, d] of delays.entries()) this.delaysPs[i] = d;
        return ok({});
      },
      startTagStream: (req) => {
        if (this.stream) return fail(Status.STATUS_BUSY, `stream ${this.stream.streamId} still running`);
        const mask = req.channelMask ?? 0;
        const enabledMask = this.channels.reduce((m, c, i) => (c.enabled ? m | (1 << i) : m), 0);
        if (mask === 0 || (mask & ~enabledMask) !== 0)
          return fail(
            Status.STATUS_NOT_CONFIGURED,
            `channel_mask 0x${mask.toString(16)} must be a non-empty subset of the enabled channels 0x${enabledMask.toString(16)}`,
          );
        const maxTags = req.batchMaxTags || MAX_BATCH_TAGS;
        const latencyMs = req.batchMaxLatencyMs || 10;
        if (maxTags > MAX_BATCH_TAGS) return fail(Status.STATUS_OUT_OF_RANGE, `batch_max_tags ${maxTags} outside 1..${MAX_BATCH_TAGS}`);
        if (latencyMs > 1000) return fail(Status.STATUS_OUT_OF_RANGE, `batch_max_latency_ms ${latencyMs} outside 1..1000`);
        const startFrame = u64(req.startFrame) || bench.nextFrame;
        const streamId = this.nextStreamId;
        this.nextStreamId = (this.nextStreamId + 1) >>> 0 || 1;
        this.stream = new TagBatcher({
          streamId,
          maxTags,
          maxLatencyPs: latencyMs * 1e9,
          slotPeriodPs: bench.slotPeriodPs,
          initialCreditLimitSeq: req.initialCreditLimitSeq ?? 0,
          fifoBatches: FIFO_BATCHES,
        });
        this.streamMask = mask;
        this.streamStartPs = startFrame * bench.frameDurationPs;
        bench.restartWallClock();
        bench.kick();
        return ok({ streamId, startFrame });
      },
      stopTagStream: () => {
        if (this.stream && !this.stream.stopping) {
          this.releasePending(Infinity);
          this.stream.stop(this.nowPs);
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
        bench.kick();
        return ok({ nextBatchSeq: next, queuedBatches: queued });
      },
      getCountRates: () => ok(this.countRates()),
    };
  }

  // ---- sim control -------------------------------------------------------------

  /** A count rate the channel reports from now on (null: the measured one again). */
  setCountRateOverride(channel: number, cps: number | null): void {
    if (cps === null) this.rateOverrides.delete(channel);
    else this.rateOverrides.set(channel, Math.max(0, Math.round(cps)));
  }

  /** Blind a detector (it counts at 1 / dead time) or let it recover. */
  setSaturated(channel: number, on: boolean): void {
    if (on) this.saturated.add(channel);
    else this.saturated.delete(channel);
  }

  /** The channels' configuration as the board holds it, and its input delays (test read-back). */
  settings(): { channels: TaggerChannelSettings[]; inputDelaysPs: number[] } {
    return { channels: this.channels.map((c) => ({ ...c })), inputDelaysPs: [...this.delaysPs] };
  }

  private countRates(): { countsPerSecond: number[]; integrationMs: number } {
    const r = this.rates.rates();
    const countsPerSecond = r.countsPerSecond.map((cps, ch) => {
      if (this.saturated.has(ch)) {
        const deadNs = Math.max(this.channels[ch].deadTimeNs, this.physicsDeadTimeNs, 1);
        return Math.round(1e9 / deadNs);
      }
      return this.rateOverrides.get(ch) ?? cps;
    });
    return { countsPerSecond, integrationMs: r.integrationMs };
  }

  private get streaming(): boolean {
    return this.stream !== null;
  }

  attach(outlet: EventOutlet): void {
    this.outlet = outlet;
  }

  // ---- DetectorSink -----------------------------------------------------------

  wantsTime(): boolean {
    return this.stream !== null && !this.stream.stopping;
  }

  backlogged(): boolean {
    return this.stream !== null && this.stream.queued >= BACKLOG_BATCHES;
  }

  ingest(chunk: TagChunk, horizonPs: number): void {
    const chans = chunk.channels,
      times = chunk.timestampsPs;
    const period = this.bench.slotPeriodPs;
    const s = this.stream && !this.stream.stopping ? this.stream : null;
    for (let i = 0; i < chunk.count; i++) {
      const ch = chans[i];
      const c = this.channels[ch];
      if (!c.enabled) continue;
      const t = times[i] + this.delaysPs[ch];
      if (c.gateWidthPs > 0) {
        const phase = (((t - c.gateDelayPs) % period) + period) % period;
        if (phase >= c.gateWidthPs) continue;
      }
      if (t - this.lastTagPs[ch] < c.deadTimeNs * 1000) continue;
      this.lastTagPs[ch] = t;
      this.rates.count(ch);
      if (s && (this.streamMask >> ch) & 1 && t >= this.streamStartPs && t >= 0) this.pend(t, ch);
    }
    this.nowPs = horizonPs;
    this.rates.advance(horizonPs);
    // Every later tag has a raw time ≥ horizon, so a delayed time ≥ horizon + the smallest delay.
    this.releasePending(horizonPs + Math.min(...this.delaysPs));
    this.flush();
  }

  idle(): void {
    if (!this.stream || this.stream.stopping) return;
    this.stream.close();
    this.flush();
  }

  // ---- BoardModel -------------------------------------------------------------

  runState(): qkd.RunState {
    if (this.stream && !this.stream.ended) return qkd.RunState.RUN_STATE_RUNNING;
    return this.channels.some((c) => c.enabled) ? qkd.RunState.RUN_STATE_ARMED : qkd.RunState.RUN_STATE_IDLE;
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
    return 29.0;
  }

  telemetry(): BoardTelemetry {
    return {
      tagger: {
        detectorTemperatureDegc: this.channels.map(() => this.detectorTemperatureOverrideDegc ?? -50.0),
        countsPerSecond: this.countRates().countsPerSecond,
        droppedTagsTotal: this.droppedBefore + (this.stream?.droppedTotal ?? 0),
      },
    };
  }

  reset(): void {
    this.droppedBefore += this.stream?.droppedTotal ?? 0;
    this.stream = null;
    this.pendLen = 0;
    this.channels = Array.from({ length: TAGGER_CHANNELS }, disabledChannel);
    this.delaysPs.fill(0);
    this.rates.reset();
  }

  // ---- internals --------------------------------------------------------------

  private pend(t: number, ch: number): void {
    if (this.pendLen === this.pendTime.length) {
      const nt = new Float64Array(this.pendLen * 2);
      nt.set(this.pendTime);
      this.pendTime = nt;
      const nc = new Uint8Array(this.pendLen * 2);
      nc.set(this.pendChan);
      this.pendChan = nc;
    }
    this.pendTime[this.pendLen] = t;
    this.pendChan[this.pendLen] = ch;
    this.pendLen++;
  }

  /** Hand pending tags before `untilPs` to the batcher, in time order. */
  private releasePending(untilPs: number): void {
    const s = this.stream;
    const n = this.pendLen;
    if (!s || n === 0) {
      this.pendLen = 0;
      return;
    }
    const t = this.pendTime,
      c = this.pendChan;
    // Insertion sort: with equal delays the tags are already in order.
    for (let i = 1; i < n; i++) {
      const ti = t[i],
        ci = c[i];
      let j = i - 1;
      while (j >= 0 && t[j] > ti) {
        t[j + 1] = t[j];
        c[j + 1] = c[j];
        j--;
      }
      t[j + 1] = ti;
      c[j + 1] = ci;
    }
    let k = 0;
    while (k < n && t[k] < untilPs) {
      s.add(t[k], c[k]);
      k++;
    }
    t.copyWithin(0, k, n);
    c.copyWithin(0, k, n);
    this.pendLen = n - k;
  }

  private flush(): void {
    const s = this.stream;
    if (!s || !this.outlet) return;
    if (!this.outlet.live) return;
    for (const b of s.takeSendable()) this.outlet.emit({ tagBatch: b });
    if (s.ended) {
      this.droppedBefore += s.droppedTotal;
      this.stream = null;
    }
  }
}
