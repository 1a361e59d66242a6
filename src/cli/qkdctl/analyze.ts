/**
 * `qkdctl analyze FILE.ptu [--pattern FILE]`: a recording's count rates per
 * channel, the arrival-time histogram over one slot period and its peak
 * (where in the slot the photons arrive, and the gate delay that centres the
 * gate on them), and, given the transmitter's pattern, the sifted counts and
 * the QBER per basis — through the node's own timing and sifting code
 * (src/pipeline: assignSlots, basisMatchMask, siftAlice/siftBob,
 * errorsPerIntensity), frame by frame as the receiver node cuts them.
 *
 * The bench (pulse rate, channel map, gate, frame slots) comes from the
 * recording's header (qkdctl record writes it); options override it, and are
 * needed for PTU files from other software. The pattern file's format is in
 * formats/pattern/pattern-file.ts and docs/recording.md.
 */
import { type BenchRecordingInfo, PtuReader } from '../../../formats/ptu/index.ts';
import { type PatternFile, patternFor, readPatternFile } from '../../../formats/pattern/pattern-file.ts';
import { errorsPerIntensity, detectionsPerIntensity } from '../../pipeline/estimation/observed-counts.ts';
import { Xoshiro128 } from '../../pipeline/prng.ts';
import { basisMatchMask, matchedIntensities, packBases, countMatched, intensityWordsFor } from '../../pipeline/sifting/exchange.ts';
import { siftAlice, siftBob } from '../../pipeline/sifting/sifted-keys.ts';
import { allocTimingOutput, assignSlots, type TimingOutput } from '../../pipeline/timing/assign-slots.ts';
import { makeChannelMap } from '../../pipeline/timing/channel-map.ts';
import { type OptionSpec, usageError } from '../args.ts';
import { parseCommand, type QkdctlCommand } from './command.ts';
import { progressReporter } from './record.ts';

const OPTIONS = {
  pattern: { kind: 'string', help: "the transmitter's pattern file (sifted counts and QBER)" },
  'pulse-rate-hz': { kind: 'number', help: 'pulse rate, Hz (default: from the recording)', min: 1 },
  'gate-delay-ps': { kind: 'number', help: 'emission edge → gate opening, ps (default: from the recording)', min: 0 },
  'gate-width-ps': { kind: 'number', help: 'gate width, ps (default: from the recording)', min: 1 },
  'frame-slots': { kind: 'number', help: 'slots per frame (default: from the recording or the pattern file)', min: 1 },
  'bin-ps': { kind: 'number', help: 'histogram bin width, ps (default 10)', min: 1 },
  seed: { kind: 'number', help: 'seed of the random bits of double clicks (default 1)', min: 0, max: 0xffffffff },
} as const satisfies Record<string, OptionSpec>;

export interface AnalysisOptions {
  readonly pattern?: PatternFile;
  readonly pulseRateHz?: number;
  readonly gateDelayPs?: number;
  readonly gateWidthPs?: number;
  readonly slotsPerFrame?: number;
  readonly binPs?: number;
  readonly seed?: number;
  readonly onProgress?: (records: number) => void;
}

export interface BasisCounts {
  /** Sifted detections per intensity class [signal, decoy, vacuum]. */
  readonly sifted: [number, number, number];
  readonly errors: [number, number, number];
  /** Errors / sifted over all classes (null with no sifted bit). */
  readonly qber: number | null;
}

export interface Analysis {
  readonly file: string;
  readonly bench: BenchRecordingInfo;
  readonly tags: number;
  readonly durationS: number;
  readonly firstTagPs: number | null;
  readonly lastTagPs: number | null;
  /** Counts and rates per tagger channel that has tags. */
  readonly channels: { channel: number; label: string | null; count: number; ratePerS: number }[];
  readonly histogram: {
    readonly slotPeriodPs: number;
    readonly binPs: number;
    readonly counts: number[];
    /** Centre of the fullest bin: where in the slot (from its emission edge, mod the period) the photons arrive. */
    readonly peakPhasePs: number;
    /** The gate delay (within half a period of the recording's) that centres the gate on the peak; null without gate. */
    readonly suggestedGateDelayPs: number | null;
    /** Tags of the gate's phase range / all tags (null without gate). */
    readonly inGateFraction: number | null;
  } | null;
  readonly sifting: {
    readonly frames: number;
    readonly framesWithoutPattern: number;
    readonly detections: number;
    readonly outsideGate: number;
    readonly doubleClicks: number;
    readonly z: BasisCounts;
    readonly x: BasisCounts;
  } | null;
}

