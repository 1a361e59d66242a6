/**
 * How an ETSI 014 request ends in an error. Handlers throw a QkdError with a
 * delivery code (8xx); the server answers with the HTTP status of the one
 * table below and the standard's Error body `{message, details?}`.
 *
 * ETSI GS QKD 014 defines three error statuses: 400 (bad request format),
 * 401 (unauthorized) and 503 (error on the server side); we add 404 (unknown
 * path) and 405 (wrong method), which the standard leaves to HTTP. The body's
 * `details` is an array of objects (`details.etsi` of the QkdError); a 405
 * carries its `Allow` header in `details.allow`. Messages and details carry
 * IDs and counts only, never key bytes.
 */
import { isDeliveryError, QkdError, QkdErrorCode } from '../../../errors/index.ts';

export type EtsiStatus = 400 | 401 | 404 | 405 | 503;

export type EtsiErrorDetail = Readonly<Record<string, string | number | boolean>>;

/** The HTTP status of each delivery code: the only place codes meet statuses. */
export const ETSI_HTTP_STATUS: Readonly<Partial<Record<QkdErrorCode, EtsiStatus>>> = {
  [QkdErrorCode.DeliveryBadRequest]: 400,
  [QkdErrorCode.DeliveryUnauthorized]: 401,
  [QkdErrorCode.DeliveryNotFound]: 404,
  [QkdErrorCode.DeliveryMethodNotAllowed]: 405,
  [QkdErrorCode.DeliveryUnavailable]: 503,
  // The peer KME could not take a reservation: the keys cannot be served now.
  [QkdErrorCode.ReservationUnreachable]: 503,
  [QkdErrorCode.ReservationTimeout]: 503,
  [QkdErrorCode.ReservationRejected]: 503,
};

/** The HTTP status a request that failed with `err` gets; undefined for an error that is not the caller's to see (a bug). */
export function etsiHttpStatus(err: unknown): EtsiStatus | undefined {
  return isDeliveryError(err) ? ETSI_HTTP_STATUS[err.code] : undefined;
}

/** The ETSI Error body of a delivery error. */
export function etsiErrorBody(err: QkdError): { message: string; details?: EtsiErrorDetail[] } {
  const details = err.details.etsi as readonly EtsiErrorDetail[] | undefined;
  return details === undefined || details.length === 0 ? { message: err.message } : { message: err.message, details: [...details] };
}

function etsiError(
  code: QkdErrorCode,
  message: string,
  details: readonly EtsiErrorDetail[],
  extra: Record<string, unknown> = {},
): QkdError {
  return new QkdError(code, message, details.length === 0 ? extra : { ...extra, etsi: details });
}

export const badRequest = (message: string, ...details: EtsiErrorDetail[]): QkdError =>
  etsiError(QkdErrorCode.DeliveryBadRequest, message, details);
export const unauthorized = (message: string, ...details: EtsiErrorDetail[]): QkdError =>
  etsiError(QkdErrorCode.DeliveryUnauthorized, message, details);
export const notFound = (message: string): QkdError => etsiError(QkdErrorCode.DeliveryNotFound, message, []);
export const methodNotAllowed = (message: string, allow: readonly string[]): QkdError =>
  etsiError(QkdErrorCode.DeliveryMethodNotAllowed, message, [], { allow: allow.join(', ') });
export const unavailable = (message: string, ...details: EtsiErrorDetail[]): QkdError =>
  etsiError(QkdErrorCode.DeliveryUnavailable, message, details);
