/**
 * `PeerReservations` and the slave-side dispatch over the real authenticated
 * peer channel (src/peer), with its KeyReservationRequest / KeyReservationAck
 * messages. One instance serves both roles of a node: as master it sends
 * requests and matches acks by reservation ID; as slave it hands requests to
 * a `ReservationRequestHandler` strictly in arrival order (the channel
 * delivers in seq order) and answers each with an ack.
 *
 * The channel has one receive queue. A node whose other components also read
 * it calls `handleEnvelope` from its own dispatch loop; otherwise
 * `runReceiveLoop` reads the channel and passes other messages on.
 *
 * A new session (after a reconnect) is `attach`ed; requests still waiting on
 * the old one are rejected at once: the master discards them, and the slave's
 * `allowSkip` realigns the pools on the next reservation.
 */
import type { Logger } from 'pino';
import type { PeerChannel, ReceivedMessage } from '../../peer/channel.ts';
import type { DecodedEnvelope } from '../../peer/messages.ts';
import type { ReservationDescription } from '../../keystore/reservation.ts';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import { refusalReason, reservationError, type PeerReservations, type ReservationRequestHandler } from './reservation-link.ts';
import { requestToReservation, reservationToRequest } from './reservation-wire.ts';

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

export class PeerChannelReservations implements PeerReservations {
  private channel: PeerChannel | undefined;
  private readonly pending = new Map<string, Pending>();
  private slaveTail: Promise<unknown> = Promise.resolve();
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

  reserveOnPeer(description: ReservationDescription): Promise<void> {
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
      this.pending.set(id, { channel, resolve, reject, timer });
      try {
        // send is synchronous, so requests go out in call order (= cut order).
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
      // One at a time, in arrival order: see reservation-link.ts.
      this.slaveTail = this.slaveTail.then(() => this.onRequest(request, channel)).catch(() => undefined);
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
    try {
      if (this.options.handler === undefined)
        throw new QkdError(QkdErrorCode.ReservationRejected, 'this KME does not apply peer reservations');
      await this.options.handler.handleReservationRequest(requestToReservation(request));
      accepted = true;
    } catch (err) {
      reason = refusalReason(err);
      this.options.log?.warn({ reservationId: id, reason }, 'refused a peer reservation');
    }
    if (channel === undefined || !channel.isOpen) return; // the master times out and discards
    try {
      channel.send({ keyReservationAck: { reservationId: id, accepted, reason } });
    } catch (err) {
      this.options.log?.warn({ reservationId: id, err: (err as Error).message }, 'could not send reservation ack');
    }
  }

  private failPending(channel: PeerChannel, why: string): void {
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
