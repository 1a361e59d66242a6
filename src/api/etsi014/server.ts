/**
 * The HTTPS server of ETSI GS QKD 014 for one KME, with mutual TLS.
 *
 * TLS: `requestCert` and `rejectUnauthorized` with our CA only, so a client
 * without a certificate, or with one from another CA, fails the handshake
 * and never reaches a handler. The SAE identity is then read from the
 * verified certificate (sae-identity.ts); a certificate of our CA that names
 * no SAE, or a SAE not attached to this KME, gets 401.
 *
 * Limits (limits.ts, each configurable): TLS 1.3 unless 1.2 is configured,
 * an optional CRL, handshake / headers / request timeouts, a header size
 * limit (Node's 431), a body limit (413, the body left unread, the
 * connection closed), a connection cap (excess closed at once), and a token
 * bucket per authenticated SAE (429 with Retry-After).
 *
 * Routes (everything else 404; a known path with another method 405):
 *   GET       /api/v1/keys/{slave_SAE_ID}/status
 *   GET|POST  /api/v1/keys/{slave_SAE_ID}/enc_keys
 *   GET|POST  /api/v1/keys/{master_SAE_ID}/dec_keys
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import type { KeyStore } from '../../keystore/key-store.ts';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import type { Etsi014Config, Etsi014Tls } from './config.ts';
import { badRequest, etsiErrorBody, etsiHttpStatus, methodNotAllowed, notFound, unauthorized } from './errors.ts';
import { Etsi014KeyService } from './key-service.ts';
import type { PeerReservations } from './reservation-link.ts';
import { parseDecKeysBody, parseDecKeysQuery, parseEncKeysBody, parseEncKeysQuery, parseJsonBody, type KeyLimits } from './requests.ts';
import { resolveLimits, SaeRateLimiter } from './limits.ts';
import { saeIdFromCertificate } from './sae-identity.ts';

export interface StartEtsi014ServerOptions {
  readonly store: KeyStore;
  readonly peer: PeerReservations;
  readonly config: Etsi014Config;
  readonly tls: Etsi014Tls;
  readonly log?: Logger;
  /**
   * Called once per answered request (after the response is sent), for
   * metrics: which endpoint, the HTTP status, the time taken. Optional, so
   * the server depends on no metrics library; it must not throw.
   */
  readonly onRequest?: (record: Etsi014RequestRecord) => void;
}

/** One answered request, as `onRequest` sees it. */
export interface Etsi014RequestRecord {
  /** `status`, `enc_keys`, `dec_keys`, or `other` (a path that is none of them). */
  readonly endpoint: 'status' | 'enc_keys' | 'dec_keys' | 'other';
  readonly status: number;
  /** From the request's arrival to the end of its response, in seconds. */
  readonly seconds: number;
}

export interface Etsi014Server {
  /** e.g. `https://127.0.0.1:8443` (the actual port when `listen` asked for 0). */
  readonly url: string;
  readonly port: number;
  /** Stop accepting, drop open connections, resolve once closed. */
  close(): Promise<void>;
}

const ROUTE = /^\/api\/v1\/keys\/([^/]+)\/(status|enc_keys|dec_keys)$/;

