/**
 * Per-slot detection statistics of each detector, once the delay is known
 * (pure analysis, shared by the detector and intensity calibrations):
 *
 *  - for each detector and each pattern nibble (state × intensity class): the
 *    slots emitted, the slots during which the detector was dead (the slots
 *    whose photons would arrive within the dead time after one of its tags:
 *    a click there was impossible, so they do not count), and the clicks in
 *    the gate (± a few jitter widths around the slot's arrival);
 *  - the floor of tags spread evenly over the slot (dark counts and
 *    afterpulses, which come long after their parent click), per ps of phase,
 *    from the part of the slot far from the photons;
 *  - the registered count rate and the shortest gap between two tags.
 *
 * From these, λ = −ln(1 − p) per detector and nibble, with p the probability
 * of a photon click in a live slot (floor subtracted), is the mean number of
 * photons the detector saw from such a slot: the Poisson statistics of a weak
 * coherent pulse make it linear in μ, t, η and the routing to the detector.
 * Only frames whose every slot arrived inside the recording are used.
 */
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import { fitPhase, type DelayAnalysis } from './delay-analysis.ts';
import { type BenchGeometry, LABELS, type PatternSet, type PerDetector, tagsOfChannel, type TagSet } from './tag-data.ts';

export interface ChannelSlotStats {
  readonly label: string;
  readonly channel: number;
  /** Arrival of slot k at this detector in tagger time: k·T + arrivalOffsetPs. */
  readonly arrivalOffsetPs: number;
  /** Per nibble (16): slots emitted in the used frames, dead slots, clicks in the gate. */
  readonly slots: Float64Array;
  readonly dead: Float64Array;
  readonly clicks: Float64Array;
  /** Gate half-width used, ps. */
  readonly gateHalfWidthPs: number;
  /** Tags per ps of slot phase far from the photons (dark counts + afterpulses). */
  readonly floorPerPs: number;
  /** Rate of those floor tags over the whole slot, counts/s (0 when the slot has no photon-free region). */
  readonly floorRateCps: number;
  /** Tags of this detector in the used span, and that span, ps. */
  readonly tags: number;
  readonly spanPs: number;
  /** Shortest gap between two consecutive tags of this detector, ps. */
  readonly minGapPs: number;
  /**
   * The dead time, ps, from the gaps that end on a floor tag (dark count or afterpulse, at any phase of
   * the slot): photon clicks only come on the slot grid, so their gaps bound the dead time to a slot
   * only; floor tags find its edge, the shortest such gap less its expected excess 1/(N·R).
   */
  readonly deadTimePs: number;
  /** Statistical error of deadTimePs (the expected excess 1/ρ of the shortest floor gap), ps. */
  readonly deadTimeErrorPs: number;
  /** Gaps that ended on a floor tag (the dead time's statistical weight). */
  readonly floorGaps: number;
  /** λ per nibble (NaN where no live slot). */
  readonly lambda: Float64Array;
}

export interface SlotStatistics {
  readonly channels: ChannelSlotStats[];
  readonly framesUsed: number;
}

export interface SlotStatisticsOptions {
  /** Dead time per detector, ps (default: the shortest gap between its tags). */
  readonly deadTimePs?: PerDetector<number>;
  /** Input delay per detector the tagger applied while recording, ps (the delay analysis's own when it was run on this recording). */
  readonly appliedInputDelayPs?: PerDetector<number>;
  /** Stretches of time the tags cover, [from, to] ps (several recording windows); default: first to last tag. */
  readonly coveragePs?: readonly (readonly [number, number])[];
}

