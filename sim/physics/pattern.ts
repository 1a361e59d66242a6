/**
 * The transmitter's per-frame pulse pattern, bit-packed: 4 bits per slot.
 *
 * Layout (the contract between the transmitter node, the source and
 * modulator board firmware and this physics):
 *
 *   slot i lives in word `i >>> 3` of a `Uint32Array`, nibble `i & 7`,
 *   i.e. bits `4·(i & 7)` … `4·(i & 7) + 3` (least significant nibble first);
 *
 *   nibble bit 0    bit value   0 → H or D, 1 → V or A
 *   nibble bit 1    basis       0 = Z (H/V), 1 = X (D/A)
 *   nibble bits 2–3 intensity   0 = signal, 1 = decoy, 2 = vacuum, 3 = off (no pulse)
 *
 * So the low two bits, basis·2 + bit, are the BB84 state index 0..3 = H, V,
 * D, A, which is also the detector channel that ideally clicks.
 * A frame of N slots takes ceil(N / 8) words (N/2 bytes); nibbles past N in
 * the last word are zero and ignored. A frame of 2^20 slots is 512 KiB.
 */

export const BASIS_Z = 0;
export const BASIS_X = 1;

export const INTENSITY_SIGNAL = 0;
export const INTENSITY_DECOY = 1;
export const INTENSITY_VACUUM = 2;
/** Slot left dark on purpose (e.g. guard slots); no light at all. */
export const INTENSITY_OFF = 3;

/** Detector / state channels: H, V, D, A. */
export const CHANNEL_H = 0;
export const CHANNEL_V = 1;
export const CHANNEL_D = 2;
export const CHANNEL_A = 3;

export interface PulsePattern {
  /** Slots in one frame. */
  readonly slotCount: number;
  /** `ceil(slotCount / 8)` words, layout above. */
  readonly words: Uint32Array;
}

/**
 * A frame's choices read on demand: the physics asks for the nibble of a slot
 * only when it samples a click candidate there (work ∝ clicks, not slots), so
 * a frame need never exist as a whole pattern — the board firmware joins its
 * two boards' symbols lazily, or draws them from its on-board random source.
 */
export interface FrameChoices {
  /** Slots in one frame. */
  readonly slotCount: number;
  /** No slot of the frame carries light: the physics samples no candidate in it (dark counts still run). */
  readonly dark?: boolean;
  /** Nibble (layout above) of slot `pos` of the frame, 0 ≤ pos < slotCount. */
  nibbleAt(pos: number): number;
  /** Called once the physics is done with the frame (its buffers may be reused). */
  release?(): void;
}

/** What a frame is emitted with: a whole packed pattern, or choices read slot by slot. */
export type FrameSource = PulsePattern | FrameChoices;

export function isPulsePattern(p: FrameSource): p is PulsePattern {
  return (p as PulsePattern).words !== undefined;
}

/** A frame with no light at all. */
export function darkFrame(slotCount: number): FrameChoices {
  return { slotCount, dark: true, nibbleAt: () => INTENSITY_OFF << 2 };
}

export function patternWordsFor(slotCount: number): number {
  return Math.ceil(slotCount / 8);
}

/** An all-zero pattern (every slot: Z basis, bit 0, signal). */
export function createPattern(slotCount: number): PulsePattern {
  if (!Number.isInteger(slotCount) || slotCount <= 0) throw new RangeError(`slotCount must be a positive integer, got ${slotCount}`);
  return { slotCount, words: new Uint32Array(patternWordsFor(slotCount)) };
}

export function encodeNibble(basis: number, bit: number, intensityClass: number): number {
  return (bit & 1) | ((basis & 1) << 1) | ((intensityClass & 3) << 2);
}

export function slotNibble(pattern: PulsePattern, slot: number): number {
  return (pattern.words[slot >>> 3] >>> ((slot & 7) << 2)) & 15;
}

export function setSlot(pattern: PulsePattern, slot: number, basis: number, bit: number, intensityClass: number): void {
  const w = slot >>> 3;
  const shift = (slot & 7) << 2;
  pattern.words[w] = ((pattern.words[w] & ~(15 << shift)) | (encodeNibble(basis, bit, intensityClass) << shift)) >>> 0;
}

export function nibbleBasis(nibble: number): number {
  return (nibble >>> 1) & 1;
}
export function nibbleBit(nibble: number): number {
  return nibble & 1;
}
/** State index 0..3 = H, V, D, A. */
export function nibbleState(nibble: number): number {
  return nibble & 3;
}
export function nibbleIntensity(nibble: number): number {
  return nibble >>> 2;
}

/** Pack per-slot arrays (one byte per slot each) into a pattern. */
export function patternFromArrays(bases: Uint8Array, bits: Uint8Array, intensityClasses: Uint8Array): PulsePattern {
  const n = bases.length;
  if (bits.length !== n || intensityClasses.length !== n)
    throw new RangeError('bases, bits and intensityClasses must have one entry per slot');
  const p = createPattern(n);
  for (let i = 0; i < n; i++) {
    p.words[i >>> 3] |= encodeNibble(bases[i], bits[i], intensityClasses[i]) << ((i & 7) << 2);
  }
  return p;
}

/**
 * A pattern from 32-bit random words (the transmitter draws them from a
 * cryptographic RNG; tests and benchmarks from a seeded one): basis and bit
 * uniform, intensity class signal / decoy / vacuum with the given
 * probabilities (the remainder after signal + decoy is vacuum).
 */
export function randomPattern(slotCount: number, nextU32: () => number, signalProbability: number, decoyProbability: number): PulsePattern {
  const p = createPattern(slotCount);
  const sigLimit = signalProbability * 4294967296;
  const decLimit = (signalProbability + decoyProbability) * 4294967296;
  for (let i = 0; i < slotCount; i++) {
    const stateBits = nextU32() & 3;
    const u = nextU32();
    const cls = u < sigLimit ? INTENSITY_SIGNAL : u < decLimit ? INTENSITY_DECOY : INTENSITY_VACUUM;
    p.words[i >>> 3] |= (stateBits | (cls << 2)) << ((i & 7) << 2);
  }
  return p;
}