function need(v: number | undefined, what: string, option: string): number {
  if (v === undefined) throw usageError(`the recording does not say the ${what}: give --${option}`);
  return v;
}

export function analyzeRecording(reader: PtuReader, o: AnalysisOptions = {}): Analysis {
  const bench = reader.bench;
  const rate = o.pulseRateHz ?? bench.pulseRateHz;
  const periodPs = rate ? Math.round(1e12 / rate) : null;
  const gateDelayPs = o.gateDelayPs ?? bench.gateDelayPs;
  const gateWidthPs =
    periodPs && (o.gateWidthPs ?? bench.gateWidthPs) !== undefined
      ? Math.min(periodPs, Math.round((o.gateWidthPs ?? bench.gateWidthPs) as number))
      : undefined;
  const binPs = o.binPs ?? 10;
  const nBins = periodPs ? Math.ceil(periodPs / binPs) : 0;
  const hist = new Float64Array(nBins);
  const counts = new Float64Array(256);
  let first: number | null = null;
  let last: number | null = null;
  let tags = 0;

  // Sifting: tags buffered per frame, as the receiver node's frame assembler cuts them.
  const pattern = o.pattern;
  let sift: SiftState | null = null;
  if (pattern) {
    const slots = o.slotsPerFrame ?? bench.slotsPerFrame ?? pattern.slotsPerFrame;
    if (slots !== pattern.slotsPerFrame)
      throw usageError(`the pattern file has ${pattern.slotsPerFrame} slots per frame, the recording ${slots}`);
    const ch = bench.channels ?? { h: 0, v: 1, d: 2, a: 3 };
    sift = new SiftState(pattern, {
      slotPeriodPs: need(periodPs ?? undefined, 'pulse rate', 'pulse-rate-hz'),
      slotsPerFrame: slots,
      gateDelayPs: Math.round(need(gateDelayPs, 'gate delay', 'gate-delay-ps')),
      gateWidthPs: need(gateWidthPs, 'gate width', 'gate-width-ps'),
      channelMap: makeChannelMap(ch),
      seed: o.seed ?? 1,
    });
  }

  let records = 0;
  for (const b of reader.batches()) {
    const { channels, timestampsPs, count } = b;
    if (count === 0) continue;
    if (first === null) first = timestampsPs[0];
    last = timestampsPs[count - 1];
    tags += count;
    for (let i = 0; i < count; i++) {
      counts[channels[i]]++;
      if (periodPs) {
        // Phase within the slot, exact in integers: t − ⌊t / T⌋·T.
        const t = timestampsPs[i];
        let phase = t - Math.floor(t / periodPs) * periodPs;
        if (phase < 0) phase += periodPs;
        else if (phase >= periodPs) phase -= periodPs;
        hist[Math.min(nBins - 1, Math.floor(phase / binPs))]++;
      }
    }
    sift?.push(channels, timestampsPs, count);
    records = Math.min(reader.numberOfRecords, records + count);
    o.onProgress?.(records);
  }
  sift?.finish();

  const durationS = first !== null && last !== null && last > first ? (last - first) / 1e12 : 0;
  const labels = new Map<number, string>();
  if (bench.channels) for (const [k, v] of Object.entries(bench.channels)) labels.set(v, k.toUpperCase());
  const channelRows: Analysis['channels'] = [];
  counts.forEach((n, ch) => {
    if (n > 0) channelRows.push({ channel: ch, label: labels.get(ch) ?? null, count: n, ratePerS: durationS > 0 ? n / durationS : 0 });
  });

  let histogram: Analysis['histogram'] = null;
  if (periodPs) {
    let peak = 0;
    for (let i = 1; i < nBins; i++) if (hist[i] > hist[peak]) peak = i;
    const peakPhasePs = Math.min(periodPs, (peak + 0.5) * binPs);
    let suggested: number | null = null;
    let inGate: number | null = null;
    if (gateDelayPs !== undefined && gateWidthPs !== undefined) {
      // Move the gate by the smallest shift (mod one period) that puts its centre on the peak.
      const centre = gateDelayPs + gateWidthPs / 2;
      let shift = (peakPhasePs - (centre % periodPs)) % periodPs;
      if (shift > periodPs / 2) shift -= periodPs;
      if (shift < -periodPs / 2) shift += periodPs;
      suggested = Math.round(gateDelayPs + shift);
      let inside = 0;
      const open = ((gateDelayPs % periodPs) + periodPs) % periodPs;
      for (let i = 0; i < nBins; i++) {
        const centreOfBin = (i + 0.5) * binPs;
        const rel = (((centreOfBin - open) % periodPs) + periodPs) % periodPs;
        if (rel < gateWidthPs) inside += hist[i];
      }
      inGate = tags > 0 ? inside / tags : null;
    }
    histogram = {
      slotPeriodPs: periodPs,
      binPs,
      counts: Array.from(hist),
      peakPhasePs,
      suggestedGateDelayPs: suggested,
      inGateFraction: inGate,
    };
  }

  return {
    file: reader.file,
    bench,
    tags,
    durationS,
    firstTagPs: first,
    lastTagPs: last,
    channels: channelRows,
    histogram,
    sifting: sift ? sift.result() : null,
  };
}

