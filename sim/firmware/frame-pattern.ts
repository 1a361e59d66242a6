/**
 * Joins the two boards' patterns for one frame into the physics' per-slot
 * nibble layout (sim/physics/pattern.ts): the modulator's Bb84State is the
 * state index (basis << 1 | bit, the same in both), the source's
 * IntensityClass maps to the physics' intensity class.
 */
import { INTENSITY_DECOY, INTENSITY_OFF, INTENSITY_SIGNAL, INTENSITY_VACUUM, createPattern, type PulsePattern } from '../physics/index.ts';
import type { PatternBank } from './pattern-bank.ts';

/** IntensityClass (photon_source.proto: 0 vacuum, 1 decoy, 2 signal, 3 reserved) → physics class. */
const PHYSICS_CLASS = [INTENSITY_VACUUM, INTENSITY_DECOY, INTENSITY_SIGNAL, INTENSITY_OFF] as const;

export interface PlayedBank {
  readonly bank: PatternBank;
  /** Symbol index of the frame's first slot. */
  readonly firstSymbol: number;
}

/** Pulses per IntensityClass symbol (vacuum, decoy, signal), added to `counts`. */
export function buildFramePattern(frameSlots: number, source: PlayedBank, modulator: PlayedBank, counts: Float64Array): PulsePattern {
  const p = createPattern(frameSlots);
  const words = p.words;
  const sb = source.bank,
    mb = modulator.bank;
  let si = source.firstSymbol,
    mi = modulator.firstSymbol;
  const sTotal = sb.totalSlots,
    mTotal = mb.totalSlots;
  for (let i = 0; i < frameSlots; i++) {
    const s = sb.symbol(si);
    const nibble = mb.symbol(mi) | (PHYSICS_CLASS[s] << 2);
    words[i >>> 3] |= nibble << ((i & 7) << 2);
    counts[s]++;
    if (++si === sTotal) si = 0;
    if (++mi === mTotal) mi = 0;
  }
  for (let w = 0; w < words.length; w++) words[w] >>>= 0;
  return p;
}

/** A frame with no light at all (nibble class OFF in every slot). */
export function darkFramePattern(frameSlots: number): PulsePattern {
  const p = createPattern(frameSlots);
  p.words.fill(0xcccccccc);
  return p;
}
