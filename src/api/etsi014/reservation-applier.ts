/**
 * The store side of key-ID coordination between the two KMEs
 * (reservation-link.ts has the protocol):
 *
 * - apply the reservations that arrive from the peer KME, in arrival order
 *   (each synchronously, when it is handed over): reservations the peer's
 *   master SAE made (this node holds the slave side), and cuts the allocator
 *   made at this node's request (`requested`: this node holds the master
 *   side). Applies go into the store's commit group of the turn
 *   (`KeyStore.grouped`), so the reservations that arrive together cost one
 *   fsync; each one's promise resolves only once that commit is durable, so
 *   its ack never leaves before;
 * - on the allocator (`cutsKeys`), cut keys for the peer's master SAE
 *   (`cutForPeer`, recorded here as the slave side) and destroy them again
 *   if the peer refuses them (`discardCutForPeer`).
 *
 * `allowSkip` is on: when the allocator discarded a reservation (no ack in
 * time, or this node crashed before applying it), its bits were consumed on
 * the allocator and never marked here; the next reservation then starts
 * further on and the store drops the bits in between, which keeps both pools
 * aligned. A reservation applied twice (a retry after a lost ack) is a no-op.
 *
 * The SAE IDs are checked against the configuration: a reservation for our
 * slave SAE must name a master SAE of the peer and only slave SAEs of ours;
 * a requested one a master SAE of ours and slave SAEs of the peer; a cut
 * request a master SAE of the peer and slave SAEs of ours. Anything else is
 * refused, so the peer cannot park keys for an SAE that is not ours, nor
 * hand this node's master SAE keys it did not ask for.
 */
import type { Logger } from 'pino';
import type { KeyStore } from '../../keystore/key-store.ts';
import type { ReservationDescription } from '../../keystore/reservation.ts';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import type { PeerCutRequest, ReservationApplyOptions, ReservationRequestHandler } from './reservation-link.ts';

export interface ReservationApplierOptions {
  readonly store: KeyStore;
  readonly localSaeIds: readonly string[];
  readonly remoteSaeIds: readonly string[];
  /** This KME cuts keys for the pair (the allocator; `Etsi014Config.cutsKeys`). Default false: cut requests are refused. */
  readonly cutsKeys?: boolean;
  readonly log?: Logger;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class ReservationApplier implements ReservationRequestHandler {
  constructor(private readonly options: ReservationApplierOptions) {}

  handleReservationRequest(description: unknown, options: ReservationApplyOptions = {}): Promise<'applied' | 'already-applied'> {
    // Applied now, synchronously, so reservations are applied in the order
    // they are handed over (the arrival order); durable with the turn's group.
    const { store } = this.options;
    let result: 'applied' | 'already-applied';
    try {
      result = store.grouped(() => this.apply(description, options.requested === true));
    } catch (err) {
      return Promise.reject(err);
    }
    return store.durable().then(() => result);
  }

  durable(): Promise<void> {
    return this.options.store.durable();
  }

  cutForPeer(request: PeerCutRequest): ReservationDescription {
    if (this.options.cutsKeys !== true) throw invalid('this KME does not cut keys; its peer does', {});
    if (!UUID.test(request.reservationId)) throw invalid('the cut request has no valid reservation ID', {});
    this.checkSaes(request, 'peer');
    const { store } = this.options;
    // In the turn's commit group: the caller sends the description only once `durable()` has resolved.
    const description = store.grouped(() =>
      store.reserve(
        request.count,
        request.sizeBits,
        { masterSae: request.masterSae, slaveSae: request.slaveSae, additionalSlaveSaes: request.additionalSlaveSaes },
        { reservationId: request.reservationId, side: 'slave' },
      ),
    );
    this.options.log?.debug({ reservationId: request.reservationId, keys: request.count }, 'cut keys for the peer KME');
    return description;
  }

  discardCutForPeer(reservationId: string): void {
    try {
      this.options.store.discardReservation(reservationId);
    } catch (err) {
      this.options.log?.warn({ reservationId, err: (err as Error).message }, 'could not discard a cut the peer KME refused');
    }
  }

  private apply(description: unknown, requested: boolean): 'applied' | 'already-applied' {
    const d = description as { masterSae?: unknown; slaveSae?: unknown; additionalSlaveSaes?: unknown; reservationId?: unknown } | null;
    if (typeof d !== 'object' || d === null) throw new QkdError(QkdErrorCode.ReservationInvalid, 'reservation is not an object');
    const additional = d.additionalSlaveSaes ?? [];
    if (!Array.isArray(additional)) throw invalid('additional slave SAEs are not a list', {});
    this.checkSaes({ masterSae: d.masterSae, slaveSae: d.slaveSae, additionalSlaveSaes: additional }, requested ? 'ours' : 'peer-master');
    const result = this.options.store.applyReservation(description, { allowSkip: true, side: requested ? 'master' : 'slave' });
    this.options.log?.debug({ reservationId: d.reservationId, result, side: requested ? 'master' : 'slave' }, 'peer reservation applied');
    return result;
  }

  /**
   * `peer-master` (a reservation of the peer's master SAE) and `peer` (a cut
   * request of the peer's master SAE): master remote, slaves local. `ours`
   * (the answer to our cut request): master local, slaves remote.
   */
  private checkSaes(
    saes: { masterSae: unknown; slaveSae: unknown; additionalSlaveSaes: readonly unknown[] },
    whose: 'peer-master' | 'peer' | 'ours',
  ): void {
    const { localSaeIds, remoteSaeIds } = this.options;
    const [masters, slaves, masterWhere, slaveWhere] =
      whose === 'ours' ? [localSaeIds, remoteSaeIds, 'this KME', 'the peer KME'] : [remoteSaeIds, localSaeIds, 'the peer KME', 'this KME'];
    if (typeof saes.masterSae !== 'string' || !masters.includes(saes.masterSae))
      throw invalid(`master SAE ${String(saes.masterSae)} is not attached to ${masterWhere}`, { masterSae: String(saes.masterSae) });
    for (const slave of [saes.slaveSae, ...saes.additionalSlaveSaes]) {
      if (typeof slave !== 'string' || !slaves.includes(slave))
        throw invalid(`slave SAE ${String(slave)} is not attached to ${slaveWhere}`, { slaveSae: String(slave) });
    }
  }
}

function invalid(message: string, details: Record<string, string>): QkdError {
  return new QkdError(QkdErrorCode.ReservationInvalid, message, details);
}