export async function startEtsi014Server(options: StartEtsi014ServerOptions): Promise<Etsi014Server> {
  const { config, log, onRequest } = options;
  checkConfig(config, options.store);
  const service = new Etsi014KeyService(options.store, options.peer, config, log);
  const limits: KeyLimits = config;
  const guard = resolveLimits(config.limits);
  checkLimits(guard.headersTimeoutMs, guard.requestTimeoutMs);
  const rate = new SaeRateLimiter(guard.ratePerSaePerSecond, guard.rateBurstPerSae);
  const ctx: HandlerContext = { service, limits, rate, maxBodyBytes: guard.maxBodyBytes };
  const server: Server = createServer(
    {
      ca: options.tls.ca,
      cert: options.tls.cert,
      key: options.tls.key,
      ...(options.tls.crl === undefined ? {} : { crl: options.tls.crl }),
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: guard.tlsMinVersion === '1.2' ? 'TLSv1.2' : 'TLSv1.3',
      handshakeTimeout: guard.handshakeTimeoutMs,
      maxHeaderSize: guard.maxHeaderBytes,
      headersTimeout: guard.headersTimeoutMs,
      requestTimeout: guard.requestTimeoutMs,
      // Node checks the two timeouts above on this period (default 30 s).
      connectionsCheckingInterval: Math.max(250, Math.min(1000, Math.floor(guard.headersTimeoutMs / 4))),
    },
    (req, res) => {
      if (onRequest) observe(req, res, onRequest, log);
      handle(req, res, ctx).catch((err: unknown) => {
        log?.error({ err: (err as Error).message }, 'unexpected error in ETSI 014 handler');
        if (!res.headersSent) send(res, 503, { message: 'internal error' });
      });
    },
  );
  // SAEs keep connections open between requests; a short idle timeout races
  // with a client reusing the socket (ECONNRESET on its next request).
  server.keepAliveTimeout = 65_000;
  // One more connection than this is closed by the server as it arrives.
  server.maxConnections = guard.maxConnections;
  server.on('tlsClientError', (err) => log?.debug({ err: err.message }, 'TLS handshake refused'));
  // The client certificate cannot change on a connection (TLS 1.3 has no
  // renegotiation; with 1.2 configured, a client's renegotiation is refused
  // here), so its SAE ID is read once per connection (callerOf).
  server.on('secureConnection', (socket: TLSSocket) => socket.disableRenegotiation());
  const [host, portText] = splitHostPort(config.listen);
  await new Promise<void>((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException): void =>
      reject(
        new QkdError(
          QkdErrorCode.DeliveryListenFailed,
          `ETSI 014 server cannot listen on ${config.listen} (etsi.listen): ${err.code ?? err.message}`,
          { listen: config.listen, errno: err.code },
          { cause: err },
        ),
      );
    server.once('error', failed);
    server.listen(Number(portText), host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : Number(portText);
  const url = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log?.info({ url, kmeId: config.kmeId }, 'ETSI 014 server listening');
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface HandlerContext {
  readonly service: Etsi014KeyService;
  readonly limits: KeyLimits;
  readonly rate: SaeRateLimiter;
  readonly maxBodyBytes: number;
}

/** Thrown by readBody: answered with 413 and a closed connection. */
class BodyTooLarge extends Error {}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: HandlerContext): Promise<void> {
  const { service, limits } = ctx;
  try {
    const socket = req.socket as TLSSocket;
    // The handshake already verified the chain; this is belt and braces.
    if (!socket.authorized) throw unauthorized('client certificate not verified');
    const caller = service.requireLocalCaller(callerOf(socket));
    const wait = ctx.rate.take(caller);
    if (wait > 0) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(wait))));
      send(res, 429, { message: `too many requests from SAE ${caller}: retry later` });
      return;
    }
    const url = new URL(req.url ?? '/', 'https://kme.invalid');
    const match = ROUTE.exec(url.pathname);
    if (match === null) throw notFound(`no such resource: ${url.pathname.slice(0, 200)}`);
    const saeId = decodePathId(match[1]);
    const action = match[2] as 'status' | 'enc_keys' | 'dec_keys';
    const allowed = action === 'status' ? ['GET'] : ['GET', 'POST'];
    if (!allowed.includes(req.method ?? '')) {
      throw methodNotAllowed(`${req.method ?? '?'} is not allowed on ${action}`, allowed);
    }
    // Only the GET forms of enc_keys and dec_keys take their parameters from the query string.
    const queryForm = req.method === 'GET' && action !== 'status';
    if (!queryForm && url.search !== '') throw badRequest(`${req.method} ${action} takes no query parameters`);
    const body = req.method === 'POST' ? parseJsonBody(await readBody(req, ctx.maxBodyBytes)) : undefined;
    switch (action) {
      case 'status':
        send(res, 200, service.status(caller, saeId));
        return;
      case 'enc_keys': {
        const r = body === undefined ? parseEncKeysQuery(url.searchParams, limits) : parseEncKeysBody(body, limits);
        send(res, 200, await service.encKeys(caller, saeId, r));
        return;
      }
      case 'dec_keys': {
        const r = body === undefined ? parseDecKeysQuery(url.searchParams, limits) : parseDecKeysBody(body, limits);
        send(res, 200, await service.decKeys(caller, saeId, r));
        return;
      }
    }
  } catch (err) {
    if (err instanceof BodyTooLarge) {
      refuseBody(req, res, err.message);
      return;
    }
    const status = etsiHttpStatus(err);
    if (status === undefined) throw err;
    const delivery = err as QkdError;
    if (typeof delivery.details.allow === 'string') res.setHeader('Allow', delivery.details.allow);
    send(res, status, etsiErrorBody(delivery));
  }
}

