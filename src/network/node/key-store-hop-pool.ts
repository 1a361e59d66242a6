/**
 * A relay hop key pool (`HopKeyPool`, src/network/relay/hop-keys.ts) over one
 * QKD link's durable key store — the same application pool, and the same
 * allocator, that ETSI GS QKD 014 reservations of that link cut from. A hop
 * key is a one-key reservation whose ID is the hop key's ID
 * (`hopKeyId(relayId, hop)`): the allocator cuts it with `KeyStore.reserve`,
 * the other end marks the same bits with `applyReservation({allowSkip})` from
 * the cut description (block IDs and offsets, never bits), so both ends stay
 * aligned exactly as they do for ETSI keys.
 *
 * Why a reservation: it is durable when the call returns, idempotent by ID
 * (a second cut returns the stored description: `reservationDescription`),
 * its material is read without delivering it (`readReservedKey`), and it is
 * released by discarding it (the bits stay spent). A hop key nobody releases
 * (its relay stalled) expires with the store's reservation expiry rule.
 *
 * The reservation's SAE names are `relay:<link>`, which no real SAE can
 * carry (the ETSI layer's SAE IDs are checked against the config), so the
 * ETSI API never hands a hop key out.
 */
import { isKeyStoreError } from '../../../errors/index.ts';
import type { KeyStore } from '../../keystore/key-store.ts';
import type { ReservationDescription } from '../../keystore/reservation.ts';
import type { HopKeyPool } from '../relay/hop-keys.ts';
import type { HopKeyCut } from '../relay/messages.ts';
import type { LinkId, NodeId } from '../routing/path.ts';

export interface KeyStoreHopPoolOptions {
  readonly linkId: LinkId;
  /** The node at the other end of the link. */
  readonly peer: NodeId;
  /** Whether this end cuts (the link's ETSI allocator). */
  readonly allocator: boolean;
  /** The link's key store, opened by its QkdNode. */
  readonly store: () => KeyStore;
}

export class KeyStoreHopPool implements HopKeyPool {
  readonly linkId: LinkId;
  readonly peer: NodeId;
  readonly allocator: boolean;
  private readonly saeName: string;

  constructor(private readonly o: KeyStoreHopPoolOptions) {
    this.linkId = o.linkId;
    this.peer = o.peer;
    this.allocator = o.allocator;
    this.saeName = `relay:${o.linkId}`;
  }

  private get store(): KeyStore {
    return this.o.store();
  }

  cut(hopKeyId: string, bits: number): HopKeyCut | null {
    if (!this.allocator) throw new Error(`not the allocator of link ${this.linkId}`);
    const known = this.store.reservationDescription(hopKeyId);
    // Cut before and already spent here (released, expired): no bits can be named again; the
    // other end's apply of an empty cut fails and the relay aborts (safe: it costs that relay).
    if (known === 'spent') return { hopKeyId, bits, segments: [] };
    if (known !== undefined) return toCut(hopKeyId, known);
    try {
      const d = this.store.reserve(
        1,
        bits,
        { masterSae: this.saeName, slaveSae: this.saeName },
        { reservationId: hopKeyId, side: 'master' },
      );
      return toCut(hopKeyId, d);
    } catch (err) {
      if (isKeyStoreError(err)) return null; // NotEnoughKey (or a size outside the store's limits)
      throw err;
    }
  }

  apply(cut: HopKeyCut): boolean {
    if (this.allocator) throw new Error(`the allocator of link ${this.linkId} does not apply cuts`);
    if (cut.segments.length === 0 || cut.segments.reduce((n, s) => n + s.bitLength, 0) !== cut.bits) return false;
    const description: ReservationDescription = {
      version: 1,
      reservationId: cut.hopKeyId,
      masterSae: this.saeName,
      slaveSae: this.saeName,
      sizeBits: cut.bits,
      keys: [{ keyId: cut.hopKeyId, segments: cut.segments }],
    };
    try {
      this.store.applyReservation(description, { allowSkip: true, side: 'slave' });
      return true;
    } catch (err) {
      if (isKeyStoreError(err)) return false; // mismatch, block missing, behind the front
      throw err;
    }
  }

  material(hopKeyId: string): Uint8Array | undefined {
    const known = this.store.reservationDescription(hopKeyId);
    if (known === undefined || known === 'spent' || known.keys.length !== 1) return undefined;
    return this.store.readReservedKey(known.keys[0].keyId);
  }

  release(hopKeyId: string): void {
    try {
      this.store.discardReservation(hopKeyId);
    } catch (err) {
      if (!isKeyStoreError(err)) throw err; // unknown or already released: idempotent
    }
  }

  availableBits(): number {
    return this.store.stats().appBits;
  }
}

function toCut(hopKeyId: string, d: ReservationDescription): HopKeyCut {
  const key = d.keys[0];
  return { hopKeyId, bits: d.sizeBits, segments: key === undefined ? [] : key.segments.map((s) => ({ ...s })) };
}
