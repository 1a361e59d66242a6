/**
 * An in-process `PeerReservations` for tests and benchmarks: two KMEs in one
 * process, no network. The description is copied as it would be over the
 * wire (through the peer protocol encoding of reservation-wire.ts) and
 * handed to the peer's handler in call order, one at a time.
 *
 * `MemoryPeerReservations.pair` joins two ends, so that the KME that does not
 * cut can ask the allocator for keys (`reserveFromPeer`): the allocator's
 * handler cuts, and the allocator's end sends the result back through its
 * own ordered queue, as the real link does (reservation-link.ts). A lone end
 * (the constructor) refuses cut requests as unreachable.
 */
import { isDeliveryError, QkdErrorCode } from '../../../errors/index.ts';
import type { ReservationDescription } from '../../keystore/reservation.ts';
import {
  refusalReason,
  reservationError,
  type PeerCutRequest,
  type PeerReservations,
  type ReservationRequestHandler,
} from './reservation-link.ts';
import { cutRequestToRequest, requestToCutRequest, requestToReservation, reservationToRequest } from './reservation-wire.ts';

export interface MemoryPeerReservationsOptions {
  /**
   * Test hook run before each delivery to the peer: return 'drop' to lose
   * the request (the sender then sees 'unreachable'), or 'lose-ack' to apply
   * it on the peer and lose the answer (the sender sees 'timeout').
   */
  readonly fault?: (description: ReservationDescription) => 'deliver' | 'drop' | 'lose-ack';
}

export class MemoryPeerReservations implements PeerReservations {
  private tail: Promise<unknown> = Promise.resolve();
  /** Reservations sent, in order (IDs only), for tests. */
  readonly sent: string[] = [];
  /** The other end, when made with `pair`. */
  private remote: MemoryPeerReservations | undefined;
  /** Cut requests of ours waiting for their reservation. */
  private readonly awaiting = new Set<string>();

  /** `peer` is the handler of the KME at the other end. */
  constructor(
    private readonly peer: ReservationRequestHandler,
    private readonly options: MemoryPeerReservationsOptions = {},
  ) {}

  /** Two joined ends: `a` sends to `handlerB`, `b` to `handlerA`; each may ask the other to cut. */
  static pair(
    handlerA: ReservationRequestHandler,
    handlerB: ReservationRequestHandler,
    options: { readonly a?: MemoryPeerReservationsOptions; readonly b?: MemoryPeerReservationsOptions } = {},
  ): { a: MemoryPeerReservations; b: MemoryPeerReservations } {
    const a = new MemoryPeerReservations(handlerB, options.a);
    const b = new MemoryPeerReservations(handlerA, options.b);
    a.remote = b;
    b.remote = a;
    return { a, b };
  }

  reserveOnPeer(description: ReservationDescription, durable?: Promise<void>): Promise<void> {
    this.sent.push(description.reservationId);
    const wire = requestToReservation(structuredClone(reservationToRequest(description)));
    const fault = this.options.fault?.(description) ?? 'deliver';
    const reservationId = description.reservationId;
    // Handed to the peer in call order, each once its cut is durable; the
    // peer's applies are not awaited one by one (they share its group commit).
    const handed = this.tail.then(async () => {
      await durable;
      if (fault === 'drop')
        throw reservationError(QkdErrorCode.ReservationUnreachable, `reservation ${reservationId} lost on the way`, { reservationId });
      return { applied: this.peer.handleReservationRequest(wire, { requested: this.remote?.awaiting.has(reservationId) === true }) };
    });
    this.tail = handed.catch(() => undefined);
    const run = handed.then(async ({ applied }) => {
      try {
        await applied;
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
    return run;
  }

  reserveFromPeer(request: PeerCutRequest): Promise<ReservationDescription> {
    const reservationId = request.reservationId;
    const remote = this.remote;
    if (remote === undefined)
      return Promise.reject(reservationError(QkdErrorCode.ReservationUnreachable, 'no peer KME to cut keys', { reservationId }));
    const cutter = this.peer;
    let description: ReservationDescription;
    try {
      if (cutter.cutForPeer === undefined) throw new Error('the peer KME does not cut keys');
      const wire = requestToCutRequest(structuredClone(cutRequestToRequest(request)));
      if (wire === undefined) throw new Error('cut request lost its marker on the wire');
      description = cutter.cutForPeer(wire);
    } catch (err) {
      return Promise.reject(
        reservationError(QkdErrorCode.ReservationRejected, `peer KME refused cut request ${reservationId}: ${refusalReason(err)}`, {
          reservationId,
        }),
      );
    }
    this.awaiting.add(reservationId);
    // The allocator's end sends it, in its own queue: in cut order with its own reservations.
    const acked = remote.reserveOnPeer(description, cutter.durable?.());
    return acked.then(
      () => {
        this.awaiting.delete(reservationId);
        return description;
      },
      (err: unknown) => {
        this.awaiting.delete(reservationId);
        if (isDeliveryError(err, QkdErrorCode.ReservationRejected)) cutter.discardCutForPeer?.(reservationId);
        throw err;
      },
    );
  }
}
