/**
 * The link between the two KMEs that the ETSI 014 server depends on for
 * coordinating key IDs (see key-service.ts for the whole protocol).
 *
 * One KME of the pair cuts keys (the allocator); the other only applies
 * what the allocator cut. Both serve enc_keys:
 *
 * - Allocator's own master SAE: `PeerReservations.reserveOnPeer` sends a
 *   reservation the local store just cut and resolves once the peer KME has
 *   durably applied it (as the slave side).
 * - The other KME's master SAE: that KME calls `reserveFromPeer`, which asks
 *   the allocator to cut (a cut request); the allocator's
 *   `ReservationRequestHandler.cutForPeer` cuts and records the keys as the
 *   slave side, and sends the description back with `reserveOnPeer`, in the
 *   same stream as its own reservations; the asking KME applies it as the
 *   master side (`requested`), acknowledges, and only then resolves.
 *
 * Ordering contract: the applying store accepts a reservation only at the
 * front of its pool (with skipping of bits the allocator discarded), so
 * reservations must reach it in the order the allocator cut them. Every cut
 * is followed synchronously by its `reserveOnPeer` call (no await in
 * between; for a cut request, in the same turn that handles the request), so
 * call order is cut order; an implementation must hand requests to the peer
 * in call order (also when each waits for its cut's group commit), and the
 * peer must apply them one at a time in arrival order. Acknowledgements may
 * then be awaited concurrently (pipelining).
 *
 * Group commit: the allocator's cuts and the peer's applies join their
 * store's commit group of the turn (`KeyStore.grouped`); a description
 * leaves only once its cut is durable, an ack only once its apply is.
 */
import { isQkdError, QkdError, type QkdErrorCode } from '../../../errors/index.ts';
import type { ReservationDescription } from '../../keystore/reservation.ts';

/** What the KME that does not cut asks the allocator for: keys for its own master SAE. */
export interface PeerCutRequest {
  /** Chosen by the asking KME (a UUID); the allocator's reservation gets this ID. */
  readonly reservationId: string;
  /** The asking KME's SAE that called enc_keys. */
  readonly masterSae: string;
  /** A SAE of the allocator's KME. */
  readonly slaveSae: string;
  /** More SAEs of the allocator's KME (ETSI `additional_slave_SAE_IDs`). */
  readonly additionalSlaveSaes: readonly string[];
  readonly count: number;
  readonly sizeBits: number;
  /**
   * Give up after this many ms when shorter than the link's own timeout. The
   * key service sets it to the slave grace of the expiry rule, so that the
   * allocator's slave copy outlives the master copy here (key-service.ts).
   */
  readonly deadlineMs?: number;
}

export interface PeerReservations {
  /**
   * Resolves when the peer KME acknowledged (applied, durably) the
   * reservation; rejects with a QkdError otherwise (ReservationUnreachable,
   * ReservationTimeout or ReservationRejected; see `reservationError`). On rejection
   * the caller discards the reservation locally and hands out nothing.
   *
   * `durable` (group commit, `KeyStore.grouped`): the cut is not on disk yet;
   * the description is sent only once `durable` resolves, and never if it
   * rejects (then this rejects with its error). Sends stay in call order
   * whatever each one waits for.
   */
  reserveOnPeer(description: ReservationDescription, durable?: Promise<void>): Promise<void>;
  /**
   * On the KME that does not cut: ask the allocator to cut `request.count`
   * keys for our master SAE. Resolves with the description once this KME has
   * applied it durably as the master side (the allocator holds the slave
   * side); rejects with the same QkdErrors as `reserveOnPeer`, and then this
   * KME holds none of it.
   */
  reserveFromPeer(request: PeerCutRequest): Promise<ReservationDescription>;
}

export interface ReservationApplyOptions {
  /**
   * The description answers a cut request of ours still waiting (this KME's
   * master SAE asked): it is applied as the master side. Otherwise only a
   * reservation for a slave SAE of ours is accepted.
   */
  readonly requested?: boolean;
}

export interface ReservationRequestHandler {
  /** Apply a reservation that arrived from the peer KME (shape unchecked). Throws to refuse it. */
  handleReservationRequest(description: unknown, options?: ReservationApplyOptions): Promise<'applied' | 'already-applied'>;
  /**
   * On the allocator: cut keys for the peer's master SAE, recorded here as
   * the slave side, synchronously (the caller sends the result at once, in
   * cut order). Throws to refuse. Absent: cut requests are refused.
   */
  cutForPeer?(request: PeerCutRequest): ReservationDescription;
  /**
   * Resolves once every store change this handler made so far is on disk
   * (its store's group commit, `KeyStore.durable`); the caller sends what
   * `cutForPeer` cut only after it. Absent: changes are durable on return.
   */
  durable?(): Promise<void>;
  /** On the allocator: the peer refused what `cutForPeer` cut for it; destroy our copy. */
  discardCutForPeer?(reservationId: string): void;
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
