/**
 * The Prometheus metrics of one node (prom-client): one registry per node,
 * served at GET /metrics on the control API (metrics-route.ts).
 *
 * Almost everything is read from the node at scrape time, in the metrics'
 * collect() callbacks: one `status()` (and the safety monitor's last bench
 * reading) per scrape, shared by every family. The node's hot path therefore
 * pays nothing for being measured. The only metrics updated as things happen
 * are the ETSI GS QKD 014 request counter and latency histogram, fed by the
 * ETSI server's `onRequest` hook (`observeEtsiRequest`).
 *
 * Names follow the Prometheus conventions: the `qkdd_` prefix, base units
 * (`_seconds`, `_bits`, `_hertz`, `_celsius`, `_amperes`, `_ratio`), counters
 * end in `_total`, label names and values are lowercase. Counters come from
 * the node's monotonically growing statistics; they are kept as prom-client
 * counters advanced by each scrape's increase, so they never go backwards,
 * even if a statistic did. Rates (sifted and secret bit/s) are `rate()` in
 * PromQL, not metrics. Families are listed in docs/control-api.md.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { ALARM_CODES } from '../../node/alarms.ts';
import type { NodeStatus } from '../../node/qkd-node.ts';
import type { HealthReading } from '../../node/safety/safety-monitor.ts';
import type { EtsiRequestRecord, MeteredNode } from './metered-node.ts';

export interface NodeMetricsOptions {
  /** Also export prom-client's process and Node.js metrics (`process_*`, `nodejs_*`). Default true. */
  readonly processMetrics?: boolean;
}

/** Buckets of the ETSI request latency, in seconds (a key request takes about a millisecond to tens of them). */
export const ETSI_LATENCY_BUCKETS_S = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Intensity classes in the order of the node's per-class statistics. */
const INTENSITY_CLASSES = ['signal', 'decoy', 'vacuum'] as const;
const BOARD_STATES = ['connected', 'lost'] as const;
const ETSI_ENDPOINTS = ['status', 'enc_keys', 'dec_keys'] as const;
/** Generation-gate reasons exported at 0 while they do not hold (src/node/generation-gate.ts, safety-monitor.ts). */
const KNOWN_HOLDS = [
  'operator',
  'safety:interlock',
  'safety:laser-off',
  'safety:over-temperature',
  'safety:detector-saturated',
  'safety:count-rate-out-of-range',
] as const;

type Labels = Record<string, string>;

/** One scrape's view of the node. */
interface Scrape {
  readonly status: NodeStatus;
  readonly health: HealthReading | null;
}

export class NodeMetrics {
  readonly registry = new Registry();
  private readonly etsiRequests: Counter<'endpoint' | 'code'>;
  private readonly etsiDuration: Histogram<'endpoint'>;
  private current: Scrape | null = null;

