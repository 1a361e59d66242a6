/**
 * ETSI GS QKD 014 of a trusted node (issue 13): keys for SAEs at other nodes
 * of the network, delivered end to end by the key relay
 * (src/network/node/trusted-node.ts, docs/key-relay.md). The same routes,
 * mutual TLS, request parsing and error bodies as the single-link server
 * (src/api/etsi014), over a different key source:
 *
 *   - `enc_keys` (caller: a master SAE of this node; path: a slave SAE at
 *     another node): each key is relayed to the slave's node and handed to
 *     the master only after the relay committed (the source's decision is
 *     durable; the destination holds the key and makes it usable on the
 *     Commit). A relay that fails is not returned; if none succeeds, 503.
 *   - `dec_keys` (caller: a slave SAE of this node; path: the master SAE):
 *     each key_ID from the relay store, exactly once, waiting a little for
 *     a Commit still in flight; all or nothing: a key that is unknown,
 *     aborted, already taken or for another SAE fails the request (400)
 *     before any key is handed out.
 *   - `status`: the slave's node and what the path there could carry now.
 *
 * Adjacent SAEs may still use a link's own ETSI server (its bench config's
 * etsi section): that path is unchanged. Here an adjacent SAE's keys are
 * relayed over the one hop, which costs the same link key plus the tag.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { isQkdError, QkdError, QkdErrorCode } from '../../errors/index.ts';
import { badRequest, etsiErrorBody, etsiHttpStatus, methodNotAllowed, notFound, unauthorized, unavailable } from '../api/etsi014/errors.ts';
import type { Etsi014Tls } from '../api/etsi014/config.ts';
import {
  parseDecKeysBody,
  parseDecKeysQuery,
  parseEncKeysBody,
  parseEncKeysQuery,
  parseJsonBody,
  type KeyLimits,
} from '../api/etsi014/requests.ts';
import { saeIdFromCertificate } from '../api/etsi014/sae-identity.ts';
import type { Logger } from '../log.ts';
import { hopKeyBits } from '../network/relay/hop-cipher.ts';
import type { TrustedNode } from '../network/node/trusted-node.ts';

export interface RelayEtsiOptions {
  readonly node: TrustedNode;
  /** host:port */
  readonly listen: string;
  readonly tls: Etsi014Tls;
  /** SAEs attached to this node. */
  readonly localSaeIds: readonly string[];
  /** SAEs at other nodes: SAE ID → node ID. */
  readonly remoteSaes: Readonly<Record<string, string>>;
  readonly limits?: Partial<KeyLimits>;
  /** How long dec_keys waits for a Commit in flight, ms. Default 5000. */
  readonly decWaitMs?: number;
  readonly log?: Logger;
}

export interface RelayEtsiServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const ROUTE = /^\/api\/v1\/keys\/([^/]+)\/(status|enc_keys|dec_keys)$/;
const MAX_BODY = 64 * 1024;

