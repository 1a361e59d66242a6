/**
 * `qkdctl calibrate <what>`: find what a real bench does not tell, from the
 * running link, and record it in the nodes' calibration files.
 *
 *   delay        source-to-detector delay and per-channel skew → the receiver's gateDelayPs and
 *                inputDelayPs (src/calibration/delay-analysis.ts)
 *   detectors    dark counts (the transmitter held: source dark), dead time, afterpulsing and
 *                relative efficiency per detector → the receiver's file (informational)
 *   intensities  the actual mean photon number of each class → both nodes' files (the estimation
 *                of both must use the same values); needs --transmittance, the system
 *                transmittance measured with a calibrated attenuator and power meter
 *
 * qkdctl records the receiver's raw tags (GET /api/v1/tags) and the
 * transmitter's disclosed patterns (GET /api/v1/patterns, control socket only:
 * those frames are burnt) for --seconds at once, analyses them here, and has
 * each node write its own calibration file (POST /api/v1/calibration/SECTION).
 * The values take effect when a node starts (it says so: restartNeeded).
 * On a real bench the far node's control socket is reached through an SSH
 * tunnel: `ssh -N -L /tmp/alice.sock:/var/lib/qkdd/control.sock alice-host`,
 * then `--transmitter /tmp/alice.sock`.
 */
import { request } from 'node:http';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import { PatternStreamDecoder, type PatternStreamEvent } from '../../api/recording/patterns-wire.ts';
import { PATTERN_STREAM_PATH } from '../../api/recording/patterns-route.ts';
import { TAG_STREAM_PATH, TagStreamDecoder, type TagStreamEnd, type TagStreamEvent } from '../../api/recording/index.ts';
import type { CalibrationStateJson } from '../../api/control/calibration-route.ts';
import { analyzeDelay, type DelayAnalysis } from '../../calibration/delay-analysis.ts';
import { analyzeDetectors, analyzeIntensities } from '../../calibration/detector-analysis.ts';
import { slotStatistics } from '../../calibration/slot-statistics.ts';
import type { PatternSet, PerDetector, TagSet } from '../../calibration/tag-data.ts';
import { type OptionSpec, usageError } from '../args.ts';
import { type CommandIo, parseCommand, type QkdctlCommand } from './command.ts';
import { type ControlTarget, controlRequest, controlTarget } from './control-client.ts';
import { fetchRecordStream } from './record-stream-client.ts';
import { runCalibratePolarizationCommand } from './calibrate-polarization.ts';
import { runCalibrateAllCommand } from './calibrate-all.ts';

const WHATS = ['delay', 'detectors', 'intensities'] as const;
type What = (typeof WHATS)[number];

const COMMON = {
  receiver: {
    kind: 'string',
    help: "the receiver's control API: its socket path or http://127.0.0.1:PORT (the far node: through an SSH tunnel)",
  },
  transmitter: {
    kind: 'string',
    help: "the transmitter's control socket (its patterns are served on the socket only; the far node: ssh -L forwards it)",
  },
  seconds: { kind: 'number', help: 'how long to record tags and patterns, s (default 1 for delay, 4 otherwise)', min: 0.05, max: 600 },
  'no-write': { kind: 'boolean', help: 'print the result only; do not record it in the calibration files' },
} as const satisfies Record<string, OptionSpec>;

const SPECS = {
  delay: {
    ...COMMON,
    'max-delay-us': {
      kind: 'number',
      help: 'longest source-to-detector delay searched, µs (default 1000: ~200 km)',
      min: 0.001,
      max: 100_000,
    },
    'min-delay-us': { kind: 'number', help: 'shortest delay searched, µs (default 0)', min: 0, max: 100_000 },
    'gate-width-ps': {
      kind: 'number',
      help: "the gate to centre, ps (default: the receiver's, or 10 jitter widths when its gate is open over half the slot or more)",
      min: 10,
    },
  },
  detectors: {
    ...COMMON,
    'dark-seconds': { kind: 'number', help: 'how long to count dark counts with the source dark, s (default 5)', min: 0.5, max: 3600 },
    'max-delay-us': { kind: 'number', help: 'longest delay searched (as calibrate delay), µs (default 1000)', min: 0.001, max: 100_000 },
  },
  intensities: {
    ...COMMON,
    transmittance: {
      kind: 'number',
      help: 'system transmittance: probability that a photon leaving the transmitter is detected (fibre × receiver × detector efficiency), measured',
      min: 1e-9,
      max: 1,
    },
    'max-delay-us': { kind: 'number', help: 'longest delay searched (as calibrate delay), µs (default 1000)', min: 0.001, max: 100_000 },
  },
} as const satisfies Record<What, Record<string, OptionSpec>>;

