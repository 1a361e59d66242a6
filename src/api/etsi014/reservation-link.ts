/**
 * The link between the two KMEs that the ETSI 014 server depends on for
 * coordinating key IDs (see key-service.ts for the whole protocol).
 *
 * Master side: `PeerReservations.reserveOnPeer` sends a reservation the
 * local store just cut and resolves once the slave KME has durably applied it.
 * Slave side: a `ReservationRequestHandler` applies what arrives.
 *
 * Ordering contract: the slave store accepts a reservation only at the front
 * of its pool (with skipping of bits the master discarded), so reservations
 * must reach it in the order the master cut them. The server calls
 * `reserveOnPeer` synchronously right after each cut (no await in between),
 * so call order is cut order; an implementation must hand requests to the
 * slave in call order, and the slave must apply them one at a time in arrival
 * order. Acknowledgements may then be awaited concurrently (pipelining).
 */
import type { ReservationDescription } from '../../keystore/reservation.ts';

export interface PeerReservations {
  /**
   * Resolves when the slave KME acknowledged (applied, durably) the
   * reservation; rejects with `PeerReservationError` otherwise. On rejection
   * the caller discards the reservation locally and hands out nothing.
   */
  reserveOnPeer(description: ReservationDescription): Promise<void>;
}

export interface ReservationRequestHandler {
  /** Apply a reservation that arrived from the master KME (shape unchecked). Throws to refuse it. */
  handleReservationRequest(description: unknown): Promise<'applied' | 'already-applied'>;
}

export type PeerReservationErrorCode =
  /** No open channel to the peer KME, or sending failed. */
  | 'unreachable'
  /** The peer did not answer within the timeout. */
  | 'timeout'
  /** The peer answered and refused (its reason is in the message). */
  | 'rejected';

export class PeerReservationError extends Error {
  override readonly name = 'PeerReservationError';
  constructor(
    readonly code: PeerReservationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
