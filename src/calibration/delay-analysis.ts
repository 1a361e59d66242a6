/**
 * Delay and skew from recorded tags and disclosed patterns (pure analysis;
 * `qkdctl calibrate delay` records the data). Coarse to fine, per detector:
 *
 *  1. Phase. Tags taken modulo the slot period pile up where the photons
 *     arrive in the slot (jitter wide), over a flat floor of dark counts and
 *     afterpulses: a smoothed histogram finds the peak, then an iterated
 *     centroid in a ±4σ window, with the floor subtracted, fits its centre.
 *  2. Whole slots. The phase says where in a slot, not which slot: the tags
 *     (each now a whole-slot index u) are cross-correlated with the emitted
 *     intensity pattern over every candidate delay d (emission slot u − d):
 *     only at the true d do clicks fall on signal slots more often than the
 *     patterns' share of signal slots. Intensities rather than states, so the
 *     search works before the polarization is calibrated. A few hundred tags
 *     scan the whole range; the best candidates are checked with thousands.
 *  3. Result. Each detector's raw delay (emission edge → tag, without the
 *     input delay the tagger applied while recording) is d·T + phase; the
 *     input delays that align the four on their mean and the gate delay that
 *     centres the gate on it follow.
 *
 * Precision: the centroid's statistical error is σ_jitter/√N (well under 1 ps
 * for thousands of tags); the 1 ps bins of the tagger add a −0.5 ps bias,
 * corrected. A wrong whole-slot pick is ruled out by requiring the best
 * correlation to stand 8 σ above the noise of the scan.
 */
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import { type BenchGeometry, LABELS, type PatternSet, type PerDetector, tagsOfChannel, type TagSet } from './tag-data.ts';

export interface DelayAnalysisOptions {
  /** Largest source-to-tag delay searched, ps (default 1e9: 1 ms, ~200 km of fibre). */
  readonly maxDelayPs?: number;
  /** Smallest delay searched, ps (default 0). */
  readonly minDelayPs?: number;
  /** Input delay per detector the tagger applied while recording, ps (default 0). */
  readonly appliedInputDelayPs?: PerDetector<number>;
  /** Gate width to centre, ps (result gateDelayPs = mean delay − width / 2). */
  readonly gateWidthPs: number;
  /** Tagger bin, ps (default 1): timestamps are floored to it. */
  readonly taggerBinPs?: number;
  /** Tags per detector in the whole-range scan (default 400) and in the check of its best candidates (default 20000). */
  readonly scanTags?: number;
  readonly checkTags?: number;
  /** Progress, 0..1. */
  readonly onProgress?: (fraction: number) => void;
}

export interface ChannelDelay {
  readonly label: string;
  readonly channel: number;
  /** Emission edge → this detector's tag, without the tagger's input delay, ps. */
  readonly rawDelayPs: number;
  /** Where in the slot the photons arrive (tagger time, input delay included), ps. */
  readonly phasePs: number;
  /** Whole slots of the delay. */
  readonly slots: number;
  /** Fitted rms width of the arrival peak (jitter), ps. */
  readonly widthPs: number;
  /** Statistical error of rawDelayPs (width / √tags in the peak), ps. */
  readonly errorPs: number;
  readonly tagsInPeak: number;
  /** Correlation of the best whole-slot delay, in standard deviations of the scan's noise. */
  readonly significance: number;
  /** Best correlation / second best (whole-slot pick's margin). */
  readonly contrast: number;
}

export interface DelayAnalysis {
  readonly channels: ChannelDelay[];
  /** Mean raw delay of the four detectors, ps: the source-to-detector delay. */
  readonly meanDelayPs: number;
  /** Skew of each detector: its raw delay − the mean, ps. */
  readonly skewPs: PerDetector<number>;
  /** The config values that follow: */
  readonly gateDelayPs: number;
  readonly inputDelayPs: PerDetector<number>;
}

function failed(message: string, details: Record<string, unknown> = {}): QkdError {
  return new QkdError(QkdErrorCode.CalibrationFailed, message, details);
}

/** Circular offset of x from c within one period, in [−T/2, T/2). */
function wrap(x: number, T: number): number {
  let r = (x % T) + T;
  r %= T;
  return r >= T / 2 ? r - T : r;
}

interface PhaseFit {
  phasePs: number;
  widthPs: number;
  inPeak: number;
  /** Floor of background tags per ps of phase (dark counts, afterpulses), or 0 when no off-peak region exists. */
  floorPerPs: number;
}