const USAGE = `usage: qkdctl calibrate <what> --receiver ADDR --transmitter SOCKET [options]

  delay        source-to-detector delay and each detector's skew → gate delay and input delays
  detectors    dark counts (source dark), dead time, afterpulsing, relative efficiency
  intensities  actual mean photon number of each class (needs --transmittance)
  polarization modulator drive table and bias of lowest QBER (--transmitter only; applied live)
  all          delay, detectors, polarization, intensities: the sequence after cabling

ADDR: a control socket path or http://127.0.0.1:PORT. Each node records the result in its own
calibration file (calibration.file in its config); it applies at the node's next start.
qkdctl calibrate <what> --help lists the options of each.`;

/** A control target from one address: a socket path or an http:// URL. */
export function targetOf(address: string, what: string): ControlTarget {
  if (address === '') throw usageError(`--${what}: give a control socket path or http://127.0.0.1:PORT`);
  return /^https?:\/\//.test(address)
    ? controlTarget({ url: address, socket: undefined, config: undefined })
    : controlTarget({ socket: address, url: undefined, config: undefined });
}

// ---- recording both nodes at once ------------------------------------------------------------

class TagBuffer {
  channels = new Uint8Array(1 << 16);
  times = new Float64Array(1 << 16);
  n = 0;
  push(ch: Uint8Array, ts: Float64Array): void {
    if (this.n + ch.length > this.channels.length) {
      let cap = this.channels.length;
      while (cap < this.n + ch.length) cap *= 2;
      const c = new Uint8Array(cap);
      c.set(this.channels.subarray(0, this.n));
      const t = new Float64Array(cap);
      t.set(this.times.subarray(0, this.n));
      this.channels = c;
      this.times = t;
    }
    this.channels.set(ch, this.n);
    this.times.set(ts, this.n);
    this.n += ch.length;
  }
  tags(): TagSet {
    return { channels: this.channels.subarray(0, this.n), timestampsPs: this.times.subarray(0, this.n) };
  }
}

function recordTagsInMemory(
  target: ControlTarget,
  seconds: number,
  onTags: (n: number) => void,
): Promise<{ tags: TagSet; end: TagStreamEnd | null }> {
  const buf = new TagBuffer();
  return fetchRecordStream<TagStreamEvent, { tags: TagSet; end: TagStreamEnd | null }>({
    target,
    path: TAG_STREAM_PATH,
    what: 'tags',
    streamName: 'tag stream',
    seconds,
    decoder: new TagStreamDecoder(),
    open() {
      let started = false;
      let end: TagStreamEnd | null = null;
      return {
        event(e) {
          if (e.kind === 'start') started = true;
          else if (e.kind === 'tags') {
            buf.push(e.channels, e.timestampsPs);
            onTags(buf.n);
          } else if (e.kind === 'end') end = e.end;
          return undefined;
        },
        started: () => started,
        abandon() {},
        finish: () => ({ tags: buf.tags(), end }),
      };
    },
  });
}

/** Tags per second of bench time (first to last tag). */
function spanRate(tags: TagSet): number {
  const n = tags.timestampsPs.length;
  return n > 1 ? ((n - 1) / (tags.timestampsPs[n - 1] - tags.timestampsPs[0])) * 1e12 : 0;
}

/** What `recordLink` collected: tags (sorted), patterns, and the time the tags cover. */
interface LinkRecording {
  readonly tags: TagSet;
  readonly patterns: PatternSet;
  /** [first tag, last tag], ps. */
  readonly spans: [number, number][];
}

const MAX_RECORD_S = 120;

/**
 * One recording stream (GET path?seconds=N on the node), decoded as it comes, that the caller may end
 * early (`stop`: the connection is closed; the node stops tapping, and burning, at once).
 */
