/**
 * The one error class of qkdd: every expected failure (a bad config field, a
 * missing file, a board that does not answer, a peer that fails to
 * authenticate, a key that is not there) is a QkdError with a code from
 * `codes.ts`. Callers branch on `code` (or a family guard), never on the
 * message. The message names the thing it is about (field, file, board,
 * address); `details` carries machine-readable context (IDs, counts, paths,
 * device status) and never key material.
 *
 * Anything thrown that is not a QkdError is a bug: the CLIs print those with
 * their stack, and QkdErrors as one line.
 */
import { familyOf, QKD_ERROR_FAMILIES, QkdErrorCode, type QkdErrorFamily } from './codes.ts';

export type QkdErrorDetails = Readonly<Record<string, unknown>>;

export class QkdError extends Error {
  override readonly name = 'QkdError';

  constructor(
    readonly code: QkdErrorCode,
    message: string,
    /** Machine-readable context: IDs, counts, paths, positions, device status; never key bytes. */
    readonly details: QkdErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The layer that raised this error. */
  get family(): QkdErrorFamily {
    return familyOf(this.code);
  }

  /** `QKD-704 NotEnoughAuthKey`: the stable code as printed in logs and on the command line. */
  get codeLabel(): string {
    return `QKD-${this.code} ${QkdErrorCode[this.code] ?? 'Unknown'}`;
  }

  /** The JSON form for `--json` output and logs. */
  toJSON(): { code: number; codeName: string; family: QkdErrorFamily; message: string; details: QkdErrorDetails } {
    return {
      code: this.code,
      codeName: QkdErrorCode[this.code] ?? 'Unknown',
      family: this.family,
      message: this.message,
      details: this.details,
    };
  }
}

/** True for a QkdError, and when `code` is given, one with that code. */
export function isQkdError(e: unknown, code?: QkdErrorCode): e is QkdError {
  return e instanceof QkdError && (code === undefined || e.code === code);
}

function familyGuard(family: QkdErrorFamily): (e: unknown, code?: QkdErrorCode) => e is QkdError {
  const [lo, hi] = QKD_ERROR_FAMILIES[family];
  return (e: unknown, code?: QkdErrorCode): e is QkdError =>
    e instanceof QkdError && e.code >= lo && e.code < hi && (code === undefined || e.code === code);
}

// One guard per family, each optionally narrowed to one code.
export const isTransportError = familyGuard('transport');
export const isLinkError = familyGuard('link');
export const isDeviceError = familyGuard('device');
export const isBoardError = familyGuard('board');
export const isConfigError = familyGuard('config');
export const isPeerError = familyGuard('peer');
export const isKeyStoreError = familyGuard('keyStore');
export const isDeliveryError = familyGuard('delivery');
export const isNodeError = familyGuard('node');

/** A board that did not answer in time. */
export function isTimeout(e: unknown): e is QkdError {
  return isQkdError(e, QkdErrorCode.Timeout);
}
