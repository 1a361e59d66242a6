/**
 * Key relay messages as typed objects, and their protobuf encoding
 * (relay.proto → generated/relay.js). The relay engine speaks these objects;
 * whatever carries them between two adjacent nodes (the hop's authenticated
 * peer channel) encodes them with `encodeRelayMessage` and decodes them with
 * `decodeRelayMessage`, which checks shapes and throws `RelayMessageInvalid`.
 *
 * The Forward's header travels as its own encoded bytes: the Wegman–Carter
 * tag covers exactly those bytes, so there is no question of canonical
 * re-encoding on the receiving side.
 */
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import type { KeySegment } from '../../keystore/reservation.ts';
import type { LinkId, NodeId, Path } from '../routing/path.ts';
import { qkdd } from './generated/relay.js';

/** Version of the relay protocol, in every message and in every Forward header. */
export const RELAY_PROTOCOL_VERSION = 1;

/** Longest path a relay may take (nodes), to bound header sizes and loops. */
export const MAX_PATH_NODES = 64;
/** Largest relayed key, in bits (ETSI keys are at most a few kbit). */
export const MAX_RELAY_KEY_BITS = 65_536;

/** Which bits of a link's pool make one hop key (the link's allocator decides). Never key bytes. */
export interface HopKeyCut {
  readonly hopKeyId: string;
  readonly bits: number;
  readonly segments: readonly KeySegment[];
}

/** The authenticated header of a Forward. */
export interface ForwardHeader {
  readonly relayId: string;
  readonly path: Path;
  /** This Forward crosses path.links[hop], from path.nodes[hop] to path.nodes[hop + 1]. */
  readonly hop: number;
  readonly sizeBits: number;
  readonly masterSae: string;
  readonly slaveSae: string;
}

export type RelayBody =
  | {
      readonly kind: 'forward';
      readonly header: Uint8Array;
      readonly cut?: HopKeyCut;
      readonly ciphertext: Uint8Array;
      readonly tag: Uint8Array;
    }
  | { readonly kind: 'cut-request'; readonly bits: number }
  | { readonly kind: 'cut-grant'; readonly cut: HopKeyCut }
  | { readonly kind: 'prepared' }
  | { readonly kind: 'commit' }
  | { readonly kind: 'abort'; readonly reason: string }
  | { readonly kind: 'done'; readonly committed: boolean }
  | { readonly kind: 'reject'; readonly reason: string };

export type RelayBodyKind = RelayBody['kind'];

/** One message between two adjacent nodes about one relayed key. */
export interface RelayMessage {
  readonly relayId: string;
  /** Index in the path of the link this message crosses. */
  readonly hop: number;
  /** That link's name. */
  readonly link: LinkId;
  readonly body: RelayBody;
}

function invalid(message: string, details: Record<string, unknown> = {}, cause?: unknown): QkdError {
  return new QkdError(QkdErrorCode.RelayMessageInvalid, message, details, cause === undefined ? undefined : { cause });
}

function cutToProto(cut: HopKeyCut): qkdd.relay.HopKeyCut.$Properties {
  return {
    hopKeyId: cut.hopKeyId,
    bits: cut.bits,
    segments: cut.segments.map((s) => ({ blockId: s.blockId, bitOffset: s.bitOffset, bitLength: s.bitLength })),
  };
}