function openStream<E>(
  target: ControlTarget,
  path: string,
  seconds: number,
  decoder: { push(chunk: Buffer): E[] },
  onEvent: (e: E) => void,
): { done: Promise<void>; stop(): void } {
  const full = `${target.kind === 'url' ? target.base.pathname.replace(/\/$/, '') : ''}${path}?seconds=${seconds}`;
  const where =
    target.kind === 'socket'
      ? { socketPath: target.path, headers: { Host: 'localhost' } }
      : { host: target.base.hostname.replace(/^\[|\]$/g, ''), port: Number(target.base.port || 80), headers: {} };
  let stopped = false;
  let req: ReturnType<typeof request> | null = null;
  const done = new Promise<void>((resolve, reject) => {
    req = request({ ...where, agent: false, method: 'GET', path: full }, (res) => {
      if (res.statusCode !== 200) {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let message = `HTTP ${res.statusCode}`;
          try {
            message = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { error: { message: string } }).error.message;
          } catch {
            // not the control API's JSON error
          }
          reject(
            new QkdError(QkdErrorCode.ControlRequestFailed, `${target.label}: GET ${path} failed: ${message}`, { target: target.label }),
          );
        });
        return;
      }
      res.on('data', (chunk: Buffer) => {
        if (stopped) return;
        try {
          for (const e of decoder.push(chunk)) onEvent(e);
        } catch (err) {
          reject(new QkdError(QkdErrorCode.ControlRequestFailed, `${target.label}: ${(err as Error).message}`, { target: target.label }));
        }
      });
      res.on('end', () => resolve());
      res.on('close', () => resolve());
      res.on('error', (err) => (stopped ? resolve() : reject(err)));
    });
    req.on('error', (err: NodeJS.ErrnoException) =>
      stopped
        ? resolve()
        : reject(
            new QkdError(QkdErrorCode.ControlUnreachable, `no node answers at ${target.label} (${err.code ?? err.message})`, {
              target: target.label,
              errno: err.code,
            }),
          ),
    );
    req.end();
  });
  return {
    done,
    stop() {
      stopped = true;
      (req as ReturnType<typeof request> | null)?.destroy();
    },
  };
}

/**
 * The receiver's tags and the transmitter's patterns over one window of at least `seconds`, kept
 * open until `minFrames` emitted frames have all their tags in it (a slow link may emit less than
 * a frame a second, and a frame's tags come after its pattern), for at most 120 s.
 */
async function recordLink(
  receiver: ControlTarget,
  transmitter: ControlTarget,
  seconds: number,
  io: CommandIo,
  minFrames: number,
  slotPeriodPs: number,
): Promise<LinkRecording> {
  const buf = new TagBuffer();
  const frames = new Map<number, Uint32Array>();
  let slotsPerFrame = 0;
  io.progress(`recording tags (receiver) and patterns (transmitter; those frames are burnt) for ${seconds} s or more…`);
  const tagStream = openStream<TagStreamEvent>(receiver, TAG_STREAM_PATH, MAX_RECORD_S, new TagStreamDecoder(), (e) => {
    if (e.kind === 'tags' && e.channels.length > 0) buf.push(e.channels, e.timestampsPs);
  });
  const patternStream = openStream<PatternStreamEvent>(transmitter, PATTERN_STREAM_PATH, MAX_RECORD_S, new PatternStreamDecoder(), (e) => {
    if (e.kind === 'start') slotsPerFrame = e.start.slotsPerFrame;
    else if (e.kind === 'pattern') frames.set(e.frameId, e.words.slice());
  });
  // A frame counts once the tags cover it whole, its photons' delay (≤ 1 ms) included.
  const covered = (): number => {
    if (buf.n === 0 || slotsPerFrame === 0) return 0;
    const framePs = slotsPerFrame * slotPeriodPs;
    const first = buf.times[0];
    const last = buf.times[buf.n - 1];
    let n = 0;
    for (const f of frames.keys()) if (first <= f * framePs && last >= (f + 1) * framePs + 1e9) n++;
    return n;
  };
  const t0 = Date.now();
  let lastReport = t0;
  let failure: unknown = null;
  const watch = Promise.race([tagStream.done, patternStream.done]).then(
    () => (failure ??= new QkdError(QkdErrorCode.ControlRequestFailed, 'a node ended its recording stream early (it stopped?)', {})),
    (err: unknown) => (failure ??= err),
  );
  void watch;
  try {
    for (;;) {
      await new Promise((r) => setTimeout(r, 200));
      if (failure) throw failure;
      const elapsed = (Date.now() - t0) / 1000;
      const n = covered();
      if (elapsed >= seconds && n >= minFrames) break;
      if (Date.now() - lastReport >= 2000) {
        lastReport = Date.now();
        io.progress(`  ${buf.n} tags, ${frames.size} frame patterns, ${n} frames with all their tags`);
      }
      if (elapsed > MAX_RECORD_S - 5)
        throw new QkdError(
          QkdErrorCode.CalibrationFailed,
          `in ${MAX_RECORD_S - 5} s the transmitter emitted ${frames.size} frames, ${n} of them with all their tags recorded (${minFrames} needed): is its key generation running (qkdctl start)?`,
          { frames: frames.size },
        );
    }
  } finally {
    tagStream.stop();
    patternStream.stop();
  }
  io.progress(`recorded ${buf.n} tags and ${frames.size} frame patterns (${covered()} frames with all their tags)`);
  const tags = buf.tags();
  return { tags, patterns: { slotsPerFrame, frames }, spans: [[tags.timestampsPs[0], tags.timestampsPs[tags.timestampsPs.length - 1]]] };
}

