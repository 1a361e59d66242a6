/**
 * Durable key store of one QKD node.
 *
 * Secret key blocks from privacy amplification go in under an ID both nodes
 * agree on, in the same order on both nodes. Each block is split into an
 * authentication part (its first `authBits` bits, for Wegman–Carter on the
 * peer channel) and an application part (ETSI GS QKD 014 delivery). Both pools
 * are consumed from the front, so two stores that were given identical blocks
 * cut identical keys and identical authentication key.
 *
 * ETSI 014 delivery is two-phase. The master node `reserve`s keys (cutting
 * them and assigning UUIDs) and sends the returned description to the slave
 * node, which `applyReservation`s it to mark the same bits under the same IDs.
 * Then each side `deliver`s each key once to its own SAE. The master should
 * hand keys to its SAE only after the slave acknowledged the reservation, and
 * `discardReservation` them otherwise, so a key is never held by one side only.
 *
 * Every public method that changes state is one SQLite transaction (BEGIN
 * IMMEDIATE), or inside `grouped` a savepoint of the turn's group commit
 * (README "Group commit"), so after a crash each change is either wholly
 * present or absent. All methods are synchronous (better-sqlite3); one
 * process owns the file.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, fsync, fsyncSync, openSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { alignedRange } from './bit-copy.ts';
import { planCut, sameSegments } from './cut-plan.ts';
import { openKeyStoreDatabase } from './database.ts';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import { Pool } from './pool.ts';
import { reservationDescriptionSchema, type KeySegment, type ReservationDescription } from './reservation.ts';
import { auditKeyStore, type AuditReport } from './audit.ts';

export interface KeyStoreOptions {
  /** Database file. */
  readonly path: string;
  /** Capacity: unassigned bits of both pools plus undelivered reserved key bits. */
  readonly maxBits: number;
  /** Largest key `reserve` will cut, in bits (ETSI `max_key_size`). Default 8192. */
  readonly maxKeySizeBits?: number;
  /** Smallest key, in bits (ETSI `min_key_size`). Default 8. */
  readonly minKeySizeBits?: number;
  /** When undelivered reserved keys are discarded (README "Reservation expiry"). Default `DEFAULT_RESERVATION_EXPIRY`. */
  readonly reservationExpiry?: ReservationExpiry;
  /** Wall clock in ms since the epoch (tests pass a fake one). Default `Date.now`. */
  readonly clock?: () => number;
}

/**
 * The expiry rule (README "Reservation expiry"). A reserved key this node
 * holds as the master expires `ttlMs` after this node recorded its
 * reservation; as the slave, `ttlMs + slaveGraceMs` after. A reservation
 * recorded more than `ttlMs` in the future (the wall clock went back) has
 * expired too.
 */
export interface ReservationExpiry {
  readonly ttlMs: number;
  readonly slaveGraceMs: number;
}

export const DEFAULT_RESERVATION_EXPIRY: ReservationExpiry = { ttlMs: 300_000, slaveGraceMs: 30_000 };

export interface AddBlockOptions {
  /** Bits at the start of the block that go to the authentication pool. Default 0. */
  readonly authBits?: number;
  /** Length of the block in bits when it is not `material.length * 8`. */
  readonly bitLength?: number;
}

export interface SaePair {
  readonly masterSae: string;
  readonly slaveSae: string;
  /** ETSI `additional_slave_SAE_IDs`: more SAEs of the slave node that may each take the keys once. Default none. */
  readonly additionalSlaveSaes?: readonly string[];
}

export interface ReserveOptions {
  /** The reservation's ID; default a fresh UUID. The peer KME names it when it asked for the cut. */
  readonly reservationId?: string;
  /**
   * Which side of the reservation this node holds. Default `master`: this
   * node's SAE asked. `slave`: the peer node's master SAE asked this node
   * (which cuts for the pair) to cut; the peer applies it as the master.
   */
  readonly side?: Side;
}

export interface DeliverOptions {
  /** The SAE asking for the keys (the API layer has authenticated it). */
  readonly sae: string;
  /** The other SAE, when the request names it (dec_keys carries the master's ID). */
  readonly counterpartSae?: string;
  /** Only keys this node holds on this side (dec_keys: `slave`); another key is `WrongSae`. Default either. */
  readonly side?: Side;
}

export interface DeliveredKey {
  readonly keyId: string;
  readonly sizeBits: number;
  /** `sizeBits / 8` bytes. The caller owns them; zero them after sending. */
  readonly key: Uint8Array;
}

export interface AuthKey {
  readonly bitLength: number;
  /** `ceil(bitLength / 8)` bytes, bits LSB first; unused bits of the last byte are zero. */
  readonly bytes: Uint8Array;
  /**
   * Authentication bits consumed on this node before this take. Both nodes
   * see the same value for the same take; the peer layer can send it along to
   * detect that the two nodes' authentication keys have drifted apart.
   */
  readonly position: number;
}

export type KeyState = 'reserved' | 'delivered' | 'discarded';
export type Side = 'master' | 'slave';

export interface KeyInfo {
  readonly keyId: string;
  readonly reservationId: string;
  readonly state: KeyState;
  /** Which side of the reservation this node is on (`reserve` → master, `applyReservation` → slave). */
  readonly side: Side;
  readonly masterSae: string;
  readonly slaveSae: string;
  /** The reservation's additional slave SAEs (empty for none). */
  readonly additionalSlaveSaes: readonly string[];
  readonly sizeBits: number;
}

export interface KeyStoreStats {
  /** Unassigned bits in the application pool. */
  readonly appBits: number;
  /** Unassigned bits in the authentication pool. */
  readonly authBits: number;
  /** Bits of authentication key taken so far (all spent on the peer channel). */
  readonly authConsumedBits: number;
  /** Keys reserved and not yet delivered on this node, and their bits. */
  readonly reservedKeys: number;
  readonly reservedBits: number;
  readonly deliveredKeys: number;
  /** Reserved keys discarded because they expired, since this store was opened. */
  readonly expiredKeys: number;
  /** Application bits thrown away to catch up with the peer (`allowSkip`). */
  readonly skippedBits: number;
  /** appBits + authBits + reservedBits: what counts against `maxBits`. */
  readonly storedBits: number;
  readonly maxBits: number;
  readonly maxKeySizeBits: number;
  readonly minKeySizeBits: number;
  /** Keys of the requested size that `reserve` could cut now (only when a size was given). */
  readonly availableKeys?: number;
}

