/**
 * The relay records of one node on disk: their own SQLite file (beside the
 * key store's), opened with the key store's settings — WAL, `synchronous =
 * FULL` (each `put` is its own transaction and is on disk when it returns:
 * the engine sends nothing that depends on a record before), `secure_delete`
 * (a relayed key deleted from a record does not linger in free pages), file
 * created 0600 before SQLite opens it (its -wal and -shm files inherit the
 * mode). A store that cannot be opened is `FileMissing` / `FileUnusable`
 * naming the file, as for the key store.
 *
 * Schema v1: one row per relay ID. `path_nodes` and `path_links` are JSON
 * arrays; `key` and `forward` are BLOBs or NULL.
 */
import { closeSync, existsSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import type { RelayRecord, RelayRecordStore, RelayRole, RelayState } from './records.ts';

const SCHEMA_VERSION = 1;

interface Row {
  relay_id: string;
  role: string;
  position: number;
  path_nodes: string;
  path_links: string;
  size_bits: number;
  master_sae: string;
  slave_sae: string;
  state: string;
  key: Buffer | null;
  forward: Buffer | null;
  delivered: number;
  finished: number;
  reason: string | null;
  created_at_ms: number;
  updated_at_ms: number;
}

function fromRow(r: Row): RelayRecord {
  return {
    relayId: r.relay_id,
    role: r.role as RelayRole,
    position: r.position,
    path: { nodes: JSON.parse(r.path_nodes) as string[], links: JSON.parse(r.path_links) as string[] },
    sizeBits: r.size_bits,
    masterSae: r.master_sae,
    slaveSae: r.slave_sae,
    state: r.state as RelayState,
    key: r.key === null ? null : new Uint8Array(r.key),
    forward: r.forward === null ? null : new Uint8Array(r.forward),
    delivered: r.delivered !== 0,
    finished: r.finished !== 0,
    reason: r.reason,
    createdAtMs: r.created_at_ms,
    updatedAtMs: r.updated_at_ms,
  };
}

export class SqliteRelayRecordStore implements RelayRecordStore {
  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {}

  static open(path: string): SqliteRelayRecordStore {
    const directory = dirname(path);
    if (!existsSync(directory)) {
      throw new QkdError(QkdErrorCode.FileMissing, `relay store directory ${directory} does not exist (database ${path})`, {
        path,
        directory,
      });
    }
    let db: Database.Database;
    try {
      try {
        closeSync(openSync(path, 'wx', 0o600));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      db = new Database(path);
    } catch (err) {
      throw new QkdError(
        QkdErrorCode.FileUnusable,
        `relay store database ${path} cannot be opened: ${(err as Error).message}`,
        { path },
        { cause: err },
      );
    }
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('secure_delete = ON');
      db.pragma('busy_timeout = 5000');
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version === 0) {
        db.exec(`
          CREATE TABLE relay_records (
            relay_id TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('source', 'relay', 'destination')),
            position INTEGER NOT NULL,
            path_nodes TEXT NOT NULL,
            path_links TEXT NOT NULL,
            size_bits INTEGER NOT NULL,
            master_sae TEXT NOT NULL,
            slave_sae TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('drawn', 'received', 'forwarded', 'stored', 'confirmed', 'aborted')),
            key BLOB,
            forward BLOB,
            delivered INTEGER NOT NULL,
            finished INTEGER NOT NULL,
            reason TEXT,
            created_at_ms INTEGER NOT NULL,
            updated_at_ms INTEGER NOT NULL
          );
          CREATE INDEX relay_records_unfinished ON relay_records (finished, created_at_ms);
          PRAGMA user_version = ${SCHEMA_VERSION};
        `);
      } else if (version !== SCHEMA_VERSION) {
        throw new QkdError(
          QkdErrorCode.FileUnusable,
          `relay store database ${path} has schema version ${version}, this qkdd knows ${SCHEMA_VERSION}`,
          {
            path,
            version,
          },
        );
      }
    } catch (err) {
      db.close();
      if (err instanceof QkdError) throw err;
      throw new QkdError(
        QkdErrorCode.FileUnusable,
        `relay store database ${path} cannot be used: ${(err as Error).message}`,
        { path },
        { cause: err },
      );
    }
    return new SqliteRelayRecordStore(db, path);
  }

  get(relayId: string): RelayRecord | undefined {
    const row = this.db.prepare('SELECT * FROM relay_records WHERE relay_id = ?').get(relayId) as Row | undefined;
    return row === undefined ? undefined : fromRow(row);
  }

  put(r: RelayRecord): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO relay_records
         (relay_id, role, position, path_nodes, path_links, size_bits, master_sae, slave_sae, state, key, forward,
          delivered, finished, reason, created_at_ms, updated_at_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        r.relayId,
        r.role,
        r.position,
        JSON.stringify(r.path.nodes),
        JSON.stringify(r.path.links),
        r.sizeBits,
        r.masterSae,
        r.slaveSae,
        r.state,
        r.key === null ? null : Buffer.from(r.key),
        r.forward === null ? null : Buffer.from(r.forward),
        r.delivered ? 1 : 0,
        r.finished ? 1 : 0,
        r.reason,
        r.createdAtMs,
        r.updatedAtMs,
      );
  }

  unfinished(): RelayRecord[] {
    return (this.db.prepare('SELECT * FROM relay_records WHERE finished = 0 ORDER BY created_at_ms, relay_id').all() as Row[]).map(fromRow);
  }

  deliverable(): RelayRecord[] {
    return (
      this.db
        .prepare(
          "SELECT * FROM relay_records WHERE state = 'confirmed' AND role != 'relay' AND delivered = 0 ORDER BY created_at_ms, relay_id",
        )
        .all() as Row[]
    ).map(fromRow);
  }

  prune(beforeMs: number): number {
    return this.db.prepare('DELETE FROM relay_records WHERE finished = 1 AND key IS NULL AND updated_at_ms < ?').run(beforeMs).changes;
  }

  /** Every record (tests, audits). */
  all(): RelayRecord[] {
    return (this.db.prepare('SELECT * FROM relay_records ORDER BY created_at_ms, relay_id').all() as Row[]).map(fromRow);
  }

  close(): void {
    if (!this.db.open) return;
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}
