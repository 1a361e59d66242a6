/**
 * One pool of unassigned key material (`app` for applications, `auth` for
 * authenticating the peer channel), stored as chunks in `pool_chunks` and
 * consumed strictly from the front in block order.
 *
 * Front-only consumption is what makes the cut deterministic across the two
 * nodes, and it means the unconsumed part of a chunk is always a suffix, so
 * taking bits can physically drop them: a fully consumed chunk is deleted and
 * a partly consumed one is rewritten with only its remaining bytes (with
 * `secure_delete` on, SQLite zeroes the freed space). Tracking consumed ranges
 * instead would leave used key bytes on disk until the whole block was spent.
 *
 * Methods run inside the caller's transaction; none opens its own.
 *
 * The plain `Error`s thrown here are invariant checks (a chunk vanishing
 * inside our own transaction, a caller that skipped the size check): only a
 * bug can trip them, so they are not QkdErrors.
 */
import type Database from 'better-sqlite3';
import { alignedRange, copyBits } from './bit-copy.ts';

export type PoolName = 'app' | 'auth';

interface ChunkRow {
  seq: number;
  blockId: string;
  startBit: number;
  endBit: number;
}

interface MaterialRow {
  start_bit: number;
  material: Buffer;
}

export class Pool {
  private readonly spansStmt: Database.Statement<[string], ChunkRow>;
  private readonly bitsStmt: Database.Statement<[string], { bits: number | null }>;
  private readonly materialStmt: Database.Statement<[string, number], MaterialRow>;
  private readonly deleteStmt: Database.Statement<[string, number]>;
  private readonly updateStmt: Database.Statement<[number, Uint8Array, string, number]>;

  constructor(
    db: Database.Database,
    readonly name: PoolName,
  ) {
    this.spansStmt = db.prepare<[string], ChunkRow>(
      `SELECT c.seq AS seq, b.block_id AS blockId, c.start_bit AS startBit, c.end_bit AS endBit
         FROM pool_chunks c JOIN blocks b ON b.seq = c.seq
        WHERE c.pool = ? ORDER BY c.seq`,
    );
    this.bitsStmt = db.prepare<[string], { bits: number | null }>(
      `SELECT SUM(end_bit - start_bit) AS bits FROM pool_chunks WHERE pool = ?`,
    );
    this.materialStmt = db.prepare<[string, number], MaterialRow>(`SELECT start_bit, material FROM pool_chunks WHERE pool = ? AND seq = ?`);
    this.deleteStmt = db.prepare<[string, number]>(`DELETE FROM pool_chunks WHERE pool = ? AND seq = ?`);
    this.updateStmt = db.prepare<[number, Uint8Array, string, number]>(
      `UPDATE pool_chunks SET start_bit = ?, material = ? WHERE pool = ? AND seq = ?`,
    );
  }

  /** Unconsumed chunks in pool order (metadata only, no material). */
  spans(): ChunkRow[] {
    return this.spansStmt.all(this.name);
  }

  /**
   * The first chunks in pool order, up to and including the one where `stop`
   * first holds (all of them when it never does). The hot paths (cut,
   * apply) need the front of the pool only: reading every chunk's row each
   * time cost a few per cent of a KME's time with a full pool.
   */
  frontSpans(stop: (span: ChunkRow, bitsSoFar: number) => boolean): ChunkRow[] {
    const out: ChunkRow[] = [];
    let bits = 0;
    // The iterator is closed (return()) by the break, before the caller runs other statements.
    for (const span of this.spansStmt.iterate(this.name)) {
      out.push(span);
      bits += span.endBit - span.startBit;
      if (stop(span, bits)) break;
    }
    return out;
  }

  /** The chunks holding the first `nBits` bits (fewer when the pool is shorter). */
  spansFor(nBits: number): ChunkRow[] {
    return this.frontSpans((_, bits) => bits >= nBits);
  }

  bits(): number {
    return this.bitsStmt.get(this.name)?.bits ?? 0;
  }

  /**
   * Remove the first `nBits` bits of the pool and return them packed from bit
   * 0. The caller has checked that the pool holds enough.
   */
  takeFront(nBits: number): Uint8Array {
    const out = new Uint8Array((nBits + 7) >>> 3);
    let outPos = 0;
    for (const span of this.spansFor(nBits)) {
      if (outPos === nBits) break;
      const take = Math.min(nBits - outPos, span.endBit - span.startBit);
      const row = this.materialStmt.get(this.name, span.seq);
      if (row === undefined) throw new Error(`pool ${this.name}: chunk ${span.seq} vanished inside a transaction`);
      const base = row.start_bit & ~7;
      copyBits(row.material, span.startBit - base, out, outPos, take);
      outPos += take;
      this.dropFront(span, row, span.startBit + take);
      row.material.fill(0);
    }
    if (outPos !== nBits) throw new Error(`pool ${this.name}: took ${outPos} of ${nBits} bits; caller must check the pool size first`);
    return out;
  }

  /**
   * Discard every bit before bit `bitOffset` of block `blockId` (used when the
   * peer has moved past bits this node still holds). Returns the number of
   * bits discarded, or `null` when that position is not in the pool.
   */
  discardBefore(blockId: string, bitOffset: number): number | null {
    const spans = this.frontSpans((s) => s.blockId === blockId);
    const at = spans.findIndex((s) => s.blockId === blockId);
    if (at < 0) return null;
    const target = spans[at];
    if (bitOffset < target.startBit || bitOffset >= target.endBit) return null;
    let discarded = 0;
    for (let i = 0; i < at; i++) {
      discarded += spans[i].endBit - spans[i].startBit;
      this.deleteStmt.run(this.name, spans[i].seq);
    }
    if (bitOffset > target.startBit) {
      const row = this.materialStmt.get(this.name, target.seq);
      if (row === undefined) throw new Error(`pool ${this.name}: chunk ${target.seq} vanished inside a transaction`);
      discarded += bitOffset - target.startBit;
      this.dropFront(target, row, bitOffset);
      row.material.fill(0);
    }
    return discarded;
  }

  /** Keep only bits [newStart, end) of a chunk; delete it when nothing is left. */
  private dropFront(span: ChunkRow, row: MaterialRow, newStart: number): void {
    if (newStart >= span.endBit) {
      this.deleteStmt.run(this.name, span.seq);
      return;
    }
    const base = row.start_bit & ~7;
    const tail = alignedRange(row.material, newStart - base, span.endBit - base);
    this.updateStmt.run(newStart, tail, this.name, span.seq);
    tail.fill(0);
  }
}