function cutFromObject(o: unknown): HopKeyCut {
  const c = o as { hopKeyId?: unknown; bits?: unknown; segments?: unknown };
  if (typeof c.hopKeyId !== 'string' || c.hopKeyId === '') throw invalid('hop key cut without an ID');
  if (typeof c.bits !== 'number' || c.bits <= 0) throw invalid('hop key cut without bits', { hopKeyId: c.hopKeyId });
  const segments = Array.isArray(c.segments) ? c.segments : [];
  if (segments.length === 0) throw invalid('hop key cut without segments', { hopKeyId: c.hopKeyId });
  let total = 0;
  const out: KeySegment[] = [];
  for (const s of segments as Array<{ blockId?: unknown; bitOffset?: unknown; bitLength?: unknown }>) {
    const blockId = typeof s.blockId === 'string' ? s.blockId : '';
    const bitOffset = typeof s.bitOffset === 'number' ? s.bitOffset : 0;
    const bitLength = typeof s.bitLength === 'number' ? s.bitLength : 0;
    if (blockId === '' || bitLength <= 0 || !Number.isSafeInteger(bitOffset))
      throw invalid('hop key cut with a malformed segment', { hopKeyId: c.hopKeyId });
    total += bitLength;
    out.push({ blockId, bitOffset, bitLength });
  }
  if (total !== c.bits) throw invalid(`hop key cut segments add up to ${total} bits, not ${c.bits}`, { hopKeyId: c.hopKeyId });
  return { hopKeyId: c.hopKeyId, bits: c.bits, segments: out };
}

function bodyToProto(body: RelayBody): Partial<qkdd.relay.RelayMessage.$Properties> {
  switch (body.kind) {
    case 'forward':
      return {
        forward: {
          header: body.header,
          cut: body.cut === undefined ? null : cutToProto(body.cut),
          ciphertext: body.ciphertext,
          tag: body.tag,
        },
      };
    case 'cut-request':
      return { cutRequest: { bits: body.bits } };
    case 'cut-grant':
      return { cutGrant: { cut: cutToProto(body.cut) } };
    case 'prepared':
      return { prepared: {} };
    case 'commit':
      return { commit: {} };
    case 'abort':
      return { abort: { reason: body.reason } };
    case 'done':
      return { done: { committed: body.committed } };
    case 'reject':
      return { reject: { reason: body.reason } };
  }
}

export function encodeRelayMessage(message: RelayMessage): Uint8Array {
  const props: qkdd.relay.RelayMessage.$Properties = {
    version: RELAY_PROTOCOL_VERSION,
    relayId: message.relayId,
    hop: message.hop,
    link: message.link,
    ...bodyToProto(message.body),
  };
  return qkdd.relay.RelayMessage.encode(props).finish();
}

const BODY_KINDS: Record<string, RelayBodyKind> = {
  forward: 'forward',
  cutRequest: 'cut-request',
  cutGrant: 'cut-grant',
  prepared: 'prepared',
  commit: 'commit',
  abort: 'abort',
  done: 'done',
  reject: 'reject',
};

/** A plain Uint8Array copy (protobufjs decodes bytes as Buffers that may share a pool). */
function bytesOf(o: unknown): Uint8Array {
  return o instanceof Uint8Array ? new Uint8Array(o) : new Uint8Array(0);
}

export function decodeRelayMessage(bytes: Uint8Array): RelayMessage {
  let obj: Record<string, unknown>;
  try {
    obj = qkdd.relay.RelayMessage.toObject(qkdd.relay.RelayMessage.decode(bytes), { longs: Number, oneofs: true }) as Record<
      string,
      unknown
    >;
  } catch (err) {
    throw invalid('relay message does not decode', {}, err);
  }
  if (obj.version !== RELAY_PROTOCOL_VERSION)
    throw invalid(`relay message of protocol version ${String(obj.version)}, expected ${RELAY_PROTOCOL_VERSION}`);
  const relayId = typeof obj.relayId === 'string' ? obj.relayId : '';
  const link = typeof obj.link === 'string' ? obj.link : '';
  const hop = typeof obj.hop === 'number' ? obj.hop : 0;
  if (relayId === '' || link === '') throw invalid('relay message without relay ID or link', { relayId, link });
  const kind = typeof obj.body === 'string' ? BODY_KINDS[obj.body] : undefined;
  if (kind === undefined) throw invalid('relay message carries no body', { relayId });
  const b = (obj[obj.body as string] ?? {}) as Record<string, unknown>;
  let body: RelayBody;
  switch (kind) {
    case 'forward':
      body = {
        kind,
        header: bytesOf(b.header),
        ...(b.cut === undefined || b.cut === null ? {} : { cut: cutFromObject(b.cut) }),
        ciphertext: bytesOf(b.ciphertext),
        tag: bytesOf(b.tag),
      };
      break;
    case 'cut-request':
      body = { kind, bits: typeof b.bits === 'number' ? b.bits : 0 };
      break;
    case 'cut-grant':
      if (b.cut === undefined || b.cut === null) throw invalid('cut grant without a cut', { relayId });
      body = { kind, cut: cutFromObject(b.cut) };
      break;
    case 'prepared':
    case 'commit':
      body = { kind };
      break;
    case 'abort':
    case 'reject':
      body = { kind, reason: typeof b.reason === 'string' ? b.reason : '' };
      break;
    case 'done':
      body = { kind, committed: b.committed === true };
      break;
  }
  return { relayId, hop, link, body };
}

