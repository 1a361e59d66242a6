/**
 * The error an ETSI 014 handler throws to end a request. ETSI GS QKD 014
 * defines three error statuses: 400 (bad request format), 401 (unauthorized)
 * and 503 (error on the server side); we add 404 (unknown path) and 405
 * (wrong method), which the standard leaves to HTTP. The body is the
 * standard's Error object `{message, details?}`, `details` an array of
 * objects. Messages and details carry IDs and counts only, never key bytes.
 */
export type EtsiStatus = 400 | 401 | 404 | 405 | 503;

export type EtsiErrorDetail = Readonly<Record<string, string | number | boolean>>;

export class EtsiError extends Error {
  override readonly name = 'EtsiError';

  constructor(
    readonly status: EtsiStatus,
    message: string,
    readonly details: readonly EtsiErrorDetail[] = [],
    /** Extra response headers, e.g. `Allow` on 405. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  /** The ETSI Error body. */
  toBody(): { message: string; details?: EtsiErrorDetail[] } {
    return this.details.length === 0 ? { message: this.message } : { message: this.message, details: [...this.details] };
  }
}

export const badRequest = (message: string, ...details: EtsiErrorDetail[]): EtsiError => new EtsiError(400, message, details);
export const unauthorized = (message: string, ...details: EtsiErrorDetail[]): EtsiError => new EtsiError(401, message, details);
export const unavailable = (message: string, ...details: EtsiErrorDetail[]): EtsiError => new EtsiError(503, message, details);
