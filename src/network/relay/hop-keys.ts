/**
 * The relay's view of one QKD link's key pool, at one end of the link: hop
 * keys cut by the link's allocator (the same end that cuts ETSI keys), the
 * other end marking the same bits from the allocator's description. The
 * relay engine calls nothing else of a link.
 *
 * Contract (what docs/key-relay.md's safety arguments rest on):
 *   - `cut` (allocator only) takes `bits` bits from the front of the pool for
 *     `hopKeyId` and is durable when it returns; cutting the same ID again
 *     returns the same cut and takes nothing more (a retry after a crash).
 *   - `apply` (the other end) marks the cut's bits for the same ID, durable
 *     when it returns, idempotent; false when the cut contradicts this end's
 *     pool (bits already used for another key, or not there).
 *   - `material` gives a copy of the hop key's bytes while it is not released
 *     (the caller zeroes its copy); the same bytes at both ends.
 *   - `release` deletes the material (idempotent, unknown IDs ignored). The
 *     bits stay spent: a hop key is never cut twice.
 *
 * `MemoryHopLink` implements it in memory for tests and the network
 * simulation: both ends start from the same pool bytes. A KeyStore-backed
 * implementation (a reservation per hop key, as the ETSI allocator cuts)
 * comes with the multi-link node.
 */
import type { LinkId, NodeId } from '../routing/path.ts';
import type { HopKeyCut } from './messages.ts';

export interface HopKeyPool {
  readonly linkId: LinkId;
  /** The node at the other end of the link. */
  readonly peer: NodeId;
  /** Whether this end cuts hop keys (the link's allocator). */
  readonly allocator: boolean;
  /** Allocator: cut `bits` bits for `hopKeyId` (idempotent); null when the pool holds fewer bits. */
  cut(hopKeyId: string, bits: number): HopKeyCut | null;
  /** Other end: mark the allocator's cut here (idempotent); false when it contradicts this pool. */
  apply(cut: HopKeyCut): boolean;
  /** A copy of the hop key while it is not released. */
  material(hopKeyId: string): Uint8Array | undefined;
  /** Delete the hop key's material (idempotent). */
  release(hopKeyId: string): void;
  /** Unassigned bits left in this end's pool. */
  availableBits(): number;
}

interface Span {
  readonly offset: number;
  readonly bits: number;
}

/** One end of an in-memory link. Offsets are bits from the start of the pool; hop keys are whole bytes. */
export class MemoryHopKeyEnd implements HopKeyPool {
  /** Bits consumed from the front of the pool (cut, applied, or skipped by a later apply). */
  private front = 0;
  private readonly spans = new Map<string, Span>();
  private readonly released = new Set<string>();
  /** How many times each hop key was cut or applied for the first time (exactly once, or a bug). */
  readonly firstUses = new Map<string, number>();

  constructor(
    readonly linkId: LinkId,
    readonly self: NodeId,
    readonly peer: NodeId,
    readonly allocator: boolean,
    private readonly pool: Uint8Array,
  ) {}

  private get blockId(): string {
    return `${this.linkId}/pool`;
  }

  cut(hopKeyId: string, bits: number): HopKeyCut | null {
    if (!this.allocator) throw new Error(`${this.self}: not the allocator of link ${this.linkId}`);
    if (bits <= 0 || bits % 8 !== 0) throw new RangeError(`hop key of ${bits} bits`);
    const known = this.spans.get(hopKeyId);
    if (known !== undefined) return this.describe(hopKeyId, known);
    if (this.front + bits > this.pool.length * 8) return null;
    const span = { offset: this.front, bits };
    this.front += bits;
    this.spans.set(hopKeyId, span);
    this.firstUses.set(hopKeyId, (this.firstUses.get(hopKeyId) ?? 0) + 1);
    return this.describe(hopKeyId, span);
  }

  apply(cut: HopKeyCut): boolean {
    if (this.allocator) throw new Error(`${this.self}: the allocator of link ${this.linkId} does not apply cuts`);
    if (cut.segments.length !== 1) return false;
    const s = cut.segments[0];
    if (s.blockId !== this.blockId || s.bitLength !== cut.bits || s.bitOffset % 8 !== 0 || cut.bits % 8 !== 0) return false;
    const known = this.spans.get(cut.hopKeyId);
    if (known !== undefined) return known.offset === s.bitOffset && known.bits === cut.bits;
    if (s.bitOffset < this.front || s.bitOffset + cut.bits > this.pool.length * 8) return false;
    // Bits before the cut that the allocator cut for keys this end never saw are skipped: spent, never used.
    this.front = s.bitOffset + cut.bits;
    this.spans.set(cut.hopKeyId, { offset: s.bitOffset, bits: cut.bits });
    this.firstUses.set(cut.hopKeyId, (this.firstUses.get(cut.hopKeyId) ?? 0) + 1);
    return true;
  }

  material(hopKeyId: string): Uint8Array | undefined {
    const span = this.spans.get(hopKeyId);
    if (span === undefined || this.released.has(hopKeyId)) return undefined;
    return this.pool.slice(span.offset / 8, (span.offset + span.bits) / 8);
  }

  release(hopKeyId: string): void {
    const span = this.spans.get(hopKeyId);
    if (span === undefined || this.released.has(hopKeyId)) return;
    this.released.add(hopKeyId);
    this.pool.fill(0, span.offset / 8, (span.offset + span.bits) / 8);
  }

  availableBits(): number {
    return this.pool.length * 8 - this.front;
  }

  /** Bits this end has spent (cut or applied, skipped ones included). */
  get spentBits(): number {
    return this.front;
  }

  /** Hop keys whose material is still held. */
  heldHopKeys(): string[] {
    return [...this.spans.keys()].filter((id) => !this.released.has(id));
  }

  private describe(hopKeyId: string, span: Span): HopKeyCut {
    return { hopKeyId, bits: span.bits, segments: [{ blockId: this.blockId, bitOffset: span.offset, bitLength: span.bits }] };
  }
}

/** An in-memory QKD link: two ends holding equal pool bytes; `allocator` names the end that cuts. */
export class MemoryHopLink {
  readonly ends: ReadonlyMap<NodeId, MemoryHopKeyEnd>;

  constructor(
    readonly linkId: LinkId,
    readonly a: NodeId,
    readonly b: NodeId,
    poolBytes: Uint8Array,
    allocator: NodeId = a,
  ) {
    if (allocator !== a && allocator !== b) throw new RangeError(`allocator ${allocator} is not an end of link ${linkId}`);
    this.ends = new Map([
      [a, new MemoryHopKeyEnd(linkId, a, b, allocator === a, poolBytes.slice())],
      [b, new MemoryHopKeyEnd(linkId, b, a, allocator === b, poolBytes.slice())],
    ]);
  }

  end(node: NodeId): MemoryHopKeyEnd {
    const e = this.ends.get(node);
    if (e === undefined) throw new RangeError(`${node} is not an end of link ${this.linkId}`);
    return e;
  }
}
