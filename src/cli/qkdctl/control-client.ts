/**
 * How `qkdctl status`, `start`, `stop` and `alarms` reach a running node's
 * control API: by its Unix socket (`--socket PATH`), by loopback HTTP
 * (`--url http://127.0.0.1:PORT`), or through the node's bench config
 * (`--config FILE`: the socket its control section names, or the default
 * beside the key store). A node that does not answer is one line naming the
 * socket or URL tried (QkdError ControlUnreachable, exit 2).
 */
import { request } from 'node:http';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import { CONTROL_API_PREFIX, type ErrorJson, controlSettingsFromConfig } from '../../api/control/index.ts';
import { readBenchConfig } from '../../config/index.ts';
import { type OptionSpec, type OptionValues, usageError } from '../args.ts';

export const TARGET_OPTIONS = {
  socket: { kind: 'string', help: "the node's control socket (control.socket in its config)" },
  url: { kind: 'string', help: "the node's control API on loopback HTTP, e.g. http://127.0.0.1:9100" },
  config: { kind: 'string', help: "the node's bench config: qkdctl uses the control socket it names" },
} as const satisfies Record<string, OptionSpec>;

export const TARGET_USAGE = '(--socket PATH | --url http://127.0.0.1:PORT | --config FILE)';

export type ControlTarget =
  | { readonly kind: 'socket'; readonly path: string; readonly label: string }
  | { readonly kind: 'url'; readonly base: URL; readonly label: string };

const TIMEOUT_MS = 10_000;

/** The node named by exactly one of --socket, --url, --config. */
export function controlTarget(values: OptionValues<typeof TARGET_OPTIONS>): ControlTarget {
  const given = (['socket', 'url', 'config'] as const).filter((k) => values[k] !== undefined);
  if (given.length === 0) throw usageError(`which node? give --socket PATH, --url http://127.0.0.1:PORT or --config FILE`);
  if (given.length > 1) throw usageError(`give only one of --socket, --url and --config (got ${given.map((g) => `--${g}`).join(', ')})`);
  if (values.socket !== undefined) return { kind: 'socket', path: values.socket, label: `socket ${values.socket}` };
  if (values.config !== undefined) {
    const { socketPath } = controlSettingsFromConfig(readBenchConfig(values.config).config);
    return { kind: 'socket', path: socketPath, label: `socket ${socketPath} (from ${values.config})` };
  }
  let base: URL;
  try {
    base = new URL(values.url!);
  } catch {
    throw usageError(`--url must be http://HOST:PORT, got '${values.url}'`);
  }
  if (base.protocol !== 'http:')
    throw usageError(`--url must be http://HOST:PORT (the control API is plain HTTP on loopback), got '${values.url}'`);
  // Accept the base URL with or without the API prefix.
  base.pathname = base.pathname.replace(/\/+$/, '').replace(new RegExp(`${CONTROL_API_PREFIX}$`), '') || '/';
  base.search = '';
  base.hash = '';
  return { kind: 'url', base, label: `URL ${base.origin}` };
}

function unreachable(target: ControlTarget, err: NodeJS.ErrnoException): QkdError {
  const code = err.code ?? err.message;
  let why: string;
  if (code === 'ETIMEDOUT') why = `no answer within ${TIMEOUT_MS / 1000} s`;
  else if (target.kind === 'socket') {
    if (code === 'ENOENT') why = 'no such socket: is qkdd run running with this config?';
    else if (code === 'ECONNREFUSED') why = 'nothing listens on it (a node that stopped or died): is qkdd run running?';
    else if (code === 'EACCES') why = "permission denied: the socket is 0600, run qkdctl as the node's user";
    else why = code;
  } else {
    why = code === 'ECONNREFUSED' ? 'connection refused: is qkdd running with control.http on this port?' : code;
  }
  return new QkdError(
    QkdErrorCode.ControlUnreachable,
    `no node answers at ${target.label} (${why})`,
    { target: target.label, errno: err.code },
    { cause: err },
  );
}

/**
 * One request to the control API (`path` below /api/v1, e.g. `/status`);
 * resolves with the parsed JSON of a 2xx answer.
 */
export function controlRequest<T>(target: ControlTarget, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (payload !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  const fullPath = `${target.kind === 'url' ? target.base.pathname.replace(/\/$/, '') : ''}${CONTROL_API_PREFIX}${path}`;
  const where =
    target.kind === 'socket'
      ? { socketPath: target.path, headers: { ...headers, Host: 'localhost' } }
      : { host: target.base.hostname.replace(/^\[|\]$/g, ''), port: Number(target.base.port || 80), headers };
  return new Promise<T>((resolve, reject) => {
    // agent: false — one connection per request: a pooled keep-alive connection the node has just closed fails with EPIPE/ECONNRESET.
    const req = request({ ...where, agent: false, method, path: fullPath, timeout: TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => reject(unreachable(target, err)));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          reject(
            new QkdError(
              QkdErrorCode.ControlRequestFailed,
              `${target.label} answered ${method} ${fullPath} with something that is not the control API (HTTP ${res.statusCode}, not JSON)`,
              { target: target.label, status: res.statusCode },
            ),
          );
          return;
        }
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          resolve(json as T);
          return;
        }
        const error = (json as Partial<ErrorJson>).error;
        reject(
          new QkdError(
            QkdErrorCode.ControlRequestFailed,
            `${target.label}: ${method} ${fullPath} failed: ${error?.message ?? `HTTP ${status}`}${error?.code ? ` (${error.code}, HTTP ${status})` : ''}`,
            { target: target.label, status, error },
          ),
        );
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${TIMEOUT_MS / 1000} s`), { code: 'ETIMEDOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => reject(unreachable(target, err)));
    req.end(payload);
  });
}

/** `1.23 Mbit`, for people. */
export function formatBits(bits: number): string {
  if (bits >= 1e9) return `${(bits / 1e9).toFixed(2)} Gbit`;
  if (bits >= 1e6) return `${(bits / 1e6).toFixed(2)} Mbit`;
  if (bits >= 1e3) return `${(bits / 1e3).toFixed(1)} kbit`;
  return `${bits} bit`;
}

/** `12.3 kbit/s`, or `-` when not known yet. */
export function formatRate(bitsPerS: number | null): string {
  return bitsPerS === null ? '-' : `${formatBits(bitsPerS)}/s`;
}

/** `1.23%`, or `-` when not known yet. */
export function formatPercent(x: number | null): string {
  return x === null ? '-' : `${(x * 100).toFixed(2)}%`;
}