/** The arrival phase of one detector's tags: histogram peak, then a floor-subtracted centroid. */
export function fitPhase(times: Float64Array, T: number, binPs = 1): PhaseFit {
  const nBins = Math.max(8, Math.min(4096, Math.round(T / Math.max(1, T / 2000))));
  const w = T / nBins;
  const hist = new Float64Array(nBins);
  for (let i = 0; i < times.length; i++) {
    let p = times[i] % T;
    if (p < 0) p += T;
    hist[Math.min(nBins - 1, Math.floor(p / w))]++;
  }
  // Smooth over ~100 ps (or 5 bins) to find the peak robustly.
  const half = Math.max(2, Math.round(50 / w));
  let best = 0;
  let bestSum = -1;
  for (let b = 0; b < nBins; b++) {
    let s = 0;
    for (let k = -half; k <= half; k++) s += hist[(b + k + nBins) % nBins];
    if (s > bestSum) {
      bestSum = s;
      best = b;
    }
  }
  let centre = (best + 0.5) * w;
  let halfWidth = Math.min(T / 4, 400);
  let width = halfWidth / 2;
  let inPeak = 0;
  let floorPerPs = 0;
  for (let iter = 0; iter < 8; iter++) {
    // Floor: tags farther than max(3 half-widths, T/4) from the centre, if such a region exists.
    const outer = Math.max(3 * halfWidth, T / 4);
    let nOut = 0;
    let sum = 0;
    let sum2 = 0;
    let n = 0;
    for (let i = 0; i < times.length; i++) {
      const d = wrap(times[i] - centre, T);
      if (Math.abs(d) < halfWidth) {
        n++;
        sum += d;
        sum2 += d * d;
      } else if (Math.abs(d) >= outer) nOut++;
    }
    const outMeasure = T - 2 * outer;
    floorPerPs = outMeasure > T / 10 ? nOut / outMeasure : 0;
    const nBg = floorPerPs * 2 * halfWidth;
    const nSig = n - nBg;
    if (nSig <= 0) break;
    // A uniform floor has mean 0 and second moment h²/3 in the window [−h, h].
    const mean = sum / nSig;
    const m2 = (sum2 - (nBg * halfWidth * halfWidth) / 3) / nSig;
    width = Math.sqrt(Math.max(binPs * binPs, m2 - mean * mean));
    centre = centre + mean;
    inPeak = nSig;
    const next = Math.max(5 * width, 3 * binPs, 20);
    if (Math.abs(next - halfWidth) < 0.01 && Math.abs(mean) < 0.01) break;
    halfWidth = Math.min(next, T / 4);
  }
  // Timestamps are floored to the bin: the true centre is half a bin later.
  const phasePs = (((centre + binPs / 2) % T) + T) % T;
  return { phasePs, widthPs: width, inPeak, floorPerPs };
}

/** Evenly spread up to `n` of `items`. */
function spread(items: readonly number[], n: number): number[] {
  if (items.length <= n) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.floor(((i + 0.5) * items.length) / n)]);
}

/**
 * Cross-correlation of whole-slot tag indices with the signal share of the
 * patterns, over delays dMin..dMax (in slots). Returns the score per delay.
 */
function correlate(u: Float64Array, idx: readonly number[], p: PatternSet, weight: Float64Array, dMin: number, dMax: number): Float64Array {
  const S = p.slotsPerFrame;
  const score = new Float64Array(dMax - dMin + 1);
  for (const i of idx) {
    let slot = u[i] - dMin;
    let f = Math.floor(slot / S);
    let pos = slot - f * S;
    let words = p.frames.get(f);
    for (let d = 0; d < score.length; d++) {
      if (words) score[d] += weight[(words[pos >>> 3] >>> ((pos & 7) << 2)) & 15];
      pos--;
      if (pos < 0) {
        f--;
        pos = S - 1;
        words = p.frames.get(f);
      }
      slot--;
    }
  }
  return score;
}

/** Score of specific delays (in slots) over many tags. */
function scoreAt(u: Float64Array, idx: readonly number[], p: PatternSet, weight: Float64Array, d: number): { score: number; n: number } {
  const S = p.slotsPerFrame;
  let score = 0;
  let n = 0;
  for (const i of idx) {
    const slot = u[i] - d;
    const f = Math.floor(slot / S);
    const words = p.frames.get(f);
    if (!words) continue;
    const pos = slot - f * S;
    score += weight[(words[pos >>> 3] >>> ((pos & 7) << 2)) & 15];
    n++;
  }
  return { score, n };
}

