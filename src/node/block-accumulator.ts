/**
 * Sifted detections accumulated across frames into post-processing blocks
 * (Lim et al. 2014: a block is a number n_X of sifted key-basis detections,
 * gathered for as long as it takes). Pure: no I/O, no clocks.
 *
 * The transmitter decides, the receiver follows:
 *   - Alice adds each frame's segment (sifted-segment.ts) in the order its
 *     sifting ended and, once she holds ≥ n_X key-basis bits, `closeNext`
 *     takes EXACTLY n_X of them from the oldest segments on (the rest of the
 *     last one carries over to the next block) and names them as
 *     (frame, key_from, key_to) ranges: the BlockClose message.
 *   - Bob adds his segments by frame and `take`s exactly the ranges Alice
 *     named; a frame he does not hold, or a range that is not the next part
 *     of his segment, fails the block (both sides then drop it).
 * A segment's test-basis counts and errors go to the block that takes its
 * first key bit (key_from = 0). What a block takes depends on counts only,
 * never on bit values or intensity classes, so Cascade plans are built once
 * per block size and the block's per-class counts are an unbiased sample.
 */
import type { PerIntensity } from '../pipeline/estimation/decoy-bounds.ts';
import { wordsFor } from '../pipeline/bits.ts';
import { copyBitRange, type SiftedSegment, wipeSegment } from './frame/sifted-segment.ts';

/** One range of a frame's key-basis bits in a block (BlockSegment on the wire). */
export interface BlockRange {
  frameId: number;
  keyFrom: number;
  keyTo: number;
}

/** A block's input to Cascade, the estimation and amplification: the same on both nodes but for channel errors. */
export interface BlockMaterial {
  blockId: number;
  /** Frames that contributed key or test bits. */
  frames: number;
  /** n_X key-basis bits, packed. Secret. */
  keyBits: Uint32Array;
  keyCount: number;
  /** Key-basis detections per intensity class among the block's n_X bits. */
  keyDetections: PerIntensity;
  /** Test-basis detections and errors per intensity class of the frames whose first key bit is here. */
  testDetections: PerIntensity;
  testErrors: PerIntensity;
}

interface Held {
  segment: SiftedSegment;
  /** Next key bit not yet in a block. */
  taken: number;
  /** Its test counts went to a block. */
  testTaken: boolean;
}

export class BlockAccumulator {
  /** Segments in the order they were added (Alice's block order). */
  private readonly held = new Map<number, Held>();

  constructor(readonly blockBits: number) {
    if (!Number.isInteger(blockBits) || blockBits < 1) throw new RangeError(`blockBits must be a positive integer, got ${blockBits}`);
  }

  /** Key-basis bits held and not yet in a block. */
  get pendingKeyBits(): number {
    let n = 0;
    for (const h of this.held.values()) n += h.segment.keyCount - h.taken;
    return n;
  }

  /** Segments held (a frame stays until all its key bits are in blocks). */
  get segments(): number {
    return this.held.size;
  }

  /** True once `closeNext` can close a block. */
  get ready(): boolean {
    return this.pendingKeyBits >= this.blockBits;
  }

  has(frameId: number): boolean {
    return this.held.has(frameId);
  }

  /** Frames held, in the order added. */
  frameIds(): number[] {
    return [...this.held.keys()];
  }

  add(segment: SiftedSegment): void {
    const old = this.held.get(segment.frameId);
    if (old) wipeSegment(old.segment);
    this.held.delete(segment.frameId);
    this.held.set(segment.frameId, { segment, taken: 0, testTaken: false });
  }

  /** Drops a frame's segment (the peer aborted the frame); false when it was not held. */
  drop(frameId: number): boolean {
    const h = this.held.get(frameId);
    if (!h) return false;
    wipeSegment(h.segment);
    this.held.delete(frameId);
    return true;
  }

  /** Drops everything (session end, authentication failure). Returns the frames that were held. */
  clear(): number[] {
    const ids = [...this.held.keys()];
    for (const h of this.held.values()) wipeSegment(h.segment);
    this.held.clear();
    return ids;
  }

  /**
   * Alice: the next block's ranges — exactly `blockBits` key bits from the
   * oldest segments on — and its material; null while fewer are held.
   */
  closeNext(blockId: number): { ranges: BlockRange[]; material: BlockMaterial } | null {
    if (!this.ready) return null;
    const ranges: BlockRange[] = [];
    let need = this.blockBits;
    for (const [frameId, h] of this.held) {
      if (need === 0) {
        // Segments with no key bits left to give but test counts not yet taken ride along (an empty range).
        if (!h.testTaken && h.segment.keyCount === h.taken) ranges.push({ frameId, keyFrom: h.taken, keyTo: h.taken });
        else break;
        continue;
      }
      const take = Math.min(need, h.segment.keyCount - h.taken);
      ranges.push({ frameId, keyFrom: h.taken, keyTo: h.taken + take });
      need -= take;
    }
    const built = this.take(blockId, ranges);
    if (!built.ok) throw new Error(`block accumulator inconsistent: ${built.detail}`);
    return { ranges, material: built.material };
  }

  /**
   * Builds the block of `ranges` (Alice's BlockClose) from the held segments
   * and consumes them; on failure nothing is consumed.
   */
  take(blockId: number, ranges: readonly BlockRange[]): { ok: true; material: BlockMaterial } | { ok: false; detail: string } {
    let total = 0;
    const seen = new Set<number>();
    for (const r of ranges) {
      const h = this.held.get(r.frameId);
      if (!h) return { ok: false, detail: `frame ${r.frameId} is not held` };
      if (seen.has(r.frameId)) return { ok: false, detail: `frame ${r.frameId} named twice` };
      seen.add(r.frameId);
      if (r.keyFrom !== h.taken || r.keyTo < r.keyFrom || r.keyTo > h.segment.keyCount) {
        return {
          ok: false,
          detail: `frame ${r.frameId}: range ${r.keyFrom}..${r.keyTo} is not the next part of its ${h.segment.keyCount} key bits (next ${h.taken})`,
        };
      }
      total += r.keyTo - r.keyFrom;
    }
    const keyBits = new Uint32Array(Math.max(1, wordsFor(total)));
    const keyDetections: [number, number, number] = [0, 0, 0];
    const testDetections: [number, number, number] = [0, 0, 0];
    const testErrors: [number, number, number] = [0, 0, 0];
    let at = 0;
    let frames = 0;
    for (const r of ranges) {
      const h = this.held.get(r.frameId)!;
      const s = h.segment;
      const count = r.keyTo - r.keyFrom;
      copyBitRange(keyBits, at, s.keyBits, r.keyFrom, count);
      at += count;
      const classes = s.keyClasses;
      let c1 = 0;
      let c2 = 0;
      for (let i = r.keyFrom; i < r.keyTo; i++) {
        const c = classes[i];
        c1 += c & 1;
        c2 += c >>> 1;
      }
      // Classes are 0, 1 or 2 (sifted-segment.ts drops the rest).
      keyDetections[0] += count - c1 - c2;
      keyDetections[1] += c1;
      keyDetections[2] += c2;
      if (r.keyFrom === 0 && !h.testTaken) {
        h.testTaken = true;
        for (let c = 0; c < 3; c++) {
          testDetections[c] += s.testDetections[c];
          testErrors[c] += s.testErrors[c];
        }
      }
      frames++;
      h.taken = r.keyTo;
      if (h.taken === s.keyCount && h.testTaken) this.drop(r.frameId);
    }
    return { ok: true, material: { blockId, frames, keyBits, keyCount: total, keyDetections, testDetections, testErrors } };
  }
}
