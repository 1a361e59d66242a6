/**
 * Alice's per-slot pattern, bit-packed, and the conventions every later stage
 * shares.
 *
 * Layout: 4 bits ("nibble") per pulse slot, 8 slots per Uint32 word.
 * Slot s lives in word s >>> 3 at bit offset (s & 7) * 4:
 *
 *   bit 0      value bit (0 = H or D, 1 = V or A)
 *   bit 1      basis (0 = Z rectilinear H/V, 1 = X diagonal D/A)
 *   bits 2..3  intensity class (0 = signal μ1, 1 = decoy μ2, 2 = vacuum/weak μ3; 3 unused)
 *
 * Nibbles past the frame's last slot are zero. One frame of 10^8 slots is
 * 50 MB, against 400 MB for one byte per field.
 *
 * Basis roles (configurable, see `BasisRoles`): by default Z is the key basis
 * (sent with high probability; its sifted bits go to Cascade and privacy
 * amplification) and X is the test basis (fully disclosed to bound the phase
 * error rate). Lim et al. (PRA 89, 022307, 2014) call the key basis "X" and
 * the test basis "Z"; the estimation module speaks of "key" and "test" to
 * keep the two conventions apart.
 */

export const BASIS_Z = 0;
export const BASIS_X = 1;
export type Basis = 0 | 1;

export const INTENSITY_SIGNAL = 0;
export const INTENSITY_DECOY = 1;
export const INTENSITY_VACUUM = 2;
/** Number of intensity classes in use (μ1, μ2, μ3). */
export const INTENSITY_CLASSES = 3;
export type IntensityClass = 0 | 1 | 2;

export interface BasisRoles {
  keyBasis: Basis;
  testBasis: Basis;
}

export const DEFAULT_BASIS_ROLES: Readonly<BasisRoles> = { keyBasis: BASIS_Z, testBasis: BASIS_X };

export const SLOTS_PER_PATTERN_WORD = 8;

/** Words needed for a pattern of `slots` pulse slots. */
export function patternWordsFor(slots: number): number {
  return (slots + 7) >>> 3;
}

export function allocPattern(slots: number): Uint32Array {
  return new Uint32Array(patternWordsFor(slots));
}

/** The 4-bit nibble of one slot. */
export function slotNibble(pattern: Uint32Array, slot: number): number {
  return (pattern[slot >>> 3] >>> ((slot & 7) << 2)) & 15;
}

export function nibbleBit(nibble: number): number {
  return nibble & 1;
}
export function nibbleBasis(nibble: number): number {
  return (nibble >>> 1) & 1;
}
export function nibbleIntensity(nibble: number): number {
  return nibble >>> 2;
}

export function makeNibble(basis: number, bit: number, intensity: number): number {
  return (bit & 1) | ((basis & 1) << 1) | ((intensity & 3) << 2);
}

/** Write one slot's nibble (slow path: tests, simulation, pattern generation by slot). */
export function setSlot(pattern: Uint32Array, slot: number, basis: number, bit: number, intensity: number): void {
  const w = slot >>> 3;
  const shift = (slot & 7) << 2;
  pattern[w] = ((pattern[w] & ~(15 << shift)) | (makeNibble(basis, bit, intensity) << shift)) >>> 0;
}

/**
 * Pack per-slot basis, bit and intensity class arrays into a pattern of 4-bit
 * nibbles, 8 slots per word (reference helper; the node draws packed words directly).
 */
export function packBasisBitIntensityNibbles(
  bases: ArrayLike<number>,
  bits: ArrayLike<number>,
  intensities: ArrayLike<number>,
): Uint32Array {
  const n = bases.length;
  if (bits.length !== n || intensities.length !== n) throw new RangeError('pattern fields differ in length');
  const out = allocPattern(n);
  for (let s = 0; s < n; s++) out[s >>> 3] |= makeNibble(bases[s], bits[s], intensities[s]) << ((s & 7) << 2);
  return out;
}