interface KeyRow {
  key_id: string;
  reservation_id: string;
  state: KeyState;
  size_bits: number;
  material: Buffer | null;
  side: Side;
  master_sae: string;
  slave_sae: string;
  reserved_at_ms: number;
  additional_slaves: string;
}

const MAX_ID_LENGTH = 256;

function commitFailed(group: CommitGroup, err: unknown): QkdError {
  return new QkdError(
    QkdErrorCode.KeyStoreCommitFailed,
    `key store commit of ${group.operations} operations failed: ${(err as Error).message}`,
    { operations: group.operations },
    { cause: err },
  );
}

/** One commit group: the store calls of one event-loop turn, committed together (`KeyStore.grouped`). */
interface CommitGroup {
  readonly durable: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
  operations: number;
  /** Durable, or failed. */
  settled: boolean;
}

export class KeyStore {
  private readonly app: Pool;
  private readonly auth: Pool;
  private readonly maxKeySizeBits: number;
  private readonly minKeySizeBits: number;
  private readonly maxBits: number;
  private readonly clock: () => number;
  private expiry: ReservationExpiry;
  private expiredKeys = 0;
  private closed = false;
  /** The open commit group (`grouped`), if any, and how deep we are in `grouped` calls. */
  private group: CommitGroup | undefined;
  private grouping = 0;
  private groupCommits = 0;
  private groupedOperations = 0;
  /** Groups committed to the WAL whose fsync has not completed yet, oldest first. */
  private unsynced: CommitGroup[] = [];
  /** An fsync of the WAL runs on libuv's thread pool. */
  private syncing = false;
  /** Our own descriptor of the `-wal` file (fsync is per file, whoever opened it); opened at the first group commit. */
  private walFd: number | undefined;
  /** The group committed last (its fsync may still be running). */
  private lastCommitted: CommitGroup | undefined;
  private readonly walPath: string | undefined;

  private constructor(
    private readonly db: Database.Database,
    options: KeyStoreOptions,
  ) {
    this.app = new Pool(db, 'app');
    this.auth = new Pool(db, 'auth');
    this.maxBits = options.maxBits;
    this.maxKeySizeBits = options.maxKeySizeBits ?? 8192;
    this.minKeySizeBits = options.minKeySizeBits ?? 8;
    this.clock = options.clock ?? Date.now;
    this.expiry = options.reservationExpiry ?? DEFAULT_RESERVATION_EXPIRY;
    const special = options.path === '' || options.path === ':memory:' || options.path.startsWith('file:');
    this.walPath = special ? undefined : `${options.path}-wal`;
  }

  /** Open (creating or migrating) the store at `options.path`. Reopening continues where it left off. */
  static open(options: KeyStoreOptions): KeyStore {
    requireInt('maxBits', options.maxBits, 1);
    const maxKey = options.maxKeySizeBits ?? 8192;
    const minKey = options.minKeySizeBits ?? 8;
    if (
      !Number.isSafeInteger(minKey) ||
      minKey < 8 ||
      minKey % 8 !== 0 ||
      !Number.isSafeInteger(maxKey) ||
      maxKey < minKey ||
      maxKey % 8 !== 0
    ) {
      throw new QkdError(QkdErrorCode.KeyStoreInvalidArgument, 'key size limits must be multiples of 8 with 8 <= min <= max', {
        minKey,
        maxKey,
      });
    }
    if (options.reservationExpiry !== undefined) checkExpiry(options.reservationExpiry);
    return new KeyStore(openKeyStoreDatabase(options.path), options);
  }

  /**
   * Change the expiry rule (the ETSI layer sets it from `etsi.reservationTtlS`).
   * It applies to reservations already stored too: expiry is evaluated from
   * their stored times.
   * @throws QkdError `KeyStoreInvalidArgument`
   */
  setReservationExpiry(rule: ReservationExpiry): void {
    checkExpiry(rule);
    this.expiry = { ttlMs: rule.ttlMs, slaveGraceMs: rule.slaveGraceMs };
  }

  get reservationExpiry(): ReservationExpiry {
    return this.expiry;
  }

  /**
   * Discard every reserved key whose reservation has expired (as
   * `discardReservation` does: its bits are gone for good, its ID answers
   * `UnknownKeyId`, and it no longer counts against `maxBits`). The store
   * also does this by itself before adding a block, reserving, and in `stats`.
   * @returns the number of keys and bits discarded
   */
  expireReservations(): { keys: number; bits: number } {
    return this.tx(() => this.expireDue());
  }

  /**
   * Store a secret key block. The first `authBits` bits go to the
   * authentication pool, the rest to the application pool. Both nodes must add
   * the same blocks in the same order.
   * @throws QkdError `DuplicateBlock`, `CapacityExceeded` (nothing stored; pause generation), `KeyStoreInvalidArgument`
   */
  addBlock(blockId: string, material: Uint8Array, options: AddBlockOptions = {}): void {
    requireId('blockId', blockId);
    const bitLength = options.bitLength ?? material.length * 8;
    const authBits = options.authBits ?? 0;
    requireInt('bitLength', bitLength, 1);
    requireInt('authBits', authBits, 0);
    if (material.length < (bitLength + 7) >>> 3) {
      throw new QkdError(QkdErrorCode.KeyStoreInvalidArgument, `block ${blockId}: ${material.length} bytes cannot hold ${bitLength} bits`, {
        blockId,
        bitLength,
      });
    }
    if (authBits > bitLength) {
      throw new QkdError(QkdErrorCode.KeyStoreInvalidArgument, `block ${blockId}: authBits ${authBits} exceeds its ${bitLength} bits`, {
        blockId,
        authBits,
        bitLength,
      });
    }
    this.tx(() => this.insertBlock(blockId, material, bitLength, authBits));
  }