  constructor(
    private readonly node: MeteredNode,
    options: NodeMetricsOptions = {},
  ) {
    this.defineFamilies();
    this.etsiRequests = new Counter({
      name: 'qkdd_etsi_requests_total',
      help: 'ETSI GS QKD 014 requests answered, by endpoint (status, enc_keys, dec_keys, other) and HTTP status code.',
      labelNames: ['endpoint', 'code'],
      registers: [this.registry],
    });
    this.etsiDuration = new Histogram({
      name: 'qkdd_etsi_request_duration_seconds',
      help: 'Time from an ETSI GS QKD 014 request to the end of its response, by endpoint.',
      labelNames: ['endpoint'],
      buckets: ETSI_LATENCY_BUCKETS_S,
      registers: [this.registry],
    });
    for (const endpoint of ETSI_ENDPOINTS) this.etsiDuration.zero({ endpoint });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** `Content-Type` of the exposition (the Prometheus text format 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** The text exposition of every family, read from the node now. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  /** One answered ETSI request (the ETSI server's `onRequest` hook). */
  observeEtsiRequest(r: EtsiRequestRecord): void {
    this.etsiRequests.inc({ endpoint: r.endpoint, code: String(r.status) });
    this.etsiDuration.observe({ endpoint: r.endpoint }, r.seconds);
  }

  /**
   * The node's status and health for this scrape. prom-client starts every
   * family's collect() in one synchronous pass, so they all share one read;
   * it is dropped at the next microtask, so the next scrape reads afresh.
   */
  private scrape(): Scrape {
    if (this.current) return this.current;
    const scrape: Scrape = { status: this.node.status(), health: this.node.safety?.lastHealth() ?? null };
    this.current = scrape;
    queueMicrotask(() => {
      if (this.current === scrape) this.current = null;
    });
    return scrape;
  }

  private defineFamilies(): void {
    const stat = (s: Scrape, key: string): number => num(s.status.stats[key]);

    // --- the node ---
    this.gauge('qkdd_node_info', 'The node: its KME ID, role and link (value 1).', ['node_id', 'role', 'link_id'], (s, set) =>
      set(1, { node_id: s.status.nodeId, role: s.status.role, link_id: s.status.linkId }),
    );

    // --- key generation ---
    this.gauge(
      'qkdd_qber_ratio',
      'QBER of the last frame that measured it: basis z (key basis, from error correction, all intensity classes) and x (test basis, disclosed sample) per intensity class (signal, decoy, vacuum) and over all.',
      ['basis', 'intensity'],
      (s, set) => {
        set(stat(s, 'lastQberKey'), { basis: 'z', intensity: 'all' });
        set(stat(s, 'lastQberTest'), { basis: 'x', intensity: 'all' });
        const byClass = s.status.stats.lastQberTestByClass;
        if (Array.isArray(byClass)) for (const [i, c] of INTENSITY_CLASSES.entries()) set(num(byClass[i]), { basis: 'x', intensity: c });
      },
    );
    this.counter('qkdd_detections_total', 'Detections the receiver reported, over all frames.', [], (s, sync) =>
      sync(stat(s, 'detections')),
    );
    this.counter('qkdd_sifted_bits_total', 'Sifted key-basis bits (bases matched), over all frames.', [], (s, sync) =>
      sync(stat(s, 'siftedKeyBits')),
    );
    this.counter('qkdd_secret_bits_total', 'Secret key bits produced (after privacy amplification).', [], (s, sync) =>
      sync(stat(s, 'secretBits')),
    );
    this.counter('qkdd_frames_started_total', 'Frames started.', [], (s, sync) => sync(stat(s, 'framesStarted')));
    this.counter('qkdd_frames_ok_total', 'Frames that ended with a secret block.', [], (s, sync) => sync(stat(s, 'framesOk')));
    this.counter(
      'qkdd_frames_dropped_total',
      'Frames dropped, by reason (qber-over-threshold, length-not-positive, insufficient-statistics, verification-failed, protocol-error, peer-abort, …).',
      ['reason'],
      (s, sync) => {
        const byReason = s.status.stats.abortsByReason;
        if (typeof byReason !== 'object' || byReason === null) return;
        for (const [reason, n] of Object.entries(byReason)) sync(num(n), { reason });
      },
    );
    this.gauge('qkdd_frames_in_flight', 'Frames being processed now.', [], (s, set) => set(s.status.framesInFlight));
    this.counter('qkdd_blocks_stored_total', 'Secret blocks stored in the key store.', [], (s, sync) => sync(stat(s, 'blocksStored')));
    this.counter('qkdd_cascade_leak_bits_total', 'Parity bits disclosed by Cascade error correction.', [], (s, sync) =>
      sync(stat(s, 'cascadeLeakBits')),
    );
    this.counter('qkdd_cascade_round_trips_total', 'Cascade round trips (requests answered by the peer).', [], (s, sync) =>
      sync(stat(s, 'cascadeRounds')),
    );
    this.gauge('qkdd_generation_running', 'Whether key generation runs (1) or is held (0).', [], (s, set) =>
      set(s.status.generation.running ? 1 : 0),
    );
    this.gauge(
      'qkdd_generation_hold',
      'What holds key generation: 1 for each reason holding it now (operator, safety:<condition>), else 0.',
      ['reason'],
      (s, set) => {
        const held = new Set(s.status.generation.holds.map((h) => h.reason));
        for (const reason of new Set<string>([...KNOWN_HOLDS, ...held])) set(held.has(reason) ? 1 : 0, { reason });
      },
    );

    // --- the key store ---
    this.gauge(
      'qkdd_keystore_bits',
      'Key bits stored, by pool: app (for applications, ETSI 014) and auth (peer authentication).',
      ['pool'],
      (s, set) => {
        set(s.status.store.appBits, { pool: 'app' });
        set(s.status.store.authBits, { pool: 'auth' });
      },
    );
    this.gauge('qkdd_keystore_capacity_bits', 'Largest number of bits the key store holds (keystore.maxBits).', [], (s, set) =>
      set(s.status.store.maxBits),
    );
    this.gauge('qkdd_keystore_pending_blocks', "Blocks stored but awaiting the peer's confirmation.", [], (s, set) =>
      set(s.status.store.pendingBlocks),
    );
    this.counter('qkdd_keys_delivered_total', 'Keys handed out to applications.', [], (s, sync) => sync(s.status.store.deliveredKeys));

    // --- the peer channel ---
    this.gauge('qkdd_peer_connected', 'Whether the authenticated peer channel is up (1) or not (0).', [], (s, set) =>
      set(s.status.peerConnected ? 1 : 0),
    );
    this.counter('qkdd_peer_sessions_total', 'Peer sessions opened.', [], (s, sync) => sync(s.status.peerSessions));
    this.gauge(
      'qkdd_auth_key_left_bits',
      "Authentication key left for the peer channel, by source: pre_shared (the pre-shared key file) and store (the key store's auth pool).",
      ['source'],
      (s, set) => {
        if (s.status.authKey) set(s.status.authKey.preSharedLeftBits, { source: 'pre_shared' });
        set(s.status.store.authBits, { source: 'store' });
      },
    );

    // --- alarms ---
    this.counter('qkdd_alarms_total', 'Alarms raised, by code (src/node/alarms.ts).', ['code'], (s, sync) => {
      for (const code of ALARM_CODES) if (!(code in s.status.alarms.byCode)) sync(0, { code });
      for (const [code, n] of Object.entries(s.status.alarms.byCode)) sync(n, { code });
    });

    // --- the bench ---
    this.gauge(
      'qkdd_board_state',
      'State of each board: 1 for its current state (connected, lost), 0 for the other.',
      ['board', 'state'],
      (s, set) => {
        for (const b of s.status.boards) for (const state of BOARD_STATES) set(b.state === state ? 1 : 0, { board: b.name, state });
      },
    );
    this.gauge('qkdd_board_temperature_celsius', "Each board's PCB temperature (last health reading).", ['board'], (s, set) => {
      for (const b of s.health?.health.boardTemperatures ?? []) set(b.degc, { board: b.board });
    });
    this.gauge(
      'qkdd_detector_count_rate_hertz',
      "Each detector channel's count rate, counts per second (the safety monitor's last reading of the time tagger).",
      ['channel'],
      (s, set) => {
        for (const d of s.health?.health.detectors ?? []) set(d.countsPerSecond, { channel: String(d.channel) });
      },
    );
    this.gauge('qkdd_detector_temperature_celsius', "Each detector's temperature (last health reading).", ['channel'], (s, set) => {
      for (const d of s.health?.health.detectors ?? [])
        if (d.temperatureDegc !== undefined) set(d.temperatureDegc, { channel: String(d.channel) });
    });
    this.gauge('qkdd_laser_current_amperes', "The photon source's laser current (last health reading).", [], (s, set) => {
      const src = s.health?.health.source;
      if (src) set(src.laserCurrentMa / 1000);
    });
    this.gauge('qkdd_laser_temperature_celsius', "The photon source's laser diode temperature (last health reading).", [], (s, set) => {
      const src = s.health?.health.source;
      if (src) set(src.laserTemperatureDegc);
    });
    this.gauge(
      'qkdd_interlock_open',
      "Whether the photon source's laser safety interlock is open (1) or closed (0), last health reading.",
      [],
      (s, set) => {
        const src = s.health?.health.source;
        if (src) set(src.interlockOpen ? 1 : 0);
      },
    );
    this.gauge(
      'qkdd_bench_health_timestamp_seconds',
      'When the bench health above was read (Unix time); compare with time() to see how old it is.',
      [],
      (s, set) => {
        if (s.health) set(s.health.atMs / 1000);
      },
    );
  }

  /**
   * A gauge filled at each scrape: `fill` sets the series that exist now
   * (the others disappear; a non-finite value leaves its series out).
   */
  private gauge(
    name: string,
    help: string,
    labelNames: readonly string[],
    fill: (s: Scrape, set: (v: number, labels?: Labels) => void) => void,
  ): void {
    const g: Gauge<string> = new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect: () => {
        g.reset();
        // reset() puts an unlabelled gauge back at 0; a value not known now is better left out than shown as 0.
        if (labelNames.length === 0) g.remove();
        fill(this.scrape(), (v, labels) => {
          if (Number.isFinite(v)) g.set(labels ?? {}, v);
        });
      },
    });
  }

