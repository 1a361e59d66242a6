/**
 * Consistency audit of a key store database: SQLite's own integrity check plus
 * the store's invariants. Used after restarts in tests and by operators
 * (e.g. a `qkdctl keystore audit` command); it reads, never repairs.
 *
 * The central invariant is bit conservation: every bit of every block ever
 * added is in exactly one place — still in a pool, in a key (reserved,
 * delivered, discarded or pruned), spent on authentication, or skipped to
 * catch up with the peer. A half-applied transaction would break it.
 */
import type Database from 'better-sqlite3';

export interface AuditReport {
  readonly ok: boolean;
  /** Human-readable findings; IDs and counts only. Empty when `ok`. */
  readonly problems: readonly string[];
  readonly addedBits: number;
  readonly accountedBits: number;
}

interface ChunkAuditRow {
  pool: 'app' | 'auth';
  seq: number;
  block_id: string;
  start_bit: number;
  end_bit: number;
  bytes: number;
  bit_length: number;
  auth_bits: number;
}

export function auditKeyStore(db: Database.Database): AuditReport {
  const problems: string[] = [];
  return db.transaction(() => {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length > 0) problems.push(`foreign_key_check: ${fk.length} violations`);

    const scalar = (sql: string): number => db.prepare<[], { v: number | null }>(sql).get()?.v ?? 0;
    const addedBits = scalar(`SELECT SUM(bit_length) AS v FROM blocks`);
    const poolBits = scalar(`SELECT SUM(end_bit - start_bit) AS v FROM pool_chunks`);
    const keyBits = scalar(`SELECT SUM(size_bits) AS v FROM keys`);
    const counters = scalar(`SELECT SUM(value) AS v FROM counters`);
    const accountedBits = poolBits + keyBits + counters;
    if (accountedBits !== addedBits) problems.push(`bit accounting: ${addedBits} bits added, ${accountedBits} accounted for`);

    // Chunk shape: auth is [0, auth_bits), app is [auth_bits, bit_length);
    // only the first chunk of each pool may be partly consumed; blobs hold
    // exactly the bytes of the remaining range.
    const chunks = db
      .prepare<[], ChunkAuditRow>(
        `SELECT c.pool, c.seq, b.block_id, c.start_bit, c.end_bit, length(c.material) AS bytes, b.bit_length, b.auth_bits
           FROM pool_chunks c JOIN blocks b ON b.seq = c.seq ORDER BY c.pool, c.seq`,
      )
      .all();
    const seen = new Set<string>();
    for (const c of chunks) {
      const lo = c.pool === 'auth' ? 0 : c.auth_bits;
      const hi = c.pool === 'auth' ? c.auth_bits : c.bit_length;
      const first = !seen.has(c.pool);
      seen.add(c.pool);
      if (c.end_bit !== hi || c.start_bit < lo || c.start_bit >= hi || (!first && c.start_bit !== lo)) {
        problems.push(
          `${c.pool} chunk of block ${c.block_id}: range [${c.start_bit}, ${c.end_bit}) outside [${lo}, ${hi}) or consumed out of order`,
        );
      }
      const expectedBytes = ((c.end_bit + 7) >>> 3) - (c.start_bit >>> 3);
      if (c.bytes !== expectedBytes)
        problems.push(`${c.pool} chunk of block ${c.block_id}: ${c.bytes} bytes stored, ${expectedBytes} expected`);
    }

    const badKeys = db
      .prepare<[], { key_id: string }>(
        `SELECT k.key_id FROM keys k
          WHERE (k.state = 'reserved' AND (length(k.material) * 8 != k.size_bits
                 OR k.size_bits != (SELECT COALESCE(SUM(s.bit_length), 0) FROM key_segments s WHERE s.key_id = k.key_id)))
             OR (k.state != 'reserved' AND (k.material IS NOT NULL OR EXISTS (SELECT 1 FROM key_segments s WHERE s.key_id = k.key_id)))`,
      )
      .all();
    for (const k of badKeys) problems.push(`key ${k.key_id}: material or segments inconsistent with its state`);

    // A reservation is all or nothing: it holds exactly its keys, unless
    // tombstone pruning has since removed some of its delivered ones.
    const pruned = scalar(`SELECT value AS v FROM counters WHERE name = 'pruned_key_bits'`) > 0;
    const badReservations =
      scalar(
        `SELECT COUNT(*) AS v FROM reservations r, (SELECT COUNT(*) AS n, reservation_id FROM keys GROUP BY reservation_id) k
        WHERE k.reservation_id = r.reservation_id AND (r.key_count < k.n OR (${pruned ? 0 : 1} AND r.key_count != k.n))`,
      ) +
      (pruned
        ? 0
        : scalar(
            `SELECT COUNT(*) AS v FROM reservations r WHERE NOT EXISTS (SELECT 1 FROM keys k WHERE k.reservation_id = r.reservation_id)`,
          ));
    if (badReservations > 0) problems.push(`${badReservations} reservations do not hold exactly their recorded number of keys`);

    return { ok: problems.length === 0, problems, addedBits, accountedBits };
  })();
}