  /**
   * Store a block as *pending*: durable, but outside both pools until
   * `activatePendingBlock`. The node that stores first in the two-node commit
   * uses this, so that a crash between its store and the peer's never leaves
   * usable key on one side only.
   * @throws QkdError `DuplicateBlock`, `CapacityExceeded`, `KeyStoreInvalidArgument`
   */
  addPendingBlock(blockId: string, material: Uint8Array, options: AddBlockOptions = {}): void {
    requireId('blockId', blockId);
    const bitLength = options.bitLength ?? material.length * 8;
    const authBits = options.authBits ?? 0;
    requireInt('bitLength', bitLength, 1);
    requireInt('authBits', authBits, 0);
    if (material.length < (bitLength + 7) >>> 3 || authBits > bitLength) {
      throw new QkdError(QkdErrorCode.KeyStoreInvalidArgument, `block ${blockId}: bad length ${bitLength} / authBits ${authBits}`, {
        blockId,
        bitLength,
      });
    }
    this.tx(() => {
      this.checkNewBlock(blockId, bitLength);
      const bytes = Uint8Array.prototype.slice.call(material, 0, (bitLength + 7) >>> 3);
      this.db
        .prepare(`INSERT INTO pending_blocks(block_id, bit_length, auth_bits, material) VALUES (?, ?, ?, ?)`)
        .run(blockId, bitLength, authBits, bytes);
      bytes.fill(0);
    });
  }

  /** Move a pending block into the pools (as `addBlock` would have). Returns false when it is not pending. */
  activatePendingBlock(blockId: string): boolean {
    return this.tx(() => {
      const row = this.db
        .prepare<[string], { bit_length: number; auth_bits: number; material: Buffer }>(
          `SELECT bit_length, auth_bits, material FROM pending_blocks WHERE block_id = ?`,
        )
        .get(blockId);
      if (!row) return false;
      this.db.prepare(`DELETE FROM pending_blocks WHERE block_id = ?`).run(blockId);
      this.insertBlock(blockId, row.material, row.bit_length, row.auth_bits, true);
      row.material.fill(0);
      return true;
    });
  }

  /** Delete a pending block the peer never stored (secure_delete zeroes its pages). Returns false when it is not pending. */
  dropPendingBlock(blockId: string): boolean {
    return this.tx(() => this.db.prepare(`DELETE FROM pending_blocks WHERE block_id = ?`).run(blockId).changes > 0);
  }

  /** IDs of pending blocks, oldest first. */
  pendingBlockIds(): string[] {
    return this.db
      .prepare<[], { block_id: string }>(`SELECT block_id FROM pending_blocks ORDER BY ord`)
      .all()
      .map((r) => r.block_id);
  }

  /** IDs of the last `limit` blocks added to the pools, newest first. */
  recentBlockIds(limit: number): string[] {
    requireInt('limit', limit, 1);
    return this.db
      .prepare<[number], { block_id: string }>(`SELECT block_id FROM blocks ORDER BY seq DESC LIMIT ?`)
      .all(limit)
      .map((r) => r.block_id);
  }

  private checkNewBlock(blockId: string, bitLength: number, activating = false): void {
    if (this.db.prepare(`SELECT 1 FROM blocks WHERE block_id = ?`).get(blockId) !== undefined) {
      throw new QkdError(QkdErrorCode.DuplicateBlock, `block ${blockId} was added before`, { blockId });
    }
    if (!activating && this.db.prepare(`SELECT 1 FROM pending_blocks WHERE block_id = ?`).get(blockId) !== undefined) {
      throw new QkdError(QkdErrorCode.DuplicateBlock, `block ${blockId} is pending`, { blockId });
    }
    // A pending block already counts against capacity; activating it adds nothing.
    if (!activating) this.expireDue();
    const stored = this.storedBits();
    if (!activating && stored + bitLength > this.maxBits) {
      throw new QkdError(
        QkdErrorCode.CapacityExceeded,
        `block ${blockId} (${bitLength} bits) does not fit: ${stored} of ${this.maxBits} bits stored`,
        {
          blockId,
          bitLength,
          storedBits: stored,
          maxBits: this.maxBits,
        },
      );
    }
  }

  /** Inside a transaction: add the block row and its pool chunks. */
  private insertBlock(blockId: string, material: Uint8Array, bitLength: number, authBits: number, activating = false): void {
    this.checkNewBlock(blockId, bitLength, activating);
    const seq = Number(
      this.db.prepare(`INSERT INTO blocks(block_id, bit_length, auth_bits) VALUES (?, ?, ?)`).run(blockId, bitLength, authBits)
        .lastInsertRowid,
    );
    const insertChunk = this.db.prepare(`INSERT INTO pool_chunks(pool, seq, start_bit, end_bit, material) VALUES (?, ?, ?, ?, ?)`);
    for (const [pool, from, to] of [
      ['auth', 0, authBits],
      ['app', authBits, bitLength],
    ] as const) {
      if (from === to) continue;
      const bytes = alignedRange(material, from, to);
      insertChunk.run(pool, seq, from, to, bytes);
      bytes.fill(0);
    }
  }

  private hasReservation(reservationId: string): boolean {
    return this.db.prepare(`SELECT 1 FROM reservations WHERE reservation_id = ?`).get(reservationId) !== undefined;
  }

  hasBlock(blockId: string): boolean {
    return this.db.prepare(`SELECT 1 FROM blocks WHERE block_id = ?`).get(blockId) !== undefined;
  }

  /**
   * Master side of ETSI 014 `enc_keys`: cut the next `count` keys of
   * `sizeBits` from the front of the application pool, give each a UUID and
   * record them as reserved for `slaveSae`. Send the result to the peer.
   * @throws QkdError `NotEnoughKey`, `KeyStoreInvalidArgument`
   */
  reserve(count: number, sizeBits: number, saes: SaePair, options: ReserveOptions = {}): ReservationDescription {
    requireInt('count', count, 1);
    this.requireKeySize(sizeBits);
    requireId('masterSae', saes.masterSae);
    requireId('slaveSae', saes.slaveSae);
    const additional = checkAdditionalSlaves(saes);
    if (options.reservationId !== undefined) requireId('reservationId', options.reservationId);
    return this.tx(() => {
      this.expireDue();
      if (options.reservationId !== undefined && this.hasReservation(options.reservationId)) {
        throw new QkdError(QkdErrorCode.DuplicateKeyId, `reservation ${options.reservationId} is already known on this node`, {
          reservationId: options.reservationId,
        });
      }
      const plan = planCut(this.app.spansFor(count * sizeBits), count, sizeBits);
      if (plan === null) {
        const available = this.app.bits();
        throw new QkdError(
          QkdErrorCode.NotEnoughKey,
          `${count} keys of ${sizeBits} bits need ${count * sizeBits} bits; ${available} available`,
          {
            neededBits: count * sizeBits,
            availableBits: available,
          },
        );
      }
      const description: ReservationDescription = {
        version: 1,
        reservationId: options.reservationId ?? randomUUID(),
        masterSae: saes.masterSae,
        slaveSae: saes.slaveSae,
        ...(additional.length === 0 ? {} : { additionalSlaveSaes: additional }),
        sizeBits,
        keys: plan.map((segments) => ({ keyId: randomUUID(), segments })),
      };
      this.record(description, options.side ?? 'master');
      return description;
    });
  }

