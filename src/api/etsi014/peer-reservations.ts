/**
 * `PeerReservations` and the slave-side dispatch over the real authenticated
 * peer channel (src/peer), with its KeyReservationRequest / KeyReservationAck
 * messages. One instance serves both roles of a node: as master it sends
 * requests (each once its cut is durable, in call order) and matches acks by
 * reservation ID; as slave it hands requests to a `ReservationRequestHandler`
 * strictly in arrival order (the channel delivers in seq order; the handler
 * applies synchronously when called) and answers each with an ack once the
 * handler says the apply is durable.
 *
 * The channel has one receive queue. A node whose other components also read
 * it calls `handleEnvelope` from its own dispatch loop; otherwise
 * `runReceiveLoop` reads the channel and passes other messages on.
 *
 * Cut requests (the KME that does not cut asks the allocator for keys for
 * its own master SAE; reservation-link.ts): the asking side sends one and
 * waits for the reservation with the same ID; the allocator handles the
 * request as it arrives (`cutForPeer`, then `reserveOnPeer` in the same
 * turn, so it is in cut order) or answers with a refusing ack. Once the
 * reservation has arrived, the asking side no longer times out: its apply
 * decides. The allocator destroys its copy only when the asking side refused
 * it outright; after a timeout or a lost session its copy stays until it
 * expires, since the asking side may have applied and delivered it.
 *
 * A new session (after a reconnect) is `attach`ed; requests still waiting on
 * the old one are rejected at once: the master discards them, and the slave's
 * `allowSkip` realigns the pools on the next reservation.
 */
import type { Logger } from 'pino';
import type { PeerChannel, ReceivedMessage } from '../../peer/channel.ts';
import type { DecodedEnvelope } from '../../peer/messages.ts';
import type { ReservationDescription } from '../../keystore/reservation.ts';
import { isDeliveryError, isKeyStoreError, QkdError, QkdErrorCode } from '../../../errors/index.ts';
import {
  refusalReason,
  reservationError,
  type PeerCutRequest,
  type PeerReservations,
  type ReservationRequestHandler,
} from './reservation-link.ts';
import { cutRequestToRequest, requestToCutRequest, requestToReservation, reservationToRequest } from './reservation-wire.ts';

export interface PeerChannelReservationsOptions {
  /** Applies reservations that arrive from the peer (slave role). Without it, requests are refused. */
  readonly handler?: ReservationRequestHandler;
  /** How long to wait for an ack. Default 5000 ms. */
  readonly timeoutMs?: number;
  readonly log?: Logger;
}

interface Pending {
  readonly channel: PeerChannel;
  readonly resolve: () => void;
  readonly reject: (err: QkdError) => void;
  readonly timer: NodeJS.Timeout;
}

interface PendingCut {
  readonly channel: PeerChannel;
  readonly resolve: (description: ReservationDescription) => void;
  readonly reject: (err: QkdError) => void;
  readonly timer: NodeJS.Timeout;
  /** The reservation arrived: its apply decides, the timer is off. */
  arrived: boolean;
}

export class PeerChannelReservations implements PeerReservations {
  private channel: PeerChannel | undefined;
  private readonly pending = new Map<string, Pending>();
  private readonly pendingCuts = new Map<string, PendingCut>();
  /** Reservations waiting for their cut's commit, in call order (`reserveOnPeer`), and how many. */
  private outbox: Promise<void> = Promise.resolve();
  private queued = 0;
  private readonly timeoutMs: number;

