/**
 * The ETSI 014 server's limits against callers that hold a socket or flood
 * it (issue 12, item 5): the defaults of every limit in one place, and the
 * per-SAE token bucket behind the rate limit. The server (server.ts) applies
 * them; the bench config's `etsi` section (src/config/bench-config.ts) may
 * override each one.
 *
 * Defaults and why:
 * - handshakeTimeoutMs 10 000: a TLS handshake on a LAN takes milliseconds;
 *   Node's own default (120 s) lets a silent socket hold a slot for minutes.
 * - headersTimeoutMs / requestTimeoutMs 10 000: from the first byte of a
 *   request to its complete headers / its complete body.
 * - maxHeaderBytes 8 KiB: an ETSI request's headers are a few hundred bytes.
 *   Node refuses larger headers itself with 431 (Request Header Fields Too
 *   Large, the status HTTP has for it) and closes the connection.
 * - maxBodyBytes 64 KiB: the largest ETSI body (dec_keys with
 *   max_key_per_request IDs) is a few KiB. A larger Content-Length is refused
 *   with 413 before any body byte is read; a chunked body is refused as soon
 *   as it passes the limit; the connection is closed either way.
 * - maxConnections 256: open connections (before or after authentication);
 *   one more is closed at once by the server.
 * - rate 10 000 requests/s with a burst of 10 000, per authenticated SAE
 *   (the SAE of the client certificate): high enough for the load target
 *   of issue 12 with all clients as one SAE, low enough that one SAE cannot
 *   monopolise the KME. A request over the limit gets 429 Too Many Requests
 *   with Retry-After (seconds). ETSI 014 lists only 400, 401 and 503; we
 *   already use HTTP's 404 and 405 where the standard is silent, and 429
 *   tells a client "slow down" apart from 503 "no key now" (which a client
 *   may retry at once), so metrics and clients can tell them apart.
 * - tlsMinVersion '1.3': TLS 1.2 only when the config says `'1.2'`.
 */

import type { Etsi014Limits } from '../../config/etsi014-config.ts';

export type { Etsi014Limits };

export const ETSI014_LIMIT_DEFAULTS: Etsi014Limits = {
  handshakeTimeoutMs: 10_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 10_000,
  maxHeaderBytes: 8 * 1024,
  maxBodyBytes: 64 * 1024,
  maxConnections: 256,
  ratePerSaePerSecond: 10_000,
  rateBurstPerSae: 10_000,
  tlsMinVersion: '1.3',
};

/** The defaults, overridden by whichever fields `given` sets. */
export function resolveLimits(given: Partial<Etsi014Limits> | undefined): Etsi014Limits {
  const out: Record<string, unknown> = { ...ETSI014_LIMIT_DEFAULTS };
  for (const [name, value] of Object.entries(given ?? {})) if (value !== undefined) out[name] = value;
  return out as unknown as Etsi014Limits;
}

/**
 * One token bucket per SAE: `rate` tokens a second up to `burst`; a request
 * takes one. `take` answers 0 when the request may go, else the seconds
 * until a token is there (for Retry-After). The clock is injectable for tests.
 */
export class SaeRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now() / 1000,
  ) {}

  take(saeId: string): number {
    if (this.rate <= 0) return 0;
    const t = this.now();
    const b = this.buckets.get(saeId) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + (t - b.at) * this.rate);
    b.at = t;
    this.buckets.set(saeId, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return (1 - b.tokens) / this.rate;
  }
}