  /**
   * Slave side: mark the bits the master reserved, under the same IDs.
   * Applying the same description twice is a no-op (`'already-applied'`), so
   * the peer layer may retry after a lost acknowledgement.
   *
   * With `allowSkip`, application bits in front of the reservation's first
   * segment are discarded first (the master consumed them in a reservation it
   * later discarded and this node never saw). Without it, the reservation
   * must start exactly at the front of this node's pool.
   *
   * `side` is the side this node holds: `slave` (default) for a reservation
   * the peer's master SAE made; `master` for one the peer cut at this node's
   * request, for this node's master SAE (`ReserveOptions.side`).
   * @throws QkdError `KeyStoreInvalidArgument`, `MissingBlock`, `ReservationMismatch`, `DuplicateKeyId`
   */
  applyReservation(description: unknown, options: { allowSkip?: boolean; side?: Side } = {}): 'applied' | 'already-applied' {
    const side: Side = options.side ?? 'slave';
    const parsed = reservationDescriptionSchema.safeParse(description);
    if (!parsed.success) {
      throw new QkdError(
        QkdErrorCode.KeyStoreInvalidArgument,
        `malformed reservation: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    const desc: ReservationDescription = parsed.data;
    this.requireKeySize(desc.sizeBits);
    const additional = checkAdditionalSlaves(desc);
    const ids = new Set<string>();
    for (const key of desc.keys) {
      if (ids.has(key.keyId))
        throw new QkdError(QkdErrorCode.DuplicateKeyId, `key ID ${key.keyId} appears twice in reservation ${desc.reservationId}`, {
          keyId: key.keyId,
        });
      ids.add(key.keyId);
      const total = key.segments.reduce((sum, s) => sum + s.bitLength, 0);
      if (total !== desc.sizeBits) {
        throw new QkdError(QkdErrorCode.KeyStoreInvalidArgument, `key ${key.keyId}: segments hold ${total} bits, not ${desc.sizeBits}`, {
          keyId: key.keyId,
        });
      }
    }
    return this.tx(() => {
      const existing = this.db
        .prepare<[string], { side: Side; master_sae: string; slave_sae: string; size_bits: number; additional_slaves: string }>(
          `SELECT side, master_sae, slave_sae, size_bits, additional_slaves FROM reservations WHERE reservation_id = ?`,
        )
        .get(desc.reservationId);
      if (existing !== undefined) {
        const keyIds = this.db
          .prepare<[string], { key_id: string }>(`SELECT key_id FROM keys WHERE reservation_id = ? ORDER BY idx`)
          .all(desc.reservationId)
          .map((r) => r.key_id);
        const same =
          existing.side === side &&
          existing.additional_slaves === JSON.stringify(additional) &&
          existing.master_sae === desc.masterSae &&
          existing.slave_sae === desc.slaveSae &&
          existing.size_bits === desc.sizeBits &&
          keyIds.length === desc.keys.length &&
          keyIds.every((id, i) => id === desc.keys[i].keyId);
        if (same) return 'already-applied';
        throw new QkdError(QkdErrorCode.DuplicateKeyId, `reservation ${desc.reservationId} is already known with other content`, {
          reservationId: desc.reservationId,
        });
      }
      const knownKey = this.db.prepare<[string], { one: number }>(`SELECT 1 AS one FROM keys WHERE key_id = ?`);
      for (const key of desc.keys) {
        if (knownKey.get(key.keyId) !== undefined) {
          throw new QkdError(QkdErrorCode.DuplicateKeyId, `key ID ${key.keyId} is already known on this node`, { keyId: key.keyId });
        }
      }
      const knownBlock = this.db.prepare<[string], { one: number }>(`SELECT 1 AS one FROM blocks WHERE block_id = ?`);
      for (const key of desc.keys) {
        for (const s of key.segments) {
          if (knownBlock.get(s.blockId) === undefined) {
            throw new QkdError(
              QkdErrorCode.MissingBlock,
              `reservation ${desc.reservationId} uses block ${s.blockId}, which this node does not have`,
              {
                reservationId: desc.reservationId,
                blockId: s.blockId,
              },
            );
          }
        }
      }
      const first = desc.keys[0].segments[0];
      if (options.allowSkip === true) {
        const skipped = this.app.discardBefore(first.blockId, first.bitOffset);
        if (skipped === null) throw this.mismatch(desc, first);
        if (skipped > 0) this.db.prepare(`UPDATE counters SET value = value + ? WHERE name = 'app_skipped_bits'`).run(skipped);
      }
      const plan = planCut(this.app.spansFor(desc.keys.length * desc.sizeBits), desc.keys.length, desc.sizeBits);
      if (plan === null || !plan.every((segments, i) => sameSegments(segments, desc.keys[i].segments))) throw this.mismatch(desc, first);
      this.record(desc, side);
      return 'applied';
    });
  }

  /**
   * Hand out keys to `sae`, exactly once on this node: returns the key bytes
   * and, in the same transaction, marks the keys delivered and deletes their
   * material. All or nothing: if one ID fails, no key is delivered.
   * @throws QkdError `UnknownKeyId`, `AlreadyDelivered`, `WrongSae`
   */
  deliver(keyIds: readonly string[], options: DeliverOptions): DeliveredKey[] {
    return this.tx(() => {
      const get = this.db.prepare<[string], KeyRow>(
        `SELECT k.key_id, k.reservation_id, k.state, k.size_bits, k.material, r.side, r.master_sae, r.slave_sae, r.reserved_at_ms,
                r.additional_slaves
           FROM keys k JOIN reservations r ON r.reservation_id = k.reservation_id WHERE k.key_id = ?`,
      );
      const now = this.clock();
      const markDelivered = this.db.prepare<[string]>(`UPDATE keys SET state = 'delivered', material = NULL WHERE key_id = ?`);
      const dropSegments = this.db.prepare<[string]>(`DELETE FROM key_segments WHERE key_id = ?`);
      const handedTo = this.db.prepare<[string], { sae: string }>(`SELECT sae FROM key_handouts WHERE key_id = ?`);
      const recordHandout = this.db.prepare<[string, string]>(`INSERT INTO key_handouts(key_id, sae) VALUES (?, ?)`);
      const dropHandouts = this.db.prepare<[string]>(`DELETE FROM key_handouts WHERE key_id = ?`);
      const out: DeliveredKey[] = [];
      for (const keyId of keyIds) {
        const row = get.get(keyId);
        if (row === undefined) throw new QkdError(QkdErrorCode.UnknownKeyId, `no key ${keyId} on this node`, { keyId });
        if (options.side !== undefined && row.side !== options.side)
          throw new QkdError(QkdErrorCode.WrongSae, `key ${keyId} is not held as the ${options.side} side here`, {
            keyId,
            sae: options.sae,
          });
        if (row.state === 'delivered') throw new QkdError(QkdErrorCode.AlreadyDelivered, `key ${keyId} was delivered before`, { keyId });
        if (row.state === 'discarded' || row.material === null)
          throw new QkdError(QkdErrorCode.UnknownKeyId, `key ${keyId} was discarded`, { keyId, discarded: true });
        // Expired but not swept yet: refused exactly as a swept one (the sweep discards it later).
        if (this.isExpired(row.side, row.reserved_at_ms, now))
          throw new QkdError(QkdErrorCode.UnknownKeyId, `key ${keyId} expired`, { keyId, discarded: true, expired: true });
        // The master side has one owner; the slave side its slave SAE and any additional slaves, each once.
        const owners = row.side === 'master' ? [row.master_sae] : [row.slave_sae, ...parseSaeList(row.additional_slaves)];
        const counterpart = row.side === 'master' ? row.slave_sae : row.master_sae;
        if (!owners.includes(options.sae) || (options.counterpartSae !== undefined && options.counterpartSae !== counterpart)) {
          throw new QkdError(QkdErrorCode.WrongSae, `key ${keyId} is not for SAE ${options.sae}`, { keyId, sae: options.sae });
        }
        const taken = owners.length === 1 ? [] : handedTo.all(keyId).map((h) => h.sae);
        if (taken.includes(options.sae))
          throw new QkdError(QkdErrorCode.AlreadyDelivered, `key ${keyId} was delivered to SAE ${options.sae} before`, { keyId });
        const key = new Uint8Array(row.material);
        row.material.fill(0);
        if (taken.length + 1 < owners.length) {
          // Other named slaves have yet to take it: the key stays reserved, with its material.
          recordHandout.run(keyId, options.sae);
        } else {
          markDelivered.run(keyId);
          dropSegments.run(keyId);
          if (taken.length > 0) dropHandouts.run(keyId);
        }
        out.push({ keyId, sizeBits: row.size_bits, key });
      }
      return out;
    });
  }

  /**
   * Destroy the undelivered keys of a reservation (e.g. the peer never
   * acknowledged it). Their bits are gone for good; IDs answer `UnknownKeyId`.
   * @returns the number of keys discarded
   * @throws QkdError `UnknownReservation`
   */
  discardReservation(reservationId: string): number {
    return this.tx(() => {
      const n = this.db
        .prepare<[string]>(`UPDATE keys SET state = 'discarded', material = NULL WHERE reservation_id = ? AND state = 'reserved'`)
        .run(reservationId).changes;
      if (n === 0)
        throw new QkdError(QkdErrorCode.UnknownReservation, `reservation ${reservationId} has no undelivered keys here`, { reservationId });
      this.db
        .prepare<[string]>(
          `DELETE FROM key_segments WHERE key_id IN (SELECT key_id FROM keys WHERE reservation_id = ? AND state = 'discarded')`,
        )
        .run(reservationId);
      this.db
        .prepare<[string]>(`DELETE FROM key_handouts WHERE key_id IN (SELECT key_id FROM keys WHERE reservation_id = ?)`)
        .run(reservationId);
      return n;
    });
  }

  /**
   * Take the next `nBits` of authentication key (deleted as taken). Both
   * nodes must take the same amounts in the same order.
   * @throws QkdError `NotEnoughAuthKey`, `KeyStoreInvalidArgument`
   */
  takeAuthKey(nBits: number): AuthKey {
    requireInt('nBits', nBits, 1);
    return this.tx(() => {
      const available = this.auth.bits();
      if (available < nBits) {
        throw new QkdError(QkdErrorCode.NotEnoughAuthKey, `${nBits} authentication bits needed; ${available} available`, {
          neededBits: nBits,
          availableBits: available,
        });
      }
      const position = this.counter('auth_consumed_bits');
      const bytes = this.auth.takeFront(nBits);
      this.db.prepare(`UPDATE counters SET value = value + ? WHERE name = 'auth_consumed_bits'`).run(nBits);
      return { bitLength: nBits, bytes, position };
    });
  }

  /**
   * A reservation's description again, by its ID, while its keys are still
   * reserved here (their segments are kept until delivered or discarded):
   * what an idempotent cut returns when it is asked a second time (the key
   * relay's hop keys, src/network/node/key-store-hop-pool.ts). `spent` when
   * the reservation is known but a key of it was delivered or discarded
   * (its segments are gone); undefined when unknown.
   */
  reservationDescription(reservationId: string): ReservationDescription | 'spent' | undefined {
    const r = this.db
      .prepare<[string], { master_sae: string; slave_sae: string; size_bits: number; additional_slaves: string }>(
        `SELECT master_sae, slave_sae, size_bits, additional_slaves FROM reservations WHERE reservation_id = ?`,
      )
      .get(reservationId);
    if (r === undefined) return undefined;
    const keys = this.db
      .prepare<[string], { key_id: string; state: KeyState }>(`SELECT key_id, state FROM keys WHERE reservation_id = ? ORDER BY idx`)
      .all(reservationId);
    if (keys.length === 0 || keys.some((k) => k.state !== 'reserved')) return 'spent';
    const segments = this.db.prepare<[string], { block_id: string; bit_offset: number; bit_length: number }>(
      `SELECT block_id, bit_offset, bit_length FROM key_segments WHERE key_id = ? ORDER BY idx`,
    );
    const additional = parseSaeList(r.additional_slaves);
    return {
      version: 1,
      reservationId,
      masterSae: r.master_sae,
      slaveSae: r.slave_sae,
      ...(additional.length === 0 ? {} : { additionalSlaveSaes: additional }),
      sizeBits: r.size_bits,
      keys: keys.map((k) => ({
        keyId: k.key_id,
        segments: segments.all(k.key_id).map((g) => ({ blockId: g.block_id, bitOffset: g.bit_offset, bitLength: g.bit_length })),
      })),
    };
  }

  /**
   * A copy of a reserved key's material WITHOUT delivering it (the key stays
   * reserved): the key relay reads a hop key, and releases it
   * (`discardReservation`) only once its own record replacing it is durable.
   * Undefined when the key is unknown, delivered, discarded or expired.
   * Secret: the caller zeroes its copy.
   */
  readReservedKey(keyId: string): Uint8Array | undefined {
    const row = this.db
      .prepare<[string], { state: KeyState; material: Buffer | null; side: Side; reserved_at_ms: number }>(
        `SELECT k.state, k.material, r.side, r.reserved_at_ms FROM keys k JOIN reservations r ON r.reservation_id = k.reservation_id
          WHERE k.key_id = ?`,
      )
      .get(keyId);
    if (row === undefined || row.state !== 'reserved' || row.material === null) return undefined;
    if (this.isExpired(row.side, row.reserved_at_ms, this.clock())) {
      row.material.fill(0);
      return undefined;
    }
    const key = new Uint8Array(row.material);
    row.material.fill(0);
    return key;
  }

  keyInfo(keyId: string): KeyInfo | undefined {
    const row = this.db
      .prepare<[string], Omit<KeyRow, 'material'>>(
        `SELECT k.key_id, k.reservation_id, k.state, k.size_bits, r.side, r.master_sae, r.slave_sae, r.additional_slaves
           FROM keys k JOIN reservations r ON r.reservation_id = k.reservation_id WHERE k.key_id = ?`,
      )
      .get(keyId);
    if (row === undefined) return undefined;
    return {
      keyId: row.key_id,
      reservationId: row.reservation_id,
      state: row.state,
      side: row.side,
      masterSae: row.master_sae,
      slaveSae: row.slave_sae,
      additionalSlaveSaes: parseSaeList(row.additional_slaves),
      sizeBits: row.size_bits,
    };
  }

  /**
   * Group commit (README "Group commit"). Run `fn`'s store calls in this
   * event-loop turn's commit group instead of one transaction (and one
   * fsync) each: every call is still all or nothing (a savepoint) and sees
   * the changes before it, but none is durable until the group commits, once
   * the current turn is over. So the caller must not let anything that
   * depends on them leave the process (a peer message, an ack, a response)
   * before `durable()`, taken after the call, has resolved. A state-changing
   * call made outside `grouped` commits the open group first.
   */
  grouped<T>(fn: () => T): T {
    this.grouping++;
    try {
      const value = fn();
      if (this.group !== undefined) this.group.operations++;
      return value;
    } finally {
      this.grouping--;
    }
  }

  /**
   * Resolves once every change made so far is on disk: at once when no group
   * is open, else when the open group has committed. Rejects with
   * `KeyStoreCommitFailed` when that group could not be committed (then none
   * of its changes happened).
   */
  durable(): Promise<void> {
    if (this.group !== undefined) return this.group.durable;
    // Committed to the WAL, its fsync still running: a later commit is durable only with it.
    const last = this.lastCommitted;
    return last !== undefined && !last.settled ? last.durable : Promise.resolve();
  }

  /** Commit the open group now (tests and shutdown; the store does it by itself at the end of the turn). */
  commitNow(): void {
    this.commitGroup();
  }

  /** Group commits so far and the operations they carried (the bench reports the ratio). */
  groupCommitStats(): { commits: number; operations: number } {
    return { commits: this.groupCommits, operations: this.groupedOperations };
  }

  /** Counts for ETSI 014 status and for flow control. `sizeBits` adds `availableKeys` at that size. */
  stats(sizeBits?: number): KeyStoreStats {
    if (this.hasExpired()) this.expireReservations();
    const read = this.db.transaction(() => {
      const appBits = this.app.bits();
      const authBits = this.auth.bits();
      const reserved = this.db
        .prepare<[], { n: number; bits: number | null }>(`SELECT COUNT(*) AS n, SUM(size_bits) AS bits FROM keys WHERE state = 'reserved'`)
        .get() ?? { n: 0, bits: 0 };
      const delivered = this.db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM keys WHERE state = 'delivered'`).get()?.n ?? 0;
      const reservedBits = reserved.bits ?? 0;
      const base: KeyStoreStats = {
        appBits,
        authBits,
        authConsumedBits: this.counter('auth_consumed_bits'),
        reservedKeys: reserved.n,
        reservedBits,
        deliveredKeys: delivered,
        expiredKeys: this.expiredKeys,
        skippedBits: this.counter('app_skipped_bits'),
        storedBits: appBits + authBits + reservedBits,
        maxBits: this.maxBits,
        maxKeySizeBits: this.maxKeySizeBits,
        minKeySizeBits: this.minKeySizeBits,
      };
      return sizeBits === undefined ? base : { ...base, availableKeys: Math.floor(appBits / sizeBits) };
    });
    if (sizeBits !== undefined) this.requireKeySize(sizeBits);
    return read();
  }

  /**
   * Forget delivered and discarded keys except the newest `keep`, so the
   * tombstone table does not grow without bound. A pruned ID answers
   * `UnknownKeyId` instead of `AlreadyDelivered`; it is still never handed out.
   * @returns the number of tombstones removed
   */
  pruneTombstones(keep: number): number {
    requireInt('keep', keep, 0);
    return this.tx(() => {
      const cutoff = this.db
        .prepare<[number], { ord: number }>(`SELECT ord FROM keys WHERE state != 'reserved' ORDER BY ord DESC LIMIT 1 OFFSET ?`)
        .get(keep);
      if (cutoff === undefined) return 0;
      const bits =
        this.db
          .prepare<[number], { bits: number | null }>(`SELECT SUM(size_bits) AS bits FROM keys WHERE state != 'reserved' AND ord <= ?`)
          .get(cutoff.ord)?.bits ?? 0;
      const n = this.db.prepare<[number]>(`DELETE FROM keys WHERE state != 'reserved' AND ord <= ?`).run(cutoff.ord).changes;
      this.db.prepare(`UPDATE counters SET value = value + ? WHERE name = 'pruned_key_bits'`).run(bits);
      this.db.prepare(`DELETE FROM reservations WHERE reservation_id NOT IN (SELECT reservation_id FROM keys)`).run();
      return n;
    });
  }

  /** Consistency check of the database: SQLite integrity plus this store's bit accounting. */
  audit(): AuditReport {
    return auditKeyStore(this.db);
  }

  /** Checkpoint the WAL into the database (dropping old page images that may hold spent key) and close. */
  close(): void {
    if (this.closed) return;
    this.commitGroup();
    this.syncWalNow();
    this.closed = true;
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
      this.closeWal();
    }
  }

  // --- internals ---

  /** Insert a reservation and its keys, moving their material out of the application pool. */
  private record(desc: ReservationDescription, side: Side): void {
    const bytesPerKey = desc.sizeBits >>> 3;
    const material = this.app.takeFront(desc.keys.length * desc.sizeBits);
    this.db
      .prepare(
        `INSERT INTO reservations(reservation_id, side, master_sae, slave_sae, size_bits, key_count, reserved_at_ms, additional_slaves)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        desc.reservationId,
        side,
        desc.masterSae,
        desc.slaveSae,
        desc.sizeBits,
        desc.keys.length,
        Math.floor(this.clock()),
        JSON.stringify(desc.additionalSlaveSaes ?? []),
      );
    const insertKey = this.db.prepare(
      `INSERT INTO keys(key_id, reservation_id, idx, size_bits, state, material) VALUES (?, ?, ?, ?, 'reserved', ?)`,
    );
    const insertSegment = this.db.prepare(`INSERT INTO key_segments(key_id, idx, block_id, bit_offset, bit_length) VALUES (?, ?, ?, ?, ?)`);
    desc.keys.forEach((key, i) => {
      // Keys are whole bytes, so key i is bytes [i*size/8, (i+1)*size/8) of the cut.
      insertKey.run(key.keyId, desc.reservationId, i, desc.sizeBits, material.subarray(i * bytesPerKey, (i + 1) * bytesPerKey));
      for (const [j, s] of key.segments.entries()) insertSegment.run(key.keyId, j, s.blockId, s.bitOffset, s.bitLength);
    });
    material.fill(0);
  }

  private mismatch(desc: ReservationDescription, first: KeySegment): QkdError {
    const front = this.app.spansFor(1)[0];
    return new QkdError(
      QkdErrorCode.ReservationMismatch,
      `reservation ${desc.reservationId} starts at ${first.blockId}@${first.bitOffset}, which is not the front of this node's application pool` +
        (front === undefined ? ' (pool empty)' : ` (${front.blockId}@${front.startBit})`),
      {
        reservationId: desc.reservationId,
        blockId: first.blockId,
        bitOffset: first.bitOffset,
        ...(front === undefined ? {} : { frontBlockId: front.blockId, frontBitOffset: front.startBit }),
      },
    );
  }

  /** The expiry rule for one reservation (README "Reservation expiry"). */
  private isExpired(side: Side, reservedAtMs: number, now: number): boolean {
    const lifetime = this.expiry.ttlMs + (side === 'slave' ? this.expiry.slaveGraceMs : 0);
    return now - reservedAtMs >= lifetime || reservedAtMs - now > this.expiry.ttlMs;
  }

  /** Reserved keys that have expired at `now` (the same rule as `isExpired`, in SQL). */
  private dueKeys(now: number, limit = -1): Array<{ key_id: string; size_bits: number }> {
    const { ttlMs, slaveGraceMs } = this.expiry;
    return this.db
      .prepare<[number, number, number, number], { key_id: string; size_bits: number }>(
        `SELECT k.key_id, k.size_bits FROM keys k JOIN reservations r ON r.reservation_id = k.reservation_id
          WHERE k.state = 'reserved'
            AND ((r.side = 'master' AND r.reserved_at_ms <= ?) OR (r.side = 'slave' AND r.reserved_at_ms <= ?) OR r.reserved_at_ms > ?)
          LIMIT ?`,
      )
      .all(now - ttlMs, now - ttlMs - slaveGraceMs, now + ttlMs, limit);
  }

  private hasExpired(): boolean {
    return this.dueKeys(this.clock(), 1).length > 0;
  }

  /** Inside a transaction: discard the expired reserved keys. */
  private expireDue(): { keys: number; bits: number } {
    const now = this.clock();
    const due = this.dueKeys(now);
    if (due.length === 0) return { keys: 0, bits: 0 };
    const discard = this.db.prepare<[string]>(
      `UPDATE keys SET state = 'discarded', material = NULL WHERE key_id = ? AND state = 'reserved'`,
    );
    const dropSegments = this.db.prepare<[string]>(`DELETE FROM key_segments WHERE key_id = ?`);
    const dropHandouts = this.db.prepare<[string]>(`DELETE FROM key_handouts WHERE key_id = ?`);
    let bits = 0;
    for (const k of due) {
      discard.run(k.key_id);
      dropSegments.run(k.key_id);
      dropHandouts.run(k.key_id);
      bits += k.size_bits;
    }
    this.expiredKeys += due.length;
    return { keys: due.length, bits };
  }

  private storedBits(): number {
    const reserved =
      this.db.prepare<[], { bits: number | null }>(`SELECT SUM(size_bits) AS bits FROM keys WHERE state = 'reserved'`).get()?.bits ?? 0;
    const pending = this.db.prepare<[], { bits: number | null }>(`SELECT SUM(bit_length) AS bits FROM pending_blocks`).get()?.bits ?? 0;
    return this.app.bits() + this.auth.bits() + reserved + pending;
  }

  private counter(name: string): number {
    return this.db.prepare<[string], { value: number }>(`SELECT value FROM counters WHERE name = ?`).get(name)?.value ?? 0;
  }

  private requireKeySize(sizeBits: number): void {
    if (!Number.isSafeInteger(sizeBits) || sizeBits % 8 !== 0 || sizeBits < this.minKeySizeBits || sizeBits > this.maxKeySizeBits) {
      throw new QkdError(
        QkdErrorCode.KeyStoreInvalidArgument,
        `key size ${sizeBits} bits must be a multiple of 8 in [${this.minKeySizeBits}, ${this.maxKeySizeBits}]`,
        { sizeBits },
      );
    }
  }

  /**
   * Run `fn` as one IMMEDIATE transaction: the write lock is taken up front, so the read-then-write inside cannot race.
   * Inside `grouped`, it runs instead as a savepoint of this turn's commit group (all or nothing on its own, durable
   * with the group). Outside, a group still open is committed first, so a call outside `grouped` is durable when it
   * returns, as it always was.
   */
  private tx<T>(fn: () => T): T {
    if (this.grouping > 0) {
      this.openGroup();
      return this.db.transaction(fn)();
    }
    if (this.group !== undefined) this.commitGroup();
    return this.db.transaction(fn).immediate();
  }

  /** Begin this turn's commit group unless one is open; its commit runs once the current event-loop turn is over. */
  private openGroup(): void {
    if (this.group !== undefined) {
      if (this.db.inTransaction) return;
      // SQLite rolled the whole transaction back on its own (disk full, I/O error inside a savepoint).
      this.failGroup(this.group, new Error('the key store transaction was rolled back by SQLite'));
    }
    // NORMAL for the group's commit only (SQLite takes the level at BEGIN;
    // it cannot change inside a transaction): the commit writes the WAL
    // without the fsync that would block the event loop; `syncWal` then
    // fsyncs the WAL on the thread pool, and only that makes the group
    // durable (`durable()`). Everything outside groups commits with FULL.
    if (this.walPath !== undefined) this.db.exec('PRAGMA synchronous = NORMAL');
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } catch (err) {
      this.db.exec('PRAGMA synchronous = FULL');
      throw err;
    }
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const durable = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // A failed commit is reported to whoever awaits `durable()`; without a waiter it is not "unhandled".
    durable.catch(() => undefined);
    const group: CommitGroup = {
      durable,
      resolve: () => {
        group.settled = true;
        resolve();
      },
      reject: (err) => {
        group.settled = true;
        reject(err);
      },
      operations: 0,
      settled: false,
    };
    this.group = group;
    // setImmediate: after this turn's I/O callbacks, so work that arrives together shares one commit.
    setImmediate(() => {
      if (this.group === group) this.commitGroup();
    });
  }

  /** Commit the open group (one fsync) and tell its waiters; on failure roll it back and fail them. */
  private commitGroup(): void {
    const group = this.group;
    if (group === undefined) return;
    this.group = undefined;
    if (!this.db.inTransaction) {
      this.failGroup(group, new Error('the key store transaction was rolled back by SQLite'));
      return;
    }
    try {
      this.db.exec('COMMIT');
    } catch (err) {
      this.failGroup(group, err);
      return;
    }
    this.db.exec('PRAGMA synchronous = FULL');
    this.groupCommits++;
    this.groupedOperations += group.operations;
    if (this.walPath === undefined) {
      group.resolve();
      return;
    }
    this.lastCommitted = group;
    this.unsynced.push(group);
    this.syncWal();
  }

  /**
   * Make the committed groups durable: one fsync of the WAL at a time, off
   * the event loop; each covers every group committed before it started
   * (the WAL is appended in commit order, so a later commit is never on disk
   * without the earlier ones). Groups committed meanwhile wait for the next.
   */
  private syncWal(): void {
    if (this.syncing || this.unsynced.length === 0) return;
    const batch = this.unsynced;
    this.unsynced = [];
    let fd: number;
    try {
      fd = this.walDescriptor();
    } catch (err) {
      for (const g of batch) g.reject(commitFailed(g, err));
      return;
    }
    this.syncing = true;
    fsync(fd, (err) => {
      this.syncing = false;
      if (err === null) for (const g of batch) g.resolve();
      // The commit is in the WAL but may not be on disk: nothing of it may leave (it stays, and is never handed out).
      else for (const g of batch) g.reject(commitFailed(g, err));
      if (this.closed) this.closeWal();
      else this.syncWal();
    });
  }

  private walDescriptor(): number {
    if (this.walFd === undefined) this.walFd = openSync(this.walPath as string, 'r');
    return this.walFd;
  }

  /** At close: make every committed group durable now (synchronously), then let go of the WAL descriptor. */
  private syncWalNow(): void {
    const batch = this.unsynced;
    this.unsynced = [];
    if (batch.length === 0) return;
    try {
      fsyncSync(this.walDescriptor());
      for (const g of batch) g.resolve();
    } catch (err) {
      for (const g of batch) g.reject(commitFailed(g, err));
    }
  }

  private closeWal(): void {
    if (this.walFd === undefined || this.syncing) return;
    closeSync(this.walFd);
    this.walFd = undefined;
  }

  private failGroup(group: CommitGroup, err: unknown): void {
    if (this.group === group) this.group = undefined;
    try {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    } catch {
      // The connection is already out of the transaction.
    }
    if (!this.db.inTransaction) this.db.exec('PRAGMA synchronous = FULL');
    group.reject(commitFailed(group, err));
  }
}