interface SiftParams {
  slotPeriodPs: number;
  slotsPerFrame: number;
  gateDelayPs: number;
  gateWidthPs: number;
  channelMap: Int8Array;
  seed: number;
}

/** Frames of tags through assignSlots, then the sifting exchange and the test-bit comparison, as the two nodes run them. */
class SiftState {
  private channels = new Uint8Array(1 << 16);
  private times = new Float64Array(1 << 16);
  private n = 0;
  private frame = -1;
  private timing: TimingOutput = allocTimingOutput(1 << 16);
  private readonly rng: Xoshiro128;
  private readonly framePs: number;
  frames = 0;
  framesWithoutPattern = 0;
  detections = 0;
  outsideGate = 0;
  doubleClicks = 0;
  readonly sifted = [
    [0, 0, 0],
    [0, 0, 0],
  ];
  readonly errors = [
    [0, 0, 0],
    [0, 0, 0],
  ];

  constructor(
    private readonly pattern: PatternFile,
    private readonly p: SiftParams,
  ) {
    this.rng = new Xoshiro128(p.seed);
    this.framePs = p.slotsPerFrame * p.slotPeriodPs;
  }

  private frameOf(t: number): number {
    return Math.max(0, Math.floor((t - this.p.gateDelayPs) / this.framePs));
  }

  push(channels: Uint8Array, times: Float64Array, count: number): void {
    for (let i = 0; i < count; i++) {
      const f = this.frameOf(times[i]);
      if (f !== this.frame) {
        this.flush();
        this.frame = f;
      }
      if (this.n === this.channels.length) {
        const c = new Uint8Array(this.n * 2);
        c.set(this.channels);
        this.channels = c;
        const t = new Float64Array(this.n * 2);
        t.set(this.times);
        this.times = t;
      }
      this.channels[this.n] = channels[i];
      this.times[this.n] = times[i];
      this.n++;
    }
  }

  finish(): void {
    this.flush();
  }

  private flush(): void {
    const n = this.n;
    this.n = 0;
    if (n === 0 || this.frame < 0) return;
    const pattern = patternFor(this.pattern, this.frame);
    if (!pattern) {
      this.framesWithoutPattern++;
      return;
    }
    this.frames++;
    if (this.timing.slots.length < n) this.timing = allocTimingOutput(n);
    const t = assignSlots(
      this.channels,
      this.times,
      0,
      n,
      {
        slotPeriodPs: this.p.slotPeriodPs,
        slotsPerFrame: this.p.slotsPerFrame,
        frameStartPs: this.frame * this.framePs,
        gateDelayPs: this.p.gateDelayPs,
        gateWidthPs: this.p.gateWidthPs,
      },
      this.p.channelMap,
      () => this.rng.nextU32(),
      this.timing,
    );
    const d = t.detections;
    this.detections += d;
    this.outsideGate += t.outsideGate;
    this.doubleClicks += t.doubleClicksSameBasis + t.doubleClicksCrossBasis;
    if (d === 0) return;
    const bases = packBases(t.bases, d);
    const mask = basisMatchMask(pattern, t.slots, bases, d);
    const intensities = matchedIntensities(pattern, t.slots, mask, d, new Uint32Array(intensityWordsFor(countMatched(mask, d))));
    const alice = siftAlice(pattern, t.slots, mask, d);
    const bob = siftBob(t.bases, t.bits, mask, intensities, d);
    for (const basis of [0, 1]) {
      const det = detectionsPerIntensity(alice, basis);
      const err = errorsPerIntensity(alice, bob, basis);
      for (let c = 0; c < 3; c++) {
        this.sifted[basis][c] += det[c];
        this.errors[basis][c] += err[c];
      }
    }
  }

