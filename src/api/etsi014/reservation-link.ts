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
import { isQkdError, QkdError, type QkdErrorCode } from '../../../errors/index.ts';
import type { ReservationDescription } from '../../keystore/reservation.ts';

export interface PeerReservations {
  /**
   * Resolves when the slave KME acknowledged (applied, durably) the
   * reservation; rejects with a QkdError otherwise (ReservationUnreachable,
   * ReservationTimeout or ReservationRejected; see `reservationError`). On rejection
   * the caller discards the reservation locally and hands out nothing.
   */
  reserveOnPeer(description: ReservationDescription): Promise<void>;
}

export interface ReservationRequestHandler {
  /** Apply a reservation that arrived from the master KME (shape unchecked). Throws to refuse it. */
  handleReservationRequest(description: unknown): Promise<'applied' | 'already-applied'>;
}

/** How a reservation with the peer KME failed, as its QkdError code. */
export type PeerReservationErrorCode =
  | QkdErrorCode.ReservationUnreachable
  | QkdErrorCode.ReservationTimeout
  | QkdErrorCode.ReservationRejected;

/** The error `reserveOnPeer` rejects with; `details.reservationId` names the reservation when known. */
export function reservationError(
  code: PeerReservationErrorCode,
  message: string,
  details: Record<string, unknown> = {},
  options?: { cause?: unknown },
): QkdError {
  return new QkdError(code, message, details, options);
}

/** The short reason a slave puts in its refusal ack: the message, with the code for a QkdError. */
export function refusalReason(err: unknown): string {
  if (isQkdError(err)) return `${err.message} [${err.codeLabel}]`;
  return err instanceof Error ? err.message : String(err);
}