// ---- the calibrations -------------------------------------------------------------------------

interface Context {
  readonly receiver: ControlTarget;
  readonly transmitter: ControlTarget;
  readonly seconds: number;
  readonly write: boolean;
  readonly io: CommandIo;
  readonly bob: CalibrationStateJson;
}

async function state(target: ControlTarget): Promise<CalibrationStateJson> {
  return controlRequest<CalibrationStateJson>(target, 'GET', '/calibration');
}

function geometry(bob: CalibrationStateJson): { slotPeriodPs: number; channels: PerDetector<number> } {
  const channels = bob.applied.channels;
  if (bob.role !== 'receiver' || !channels)
    throw usageError(`--receiver: node ${bob.nodeId} is a ${bob.role}; give the receiver's control API`);
  return { slotPeriodPs: 1e12 / bob.applied.pulseRateHz, channels };
}

async function record(target: ControlTarget, section: string, body: unknown, io: CommandIo): Promise<{ file: string; nodeId: string }> {
  const answer = await controlRequest<{ file: string; nodeId: string }>(target, 'POST', `/calibration/${section}`, body);
  io.progress(`recorded in ${answer.nodeId}'s ${answer.file} (applies at its next start)`);
  return answer;
}

function delayOf(
  ctx: Context,
  tags: TagSet,
  patterns: PatternSet,
  maxDelayUs: number | undefined,
  minDelayUs?: number,
  gateWidthPs?: number,
): DelayAnalysis {
  const geo = geometry(ctx.bob);
  return analyzeDelay(tags, patterns, geo, {
    gateWidthPs: gateWidthPs ?? ctx.bob.applied.gateWidthPs ?? 400,
    appliedInputDelayPs: ctx.bob.applied.inputDelayPs ?? undefined,
    maxDelayPs: (maxDelayUs ?? 1000) * 1e6,
    minDelayPs: (minDelayUs ?? 0) * 1e6,
  });
}

async function calibrateDelay(
  ctx: Context,
  v: { 'max-delay-us'?: number; 'min-delay-us'?: number; 'gate-width-ps'?: number },
): Promise<unknown> {
  const t0 = performance.now();
  const { tags, patterns } = await recordLink(ctx.receiver, ctx.transmitter, ctx.seconds, ctx.io, 1, 1e12 / ctx.bob.applied.pulseRateHz);
  ctx.io.progress('searching the delay (cross-correlation with the emitted pattern, then the arrival peak)…');
  const first = delayOf(ctx, tags, patterns, v['max-delay-us'], v['min-delay-us']);
  // The gate: as asked; else the receiver's, unless it is open (half the slot or more: a bench not calibrated yet),
  // then 10 jitter widths (±5σ: all but 6·10⁻⁷ of the photons), rounded up to 10 ps.
  const period = 1e12 / ctx.bob.applied.pulseRateHz;
  const configured = ctx.bob.applied.gateWidthPs ?? period;
  const jitter = Math.max(...first.channels.map((c) => c.widthPs));
  const gateWidthPs = Math.min(
    period,
    v['gate-width-ps'] ?? (configured < period / 2 ? configured : Math.max(100, Math.ceil((10 * jitter) / 10) * 10)),
  );
  const a = { ...first, gateDelayPs: Math.max(0, Math.round(first.meanDelayPs - gateWidthPs / 2)) };
  const values = { gateDelayPs: a.gateDelayPs, gateWidthPs, inputDelayPs: a.inputDelayPs };
  const figures = {
    meanDelayPs: a.meanDelayPs,
    skewPs: a.skewPs,
    channels: a.channels,
    tags: tags.channels.length,
    frames: patterns.frames.size,
    seconds: (performance.now() - t0) / 1000,
  };
  const recorded = ctx.write
    ? await record(
        ctx.receiver,
        'delay',
        { method: 'cross-correlation with the disclosed intensity pattern, arrival-peak centroid', values, figures },
        ctx.io,
      )
    : null;
  return { what: 'delay', values, figures, recorded };
}

