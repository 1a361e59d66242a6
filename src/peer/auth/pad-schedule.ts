/**
 * Which one-time-pad bytes authenticate which message, the same on both nodes.
 *
 * After the session's hash key, the stream of the `AuthKeySource` is cut into
 * chunks of `chunkMessages` pads; chunk g serves direction g mod 2 (0: from the
 * transmitter side A to B, 1: from B to A), and message `seq` of direction d
 * uses slot seq mod chunkMessages of chunk 2·⌊seq/chunkMessages⌋ + d. Chunks
 * are always taken from the source in order g = 0, 1, 2, ..., whichever
 * direction needs one first, so both nodes consume the source in the same
 * order even though the two directions send concurrently; a chunk taken early
 * for the other direction waits in memory.
 *
 * Each (direction, seq) pad authenticates at most one message: the sender
 * numbers messages 0, 1, 2, ... and the receiver never accepts a seq below
 * its next expected one. Chunks wholly below that point are zeroed and dropped
 * (`release`). Pad left in memory when a session ends is discarded, never
 * reused: the next session starts at the source's current position.
 */
import type { AuthKeySource } from './key-source.ts';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';

export type Direction = 0 | 1;

export class PadSchedule {
  private readonly chunks = new Map<number, Uint8Array>();
  private taken = 0;
  private readonly releasedBelow: [number, number] = [0, 0];
  /** Bits this schedule took from the source. */
  bitsTaken = 0;

  constructor(
    private readonly source: AuthKeySource,
    readonly chunkMessages: number,
    readonly padBytes: number,
  ) {
    if (!Number.isSafeInteger(chunkMessages) || chunkMessages < 1)
      throw new QkdError(QkdErrorCode.PeerInvalidArgument, `chunkMessages must be a positive integer, got ${chunkMessages}`);
  }

  /** The pad of message `seq` in `direction` (a view into the chunk; do not keep it). */
  padFor(direction: Direction, seq: number): Uint8Array {
    const j = Math.floor(seq / this.chunkMessages);
    if (j < this.releasedBelow[direction])
      throw new QkdError(QkdErrorCode.PeerInvalidArgument, `pad of seq ${seq} direction ${direction} was released`);
    const g = 2 * j + direction;
    while (this.taken <= g) {
      // take() throws on exhaustion without consuming; then nothing changes here either.
      const chunk = this.source.take(this.chunkMessages * this.padBytes * 8);
      this.bitsTaken += this.chunkMessages * this.padBytes * 8;
      this.chunks.set(this.taken, chunk);
      this.taken++;
    }
    const chunk = this.chunks.get(g) as Uint8Array;
    const slot = seq - j * this.chunkMessages;
    return chunk.subarray(slot * this.padBytes, (slot + 1) * this.padBytes);
  }

  /** Every pad of `direction` below `nextSeq` is spent: zero and drop the chunks that hold only those. */
  release(direction: Direction, nextSeq: number): void {
    const below = Math.floor(nextSeq / this.chunkMessages);
    for (let j = this.releasedBelow[direction]; j < below; j++) {
      const g = 2 * j + direction;
      const chunk = this.chunks.get(g);
      if (chunk) {
        chunk.fill(0);
        this.chunks.delete(g);
      }
    }
    if (below > this.releasedBelow[direction]) this.releasedBelow[direction] = below;
  }

  /** Zero every chunk still held (end of session). */
  destroy(): void {
    for (const c of this.chunks.values()) c.fill(0);
    this.chunks.clear();
  }
}
