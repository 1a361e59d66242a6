/**
 * The one error type of the peer channel. Callers branch on `code`, never on
 * the message. Codes are grouped: configuration, authentication key, wire,
 * authentication, session. Messages and details never contain key material.
 */
export const PEER_ERROR_CODES = [
  // configuration
  /** A bad option or argument (a programming or config error). */
  'invalid-argument',
  // authentication key
  /** The authentication key source has fewer bits than the channel needs; nothing was sent. */
  'auth-key-exhausted',
  /** The key source failed for another reason (I/O, key store error); see `cause`. */
  'auth-key-unavailable',
  /** The pre-shared key file or its position file is malformed or does not match. */
  'auth-key-file-invalid',
  // wire
  /** A length prefix above `maxFrameBytes`: the stream cannot be resynchronized. */
  'frame-too-large',
  /** A message body that does not encode (e.g. two bodies set) or decode. */
  'invalid-message',
  // authentication
  /** The peer's first authenticated message did not verify (wrong key, or key positions drifted). */
  'authentication-failed',
  /** More authentication failures in one session than `maxAuthFailures`; the session is closed. */
  'too-many-authentication-failures',
  // session
  /** The peer's preamble or Hello does not match ours (version, link, role, tag size). */
  'handshake-mismatch',
  /** The peer claims a key position further ahead than `maxResyncBits`. */
  'resync-too-far',
  /** No preamble or Hello from the peer within `handshakeTimeoutMs`. */
  'handshake-timeout',
  /** The channel is closed (locally, by the peer, or after an error). */
  'closed',
] as const;

export type PeerErrorCode = (typeof PEER_ERROR_CODES)[number];

export class PeerError extends Error {
  override readonly name = 'PeerError';

  constructor(
    readonly code: PeerErrorCode,
    message: string,
    /** Machine-readable context: counts, sequence numbers, positions; never key bytes. */
    readonly details: Readonly<Record<string, string | number | boolean>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isPeerError(err: unknown, code?: PeerErrorCode): err is PeerError {
  return err instanceof PeerError && (code === undefined || err.code === code);
}
