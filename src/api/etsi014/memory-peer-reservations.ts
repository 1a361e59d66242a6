/**
 * An in-process `PeerReservations` for tests and benchmarks: two KMEs in one
 * process, no network. The description is copied as it would be over the
 * wire (through the peer protocol encoding of reservation-wire.ts) and
 * handed to the slave's handler in call order, one at a time.
 */
import { QkdErrorCode } from '../../../errors/index.ts';
import type { ReservationDescription } from '../../keystore/reservation.ts';
import { refusalReason, reservationError, type PeerReservations, type ReservationRequestHandler } from './reservation-link.ts';
import { requestToReservation, reservationToRequest } from './reservation-wire.ts';

export interface MemoryPeerReservationsOptions {
  /**
   * Test hook run before each delivery to the slave: return 'drop' to lose
   * the request (the master then sees 'unreachable'), or 'lose-ack' to apply
   * it on the slave and lose the answer (the master sees 'timeout').
   */
  readonly fault?: (description: ReservationDescription) => 'deliver' | 'drop' | 'lose-ack';
}

export class MemoryPeerReservations implements PeerReservations {
  private tail: Promise<unknown> = Promise.resolve();
  /** Reservations sent, in order (IDs only), for tests. */
  readonly sent: string[] = [];

  constructor(
    private readonly slave: ReservationRequestHandler,
    private readonly options: MemoryPeerReservationsOptions = {},
  ) {}

  reserveOnPeer(description: ReservationDescription): Promise<void> {
    this.sent.push(description.reservationId);
    const wire = requestToReservation(structuredClone(reservationToRequest(description)));
    const fault = this.options.fault?.(description) ?? 'deliver';
    const run = this.tail.then(async () => {
      const reservationId = description.reservationId;
      if (fault === 'drop')
        throw reservationError(QkdErrorCode.ReservationUnreachable, `reservation ${reservationId} lost on the way`, { reservationId });
      try {
        await this.slave.handleReservationRequest(wire);
      } catch (err) {
        throw reservationError(
          QkdErrorCode.ReservationRejected,
          `peer KME refused reservation ${reservationId}: ${refusalReason(err)}`,
          { reservationId },
          { cause: err },
        );
      }
      if (fault === 'lose-ack') throw reservationError(QkdErrorCode.ReservationTimeout, `ack for ${reservationId} lost`, { reservationId });
    });
    this.tail = run.catch(() => undefined);
    return run;
  }
}