  constructor(private readonly options: PeerChannelReservationsOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  /** Use this session from now on (the previous one's waiting requests fail). */
  attach(channel: PeerChannel): void {
    if (this.channel === channel) return;
    const old = this.channel;
    this.channel = channel;
    if (old !== undefined) this.failPending(old, 'peer session replaced');
    channel.once('close', () => this.failPending(channel, 'peer session closed'));
  }

  reserveOnPeer(description: ReservationDescription, durable?: Promise<void>): Promise<void> {
    const channel = this.channel;
    if (channel === undefined || !channel.isOpen) {
      return Promise.reject(
        reservationError(QkdErrorCode.ReservationUnreachable, 'no open session with the peer KME', {
          reservationId: description.reservationId,
        }),
      );
    }
    const id = description.reservationId;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          reservationError(QkdErrorCode.ReservationTimeout, `peer KME did not acknowledge reservation ${id} within ${this.timeoutMs} ms`, {
            reservationId: id,
            timeoutMs: this.timeoutMs,
          }),
        );
      }, this.timeoutMs);
      const entry: Pending = { channel, resolve, reject, timer };
      this.pending.set(id, entry);
      const send = (): void => {
        // Failed or timed out meanwhile (session closed): nothing to send.
        if (this.pending.get(id) !== entry) return;
        try {
          channel.send({ keyReservationRequest: reservationToRequest(description) });
        } catch (err) {
          clearTimeout(timer);
          this.pending.delete(id);
          reject(
            reservationError(
              QkdErrorCode.ReservationUnreachable,
              `cannot send reservation to the peer KME: ${(err as Error).message}`,
              { reservationId: id },
              { cause: err },
            ),
          );
        }
      };
      const lost = (err: unknown): void => {
        // The cut's group commit failed: the cut is undone, so it must never reach the peer.
        if (this.pending.get(id) !== entry) return;
        clearTimeout(timer);
        this.pending.delete(id);
        reject(err instanceof QkdError ? err : new QkdError(QkdErrorCode.KeyStoreCommitFailed, String(err), { reservationId: id }));
      };
      // send is synchronous, so requests go out in call order (= cut order);
      // one waiting for its commit holds back the ones after it.
      if (durable === undefined && this.queued === 0) {
        send();
        return;
      }
      this.queued++;
      this.outbox = this.outbox
        .then(() => durable)
        .then(send, lost)
        .finally(() => {
          this.queued--;
        });
    });
  }

  reserveFromPeer(request: PeerCutRequest): Promise<ReservationDescription> {
    const channel = this.channel;
    const id = request.reservationId;
    if (channel === undefined || !channel.isOpen) {
      return Promise.reject(
        reservationError(QkdErrorCode.ReservationUnreachable, 'no open session with the peer KME', { reservationId: id }),
      );
    }
    const waitMs = Math.min(this.timeoutMs, request.deadlineMs ?? this.timeoutMs);
    return new Promise<ReservationDescription>((resolve, reject) => {
      const timer = setTimeout(() => {
        const p = this.pendingCuts.get(id);
        if (p === undefined || p.arrived) return;
        this.pendingCuts.delete(id);
        reject(
          reservationError(QkdErrorCode.ReservationTimeout, `peer KME did not answer cut request ${id} within ${waitMs} ms`, {
            reservationId: id,
            timeoutMs: waitMs,
          }),
        );
      }, waitMs);
      this.pendingCuts.set(id, { channel, resolve, reject, timer, arrived: false });
      try {
        channel.send({ keyReservationRequest: cutRequestToRequest(request) });
      } catch (err) {
        clearTimeout(timer);
        this.pendingCuts.delete(id);
        reject(
          reservationError(
            QkdErrorCode.ReservationUnreachable,
            `cannot send cut request to the peer KME: ${(err as Error).message}`,
            { reservationId: id },
            { cause: err },
          ),
        );
      }
    });
  }

  /** Handle a reservation message from `channel` (default: the attached one); false if it is not one. */
  handleEnvelope(envelope: DecodedEnvelope, channel: PeerChannel | undefined = this.channel): boolean {
    if (envelope.body === 'keyReservationAck' && envelope.keyReservationAck) {
      this.onAck(envelope.keyReservationAck);
      return true;
    }
    if (envelope.body === 'keyReservationRequest' && envelope.keyReservationRequest) {
      const request = envelope.keyReservationRequest;
      let cut: ReturnType<typeof requestToCutRequest>;
      try {
        cut = requestToCutRequest(request);
      } catch (err) {
        this.refuse(request.reservationId ?? '', err, channel);
        return true;
      }
      if (cut !== undefined) {
        this.onCutRequest(cut, channel);
        return true;
      }
      // The answer to our cut request has arrived: from now on its apply decides, not the timer.
      const waiting = this.pendingCuts.get(request.reservationId ?? '');
      if (waiting !== undefined && !waiting.arrived) {
        waiting.arrived = true;
        clearTimeout(waiting.timer);
      }
      // In arrival order: the handler applies synchronously when called
      // (reservation-link.ts), and its promise settles once the apply is
      // durable, so the applies of one turn share a commit and each ack waits for it.
      void this.onRequest(request, channel);
      return true;
    }
    return false;
  }

  /** Read `channel` until it closes, handling reservation messages and passing the rest to `onOther`. */
  async runReceiveLoop(channel: PeerChannel, onOther?: (message: ReceivedMessage) => void): Promise<void> {
    this.attach(channel);
    try {
      for await (const message of channel) {
        if (!this.handleEnvelope(message.envelope, channel)) onOther?.(message);
      }
    } catch (err) {
      this.options.log?.warn({ err: (err as Error).message }, 'peer receive loop ended on an error');
    }
  }

  private onAck(ack: NonNullable<DecodedEnvelope['keyReservationAck']>): void {
    const id = ack.reservationId ?? '';
    const cut = this.pendingCuts.get(id);
    if (cut !== undefined && !cut.arrived) {
      // The allocator refused our cut request (it answers a cut it made with the reservation itself).
      this.pendingCuts.delete(id);
      clearTimeout(cut.timer);
      cut.reject(
        reservationError(QkdErrorCode.ReservationRejected, `peer KME refused cut request ${id}: ${ack.reason || 'no reason given'}`, {
          reservationId: id,
          reason: ack.reason ?? '',
        }),
      );
      return;
    }
    const p = this.pending.get(id);
    if (p === undefined) {
      // Late ack after our timeout: we already discarded; the slave's copy is never asked for.
      this.options.log?.warn({ reservationId: id, accepted: ack.accepted === true }, 'ack for a reservation no longer pending');
      return;
    }
    this.pending.delete(id);
    clearTimeout(p.timer);
    if (ack.accepted === true) p.resolve();
    else
      p.reject(
        reservationError(QkdErrorCode.ReservationRejected, `peer KME refused reservation ${id}: ${ack.reason || 'no reason given'}`, {
          reservationId: id,
        }),
      );
  }

  private async onRequest(request: NonNullable<DecodedEnvelope['keyReservationRequest']>, channel: PeerChannel | undefined): Promise<void> {
    const id = request.reservationId ?? '';
    let accepted = false;
    let reason = '';
    const waiting = this.pendingCuts.get(id);
    const requested = waiting?.arrived === true;
    let description: ReservationDescription | undefined;
    try {
      if (this.options.handler === undefined)
        throw new QkdError(QkdErrorCode.ReservationRejected, 'this KME does not apply peer reservations');
      description = requestToReservation(request);
      await this.options.handler.handleReservationRequest(description, { requested });
      accepted = true;
    } catch (err) {
      reason = refusalReason(err);
      this.options.log?.warn({ reservationId: id, reason }, 'refused a peer reservation');
    }
    if (requested && waiting !== undefined) {
      this.pendingCuts.delete(id);
      if (accepted && description !== undefined) waiting.resolve(description);
      else
        waiting.reject(
          reservationError(QkdErrorCode.ReservationRejected, `could not apply the keys the peer KME cut for us: ${reason}`, {
            reservationId: id,
          }),
        );
    }
    if (channel === undefined || !channel.isOpen) return; // the master times out and discards
    try {
      channel.send({ keyReservationAck: { reservationId: id, accepted, reason } });
    } catch (err) {
      this.options.log?.warn({ reservationId: id, err: (err as Error).message }, 'could not send reservation ack');
    }
  }

  /** Allocator: cut for the peer's master SAE and send the reservation in this same turn (cut order). */
  private onCutRequest(cut: Omit<PeerCutRequest, 'deadlineMs'>, channel: PeerChannel | undefined): void {
    const id = cut.reservationId;
    const handler = this.options.handler;
    let description: ReservationDescription;
    try {
      if (handler?.cutForPeer === undefined) throw new QkdError(QkdErrorCode.ReservationRejected, 'this KME does not cut keys');
      description = handler.cutForPeer(cut);
    } catch (err) {
      this.refuse(id, err, channel);
      return;
    }
    // Sent once the cut is durable (group commit), in cut order with our own reservations.
    this.reserveOnPeer(description, handler.durable?.()).catch((err: unknown) => {
      if (isDeliveryError(err, QkdErrorCode.ReservationRejected)) {
        // Refused outright: the peer holds none of it and delivered nothing.
        handler.discardCutForPeer?.(id);
        return;
      }
      if (isKeyStoreError(err, QkdErrorCode.KeyStoreCommitFailed)) {
        // Our cut was undone before it was sent: tell the asking KME at once.
        this.refuse(id, err, channel);
        return;
      }
      // The peer may have applied it and handed it to its master SAE: keep our copy; it expires if nobody asks.
      this.options.log?.warn(
        { reservationId: id, err: (err as Error).message },
        'no ack for keys cut for the peer KME; kept until they expire',
      );
    });
  }

  /** Answer a reservation or cut request with a refusal. */
  private refuse(id: string, err: unknown, channel: PeerChannel | undefined): void {
    const reason = refusalReason(err);
    this.options.log?.warn({ reservationId: id, reason }, 'refused a peer request');
    if (channel === undefined || !channel.isOpen) return;
    try {
      channel.send({ keyReservationAck: { reservationId: id, accepted: false, reason } });
    } catch (e) {
      this.options.log?.warn({ reservationId: id, err: (e as Error).message }, 'could not send reservation ack');
    }
  }

  private failPending(channel: PeerChannel, why: string): void {
    for (const [id, p] of this.pendingCuts) {
      if (p.channel !== channel || p.arrived) continue;
      this.pendingCuts.delete(id);
      clearTimeout(p.timer);
      p.reject(
        reservationError(QkdErrorCode.ReservationUnreachable, `${why} before cut request ${id} was answered`, { reservationId: id }),
      );
    }
    for (const [id, p] of this.pending) {
      if (p.channel !== channel) continue;
      this.pending.delete(id);
      clearTimeout(p.timer);
      p.reject(
        reservationError(QkdErrorCode.ReservationUnreachable, `${why} before reservation ${id} was acknowledged`, { reservationId: id }),
      );
    }
  }
}