export async function startRelayEtsiServer(o: RelayEtsiOptions): Promise<RelayEtsiServer> {
  const limits: KeyLimits = {
    keySizeBits: 256,
    minKeySizeBits: 64,
    maxKeySizeBits: 4096,
    maxKeysPerRequest: 32,
    maxSaeIdCount: 0,
    ...o.limits,
  };
  const server: Server = createServer(
    { ca: o.tls.ca, cert: o.tls.cert, key: o.tls.key, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.3' },
    (req, res) => {
      handle(req, res, o, limits).catch((err: unknown) => {
        o.log?.error({ err: (err as Error).message }, 'unexpected error in the relay ETSI 014 handler');
        if (!res.headersSent) send(res, 503, { message: 'internal error' });
      });
    },
  );
  server.keepAliveTimeout = 65_000;
  const i = o.listen.lastIndexOf(':');
  const host = o.listen.slice(0, i);
  await new Promise<void>((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException): void =>
      reject(
        new QkdError(
          QkdErrorCode.DeliveryListenFailed,
          `ETSI 014 server cannot listen on ${o.listen} (etsi.listen): ${err.code ?? err.message}`,
          {
            listen: o.listen,
          },
        ),
      );
    server.once('error', failed);
    server.listen(Number(o.listen.slice(i + 1)), host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const url = `https://${host}:${port}`;
  o.log?.info({ url, node: o.node.id }, 'relay ETSI GS QKD 014 server listening');
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

async function handle(req: IncomingMessage, res: ServerResponse, o: RelayEtsiOptions, limits: KeyLimits): Promise<void> {
  try {
    const socket = req.socket as TLSSocket;
    if (!socket.authorized) throw unauthorized('client certificate not verified');
    const caller = saeIdFromCertificate(socket.getPeerX509Certificate());
    if (caller === undefined || !o.localSaeIds.includes(caller))
      throw unauthorized(`SAE ${caller ?? '(none named)'} is not attached to node ${o.node.id}`);
    const url = new URL(req.url ?? '/', 'https://kme.invalid');
    const match = ROUTE.exec(url.pathname);
    if (match === null) throw notFound(`no such resource: ${url.pathname.slice(0, 200)}`);
    const saeId = decodeURIComponent(match[1]);
    const action = match[2] as 'status' | 'enc_keys' | 'dec_keys';
    const allowed = action === 'status' ? ['GET'] : ['GET', 'POST'];
    if (!allowed.includes(req.method ?? '')) throw methodNotAllowed(`${req.method ?? '?'} is not allowed on ${action}`, allowed);
    const body = req.method === 'POST' ? parseJsonBody(await readBody(req)) : undefined;
    switch (action) {
      case 'status':
        send(res, 200, status(o, limits, caller, saeId));
        return;
      case 'enc_keys': {
        const r = body === undefined ? parseEncKeysQuery(url.searchParams, limits) : parseEncKeysBody(body, limits);
        if ((r.additionalSlaveSaeIds ?? []).length > 0) throw badRequest('additional_slave_SAE_IDs are not supported for relayed keys');
        send(res, 200, await encKeys(o, caller, saeId, r.number, r.sizeBits));
        return;
      }
      case 'dec_keys': {
        const r = body === undefined ? parseDecKeysQuery(url.searchParams, limits) : parseDecKeysBody(body, limits);
        send(res, 200, await decKeys(o, caller, saeId, r.keyIds));
        return;
      }
    }
  } catch (err) {
    const code = etsiHttpStatus(err);
    if (code === undefined) throw err;
    const e = err as QkdError;
    if (typeof e.details.allow === 'string') res.setHeader('Allow', e.details.allow);
    send(res, code, etsiErrorBody(e));
  }
}

function targetOf(o: RelayEtsiOptions, slave: string): string {
  const node = o.remoteSaes[slave];
  if (node === undefined) throw badRequest(`SAE ${slave} is not known in this network`);
  if (node === o.node.id) throw badRequest(`SAE ${slave} is attached to this node: no key exchange is needed`);
  return node;
}

function status(o: RelayEtsiOptions, limits: KeyLimits, master: string, slave: string): Record<string, unknown> {
  const to = targetOf(o, slave);
  const path = o.node.choosePath(to, limits.keySizeBits);
  const topo = o.node.status().topology.links;
  const perKey = hopKeyBits(limits.keySizeBits);
  const stored =
    path === null
      ? 0
      : Math.min(
          ...path.links.map((id) => {
            const l = topo.find((x) => x.id === id);
            return l === undefined ? 0 : Math.floor(l.transitBits / perKey);
          }),
        );
  return {
    source_KME_ID: o.node.id,
    target_KME_ID: to,
    master_SAE_ID: master,
    slave_SAE_ID: slave,
    key_size: limits.keySizeBits,
    stored_key_count: stored,
    max_key_count: stored,
    max_key_per_request: limits.maxKeysPerRequest,
    max_key_size: limits.maxKeySizeBits,
    min_key_size: limits.minKeySizeBits,
    max_SAE_ID_count: 0,
    path: path?.nodes ?? null,
  };
}

async function encKeys(
  o: RelayEtsiOptions,
  master: string,
  slave: string,
  count: number,
  sizeBits: number,
): Promise<{ keys: { key_ID: string; key: string }[] }> {
  const to = targetOf(o, slave);
  const settled = await Promise.allSettled(
    Array.from({ length: count }, () => o.node.relayKey({ to, sizeBits, masterSae: master, slaveSae: slave })),
  );
  const keys: { key_ID: string; key: string }[] = [];
  let firstError: unknown;
  for (const s of settled) {
    if (s.status === 'rejected') {
      firstError ??= s.reason;
      continue;
    }
    const key = o.node.take(s.value, master);
    keys.push({ key_ID: s.value, key: Buffer.from(key).toString('base64') });
    key.fill(0);
  }
  if (keys.length === 0) {
    const why = isQkdError(firstError) ? firstError.message : String(firstError);
    throw unavailable(`no key could be relayed to node ${to} for SAE ${slave}: ${why}`);
  }
  if (keys.length < count) o.log?.warn({ slave, asked: count, relayed: keys.length }, 'enc_keys: some relays failed');
  return { keys };
}

async function decKeys(
  o: RelayEtsiOptions,
  slave: string,
  master: string,
  keyIds: readonly string[],
): Promise<{ keys: { key_ID: string; key: string }[] }> {
  if (o.remoteSaes[master] === undefined) throw badRequest(`SAE ${master} is not known in this network`);
  const wait = o.decWaitMs ?? 5_000;
  for (const id of keyIds) {
    const s = o.node.relayStatus(id);
    if (s !== undefined && s.state !== 'confirmed' && s.state !== 'aborted') await o.node.decided(id, wait);
  }
  // All or nothing: every key must be usable here before any is handed out.
  for (const id of keyIds) {
    const s = o.node.relayStatus(id);
    if (s === undefined || s.role !== 'destination' || !s.usable || s.masterSae !== master || s.slaveSae !== slave)
      throw badRequest(
        `key ${id} is not available to SAE ${slave}${s === undefined ? '' : s.delivered ? ' (already delivered)' : ` (${s.state})`}`,
        { key_ID: id },
      );
  }
  const keys: { key_ID: string; key: string }[] = [];
  for (const id of keyIds) {
    const key = o.node.take(id, slave);
    keys.push({ key_ID: id, key: Buffer.from(key).toString('base64') });
    key.fill(0);
  }
  return { keys };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(badRequest(`request body larger than ${MAX_BODY} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}