/** SAE ID of each connection's verified client certificate (null: it names none), read at its first request. */
const callers = new WeakMap<TLSSocket, string | null>();

function callerOf(socket: TLSSocket): string | undefined {
  let id = callers.get(socket);
  if (id === undefined) {
    id = saeIdFromCertificate(socket.getPeerX509Certificate()) ?? null;
    callers.set(socket, id);
  }
  return id ?? undefined;
}

/** Reports the request to `onRequest` once its response is sent (a dropped connection is not reported). */
function observe(req: IncomingMessage, res: ServerResponse, onRequest: (r: Etsi014RequestRecord) => void, log?: Logger): void {
  const t0 = performance.now();
  res.once('finish', () => {
    const path = (req.url ?? '/').split('?', 1)[0];
    const endpoint = (ROUTE.exec(path)?.[2] ?? 'other') as Etsi014RequestRecord['endpoint'];
    try {
      onRequest({ endpoint, status: res.statusCode, seconds: (performance.now() - t0) / 1000 });
    } catch (err) {
      log?.debug({ err: (err as Error).message }, 'ETSI 014 request hook failed');
    }
  });
}

function decodePathId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw badRequest('SAE ID in the path is not valid percent-encoding');
  }
}

/**
 * The request body, at most `max` bytes. A larger declared Content-Length is
 * refused before a byte is read; a body that grows past `max` (chunked) is
 * refused as soon as it does. Either way the rest is never read.
 */
function readBody(req: IncomingMessage, max: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) return Promise.reject(new BodyTooLarge(`request body of ${declared} bytes is larger than ${max} bytes`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= max) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.pause();
      reject(new BodyTooLarge(`request body larger than ${max} bytes`));
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** 413 with `Connection: close`, then the connection is dropped: the rest of the body is not read. */
function refuseBody(req: IncomingMessage, res: ServerResponse, message: string): void {
  if (res.headersSent) {
    req.socket.destroy();
    return;
  }
  res.shouldKeepAlive = false;
  res.setHeader('Connection', 'close');
  send(res, 413, { message });
  res.once('finish', () => req.socket.destroy());
}

function checkLimits(headersTimeoutMs: number, requestTimeoutMs: number): void {
  if (requestTimeoutMs < headersTimeoutMs) {
    throw new QkdError(
      QkdErrorCode.ConfigInvalid,
      `etsi.limits.requestTimeoutMs (${requestTimeoutMs}) must not be below etsi.limits.headersTimeoutMs (${headersTimeoutMs})`,
      { field: 'etsi.limits.requestTimeoutMs', requestTimeoutMs, headersTimeoutMs },
    );
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    // Responses carry key material: no cache may keep them.
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function splitHostPort(listen: string): [string, string] {
  const i = listen.lastIndexOf(':');
  if (i <= 0)
    throw new QkdError(QkdErrorCode.ConfigInvalid, `etsi.listen must be host:port, got '${listen}'`, { field: 'etsi.listen', listen });
  return [listen.slice(0, i).replace(/^\[|\]$/g, ''), listen.slice(i + 1)];
}

function checkConfig(config: Etsi014Config, store: KeyStore): void {
  const s = store.stats();
  const ok =
    config.minKeySizeBits % 8 === 0 &&
    config.maxKeySizeBits % 8 === 0 &&
    config.minKeySizeBits >= s.minKeySizeBits &&
    config.maxKeySizeBits <= s.maxKeySizeBits &&
    config.minKeySizeBits <= config.keySizeBits &&
    config.keySizeBits <= config.maxKeySizeBits &&
    config.keySizeBits % 8 === 0 &&
    Number.isSafeInteger(config.maxKeysPerRequest) &&
    config.maxKeysPerRequest >= 1;
  if (!ok) {
    throw new QkdError(
      QkdErrorCode.ConfigInvalid,
      `etsi.minKeySizeBits, keySizeBits, maxKeySizeBits (${config.minKeySizeBits}, ${config.keySizeBits}, ${config.maxKeySizeBits}) must be multiples of 8 ` +
        `in this order within the key store's [${s.minKeySizeBits}, ${s.maxKeySizeBits}], and etsi.maxKeysPerRequest >= 1`,
      {
        minKeySizeBits: config.minKeySizeBits,
        keySizeBits: config.keySizeBits,
        maxKeySizeBits: config.maxKeySizeBits,
        maxKeysPerRequest: config.maxKeysPerRequest,
      },
    );
  }
}