async function calibrateDetectors(ctx: Context, v: { 'dark-seconds'?: number; 'max-delay-us'?: number }): Promise<unknown> {
  const t0 = performance.now();
  const darkSeconds = v['dark-seconds'] ?? 5;
  // Lit first: the per-state rates, dead time and afterpulse floor (and the lit rate the dark wait compares with).
  const { tags, patterns, spans } = await recordLink(
    ctx.receiver,
    ctx.transmitter,
    ctx.seconds,
    ctx.io,
    2,
    1e12 / ctx.bob.applied.pulseRateHz,
  );
  const litRate =
    (tags.channels.length /
      Math.max(
        1,
        spans.reduce((sum, [from, to]) => sum + (to - from), 0),
      )) *
    1e12;
  const geo = geometry(ctx.bob);
  const a = delayOf(ctx, tags, patterns, v['max-delay-us']);
  const stats = slotStatistics(tags, patterns, geo, a, {
    appliedInputDelayPs: ctx.bob.applied.inputDelayPs ?? undefined,
    coveragePs: spans,
  });
  const alice = await controlRequest<{ generation: { running: boolean } }>(ctx.transmitter, 'GET', '/status');
  const wasRunning = alice.generation.running;
  ctx.io.progress(`source dark: holding the transmitter's key generation for ${darkSeconds} s of dark counts…`);
  await controlRequest(ctx.transmitter, 'POST', '/generation/stop');
  let dark: { tags: TagSet; end: TagStreamEnd | null };
  try {
    // Wait for the source to be dark: tags flowing at under 1/50 of the lit rate (frames in flight end,
    // and a simulated bench stops waiting for its host and runs dark time on the wall clock).
    const deadline = Date.now() + 60_000;
    for (;;) {
      const probe = (await recordTagsInMemory(ctx.receiver, 0.5, () => undefined)).tags;
      if (probe.channels.length >= 10 && spanRate(probe) < litRate / 50) break;
      if (Date.now() > deadline)
        throw new QkdError(
          QkdErrorCode.CalibrationFailed,
          'the receiver still sees light (or no tags at all) 60 s after the transmitter was held',
          {
            litRate,
          },
        );
      ctx.io.progress('  waiting for the source to go dark…');
    }
    dark = await recordTagsInMemory(ctx.receiver, darkSeconds, () => undefined);
  } finally {
    if (wasRunning) await controlRequest(ctx.transmitter, 'POST', '/generation/start');
  }
  ctx.io.progress(
    `${dark.tags.channels.length} dark counts; the transmitter's generation is ${wasRunning ? 'released' : 'left held (it was)'}`,
  );
  const d = analyzeDetectors({ tags: dark.tags }, stats, geo.channels);
  const ap = d.afterpulseProbability;
  const values = {
    darkCountRateHz: d.darkCountRateHz,
    relativeEfficiency: d.relativeEfficiency,
    deadTimeNs: d.deadTimeNs,
    afterpulseProbability: { h: ap.h ?? 0, v: ap.v ?? 0, d: ap.d ?? 0, a: ap.a ?? 0 },
  };
  const figures = { ...d, framesUsed: stats.framesUsed, darkTags: dark.tags.channels.length, seconds: (performance.now() - t0) / 1000 };
  const recorded = ctx.write
    ? await record(
        ctx.receiver,
        'detectors',
        { method: 'dark counts with the source dark; dead time, afterpulse floor and per-state rates of a lit recording', values, figures },
        ctx.io,
      )
    : null;
  return { what: 'detectors', values, figures, recorded };
}

