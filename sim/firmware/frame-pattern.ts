/**
 * Joins the two boards' symbols for one frame into the physics' nibble
 * (sim/physics/pattern.ts), slot by slot as the physics asks (per click
 * candidate, never per slot): the modulator's Bb84State is the state index
 * (basis << 1 | bit, the same in both), the source's IntensityClass maps to
 * the physics' intensity class.
 *
 * A board plays either an uploaded bank — its bytes for this frame are
 * copied when the frame is decided (a memcpy; the host may upload into the
 * bank again at once) into a buffer returned to a pool once the physics is
 * past the frame — or a drawn bank, whose symbols its random source gives
 * on demand (drawn-choices.ts). No whole-frame pattern is ever built.
 */
import { INTENSITY_DECOY, INTENSITY_OFF, INTENSITY_SIGNAL, INTENSITY_VACUUM, type FrameChoices } from '../physics/index.ts';
import { DrawnFrame } from './drawn-choices.ts';
import { countSymbolBytes, type PatternBank } from './pattern-bank.ts';

/** IntensityClass (photon_source.proto: 0 vacuum, 1 decoy, 2 signal, 3 reserved) → physics class, shifted into the nibble. */
const CLASS_BITS = Uint8Array.from([INTENSITY_VACUUM << 2, INTENSITY_DECOY << 2, INTENSITY_SIGNAL << 2, INTENSITY_OFF << 2]);

export interface PlayedBank {
  readonly bank: PatternBank;
  /** Symbol index of the frame's first slot. */
  readonly firstSymbol: number;
}

/** One board's symbols for one frame. */
interface BoardSymbols {
  symbol(pos: number): number;
}

class CopiedSymbols implements BoardSymbols {
  constructor(readonly bytes: Uint8Array) {}
  symbol(pos: number): number {
    return (this.bytes[pos >>> 2] >>> ((pos & 3) << 1)) & 3;
  }
}

/** Buffers of one frame's bytes (frame_slots / 4), reused from frame to frame. */
export class FrameBufferPool {
  private readonly free: Uint8Array[] = [];
  take(bytes: number): Uint8Array {
    const b = this.free.pop();
    return b && b.length === bytes ? b : new Uint8Array(bytes);
  }
  give(b: Uint8Array): void {
    if (this.free.length < 16) this.free.push(b);
  }
}

/** The frame's bytes of an uploaded bank played from `firstSymbol` (cyclic within the bank). */
function copyFrame(played: PlayedBank, frameSlots: number, pool: FrameBufferPool): Uint8Array {
  const bank = played.bank;
  const out = pool.take((frameSlots + 3) >>> 2);
  const total = bank.totalSlots;
  const first = played.firstSymbol;
  if ((first & 3) === 0 && (total & 3) === 0 && (frameSlots & 3) === 0) {
    // Whole bytes (every frame and bank length is a multiple of 4 slots): copy byte runs, wrapping at the bank's end.
    let at = 0;
    let from = first >>> 2;
    const bankBytes = total >>> 2;
    while (at < out.length) {
      const n = Math.min(out.length - at, bankBytes - from);
      out.set(bank.packed.subarray(from, from + n), at);
      at += n;
      from = 0;
    }
    return out;
  }
  out.fill(0);
  for (let i = 0, s = first; i < frameSlots; i++) {
    out[i >>> 2] |= bank.symbol(s) << ((i & 3) << 1);
    if (++s === total) s = 0;
  }
  return out;
}

class JoinedFrame implements FrameChoices {
  constructor(
    readonly slotCount: number,
    private readonly source: BoardSymbols,
    private readonly modulator: BoardSymbols,
    private readonly pool: FrameBufferPool,
  ) {}

  nibbleAt(pos: number): number {
    return this.modulator.symbol(pos) | CLASS_BITS[this.source.symbol(pos)];
  }

  release(): void {
    if (this.source instanceof CopiedSymbols) this.pool.give(this.source.bytes);
    if (this.modulator instanceof CopiedSymbols) this.pool.give(this.modulator.bytes);
  }
}

export interface BoardKeys {
  readonly source: number;
  readonly modulator: number;
}

/**
 * The frame `frame` as the physics reads it, from the banks both boards play
 * for it. Adds the source's pulses per IntensityClass symbol (vacuum, decoy,
 * signal) to `counts` — counted from the copied bytes for an uploaded bank
 * (a byte at a time), the expected numbers for a drawn one.
 */
export function frameChoicesFor(
  frame: number,
  frameSlots: number,
  source: PlayedBank,
  modulator: PlayedBank,
  keys: BoardKeys,
  pool: FrameBufferPool,
  counts: Float64Array,
): FrameChoices {
  const side = (played: PlayedBank, key: number): BoardSymbols => {
    const drawn = played.bank.drawn;
    return drawn ? new DrawnFrame(key, frame, drawn.table) : new CopiedSymbols(copyFrame(played, frameSlots, pool));
  };
  const s = side(source, keys.source);
  const m = side(modulator, keys.modulator);
  const sd = source.bank.drawn;
  if (sd) for (let c = 0; c < 4; c++) counts[c] += (frameSlots * sd.weights[c]) / 65536;
  else if ((frameSlots & 3) === 0) countSymbolBytes((s as CopiedSymbols).bytes, 0, frameSlots >>> 2, counts);
  else for (let i = 0; i < frameSlots; i++) counts[s.symbol(i)]++;
  return new JoinedFrame(frameSlots, s, m, pool);
}
