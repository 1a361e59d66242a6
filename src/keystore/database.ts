/**
 * Opening the key store's SQLite database with the settings its guarantees
 * rest on.
 */
import Database from 'better-sqlite3';
import { migrate } from './schema.ts';

export function openKeyStoreDatabase(path: string): Database.Database {
  const db = new Database(path);
  try {
    // WAL: a commit appends to the log instead of rewriting pages in place, so
    // a crash can never leave a half-overwritten page; readers (status queries)
    // do not block the writer.
    db.pragma('journal_mode = WAL');
    // FULL, not NORMAL: in WAL mode NORMAL skips the fsync of the log at each
    // commit, so a power cut can roll back the last few commits. For key
    // material that is not a speed trade but a security bug: a key already
    // handed to an application could come back as "available" and be handed
    // out again, or one node could forget a reservation the peer has kept.
    // Commits here are per block or per request, not per bit; the fsync is cheap
    // at that rate.
    db.pragma('synchronous = FULL');
    // Overwrite freed content with zeros instead of leaving it in free pages,
    // so deleted key material does not linger in the database file. (Older
    // page images can remain in the WAL file until it is checkpointed and
    // reused; `KeyStore.close()` checkpoints with TRUNCATE for that reason.)
    db.pragma('secure_delete = ON');
    db.pragma('foreign_keys = ON');
    // Another process (qkdctl reading status) may hold the lock briefly.
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
