/**
 * The data every calibration analysis reads: the receiver's raw detector tags
 * (tagger channel, tagger time in ps — input delays applied by the tagger
 * included) and the transmitter's disclosed frame patterns (bench-clock frame
 * index → 4 bits per slot: bit 0 value, bit 1 basis Z/X, bits 2–3 intensity
 * class signal/decoy/vacuum/off; the layout of src/pipeline/sifting/pattern.ts
 * and formats/pattern). Pure data: the analyses never do I/O.
 */

export type DetectorLabel = 'h' | 'v' | 'd' | 'a';
export const LABELS: readonly DetectorLabel[] = ['h', 'v', 'd', 'a'];
export type PerDetector<T> = { h: T; v: T; d: T; a: T };

export interface TagSet {
  readonly channels: Uint8Array;
  /** Sorted by time. */
  readonly timestampsPs: Float64Array;
}

export interface PatternSet {
  readonly slotsPerFrame: number;
  /** Bench-clock frame index → packed pattern (frame f starts at slot f · slotsPerFrame). */
  readonly frames: ReadonlyMap<number, Uint32Array>;
}

/** The bench as the config describes it. */
export interface BenchGeometry {
  /** Slot period, ps (1e12 / pulse rate). */
  readonly slotPeriodPs: number;
  /** Tagger channel of each detector. */
  readonly channels: PerDetector<number>;
}

/** BB84 state of a detector label: basis·2 + bit (H 0, V 1, D 2, A 3), as the pattern's low two bits. */
export const STATE_OF: PerDetector<number> = { h: 0, v: 1, d: 2, a: 3 };

/** The 4-bit nibble of absolute slot `slot`, or −1 when its frame's pattern is not known. */
export function nibbleAt(p: PatternSet, slot: number): number {
  const f = Math.floor(slot / p.slotsPerFrame);
  const words = p.frames.get(f);
  if (!words) return -1;
  const pos = slot - f * p.slotsPerFrame;
  return (words[pos >>> 3] >>> ((pos & 7) << 2)) & 15;
}

/** Tags of one detector, as a Float64Array of times. */
export function tagsOfChannel(tags: TagSet, channel: number): Float64Array {
  let n = 0;
  for (let i = 0; i < tags.channels.length; i++) if (tags.channels[i] === channel) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < tags.channels.length; i++) if (tags.channels[i] === channel) out[k++] = tags.timestampsPs[i];
  return out;
}

/** Slots [first, end) covered by known patterns, as ranges of whole frames (sorted). */
export function patternRanges(p: PatternSet): [number, number][] {
  const frames = [...p.frames.keys()].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const f of frames) {
    const s = f * p.slotsPerFrame;
    const last = out[out.length - 1];
    if (last && last[1] === s) last[1] = s + p.slotsPerFrame;
    else out.push([s, s + p.slotsPerFrame]);
  }
  return out;
}
