/**
 * Slave side of key-ID coordination: apply the master KME's reservations to
 * the local store, one at a time, in arrival order.
 *
 * `allowSkip` is on: when the master discarded a reservation (no ack in time,
 * or this node crashed before applying it), its bits were consumed on the
 * master and never marked here; the next reservation then starts further on
 * and the store drops the bits in between, which keeps both pools aligned.
 * A reservation applied twice (a retry after a lost ack) is a no-op.
 *
 * A reservation must name a master SAE of the peer KME and a slave SAE of
 * this KME; anything else is refused, so the peer cannot park keys for an SAE
 * that is not ours.
 */
import type { Logger } from 'pino';
import type { KeyStore } from '../../keystore/key-store.ts';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import type { ReservationRequestHandler } from './reservation-link.ts';

export interface ReservationApplierOptions {
  readonly store: KeyStore;
  readonly localSaeIds: readonly string[];
  readonly remoteSaeIds: readonly string[];
  readonly log?: Logger;
}

export class ReservationApplier implements ReservationRequestHandler {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ReservationApplierOptions) {}

  handleReservationRequest(description: unknown): Promise<'applied' | 'already-applied'> {
    // applyReservation is synchronous today; the chain keeps arrival order
    // even if it (or a check here) ever becomes asynchronous.
    const run = this.tail.then(() => this.apply(description));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private apply(description: unknown): 'applied' | 'already-applied' {
    const d = description as { masterSae?: unknown; slaveSae?: unknown; reservationId?: unknown } | null;
    if (typeof d !== 'object' || d === null) throw new QkdError(QkdErrorCode.ReservationInvalid, 'reservation is not an object');
    if (typeof d.slaveSae !== 'string' || !this.options.localSaeIds.includes(d.slaveSae)) {
      throw new QkdError(QkdErrorCode.ReservationInvalid, `slave SAE ${String(d.slaveSae)} is not attached to this KME`, {
        slaveSae: String(d.slaveSae),
      });
    }
    if (typeof d.masterSae !== 'string' || !this.options.remoteSaeIds.includes(d.masterSae)) {
      throw new QkdError(QkdErrorCode.ReservationInvalid, `master SAE ${String(d.masterSae)} is not attached to the peer KME`, {
        masterSae: String(d.masterSae),
      });
    }
    const result = this.options.store.applyReservation(description, { allowSkip: true });
    this.options.log?.debug({ reservationId: d.reservationId, result }, 'peer reservation applied');
    return result;
  }
}