export function analyzeDelay(tags: TagSet, patterns: PatternSet, bench: BenchGeometry, o: DelayAnalysisOptions): DelayAnalysis {
  const T = bench.slotPeriodPs;
  const bin = o.taggerBinPs ?? 1;
  const applied = o.appliedInputDelayPs ?? { h: 0, v: 0, d: 0, a: 0 };
  if (patterns.frames.size === 0) throw failed('no frame patterns were recorded: is the transmitter emitting?');
  // Weight per nibble: signal indicator minus the patterns' signal share (zero mean at a wrong delay).
  let signal = 0;
  let total = 0;
  for (const words of patterns.frames.values()) {
    for (let pos = 0; pos < patterns.slotsPerFrame; pos++) {
      if (((words[pos >>> 3] >>> ((pos & 7) << 2)) & 12) === 0) signal++;
      total++;
    }
    if (total > 1 << 22) break;
  }
  const share = signal / total;
  const weight = new Float64Array(16);
  for (let nib = 0; nib < 16; nib++) weight[nib] = (nib >>> 2 === 0 ? 1 : 0) - share;
  const dMin = Math.max(0, Math.floor((o.minDelayPs ?? 0) / T));
  const dMax = Math.ceil((o.maxDelayPs ?? 1e9) / T);
  const scanN = o.scanTags ?? 400;
  const checkN = o.checkTags ?? 20_000;

  const channels: ChannelDelay[] = [];
  for (const [li, label] of LABELS.entries()) {
    const channel = bench.channels[label];
    const times = tagsOfChannel(tags, channel);
    if (times.length < 100)
      throw failed(
        `detector ${label.toUpperCase()} (tagger channel ${channel}) has ${times.length} tags: too few to find its delay (is the light on?)`,
        {
          channel,
          tags: times.length,
        },
      );
    const fit = fitPhase(times, T, bin);
    // Whole-slot index of each tag: t ≈ u·T + phase.
    const u = new Float64Array(times.length);
    for (let i = 0; i < times.length; i++) u[i] = Math.round((times[i] - fit.phasePs) / T);
    // The useful tags: those whose emission slot has a known pattern whatever the delay in the range
    // (else those with a pattern at either end of it); spread over the recording.
    const S = patterns.slotsPerFrame;
    const has = (slot: number): boolean => patterns.frames.has(Math.floor(slot / S));
    const all: number[] = [];
    const some: number[] = [];
    for (let i = 0; i < u.length; i++) {
      const a = has(u[i] - dMin);
      const b = has(u[i] - dMax);
      if (a && b) all.push(i);
      else if (a || b) some.push(i);
    }
    const eligible = all.length >= scanN ? all : [...all, ...some].sort((x, y) => x - y);
    if (eligible.length < 100)
      throw failed(
        `detector ${label.toUpperCase()}: only ${eligible.length} of its ${times.length} tags fall in frames whose pattern was recorded: record longer (--seconds)`,
        { channel, tags: times.length },
      );
    const scan = spread(eligible, scanN);
    const scores = correlate(u, scan, patterns, weight, dMin, dMax);
    let mean = 0;
    for (const s of scores) mean += s;
    mean /= scores.length;
    let v = 0;
    for (const s of scores) v += (s - mean) ** 2;
    const sd = Math.sqrt(v / scores.length) || 1;
    // Best few candidates, checked with many tags.
    const order = Array.from(scores.keys())
      .sort((a, b) => scores[b] - scores[a])
      .slice(0, 5);
    const check = spread(eligible, checkN);
    const checked = order.map((k) => ({ d: dMin + k, ...scoreAt(u, check, patterns, weight, dMin + k) }));
    checked.sort((a, b) => b.score - a.score);
    const best = checked[0];
    const second = checked[1] ?? { score: 0, n: 1 };
    // Noise of one tag's weight is at most 0.5: the check's sd is ≤ 0.5·√n.
    const significance = best.n > 0 ? best.score / (0.5 * Math.sqrt(best.n)) : 0;
    if (!(significance >= 8) || (scores[best.d - dMin] - mean) / sd < 4)
      throw failed(
        `detector ${label.toUpperCase()}: no delay between ${(dMin * T) / 1e6} and ${(dMax * T) / 1e6} µs correlates with the emitted pattern ` +
          `(best ${significance.toFixed(1)} σ): is the transmitter emitting, the fibre connected, the search range right?`,
        { channel, significance },
      );
    const phase = fit.phasePs;
    const rawDelayPs = best.d * T + phase - applied[label];
    channels.push({
      label,
      channel,
      rawDelayPs,
      phasePs: phase,
      slots: best.d,
      widthPs: fit.widthPs,
      errorPs: fit.widthPs / Math.sqrt(Math.max(1, fit.inPeak)),
      tagsInPeak: Math.round(fit.inPeak),
      significance,
      contrast: second.score > 0 ? best.score / second.score : Number.POSITIVE_INFINITY,
    });
    o.onProgress?.((li + 1) / LABELS.length);
  }
  const meanDelayPs = channels.reduce((a, c) => a + c.rawDelayPs, 0) / channels.length;
  const per = <T>(f: (c: ChannelDelay) => T): PerDetector<T> => ({
    h: f(channels[0]),
    v: f(channels[1]),
    d: f(channels[2]),
    a: f(channels[3]),
  });
  return {
    channels,
    meanDelayPs,
    skewPs: per((c) => c.rawDelayPs - meanDelayPs),
    gateDelayPs: Math.max(0, Math.round(meanDelayPs - o.gateWidthPs / 2)),
    inputDelayPs: per((c) => Math.round(meanDelayPs - c.rawDelayPs)),
  };
}
