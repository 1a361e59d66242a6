/**
 * The control API of one node: versioned JSON under /api/v1/ for qkdctl,
 * scripts, calibration routines and the dashboard to come.
 *
 *   GET   /api/v1                    the endpoints (discovery)
 *   GET   /api/v1/status             node, link, boards, QBER, rates, stored key, alarms, generation
 *   GET   /api/v1/alarms             alarm counts and the recent ones
 *   POST  /api/v1/generation/stop    hold key generation (reason `operator`); idempotent
 *   POST  /api/v1/generation/start   release the operator's hold; idempotent
 *
 * Served on a Unix socket (mode 0600, unix-socket.ts) and, when configured,
 * on loopback HTTP. Never on another interface: that would need mutual TLS
 * with operator certificates, which is not built (the config refuses a
 * non-loopback `control.http` at load). On HTTP, the Host header must name a
 * loopback host and a browser's Origin must be this server's own, so that a
 * web page the operator visits cannot reach the API (DNS rebinding, CSRF).
 *
 * Errors are `{error: {code, message}}` with a fitting HTTP status.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import { type ControlledNode, OPERATOR_HOLD } from './controlled-node.ts';
import { RateWindow } from './rate-window.ts';
import { listenOnUnixSocket } from './unix-socket.ts';
import {
  CONTROL_API_PREFIX,
  CONTROL_API_VERSION,
  type ControlErrorCode,
  type ErrorJson,
  type GenerationChangeJson,
  alarmsJson,
  generationJson,
  statusJson,
} from './wire.ts';

export interface StartControlServerOptions {
  readonly node: ControlledNode;
  /** Unix socket path (control.socket). */
  readonly socketPath: string;
  /** Loopback HTTP (control.http); port 0 picks a free port. */
  readonly http?: { readonly host: string; readonly port: number } | null;
  readonly log?: Logger;
  /** Window of the sifted and secret key rates, in ms. Default 10 s. */
  readonly rateWindowMs?: number;
  /** Period of the rate samples, in ms. Default 1 s. */
  readonly sampleIntervalMs?: number;
  /**
   * Endpoints that answer with something other than one JSON document
   * (Prometheus text, the dashboard's pages, event streams, recordings).
   * Each feature brings its own; they pass the same Host/Origin checks.
   */
  readonly rawRoutes?: readonly RawControlRoute[];
}

