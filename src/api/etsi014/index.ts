/** ETSI GS QKD 014 key delivery: the HTTPS server and the KME-to-KME key-ID coordination it relies on. */
export { startEtsi014Server, type StartEtsi014ServerOptions, type Etsi014Server, type Etsi014RequestRecord } from './server.ts';
export { loadEtsi014Tls, type Etsi014Config, type Etsi014Tls } from './config.ts';
export {
  reservationError,
  refusalReason,
  type PeerReservations,
  type ReservationRequestHandler,
  type PeerReservationErrorCode,
} from './reservation-link.ts';
export { PeerChannelReservations, type PeerChannelReservationsOptions } from './peer-reservations.ts';
export { MemoryPeerReservations, type MemoryPeerReservationsOptions } from './memory-peer-reservations.ts';
export { ReservationApplier, type ReservationApplierOptions } from './reservation-applier.ts';
export { saeIdFromCertificate, SAE_ID_PATTERN } from './sae-identity.ts';
export { ETSI_HTTP_STATUS, etsiHttpStatus, etsiErrorBody, type EtsiStatus, type EtsiErrorDetail } from './errors.ts';
