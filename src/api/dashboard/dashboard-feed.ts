/**
 * The dashboard's live feed: server-sent events on `GET /api/v1/events`
 * (text/event-stream), one `snapshot` event (wire.ts) at once on connect and
 * then every second, to every connected page. EventSource reconnects by
 * itself when the stream drops; the `retry:` line tells it to try again
 * after two seconds.
 *
 * Work is done only while someone watches: the first client starts the
 * ticker and, on a receiver, attaches the gate histogram to the node's raw
 * tags (QkdNode.onTags); the last one to leave stops both, so a node nobody
 * looks at pays nothing. One snapshot is serialised per tick for all clients.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BenchConfig } from '../../config/index.ts';
import type { Logger } from '../../log.ts';
import type { TagListener } from '../../node/bench-port.ts';
import { GateHistogram } from '../../node/gate-histogram.ts';
import type { HealthReading } from '../../node/safety/safety-monitor.ts';
import type { ControlledNode } from '../control/controlled-node.ts';
import { RateWindow } from '../control/rate-window.ts';
import { statusJson } from '../control/wire.ts';
import type { DashboardSnapshotJson, DetectorJson, HealthJson } from './wire.ts';

/** What the dashboard needs of a node: the control API's view, and the receiver's raw tags when it has them (QkdNode fits). */
export interface DashboardNode extends ControlledNode {
  /** Raw detector tags (a receiver); null or absent elsewhere. Returns the function that stops the listener. */
  onTags?(listener: TagListener): (() => void) | null;
  /** The safety monitor, whose last reading of the boards' status and telemetry the dashboard shows (never polls itself). */
  readonly safety?: { lastHealth(): HealthReading | null } | null;
}

export interface DashboardFeedOptions {
  readonly node: DashboardNode;
  readonly config: BenchConfig;
  readonly log?: Logger;
  /** Period of the snapshots, ms. Default 1000. */
  readonly intervalMs?: number;
  /** Streams served at once; more are refused with 503. Default 16. */
  readonly maxClients?: number;
}

/** Detector labels in the histogram's row order (gateHistogramFor). */
const LABELS = ['H', 'V', 'D', 'A'] as const;
/** A health reading older than this is not shown as the detectors' count rate (the tags' rate is). */
const HEALTH_FRESH_MS = 5000;
/** A client that has not read this much of its stream is dropped (it reconnects when it can). */
const MAX_BUFFERED_BYTES = 4 << 20;

export class DashboardFeed {
  private readonly clients = new Set<ServerResponse>();
  private readonly rates = new RateWindow(10_000);
  private readonly histogram: GateHistogram | null;
  private timer: NodeJS.Timeout | null = null;
  private detachTags: (() => void) | null = null;
  private periodStartMs = 0;
  private seq = 0;
  private detector: DetectorJson | null = null;

  constructor(private readonly o: DashboardFeedOptions) {
    this.histogram = gateHistogramFor(o.config);
  }

  /** Clients connected now. */
  get clientCount(): number {
    return this.clients.size;
  }

  /** The raw route's handler: answers with the event stream and keeps it open until the client leaves. */
  serve(req: IncomingMessage, res: ServerResponse): void {
    if (this.clients.size >= (this.o.maxClients ?? 16)) {
      const body = `${JSON.stringify({ error: { code: 'unavailable', message: `too many event streams open (${this.clients.size}); close a dashboard` } })}\n`;
      res.writeHead(503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Retry-After': '10' });
      res.end(body);
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
    });
    res.write('retry: 2000\n\n');
    this.clients.add(res);
    const gone = (): void => {
      if (this.clients.delete(res) && this.clients.size === 0) this.stop();
    };
    req.on('close', gone);
    res.on('close', gone);
    res.on('error', gone);
    if (this.clients.size === 1) this.start();
    this.write(res, this.eventText(this.snapshot()));
  }

  /** The snapshot a page would receive now (the detector part is the last complete period). */
  snapshot(): DashboardSnapshotJson {
    const node = this.o.node;
    const status = node.status();
    const reading = node.safety?.lastHealth() ?? null;
    this.rates.add({
      t: performance.now(),
      siftedBits: Number(status.stats.siftedKeyBits ?? 0),
      secretBits: Number(status.stats.secretBits ?? 0),
    });
    return {
      seq: ++this.seq,
      status: statusJson(node, status, this.rates.rates(), Date.now()),
      qberMax: this.o.config.thresholds.qberMax,
      detector: this.histogram ? this.withBoardCounts(this.detector ?? this.detectorJson(0), reading) : null,
      health: reading ? healthJson(reading) : null,
    };
  }

