/** ETSI GS QKD 014 key delivery: the HTTPS server and the KME-to-KME key-ID coordination it relies on. */
export { startEtsi014Server, type StartEtsi014ServerOptions, type Etsi014Server } from './server.ts';
export type { Etsi014Config, Etsi014Tls } from './config.ts';
export { PeerReservationError, type PeerReservations, type ReservationRequestHandler, type PeerReservationErrorCode } from './reservation-link.ts';
export { PeerChannelReservations, type PeerChannelReservationsOptions } from './peer-reservations.ts';
export { MemoryPeerReservations, type MemoryPeerReservationsOptions } from './memory-peer-reservations.ts';
export { ReservationApplier, type ReservationApplierOptions } from './reservation-applier.ts';
export { saeIdFromCertificate, SAE_ID_PATTERN } from './sae-identity.ts';
export { EtsiError } from './errors.ts';
export { etsi014ConfigFromBench, loadEtsi014Tls } from './from-bench-config.ts';
