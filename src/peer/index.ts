/** The classical channel between the two nodes: messages, transcript (Wegman–Carter) authentication, key sources. */
export { PeerChannel, connectPeerChannel } from './channel.ts';
export type {
  PeerChannelOptions,
  PeerChannelEvents,
  PeerChannelStats,
  AuthFailure,
  AuthFailureReason,
  ReceivedMessage,
} from './channel.ts';
export { Envelope, Role, AlarmSeverity, PEER_PROTOCOL_VERSION, encodeEnvelope, decodeEnvelope } from './messages.ts';
export type { EnvelopeInit, DecodedEnvelope, BodyKind, HelloFields } from './messages.ts';
export { authKeySourceFromPool, type AuthKeySource, type AuthKeyPool, type PreSharedKeyIdentity } from './auth/key-source.ts';
export { PreSharedKeyFileSource, type PreSharedKeyFileOptions } from './auth/psk-file-source.ts';
export { MemoryAuthKeySource } from './auth/memory-source.ts';
export { pskFingerprint, pskFingerprintBytes, PSK_FINGERPRINT_BYTES } from './auth/psk-fingerprint.ts';
export { WegmanCarterAuthenticator, wegmanCarterForgeryLog2 } from './auth/wegman-carter.ts';
export { MESSAGE_AUTH_POLICY, messageAuthFor, bodyOf, type MessageAuth } from './message-auth-policy.ts';