  /** End every stream (the server closes its connections too). */
  close(): void {
    for (const res of this.clients) res.end();
    this.clients.clear();
    this.stop();
  }

  private start(): void {
    this.periodStartMs = performance.now();
    const h = this.histogram;
    if (h && this.o.node.onTags) {
      this.detachTags = this.o.node.onTags((channels, timestampsPs) => h.add(channels, timestampsPs)) ?? null;
      if (!this.detachTags) this.o.log?.debug('dashboard: this node has no raw tag stream; the time histogram stays empty');
    }
    this.timer = setInterval(() => this.tick(), this.o.intervalMs ?? 1000);
    this.timer.unref();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.detachTags?.();
    this.detachTags = null;
    this.detector = null;
  }

  private tick(): void {
    const now = performance.now();
    if (this.histogram) {
      this.histogram.roll();
      this.detector = this.detectorJson((now - this.periodStartMs) / 1000);
    }
    this.periodStartMs = now;
    const text = this.eventText(this.snapshot());
    for (const res of this.clients) this.write(res, text);
  }

  private detectorJson(periodS: number): DetectorJson {
    const h = this.histogram!;
    const s = h.snapshot();
    const perS = (n: number): number => (periodS > 0 ? Math.round(n / periodS) : 0);
    return {
      periodS: Math.round(periodS * 1000) / 1000,
      startPs: s.startPs,
      binPs: s.binPs,
      gateWidthPs: s.gateWidthPs,
      gateDelayPs: Math.round(this.o.config.detector?.gateDelayPs ?? 0),
      slotPeriodPs: s.slotPeriodPs,
      channels: s.channels.map((channel, i) => ({
        label: LABELS[i] ?? `ch${channel}`,
        channel,
        countsPerS: perS(s.totals[i]),
        countSource: 'tags' as const,
        tagsPerS: perS(s.totals[i]),
        histogram: s.counts[i],
      })),
      otherCountsPerS: perS(s.otherTags),
    };
  }

  /** The board's own count rates, when its last reading is recent, replace the tags' (which lag while frames queue). */
  private withBoardCounts(d: DetectorJson, reading: HealthReading | null): DetectorJson {
    const detectors = reading && Date.now() - reading.atMs < HEALTH_FRESH_MS ? reading.health.detectors : undefined;
    if (!detectors) return d;
    return {
      ...d,
      channels: d.channels.map((c) => {
        const board = detectors.find((x) => x.channel === c.channel);
        return board ? { ...c, countsPerS: Math.round(board.countsPerSecond), countSource: 'board' as const } : c;
      }),
    };
  }

  private eventText(snapshot: DashboardSnapshotJson): string {
    return `event: snapshot\nid: ${snapshot.seq}\ndata: ${JSON.stringify(snapshot)}\n\n`;
  }

  private write(res: ServerResponse, text: string): void {
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      this.o.log?.warn('dashboard: a client does not read its event stream; dropping it');
      res.destroy();
      return;
    }
    res.write(text);
  }
}

function healthJson(r: HealthReading): HealthJson {
  const h = r.health;
  return {
    at: new Date(r.atMs).toISOString(),
    boardTemperatures: h.boardTemperatures.map((b) => ({ board: b.board, degc: b.degc })),
    source: h.source
      ? {
          interlockOpen: h.source.interlockOpen,
          emitting: h.source.emitting,
          laserCurrentMa: h.source.laserCurrentMa,
          laserTemperatureDegc: h.source.laserTemperatureDegc,
        }
      : null,
    detectors: h.detectors
      ? h.detectors.map((d) => ({
          channel: d.channel,
          countsPerSecond: d.countsPerSecond,
          temperatureDegc: d.temperatureDegc ?? null,
          deadTimeNs: d.deadTimeNs ?? null,
        }))
      : null,
  };
}

/** The receiver's histogram geometry from its config; null on a transmitter. */
export function gateHistogramFor(config: BenchConfig): GateHistogram | null {
  const det = config.detector;
  if (config.node.role !== 'receiver' || !det) return null;
  const c = det.channels;
  return new GateHistogram({
    slotPeriodPs: Math.round(1e12 / config.source.rateHz),
    gateDelayPs: det.gateDelayPs,
    gateWidthPs: det.gateWidthPs,
    channels: [c.h, c.v, c.d, c.a],
  });
}
