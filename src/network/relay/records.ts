/**
 * What one node stores about one relayed key (docs/key-relay.md, "What each
 * node stores"), and the durable-record interface the relay engine writes
 * through. `put` must be durable when it returns (the engine sends nothing
 * that depends on a record before); `MemoryRelayRecordStore` keeps records in
 * memory (tests, simulation: it survives a simulated crash because the test
 * keeps it), `SqliteRelayRecordStore` (sqlite-store.ts) on disk.
 */
import type { Path } from '../routing/path.ts';

/** Where this node sits on the relay's path. */
export type RelayRole = 'source' | 'relay' | 'destination';

/**
 * - `drawn` (source): the key is drawn and stored; the first Forward is not stored yet.
 * - `received` (relay): the key arrived and is stored; the next Forward is not stored yet.
 * - `forwarded` (source, relay): the Forward to the next node is stored (and sent); a relay has dropped the key.
 * - `stored` (destination): the key is held durably, not usable until the source commits.
 * - `confirmed`: the source decided commit (source: usable; relay: passed on; destination: usable).
 * - `aborted`: the source decided abort (or never sent anything); the key is deleted.
 */
export type RelayState = 'drawn' | 'received' | 'forwarded' | 'stored' | 'confirmed' | 'aborted';

export interface RelayRecord {
  /** The end-to-end key_ID. */
  readonly relayId: string;
  readonly role: RelayRole;
  /** Index of this node in `path.nodes`. */
  readonly position: number;
  readonly path: Path;
  readonly sizeBits: number;
  readonly masterSae: string;
  readonly slaveSae: string;
  readonly state: RelayState;
  /** The relayed key while this node needs it (source until delivered, relay until forwarded, destination until delivered). */
  readonly key: Uint8Array | null;
  /** The encoded Forward this node sent on (resent as is until the decision comes back). */
  readonly forward: Uint8Array | null;
  /** Ends only: the key was handed to this node's SAE. */
  readonly delivered: boolean;
  /** Nothing more for this node to start: the source heard Done, a relay passed Done on, the destination applied the decision. */
  readonly finished: boolean;
  /** Why it was aborted (no key material), or null. */
  readonly reason: string | null;
  /** This node's wall clock when it first stored the record. */
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

export interface RelayRecordStore {
  get(relayId: string): RelayRecord | undefined;
  /** Insert or replace; durable when it returns. */
  put(record: RelayRecord): void;
  /** Records not `finished`, oldest first. */
  unfinished(): RelayRecord[];
  /** Records whose key an SAE may take here (confirmed, not delivered), oldest first. */
  deliverable(): RelayRecord[];
  /** Delete finished records without key material last updated before `beforeMs`; how many. */
  prune(beforeMs: number): number;
  close(): void;
}

function copy(r: RelayRecord): RelayRecord {
  return {
    ...r,
    path: { nodes: [...r.path.nodes], links: [...r.path.links] },
    key: r.key === null ? null : r.key.slice(),
    forward: r.forward === null ? null : r.forward.slice(),
  };
}

/** Records in memory, copied in and out (a caller's later change to an object does not reach the store). */
export class MemoryRelayRecordStore implements RelayRecordStore {
  private readonly records = new Map<string, RelayRecord>();
  private closed = false;

  get(relayId: string): RelayRecord | undefined {
    const r = this.records.get(relayId);
    return r === undefined ? undefined : copy(r);
  }

  put(record: RelayRecord): void {
    if (this.closed) throw new Error('relay record store is closed');
    const old = this.records.get(record.relayId);
    old?.key?.fill(0);
    this.records.set(record.relayId, copy(record));
  }

  unfinished(): RelayRecord[] {
    return [...this.records.values()].filter((r) => !r.finished).map(copy);
  }

  deliverable(): RelayRecord[] {
    return [...this.records.values()].filter((r) => r.state === 'confirmed' && r.role !== 'relay' && !r.delivered).map(copy);
  }

  prune(beforeMs: number): number {
    let n = 0;
    for (const [id, r] of this.records) {
      if (r.finished && r.key === null && r.updatedAtMs < beforeMs) {
        this.records.delete(id);
        n++;
      }
    }
    return n;
  }

  /** Every record (tests). */
  all(): RelayRecord[] {
    return [...this.records.values()].map(copy);
  }

  /** A store over the same records, as a restarted process would open it (the old handle stops working). */
  reopen(): MemoryRelayRecordStore {
    this.closed = true;
    const next = new MemoryRelayRecordStore();
    for (const [id, r] of this.records) next.records.set(id, r);
    return next;
  }

  close(): void {
    this.closed = true;
  }
}
