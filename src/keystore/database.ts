/**
 * Opening the key store's SQLite database with the settings its guarantees
 * rest on.
 *
 * A database that cannot be opened is an expected failure, not a bug: its
 * folder is missing (QkdError `FileMissing`), or the file is unreadable, not a
 * SQLite database, corrupt, read-only, locked by another process or on a full
 * disk (`FileUnusable`). Both name the file; the SQLite error is the `cause`.
 * Any other SQLite error (e.g. a bad statement in a migration) is a bug and is
 * rethrown as is.
 *
 * File modes: a new database file is created here, empty, with mode 0600
 * (O_CREAT|O_EXCL, so there is no moment with a wider mode), before SQLite
 * opens it; SQLite creates the `-wal` and `-shm` files with the mode of the
 * database file (os_unix.c, findCreateFileMode), so they are 0600 from their
 * creation too (test/keystore/file-modes.test.ts). An existing file keeps its
 * mode: `qkdd run` refuses to start on a key store readable by group or
 * others (src/config/preflight.ts), rather than changing it silently.
 */
import { closeSync, existsSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { isQkdError, QkdError, QkdErrorCode } from '../../errors/index.ts';
import { migrate } from './schema.ts';

/** SQLite primary result codes that mean "this file cannot be used", as opposed to a bad statement. */
const FILE_PROBLEMS = new Set([
  'SQLITE_CANTOPEN',
  'SQLITE_NOTADB',
  'SQLITE_CORRUPT',
  'SQLITE_READONLY',
  'SQLITE_PERM',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_AUTH',
]);

export function openKeyStoreDatabase(path: string): Database.Database {
  const directory = dirname(path);
  if (!existsSync(directory)) {
    throw new QkdError(QkdErrorCode.FileMissing, `key store directory ${directory} does not exist (database ${path})`, { path, directory });
  }
  if (!statSync(directory).isDirectory()) {
    throw new QkdError(QkdErrorCode.FileUnusable, `key store directory ${directory} is not a directory (database ${path})`, {
      path,
      directory,
    });
  }
  let db: Database.Database;
  try {
    createPrivateFile(path);
    db = new Database(path);
  } catch (err) {
    throw unusable(path, err);
  }
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
    // Key delivery groups its commits (one per event-loop turn, KeyStore.grouped):
    // such a commit uses NORMAL and fsyncs the WAL itself off the event loop
    // before anything depending on it leaves (README "Group commit"); every
    // other commit is FULL.
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
    cachePreparedStatements(db);
    return db;
  } catch (err) {
    db.close();
    throw isQkdError(err) ? err : unusable(path, err);
  }
}

/**
 * Make `db.prepare(sql)` return one statement per SQL text, prepared once.
 * The store prepares its statements where it uses them, so each delivery
 * used to compile the same SQL again (about a twentieth of the KME's time
 * under the etsi014 bench's load). Only the one-argument form (ours) is
 * cached; better-sqlite3's own calls (pragma, transaction control) pass more
 * arguments and go through unchanged. A cached statement is shared, so code
 * on this database must not switch a statement's mode (pluck, raw, expand,
 * safeIntegers) nor hold an iterate() open across another use of the same SQL.
 */
function cachePreparedStatements(db: Database.Database): void {
  const prepare = db.prepare.bind(db) as (...args: unknown[]) => Database.Statement;
  const cache = new Map<string, Database.Statement>();
  db.prepare = function cachedPrepare(this: Database.Database, ...args: unknown[]): Database.Statement {
    if (args.length !== 1 || typeof args[0] !== 'string') return prepare(...args);
    let statement = cache.get(args[0]);
    if (statement === undefined) {
      statement = prepare(args[0]);
      cache.set(args[0], statement);
    }
    return statement;
  } as Database.Database['prepare'];
}

/** Mode of the key store's files: its owner's alone. */
export const KEY_STORE_FILE_MODE = 0o600;

/**
 * Create `path` empty with mode 0600 unless it exists (an empty file is an empty SQLite database).
 * `:memory:` and SQLite's other special names are left alone.
 */
function createPrivateFile(path: string): void {
  if (path === '' || path === ':memory:' || path.startsWith('file:')) return;
  try {
    closeSync(openSync(path, 'wx', KEY_STORE_FILE_MODE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw new QkdError(
      QkdErrorCode.FileUnusable,
      `key store database ${path} cannot be created: ${(err as Error).message}`,
      { path, errno: (err as NodeJS.ErrnoException).code },
      { cause: err },
    );
  }
}

/** The SQLite error as a QkdError naming the file when it is about the file; anything else unchanged (a bug). */
function unusable(path: string, err: unknown): unknown {
  if (!(err instanceof Database.SqliteError)) return err;
  const primary = err.code.replace(/^(SQLITE_[A-Z]+).*$/, '$1');
  if (!FILE_PROBLEMS.has(primary)) return err;
  return new QkdError(
    QkdErrorCode.FileUnusable,
    `key store database ${path} cannot be used: ${err.message}`,
    { path, sqliteCode: err.code },
    { cause: err },
  );
}