export function encodeForwardHeader(h: ForwardHeader): Uint8Array {
  return qkdd.relay.ForwardHeader.encode({
    version: RELAY_PROTOCOL_VERSION,
    relayId: h.relayId,
    nodes: [...h.path.nodes],
    links: [...h.path.links],
    hop: h.hop,
    sizeBits: h.sizeBits,
    masterSae: h.masterSae,
    slaveSae: h.slaveSae,
  }).finish();
}

/** Decode and shape-check a Forward header (after its tag verified). */
export function decodeForwardHeader(bytes: Uint8Array): ForwardHeader {
  let o: Record<string, unknown>;
  try {
    o = qkdd.relay.ForwardHeader.toObject(qkdd.relay.ForwardHeader.decode(bytes), { longs: Number, arrays: true }) as Record<
      string,
      unknown
    >;
  } catch (err) {
    throw invalid('forward header does not decode', {}, err);
  }
  if (o.version !== RELAY_PROTOCOL_VERSION) throw invalid(`forward header of protocol version ${String(o.version)}`);
  const nodes = (o.nodes as unknown[]).filter((n): n is NodeId => typeof n === 'string');
  const links = (o.links as unknown[]).filter((n): n is LinkId => typeof n === 'string');
  const header: ForwardHeader = {
    relayId: typeof o.relayId === 'string' ? o.relayId : '',
    path: { nodes, links },
    hop: typeof o.hop === 'number' ? o.hop : 0,
    sizeBits: typeof o.sizeBits === 'number' ? o.sizeBits : 0,
    masterSae: typeof o.masterSae === 'string' ? o.masterSae : '',
    slaveSae: typeof o.slaveSae === 'string' ? o.slaveSae : '',
  };
  const problem = pathProblem(header.path) ?? sizeProblem(header.sizeBits);
  if (problem !== undefined) throw invalid(`forward header: ${problem}`, { relayId: header.relayId });
  if (header.hop >= links.length)
    throw invalid(`forward header: hop ${header.hop} beyond a path of ${links.length} links`, { relayId: header.relayId });
  return header;
}

/** Why `path` cannot carry a relay, or undefined when it can. */
export function pathProblem(path: Path): string | undefined {
  if (path.nodes.length < 2) return `a path needs at least 2 nodes, got ${path.nodes.length}`;
  if (path.nodes.length > MAX_PATH_NODES) return `a path of ${path.nodes.length} nodes is longer than ${MAX_PATH_NODES}`;
  if (path.links.length !== path.nodes.length - 1)
    return `a path of ${path.nodes.length} nodes needs ${path.nodes.length - 1} links, got ${path.links.length}`;
  if (new Set(path.nodes).size !== path.nodes.length) return `path ${path.nodes.join('-')} visits a node twice`;
  if (path.nodes.some((n) => n === '') || path.links.some((l) => l === '')) return 'a path names an empty node or link';
  return undefined;
}

/** Why `sizeBits` cannot be a relayed key's size, or undefined when it can. */
export function sizeProblem(sizeBits: number): string | undefined {
  if (!Number.isSafeInteger(sizeBits) || sizeBits <= 0 || sizeBits % 8 !== 0 || sizeBits > MAX_RELAY_KEY_BITS)
    return `key size ${sizeBits} bits is not a positive multiple of 8 up to ${MAX_RELAY_KEY_BITS}`;
  return undefined;
}
