/**
 * The one error type of the key store. Callers (node layer, ETSI 014 API)
 * branch on `code`, never on the message: the API maps codes to HTTP status
 * (e.g. `not-enough-key` → 503, `unknown-key-id` → 400) and the node layer
 * pauses generation on `capacity-exceeded`.
 *
 * Messages and details never contain key material, only IDs and bit counts.
 */
export const KEY_STORE_ERROR_CODES = [
  /** Adding the block would exceed `maxBits`; the node should pause generation. */
  'capacity-exceeded',
  /** A block with this ID was added before (block IDs are never reused, even after consumption). */
  'duplicate-block',
  /** A bad argument: size not a multiple of 8, out of range, empty ID, malformed reservation. */
  'invalid-argument',
  /** The application pool holds fewer bits than the request needs. */
  'not-enough-key',
  /** The authentication pool holds fewer bits than the request needs. */
  'not-enough-auth-key',
  /** No key with this ID (never reserved here, discarded, or pruned). */
  'unknown-key-id',
  /** The key was handed out before on this node. */
  'already-delivered',
  /** The caller is not the SAE the key was reserved for. */
  'wrong-sae',
  /** A peer's reservation does not match the bits at the front of this node's pool. */
  'reservation-mismatch',
  /** A peer's reservation names a block this node has never stored. */
  'missing-block',
  /** A peer's reservation reuses a key ID this node already knows. */
  'duplicate-key-id',
  /** No reservation with this ID, or it has no undelivered keys left. */
  'unknown-reservation',
  /** The database was written by a newer schema than this code knows. */
  'unsupported-schema',
] as const;

export type KeyStoreErrorCode = (typeof KEY_STORE_ERROR_CODES)[number];

export class KeyStoreError extends Error {
  override readonly name = 'KeyStoreError';

  constructor(
    readonly code: KeyStoreErrorCode,
    message: string,
    /** Machine-readable context: IDs and counts only, never key bytes. */
    readonly details: Readonly<Record<string, string | number | boolean>> = {},
  ) {
    super(message);
  }
}

export function isKeyStoreError(err: unknown, code?: KeyStoreErrorCode): err is KeyStoreError {
  return err instanceof KeyStoreError && (code === undefined || err.code === code);
}