async function calibrateIntensities(ctx: Context, v: { transmittance?: number; 'max-delay-us'?: number }): Promise<unknown> {
  if (v.transmittance === undefined)
    throw usageError(
      '--transmittance T is required: the probability that a photon leaving the transmitter is detected (see docs/real-bench.md)',
    );
  const t0 = performance.now();
  const { tags, patterns, spans } = await recordLink(
    ctx.receiver,
    ctx.transmitter,
    ctx.seconds,
    ctx.io,
    2,
    1e12 / ctx.bob.applied.pulseRateHz,
  );
  const geo = geometry(ctx.bob);
  const a = delayOf(ctx, tags, patterns, v['max-delay-us']);
  const stats = slotStatistics(tags, patterns, geo, a, {
    appliedInputDelayPs: ctx.bob.applied.inputDelayPs ?? undefined,
    coveragePs: spans,
  });
  const mu = analyzeIntensities(stats, v.transmittance);
  const values = { signal: mu.signal, decoy: mu.decoy, vacuum: mu.vacuum };
  const figures = { ...mu, setpoints: ctx.bob.applied.intensities, framesUsed: stats.framesUsed, seconds: (performance.now() - t0) / 1000 };
  const method = 'class ratios from per-state detection rates of live slots; signal scale from the given system transmittance';
  // Both nodes estimate the key length: both must use the same intensities.
  const recorded = ctx.write
    ? [
        await record(ctx.receiver, 'intensities', { method, values, figures }, ctx.io),
        await record(ctx.transmitter, 'intensities', { method, values, figures }, ctx.io),
      ]
    : null;
  return { what: 'intensities', values, figures, recorded };
}

function human(result: { what: string; values: unknown; figures: Record<string, unknown>; recorded: unknown }): string {
  const lines = [`calibrate ${result.what}:`];
  const v = result.values as Record<string, unknown>;
  const fmt = (x: unknown): string =>
    typeof x === 'number'
      ? Number.isInteger(x)
        ? String(x)
        : x.toPrecision(5)
      : typeof x === 'object' && x !== null
        ? Object.entries(x)
            .map(([k, y]) => `${k} ${fmt(y)}`)
            .join(', ')
        : String(x);
  for (const [k, x] of Object.entries(v)) if (x !== undefined) lines.push(`  ${k}: ${fmt(x)}`);
  if (result.what === 'delay') lines.push(`  mean delay ${fmt(result.figures.meanDelayPs)} ps; skew ${fmt(result.figures.skewPs)} ps`);
  lines.push(`  took ${(result.figures.seconds as number).toFixed(1)} s`);
  lines.push(result.recorded ? '  recorded in the calibration file(s); restart the node(s) to apply' : '  not recorded (--no-write)');
  return lines.join('\n');
}

export const calibrateCommand: QkdctlCommand = {
  name: 'calibrate',
  summary: 'find the delay and skew, detector figures or actual intensities of a running link; record them',
  async run(argv) {
    const what = argv[0];
    if (what === undefined || what === '--help' || what === '-h') {
      console.log(USAGE);
      return 0;
    }
    if (what === 'polarization') return runCalibratePolarizationCommand(argv.slice(1));
    if (what === 'all') return runCalibrateAllCommand(argv.slice(1));
    if (!WHATS.includes(what as What)) throw usageError(`calibrate what? one of ${WHATS.join(', ')}, polarization, all (got '${what}')`);
    const w = what as What;
    const parsed = parseCommand(argv.slice(1), `calibrate ${w}`, '--receiver ADDR --transmitter SOCKET [options]', SPECS[w]);
    if (!parsed) return 0;
    const { values, io } = parsed;
    if (values.receiver === undefined) throw usageError("--receiver ADDR is required (the receiver's control socket or URL)");
    if (values.transmitter === undefined) throw usageError("--transmitter SOCKET is required (the transmitter's control socket)");
    const receiver = targetOf(values.receiver, 'receiver');
    const transmitter = targetOf(values.transmitter, 'transmitter');
    const bob = await state(receiver);
    geometry(bob);
    const ctx: Context = {
      receiver,
      transmitter,
      seconds: values.seconds ?? (w === 'delay' ? 1 : 4),
      write: values['no-write'] !== true,
      io,
      bob,
    };
    const result = (
      w === 'delay'
        ? await calibrateDelay(ctx, values as { 'max-delay-us'?: number; 'min-delay-us'?: number; 'gate-width-ps'?: number })
        : w === 'detectors'
          ? await calibrateDetectors(ctx, values as { 'dark-seconds'?: number; 'max-delay-us'?: number })
          : await calibrateIntensities(ctx, values as { transmittance?: number; 'max-delay-us'?: number })
    ) as {
      what: string;
      values: unknown;
      figures: Record<string, unknown>;
      recorded: unknown;
    };
    io.result(human(result), result);
    return 0;
  },
};