  result(): NonNullable<Analysis['sifting']> {
    const basis = (b: number): BasisCounts => {
      const s = this.sifted[b];
      const e = this.errors[b];
      const total = s[0] + s[1] + s[2];
      return { sifted: [s[0], s[1], s[2]], errors: [e[0], e[1], e[2]], qber: total > 0 ? (e[0] + e[1] + e[2]) / total : null };
    };
    return {
      frames: this.frames,
      framesWithoutPattern: this.framesWithoutPattern,
      detections: this.detections,
      outsideGate: this.outsideGate,
      doubleClicks: this.doubleClicks,
      z: basis(0),
      x: basis(1),
    };
  }
}

const pct = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(2)}%`);
const rate = (x: number): string =>
  x >= 1e6 ? `${(x / 1e6).toFixed(2)} M/s` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k/s` : `${x.toFixed(1)} /s`;

export function formatAnalysis(a: Analysis): string {
  const lines = [`${a.file}: ${a.tags} tags over ${a.durationS.toFixed(3)} s`];
  for (const c of a.channels) lines.push(`  channel ${c.channel}${c.label ? ` (${c.label})` : ''}: ${c.count} tags, ${rate(c.ratePerS)}`);
  const h = a.histogram;
  if (h) {
    lines.push(`  arrival histogram over the ${h.slotPeriodPs} ps slot (${h.binPs} ps bins): peak at ${h.peakPhasePs} ps into the slot`);
    if (h.suggestedGateDelayPs !== null)
      lines.push(
        `  gate: ${pct(h.inGateFraction)} of tags in the recorded gate; a gate delay of ${h.suggestedGateDelayPs} ps centres it on the peak`,
      );
  } else lines.push('  no pulse rate known: no arrival histogram (give --pulse-rate-hz)');
  const s = a.sifting;
  if (s) {
    lines.push(
      `  sifting over ${s.frames} frames (${s.framesWithoutPattern} without a pattern skipped): ${s.detections} detections in the gate`,
    );
    for (const [name, b] of [
      ['Z', s.z],
      ['X', s.x],
    ] as const) {
      const total = b.sifted[0] + b.sifted[1] + b.sifted[2];
      lines.push(
        `  ${name} basis: ${total} sifted (signal ${b.sifted[0]}, decoy ${b.sifted[1]}, vacuum ${b.sifted[2]}), QBER ${pct(b.qber)}`,
      );
    }
  }
  return lines.join('\n');
}

export const analyzeCommand: QkdctlCommand = {
  name: 'analyze',
  summary: 'count rates, arrival histogram and (with the pattern) QBER of a PTU recording',
  async run(argv) {
    const parsed = parseCommand(argv, 'analyze', 'FILE.ptu [--pattern FILE] [options]', OPTIONS);
    if (!parsed) return 0;
    const { values, positionals, io } = parsed;
    if (positionals.length !== 1) throw usageError('give one recording: qkdctl analyze FILE.ptu');
    const reader = PtuReader.open(positionals[0]);
    try {
      const pattern = values.pattern !== undefined ? readPatternFile(values.pattern) : undefined;
      const progress = progressReporter('analyzing', reader.numberOfRecords, 'records', io.json);
      let analysis: Analysis;
      try {
        analysis = analyzeRecording(reader, {
          pattern,
          pulseRateHz: values['pulse-rate-hz'],
          gateDelayPs: values['gate-delay-ps'],
          gateWidthPs: values['gate-width-ps'],
          slotsPerFrame: values['frame-slots'],
          binPs: values['bin-ps'],
          seed: values.seed,
          onProgress: (records) => progress.update(records, {}),
        });
      } finally {
        progress.stop();
      }
      io.result(formatAnalysis(analysis), analysis);
    } finally {
      reader.close();
    }
    return 0;
  },
};
