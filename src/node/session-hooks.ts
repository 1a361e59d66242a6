/**
 * Peer messages that are not key generation's (ETSI key reservations,
 * alarms) share the session's one receive queue; the key-generation loop
 * hands them to these hooks instead of treating them as frame messages.
 */
import type { BodyKind, DecodedEnvelope } from '../peer/messages.ts';

export interface SessionHooks {
  /** Offered every message whose body is in OTHER_BODIES; returns true when it took it. */
  onOtherMessage?: (envelope: DecodedEnvelope) => boolean;
}

export const OTHER_BODIES: ReadonlySet<BodyKind> = new Set<BodyKind>([
  'keyReservationRequest',
  'keyReservationAck',
  'alarm',
  'hello',
  'relay',
]);
