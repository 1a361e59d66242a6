/**
 * Schema of the key store database and its migrations.
 *
 * The version lives in `PRAGMA user_version`. Each migration runs in its own
 * transaction together with the version bump, so a crash mid-migration leaves
 * the previous version intact. A database from a newer version is refused
 * rather than guessed at: misreading key state could hand a key out twice.
 *
 * Layout, and why:
 * - `blocks` keeps one small row per block ever added, forever, even after its
 *   bits are consumed. The row's `seq` is the agreed order; keeping the ID
 *   lets `addBlock` refuse a reused ID (which would desynchronise the nodes)
 *   and lets `applyReservation` tell "block missing" from "bits already used".
 * - `pool_chunks` holds the key material still unassigned: per block, one
 *   `auth` chunk (bits [0, authBits)) and one `app` chunk (the rest). Both
 *   pools are consumed strictly from the front, so the unconsumed part of a
 *   chunk is always a suffix [start_bit, end_bit); the stored blob holds only
 *   the bytes of that suffix (from byte `start_bit >> 3`, consumed bits of the
 *   first byte zeroed). Consumed material is therefore removed, not merely
 *   marked, and fully consumed chunks are deleted.
 * - `keys` holds reserved keys with their own copy of the material (moved out
 *   of the pool at reservation); delivery sets `material` to NULL in the same
 *   transaction that marks the row delivered. The row stays as a tombstone so
 *   a second delivery is told `AlreadyDelivered`.
 * - `key_segments` records which block bits each reserved key came from; it is
 *   what the master sends the slave, and is dropped on delivery.
 * - `counters` holds running totals needed for the bit-accounting audit.
 * - `reservations.reserved_at_ms` (v3): when this node recorded the
 *   reservation, by its own wall clock; expiry is evaluated from it.
 * - `reservations.additional_slaves` and `key_handouts` (v4): ETSI
 *   `additional_slave_SAE_IDs`; a key for several slave SAEs stays reserved
 *   until each has taken it once.
 */
import type Database from 'better-sqlite3';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';

const MIGRATIONS: readonly string[] = [
  // v1
  `
  CREATE TABLE blocks (
    seq        INTEGER PRIMARY KEY,
    block_id   TEXT    NOT NULL UNIQUE,
    bit_length INTEGER NOT NULL CHECK (bit_length > 0),
    auth_bits  INTEGER NOT NULL CHECK (auth_bits >= 0 AND auth_bits <= bit_length)
  ) STRICT;

  CREATE TABLE pool_chunks (
    pool      TEXT    NOT NULL CHECK (pool IN ('app', 'auth')),
    seq       INTEGER NOT NULL REFERENCES blocks(seq),
    start_bit INTEGER NOT NULL,
    end_bit   INTEGER NOT NULL,
    material  BLOB    NOT NULL,
    PRIMARY KEY (pool, seq),
    CHECK (start_bit < end_bit)
  ) STRICT;

  CREATE TABLE reservations (
    reservation_id TEXT    PRIMARY KEY,
    side           TEXT    NOT NULL CHECK (side IN ('master', 'slave')),
    master_sae     TEXT    NOT NULL,
    slave_sae      TEXT    NOT NULL,
    size_bits      INTEGER NOT NULL,
    key_count      INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE keys (
    ord            INTEGER PRIMARY KEY,
    key_id         TEXT    NOT NULL UNIQUE,
    reservation_id TEXT    NOT NULL REFERENCES reservations(reservation_id),
    idx            INTEGER NOT NULL,
    size_bits      INTEGER NOT NULL,
    state          TEXT    NOT NULL CHECK (state IN ('reserved', 'delivered', 'discarded')),
    material       BLOB,
    CHECK ((state = 'reserved') = (material IS NOT NULL))
  ) STRICT;
  CREATE INDEX keys_by_state ON keys(state);
  CREATE INDEX keys_by_reservation ON keys(reservation_id);

  CREATE TABLE key_segments (
    key_id     TEXT    NOT NULL REFERENCES keys(key_id),
    idx        INTEGER NOT NULL,
    block_id   TEXT    NOT NULL,
    bit_offset INTEGER NOT NULL,
    bit_length INTEGER NOT NULL CHECK (bit_length > 0),
    PRIMARY KEY (key_id, idx)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE counters (
    name  TEXT    PRIMARY KEY,
    value INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  INSERT INTO counters(name, value) VALUES
    ('auth_consumed_bits', 0),
    ('app_skipped_bits', 0),
    ('pruned_key_bits', 0);
  `,
  // v2: blocks stored by the first node of a link but not yet confirmed by
  // the peer. They sit outside both pools, so no key or authentication pad
  // can be cut from a block that the other node might not hold; the node
  // activates them (in confirmation order) or drops them after a resync.
  `
  CREATE TABLE pending_blocks (
    ord        INTEGER PRIMARY KEY,
    block_id   TEXT    NOT NULL UNIQUE,
    bit_length INTEGER NOT NULL CHECK (bit_length > 0),
    auth_bits  INTEGER NOT NULL CHECK (auth_bits >= 0 AND auth_bits <= bit_length),
    material   BLOB    NOT NULL
  ) STRICT;
  `,
  // v3: reservations expire (README "Reservation expiry"). Each reservation
  // keeps the wall-clock time this node recorded it; rows from v2 get the
  // migration's time, so they expire one TTL after the upgrade, never at once.
  `
  ALTER TABLE reservations ADD COLUMN reserved_at_ms INTEGER NOT NULL DEFAULT 0;
  UPDATE reservations SET reserved_at_ms = CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER);
  `,
  // v4: ETSI additional slave SAEs (key multicast). A reservation lists the
  // SAEs besides slave_sae that may fetch its keys on the slave node (JSON
  // array, '[]' for none); `key_handouts` records which of them already took
  // a key that is still reserved because others have not. A key leaves
  // 'reserved' (and its handout rows are deleted) once every named slave took it.
  `
  ALTER TABLE reservations ADD COLUMN additional_slaves TEXT NOT NULL DEFAULT '[]';
  CREATE TABLE key_handouts (
    key_id TEXT NOT NULL,
    sae    TEXT NOT NULL,
    PRIMARY KEY (key_id, sae)
  ) STRICT, WITHOUT ROWID;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Bring `db` up to `SCHEMA_VERSION`, one transaction per step. */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new QkdError(
      QkdErrorCode.UnsupportedSchema,
      `key store ${db.name} has schema v${current}, newer than this code (v${SCHEMA_VERSION})`,
      {
        path: db.name,
        found: current,
        supported: SCHEMA_VERSION,
      },
    );
  }
  for (let v = current; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
