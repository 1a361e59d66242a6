/**
 * The on-board random source of a simulated pattern board
 * (FEATURE_ONBOARD_CHOICES, firmware-protocol/FRAMING.md §11).
 *
 * Real firmware draws each slot's symbol from a hardware random number
 * generator as the slot is emitted and writes it to a ring of the last
 * frames in its memory, from which ReadChoices answers. The simulator keeps
 * no such ring: the symbol of slot `pos` of frame `f` is a pure function of
 * the board's key, f and pos (a counter-based generator: a keyed 32-bit
 * mix), so the physics asks for a symbol only where it samples a click
 * candidate and ReadChoices only where the host asks — nothing is ever done
 * per slot. What leaves the board is exactly what firmware would send.
 *
 * Not cryptographic: the simulator's choices only need to be uniform,
 * independent between slots, frames and boards, and reproducible from the
 * bench's seed. 16 bits of each mix index a table of 65536 symbols in which
 * symbol s fills symbol_weights[s] entries, so P(s) = weight / 65536 exactly.
 */

/** The 2^16-entry symbol table of DrawPatternRequest weights (4, summing to 65536). */
export function symbolTable(weights: readonly number[]): Uint8Array {
  const t = new Uint8Array(65536);
  let at = 0;
  for (let s = 0; s < 4; s++) {
    t.fill(s, at, at + weights[s]);
    at += weights[s];
  }
  return t;
}

/** SplitMix32 step: a well-mixed 32-bit value from any 32-bit input. */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/** Key of a board's random source, from the bench seed and the board (0 photon source, 1 modulator). */
export function boardChoiceKey(benchSeed: number, board: number): number {
  return mix32(mix32(benchSeed >>> 0) ^ Math.imul(board + 1, 0x85ebca6b));
}

/** The symbols one board drew for one frame, read slot by slot. */
export class DrawnFrame {
  private readonly k1: number;
  private readonly k2: number;

  constructor(
    boardKey: number,
    readonly frame: number,
    private readonly table: Uint8Array,
  ) {
    // Frame numbers may pass 2^32 (a long run at a high rate): both halves go into the keys.
    const hi = Math.floor(frame / 4294967296) >>> 0;
    this.k1 = mix32(boardKey ^ mix32(frame >>> 0));
    this.k2 = mix32(this.k1 ^ mix32(hi ^ 0x68e31da4));
  }

  /** Symbol (0..3) of slot `pos` of the frame. */
  symbol(pos: number): number {
    // A keyed murmur3 finaliser over the slot: a bijection of pos for fixed keys, so slots never share a draw.
    let h = Math.imul((pos ^ this.k1) | 0, 0x9e3779b1) ^ this.k2;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
    return this.table[h & 0xffff];
  }
}