/** An endpoint that writes its own response (any content type, streaming allowed). */
export interface RawControlRoute {
  /** An exact path (`/metrics`, and `/` alone), or a prefix ending in `/` (`/dashboard/`) that serves everything below it. */
  readonly path: string;
  readonly method: 'GET' | 'POST';
  /** One line for the endpoint list. */
  readonly summary: string;
  /** Where it is served: the loopback HTTP listener, the Unix socket, or both (default both). */
  readonly on?: 'http' | 'socket' | 'both';
  handle(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
}

export interface ControlServer {
  readonly socketPath: string;
  /** `http://127.0.0.1:PORT` (the actual port), or null when only the socket is served. */
  readonly url: string | null;
  /** Stop accepting, drop open connections, remove the socket file; resolves once closed. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 4096;
const MAX_DETAIL_CHARS = 200;

interface Route {
  readonly method: 'GET' | 'POST';
  readonly summary: string;
  readonly handle: (ctx: RequestContext) => unknown;
}

interface RequestContext {
  readonly body: Record<string, unknown>;
  readonly via: 'socket' | 'http';
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ControlErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export async function startControlServer(o: StartControlServerOptions): Promise<ControlServer> {
  const { node, log } = o;
  const rates = new RateWindow(o.rateWindowMs ?? 10_000);
  const sample = (): void => {
    const s = node.status().stats;
    rates.add({ t: performance.now(), siftedBits: Number(s.siftedKeyBits ?? 0), secretBits: Number(s.secretBits ?? 0) });
  };
  sample();
  const sampler = setInterval(sample, o.sampleIntervalMs ?? 1000);
  sampler.unref();

  const operatorHeld = (): boolean => node.gate.current().some((h) => h.reason === OPERATOR_HOLD);
  const generation = () => generationJson(node.gate.isOpen, node.gate.current());
  const routes: Record<string, Route> = {
    [CONTROL_API_PREFIX]: {
      method: 'GET',
      summary: 'this list',
      handle: () => ({
        apiVersion: CONTROL_API_VERSION,
        endpoints: [
          ...Object.entries(routes).map(([path, r]) => ({ method: r.method, path, summary: r.summary })),
          ...rawRoutes.map((r) => ({ method: r.method, path: r.path, summary: r.summary })),
        ],
      }),
    },
    [`${CONTROL_API_PREFIX}/status`]: {
      method: 'GET',
      summary: 'node, link, boards, QBER, rates, stored key, alarms, generation',
      handle: () => {
        sample();
        return statusJson(node, node.status(), rates.rates(), Date.now());
      },
    },
    [`${CONTROL_API_PREFIX}/alarms`]: {
      method: 'GET',
      summary: 'alarm counts and the recent alarms',
      handle: () => alarmsJson(node.alarms.snapshot()),
    },
    [`${CONTROL_API_PREFIX}/generation/stop`]: {
      method: 'POST',
      summary: 'hold key generation (reason operator); frames in flight finish',
      handle: ({ body, via }): GenerationChangeJson => {
        const changed = !operatorHeld();
        const detail = typeof body.detail === 'string' ? body.detail : `stopped by an operator through the control API (${via})`;
        node.gate.hold(OPERATOR_HOLD, detail);
        if (changed) log?.info({ reason: OPERATOR_HOLD, detail, via }, 'operator stopped key generation');
        return { changed, generation: generation() };
      },
    },
    [`${CONTROL_API_PREFIX}/generation/start`]: {
      method: 'POST',
      summary: "release the operator's hold (safety holds stay until cleared)",
      handle: ({ via }): GenerationChangeJson => {
        const changed = operatorHeld();
        node.gate.release(OPERATOR_HOLD);
        if (changed)
          log?.info(
            { reason: OPERATOR_HOLD, via, stillHeldBy: node.gate.current().map((h) => h.reason) },
            'operator started key generation',
          );
        return { changed, generation: generation() };
      },
    },
  };

  const rawRoutes = o.rawRoutes ?? [];
  const handler =
    (via: 'socket' | 'http', origins: () => readonly string[]) =>
    (req: IncomingMessage, res: ServerResponse): void => {
      const raw = findRawRoute(rawRoutes, req, via);
      if (raw) {
        serveRaw(raw, req, res, via, origins()).catch((err: unknown) => {
          if (err instanceof HttpError) {
            if (!res.headersSent)
              send(res, err.status, { error: { code: err.code, message: err.message } } satisfies ErrorJson, err.headers);
            else res.destroy();
            return;
          }
          log?.error({ err: err instanceof Error ? err.message : String(err), url: req.url }, 'unexpected error in the control API');
          if (!res.headersSent)
            send(res, 500, { error: { code: 'internal', message: 'internal error (see the node log)' } } satisfies ErrorJson);
          else res.destroy();
        });
        return;
      }
      handle(req, via, origins(), routes).then(
        (body) => send(res, 200, body),
        (err: unknown) => {
          if (err instanceof HttpError) {
            send(res, err.status, { error: { code: err.code, message: err.message } } satisfies ErrorJson, err.headers);
            return;
          }
          log?.error({ err: err instanceof Error ? err.message : String(err), url: req.url }, 'unexpected error in the control API');
          send(res, 500, { error: { code: 'internal', message: 'internal error (see the node log)' } } satisfies ErrorJson);
        },
      );
    };

  const unixServer = createServer(handler('socket', () => []));
  const servers: Server[] = [unixServer];
  let url: string | null = null;
  try {
    await listenOnUnixSocket(unixServer, o.socketPath);
    if (o.http) {
      let allowed: string[] = [];
      const httpServer = createServer(handler('http', () => allowed));
      servers.push(httpServer);
      const port = await listenHttp(httpServer, o.http.host, o.http.port);
      const host = o.http.host.includes(':') ? `[${o.http.host}]` : o.http.host;
      url = `http://${host}:${port}`;
      allowed = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${host}:${port}`];
    }
  } catch (err) {
    clearInterval(sampler);
    await Promise.all(servers.map(closeServer));
    throw err;
  }
  log?.info({ socket: o.socketPath, url }, 'control API listening');
  return {
    socketPath: o.socketPath,
    url,
    close: async () => {
      clearInterval(sampler);
      await Promise.all(servers.map(closeServer));
    },
  };
}

function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? '/', 'http://control.invalid').pathname;
}

function findRawRoute(rawRoutes: readonly RawControlRoute[], req: IncomingMessage, via: 'socket' | 'http'): RawControlRoute | undefined {
  const path = pathOf(req);
  const matches = (r: RawControlRoute): boolean =>
    (r.on ?? 'both') !== (via === 'http' ? 'socket' : 'http') &&
    (r.path.endsWith('/') && r.path !== '/' ? path.startsWith(r.path) || `${path}/` === r.path : path === r.path);
  // A path may have a GET and a POST route: the one of the request's method first (else 405 names the other).
  return rawRoutes.find((r) => matches(r) && r.method === req.method) ?? rawRoutes.find(matches);
}

async function serveRaw(
  route: RawControlRoute,
  req: IncomingMessage,
  res: ServerResponse,
  via: 'socket' | 'http',
  allowedHosts: readonly string[],
): Promise<void> {
  if (via === 'http') checkBrowserSafety(req, allowedHosts);
  if (req.method !== route.method) {
    throw new HttpError(405, 'method_not_allowed', `${req.method ?? '?'} is not allowed on ${route.path}; use ${route.method}`, {
      Allow: route.method,
    });
  }
  await route.handle(req, res);
}

async function handle(
  req: IncomingMessage,
  via: 'socket' | 'http',
  allowedHosts: readonly string[],
  routes: Record<string, Route>,
): Promise<unknown> {
  if (via === 'http') checkBrowserSafety(req, allowedHosts);
  const path = new URL(req.url ?? '/', 'http://control.invalid').pathname.replace(/\/+$/, '') || '/';
  const route = routes[path];
  if (!route) {
    throw new HttpError(404, 'not_found', `no endpoint ${path.slice(0, 200)}; GET ${CONTROL_API_PREFIX} lists them`);
  }
  if (req.method !== route.method) {
    throw new HttpError(405, 'method_not_allowed', `${req.method ?? '?'} is not allowed on ${path}; use ${route.method}`, {
      Allow: route.method,
    });
  }
  const body = route.method === 'POST' ? parseBody(await readBody(req)) : {};
  return route.handle({ body, via });
}

/** On loopback HTTP: the Host must be a loopback name of this server, and a browser's Origin this server's own. */
function checkBrowserSafety(req: IncomingMessage, allowedHosts: readonly string[]): void {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!allowedHosts.includes(host)) {
    throw new HttpError(
      403,
      'forbidden',
      `Host '${host.slice(0, 100)}' is not this server's loopback address; the control API answers only on loopback`,
    );
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.some((h) => origin.toLowerCase() === `http://${h}`)) {
    throw new HttpError(403, 'forbidden', `requests from web pages of other origins are refused (Origin ${origin.slice(0, 100)})`);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () =>
      size > MAX_BODY_BYTES
        ? reject(new HttpError(413, 'payload_too_large', `request body larger than ${MAX_BODY_BYTES} bytes`))
        : resolve(Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}

/** An empty body, or a JSON object with an optional `detail` string (why generation is stopped, for the status). */
function parseBody(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'bad_request', 'request body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new HttpError(400, 'bad_request', 'request body must be a JSON object');
  const unknownKeys = Object.keys(body).filter((k) => k !== 'detail');
  if (unknownKeys.length > 0) throw new HttpError(400, 'bad_request', `unknown field '${unknownKeys[0]}' (only 'detail' is accepted)`);
  const detail = (body as { detail?: unknown }).detail;
  if (detail !== undefined && (typeof detail !== 'string' || detail.length === 0 || detail.length > MAX_DETAIL_CHARS)) {
    throw new HttpError(400, 'bad_request', `detail must be a string of 1 to ${MAX_DETAIL_CHARS} characters`);
  }
  return body as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function listenHttp(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const listen = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    const failed = (err: NodeJS.ErrnoException): void =>
      reject(
        new QkdError(
          QkdErrorCode.ControlListenFailed,
          `control.http ${listen}: cannot listen (${err.code === 'EADDRINUSE' ? 'port in use' : (err.code ?? err.message)})`,
          { field: 'control.http', listen, errno: err.code },
          { cause: err },
        ),
      );
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