  /**
   * A counter that follows a monotonically growing statistic of the node:
   * each scrape adds what the statistic grew by since the last one, per
   * label set. A statistic that went down (a restarted source) is taken as
   * the new base, so the counter never goes backwards.
   */
  private counter(
    name: string,
    help: string,
    labelNames: readonly string[],
    fill: (s: Scrape, sync: (v: number, labels?: Labels) => void) => void,
  ): void {
    const last = new Map<string, number>();
    const c: Counter<string> = new Counter({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect: () => {
        fill(this.scrape(), (v, labels = {}) => {
          if (!Number.isFinite(v) || v < 0) return;
          const key = labelKey(labels);
          const before = last.get(key);
          last.set(key, v);
          if (before === undefined) c.inc(labels, v);
          else if (v > before) c.inc(labels, v - before);
        });
      },
    });
  }
}

/** A number from the node's loosely typed statistics (NaN when absent). */
function num(v: unknown): number {
  return typeof v === 'number' ? v : Number.NaN;
}

function labelKey(labels: Labels): string {
  let key = '';
  for (const k of Object.keys(labels).sort()) key += `${k}\u0000${labels[k]}\u0001`;
  return key;
}

const shared = new WeakMap<MeteredNode, NodeMetrics>();

/**
 * The metrics of `node`, created on first use: `qkdd run` wires the ETSI
 * server's hook and the /metrics route separately, and both must reach the
 * same registry.
 */
export function metricsForNode(node: MeteredNode, options?: NodeMetricsOptions): NodeMetrics {
  let m = shared.get(node);
  if (!m) {
    m = new NodeMetrics(node, options);
    shared.set(node, m);
  }
  return m;
}
