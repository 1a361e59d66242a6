/**
 * The transmitter's side of on-board choices (firmware-protocol/FRAMING.md
 * §11): with boards that draw their own random choices, a frame is emitted
 * without a pattern, and its transmitter session is opened only when the
 * receiver's detections arrive — with a pattern that holds the choices the
 * boards read back for exactly those slots (every other slot is 0 and never
 * looked at: the session reads the pattern at detected slots only). Per
 * frame the host thus handles a few bytes to emit and 4 bits per detection,
 * instead of 4 bits per slot.
 *
 * The seam in the transmitter node is two calls: `emit()` in place of
 * drawing a pattern and `bench.emitFrame(pattern)` (while no pattern
 * listener needs whole patterns), and `route(frameId, env, open, deliver)`
 * around the executor's delivery of each message of a frame, which opens
 * the session first (once, in message order) for a drawn frame.
 */
import type { DecodedEnvelope } from '../peer/messages.ts';
import { allocPattern } from '../pipeline/sifting/pattern.ts';
import type { DrawsChoicesOnBoard } from './bench-port.ts';
import { bytesToWords } from './frame/wire.ts';

/** Drawn frames remembered for routing, at most (older ones have long timed out). */
const MAX_REMEMBERED = 1024;

export class OnBoardChoices {
  /** Drawn frames by id: undefined until their first message, then the opening of their session. */
  private readonly frames = new Map<number, Promise<void> | undefined>();

  constructor(
    private readonly bench: DrawsChoicesOnBoard,
    private readonly slotsPerFrame: number,
  ) {}

  /** Emits one frame the boards draw; resolves with its frame id. Its session opens at its first message (`route`). */
  async emit(): Promise<number> {
    const frameId = await this.bench.emitDrawnFrame();
    this.frames.set(frameId, undefined);
    if (this.frames.size > MAX_REMEMBERED) this.frames.delete(this.frames.keys().next().value as number);
    return frameId;
  }

  /** True for a frame emitted by `emit` and not yet forgotten. */
  isDrawn(frameId: number): boolean {
    return this.frames.has(frameId);
  }

  /**
   * For a drawn frame: `deliver` runs after the frame's session was opened
   * with `open(pattern)` — the detected slots' choices read back when the
   * first message is the receiver's siftDetections, an empty pattern
   * otherwise (the session then ends the frame as it would). Null for any
   * other frame: deliver as usual.
   */
  route<T>(frameId: number, env: DecodedEnvelope, open: (pattern: Uint32Array) => void, deliver: () => Promise<T>): Promise<T> | null {
    if (!this.frames.has(frameId)) return null;
    let opening = this.frames.get(frameId);
    if (opening === undefined) {
      opening = this.patternFor(frameId, env).then(open);
      this.frames.set(frameId, opening);
    }
    return opening.then(deliver);
  }

  /** The frame is over: forget it. */
  forget(frameId: number): void {
    this.frames.delete(frameId);
  }

  /** The pattern to open a drawn frame's session with, given its first message. */
  private async patternFor(frameId: number, env: DecodedEnvelope): Promise<Uint32Array> {
    const pattern = allocPattern(this.slotsPerFrame);
    const sd = env.body === 'siftDetections' ? env.siftDetections : undefined;
    if (!sd) return pattern;
    const n = sd.detectionCount ?? 0;
    const slots = bytesToWords(sd.detectedSlots);
    // Only well-formed lists are read back; the session itself refuses the others (a protocol violation).
    if (n <= 0 || slots.length < n || (sd.slotCount ?? 0) !== this.slotsPerFrame) return pattern;
    for (let i = 0; i < n; i++) if (slots[i] >= this.slotsPerFrame || (i > 0 && slots[i] <= slots[i - 1])) return pattern;
    await this.bench.readChoices(frameId, slots, n, pattern);
    return pattern;
  }
}
