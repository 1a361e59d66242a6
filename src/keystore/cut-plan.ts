/**
 * The deterministic cut: which block bits the next keys are made of.
 *
 * Both nodes run this same function over the same pool (same blocks, same
 * order, same consumption so far), so they arrive at the same segments without
 * exchanging key material. Keys are cut back to back from the front of the
 * pool; a key may span the end of one chunk and the start of the next, and
 * whatever is left of a chunk stays for the next key: nothing is wasted.
 */
import type { KeySegment } from './reservation.ts';

/** Metadata of one pool chunk: bits [startBit, endBit) of a block, not yet consumed. */
export interface ChunkSpan {
  readonly blockId: string;
  readonly startBit: number;
  readonly endBit: number;
}

/**
 * Segments for `count` keys of `sizeBits` each, from the front of `chunks`
 * (in pool order), or `null` when the pool holds fewer than `count * sizeBits` bits.
 */
export function planCut(chunks: readonly ChunkSpan[], count: number, sizeBits: number): KeySegment[][] | null {
  const keys: KeySegment[][] = [];
  let c = 0;
  let pos = chunks.length > 0 ? chunks[0].startBit : 0;
  for (let k = 0; k < count; k++) {
    const segments: KeySegment[] = [];
    let need = sizeBits;
    while (need > 0) {
      if (c >= chunks.length) return null;
      const chunk = chunks[c];
      const take = Math.min(need, chunk.endBit - pos);
      segments.push({ blockId: chunk.blockId, bitOffset: pos, bitLength: take });
      need -= take;
      pos += take;
      if (pos === chunk.endBit) {
        c++;
        if (c < chunks.length) pos = chunks[c].startBit;
      }
    }
    keys.push(segments);
  }
  return keys;
}

export function sameSegments(a: readonly KeySegment[], b: readonly KeySegment[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i].blockId !== b[i].blockId || a[i].bitOffset !== b[i].bitOffset || a[i].bitLength !== b[i].bitLength) return false;
  }
  return true;
}