export function slotStatistics(
  tags: TagSet,
  patterns: PatternSet,
  bench: BenchGeometry,
  delay: DelayAnalysis,
  o: SlotStatisticsOptions = {},
): SlotStatistics {
  const T = bench.slotPeriodPs;
  const S = patterns.slotsPerFrame;
  const applied = o.appliedInputDelayPs ?? { h: 0, v: 0, d: 0, a: 0 };
  const offsets = delay.channels.map((c, i) => c.rawDelayPs + applied[LABELS[i]]);
  const n = tags.timestampsPs.length;
  const tFirst = n > 0 ? tags.timestampsPs[0] : 0;
  const tLast = n > 0 ? tags.timestampsPs[n - 1] : 0;
  const spans = o.coveragePs ?? [[tFirst, tLast] as const];
  // Frames whose slots all arrived (at every detector) inside one stretch of the recording.
  const used = new Map<number, Uint32Array>();
  for (const [f, words] of patterns.frames) {
    const first = f * S * T;
    const last = (f * S + S) * T;
    const from = first + Math.min(...offsets);
    const to = last + Math.max(...offsets);
    if (spans.some(([a, b]) => from >= a && to <= b)) used.set(f, words);
  }
  if (used.size === 0)
    throw new QkdError(
      QkdErrorCode.CalibrationFailed,
      `none of the ${patterns.frames.size} recorded frames arrived wholly inside the ${((tLast - tFirst) / 1e9).toFixed(1)} ms of recorded tags: record longer (--seconds)`,
      { frames: patterns.frames.size },
    );
  const slotsPerNibble = new Float64Array(16);
  for (const words of used.values()) {
    for (let pos = 0; pos < S; pos++) slotsPerNibble[(words[pos >>> 3] >>> ((pos & 7) << 2)) & 15]++;
  }
  const channels: ChannelSlotStats[] = [];
  for (const [i, label] of LABELS.entries()) {
    const channel = bench.channels[label];
    const A = offsets[i];
    const d = delay.channels[i];
    const all = tagsOfChannel(tags, channel);
    // The tags inside the used frames' span.
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const f of used.keys()) {
      lo = Math.min(lo, f * S * T + A - T / 2);
      hi = Math.max(hi, (f * S + S) * T + A - T / 2);
    }
    const times = all.filter((t) => t >= lo && t < hi);
    let minGap = Number.POSITIVE_INFINITY;
    for (let k = 1; k < all.length; k++) minGap = Math.min(minGap, all[k] - all[k - 1]);
    const h = Math.min(T / 4, Math.max(6 * d.widthPs, 50));
    const fit = fitPhase(times, T);
    // Gaps ending on a floor tag: a tag at least T/4 from every slot's photons.
    let minFloorGap = Number.POSITIVE_INFINITY;
    let floorGaps = 0;
    for (let k = 1; k < all.length; k++) {
      const r = all[k] - A - Math.round((all[k] - A) / T) * T;
      if (Math.abs(r) < T / 4) continue;
      floorGaps++;
      minFloorGap = Math.min(minFloorGap, all[k] - all[k - 1]);
    }
    // The shortest floor gap lies above the edge by an excess of mean 1/ρ, ρ the density of floor gaps
    // near the edge (counted over the next 10 slots): that is its statistical error (one-sided).
    let nearEdge = 0;
    const W = 10 * T;
    for (let k = 1; k < all.length; k++) {
      const r = all[k] - A - Math.round((all[k] - A) / T) * T;
      if (Math.abs(r) < T / 4) continue;
      if (all[k] - all[k - 1] < minFloorGap + W) nearEdge++;
    }
    const deadEstimate = Math.min(minGap, minFloorGap);
    const deadExcessPs = minFloorGap <= minGap ? (nearEdge > 0 ? W / nearEdge : Number.POSITIVE_INFINITY) : T;
    const dead = o.deadTimePs?.[label] ?? deadEstimate;
    const clicks = new Float64Array(16);
    const deadSlots = new Float64Array(16);
    for (let k = 0; k < times.length; k++) {
      const t = times[k];
      const x = (t - A) / T;
      const near = Math.round(x);
      const r = t - A - near * T;
      if (Math.abs(r) <= h) {
        const f = Math.floor(near / S);
        const words = used.get(f);
        if (words) {
          const pos = near - f * S;
          clicks[(words[pos >>> 3] >>> ((pos & 7) << 2)) & 15]++;
        }
      }
      // Slots whose photons arrive in (t, t + dead): this detector could not click for them.
      const firstDead = r < -h ? near : near + 1;
      const lastDead = Math.ceil((t + dead - A) / T) - 1;
      for (let s = firstDead; s <= lastDead; s++) {
        const f = Math.floor(s / S);
        const words = used.get(f);
        if (!words) continue;
        const pos = s - f * S;
        deadSlots[(words[pos >>> 3] >>> ((pos & 7) << 2)) & 15]++;
      }
    }
    const lambda = new Float64Array(16);
    for (let nib = 0; nib < 16; nib++) {
      const live = slotsPerNibble[nib] - deadSlots[nib];
      if (!(live > 0)) {
        lambda[nib] = Number.NaN;
        continue;
      }
      // Floor tags per slot in the gate window, per live slot (the registered floor / the live fraction 1 − R·τ).
      const liveFraction = Math.max(0.05, 1 - (times.length / Math.max(1, hi - lo)) * dead);
      const pBg = Math.min(0.5, (fit.floorPerPs * 2 * h * T) / Math.max(T, hi - lo) / liveFraction);
      const p = (clicks[nib] / live - pBg) / (1 - pBg);
      lambda[nib] = -Math.log1p(-Math.min(0.999999, Math.max(0, p)));
    }
    channels.push({
      label,
      channel,
      arrivalOffsetPs: A,
      slots: slotsPerNibble,
      dead: deadSlots,
      clicks,
      gateHalfWidthPs: h,
      floorPerPs: fit.floorPerPs,
      floorRateCps: ((fit.floorPerPs * T) / Math.max(T, hi - lo)) * 1e12,
      tags: times.length,
      spanPs: hi - lo,
      minGapPs: minGap,
      deadTimePs: deadEstimate,
      deadTimeErrorPs: deadExcessPs,
      floorGaps,
      lambda,
    });
  }
  return { channels, framesUsed: used.size };
}