/** The additional slave SAEs of a reservation, checked: IDs, none twice, not the slave SAE itself. */
function checkAdditionalSlaves(saes: { slaveSae: string; additionalSlaveSaes?: readonly string[] }): string[] {
  const list = [...(saes.additionalSlaveSaes ?? [])];
  const seen = new Set([saes.slaveSae]);
  for (const id of list) {
    requireId('additionalSlaveSaes', id);
    if (seen.has(id)) {
      throw new QkdError(QkdErrorCode.KeyStoreInvalidArgument, `additional slave SAE ${id} is named twice (or is the slave SAE)`, {
        additionalSlaveSae: id,
      });
    }
    seen.add(id);
  }
  return list;
}

function parseSaeList(json: string): string[] {
  const list = JSON.parse(json) as unknown;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

function checkExpiry(rule: ReservationExpiry): void {
  for (const [name, value, min] of [
    ['reservationExpiry.ttlMs', rule.ttlMs, 1],
    ['reservationExpiry.slaveGraceMs', rule.slaveGraceMs, 0],
  ] as const)
    requireInt(name, value, min);
}

function requireInt(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new QkdError(QkdErrorCode.KeyStoreInvalidArgument, `${name} must be an integer >= ${min}, got ${value}`, { [name]: value });
  }
}

function requireId(name: string, value: string): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH) {
    throw new QkdError(QkdErrorCode.KeyStoreInvalidArgument, `${name} must be a non-empty string of at most ${MAX_ID_LENGTH} characters`, {
      [name]: String(value),
    });
  }
}
