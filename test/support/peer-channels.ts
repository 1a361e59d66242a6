/**
 * Test fixtures for the peer channel: a loopback TCP pair, an optional
 * man-in-the-middle relay that can alter, drop, duplicate or inject frames,
 * and a key source that records every take.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { PeerChannel, type PeerChannelOptions } from '../../src/peer/channel.ts';
import { Role } from '../../src/peer/messages.ts';
import { LengthPrefixedParser, encodeLengthPrefixed } from '../../src/peer/framing.ts';
import type { AuthKeySource } from '../../src/peer/auth/key-source.ts';
import type { Xoshiro128 } from '../../src/pipeline/prng.ts';

export function randomBytes(rng: Xoshiro128, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.nextU32() & 255;
  return out;
}

/** Wraps a source and records [position, nBits] of every take. */
export class RecordingSource implements AuthKeySource {
  readonly takes: Array<[number, number]> = [];
  constructor(readonly inner: AuthKeySource) {}
  get position(): number {
    return this.inner.position;
  }
  take(nBits: number): Uint8Array {
    const at = this.inner.position;
    const out = this.inner.take(nBits);
    this.takes.push([at, nBits]);
    return out;
  }
}

export const helloA = { nodeId: 'alice', role: Role.ROLE_TRANSMITTER, linkId: 'link-1' };
export const helloB = { nodeId: 'bob', role: Role.ROLE_RECEIVER, linkId: 'link-1' };

/** Frames of one direction pass through this hook: return the frames (without length prefix) to forward. */
export type RelayHook = (frame: Uint8Array, index: number) => Uint8Array[];

export interface Pair {
  a: PeerChannel;
  b: PeerChannel;
  /** Frames forwarded by the relay per direction (when a relay is used), with their length prefix stripped. */
  forwarded: { ab: Uint8Array[]; ba: Uint8Array[] };
  /** Sockets of the relay towards A and towards B, to inject raw bytes. */
  relay?: { toA: Socket; toB: Socket };
  cleanup(): Promise<void>;
}

export interface PairOptions {
  a: Omit<PeerChannelOptions, 'hello'> & { hello?: PeerChannelOptions['hello'] };
  b: Omit<PeerChannelOptions, 'hello'> & { hello?: PeerChannelOptions['hello'] };
  relay?: { ab?: RelayHook; ba?: RelayHook };
}

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  return addr.port;
}

function pipeFrames(from: Socket, to: Socket, hook: RelayHook | undefined, log: Uint8Array[]): void {
  const parser = new LengthPrefixedParser(0xffffffff);
  let index = 0;
  from.on('data', (chunk: Buffer) => {
    for (const p of parser.push(chunk)) {
      if (p.kind !== 'frame') continue;
      const out = hook ? hook(p.frame, index) : [p.frame];
      index++;
      for (const f of out) {
        log.push(f);
        if (!to.destroyed) to.write(encodeLengthPrefixed(f));
      }
    }
  });
  from.on('end', () => to.end());
  from.on('error', () => to.destroy());
}

/**
 * Open A (transmitter, connecting) and B (receiver, accepting) over loopback,
 * optionally through a frame relay. Resolves with both channels (or rejects
 * with the first open failure; the other side's outcome is in `settled`).
 */
export async function openPair(opts: PairOptions): Promise<Pair> {
  const server = createServer();
  const portB = await listen(server);
  const sockets: Socket[] = [];
  const bSocket = once(server, 'connection').then(([s]) => s as Socket);
  let relayServer: Server | undefined;
  const forwarded = { ab: [] as Uint8Array[], ba: [] as Uint8Array[] };
  let relay: Pair['relay'];
  let portA = portB;
  let relayReady: Promise<void> = Promise.resolve();
  if (opts.relay) {
    relayServer = createServer();
    portA = await listen(relayServer);
    const hooks = opts.relay;
    relayReady = once(relayServer, 'connection').then(async ([fromA]) => {
      const toB = connect(portB, '127.0.0.1');
      await once(toB, 'connect');
      sockets.push(fromA as Socket, toB);
      relay = { toA: fromA as Socket, toB };
      pipeFrames(fromA as Socket, toB, hooks.ab, forwarded.ab);
      pipeFrames(toB, fromA as Socket, hooks.ba, forwarded.ba);
    });
  }
  const aSocket = connect(portA, '127.0.0.1');
  sockets.push(aSocket);
  await once(aSocket, 'connect');
  await relayReady;
  const bs = await bSocket;
  sockets.push(bs);
  const pa = PeerChannel.open(aSocket, { hello: helloA, ...opts.a });
  const pb = PeerChannel.open(bs, { hello: helloB, ...opts.b });
  const cleanup = async (): Promise<void> => {
    for (const s of sockets) s.destroy();
    server.close();
    relayServer?.close();
  };
  const [ra, rb] = await Promise.allSettled([pa, pb]);
  if (ra.status === 'rejected' || rb.status === 'rejected') {
    await cleanup();
    throw ra.status === 'rejected' ? ra.reason : (rb as PromiseRejectedResult).reason;
  }
  return { a: ra.value, b: rb.value, forwarded, relay, cleanup };
}

/** Both open() outcomes, for tests where the handshake must fail. */
export async function openPairSettled(opts: PairOptions): Promise<[PromiseSettledResult<PeerChannel>, PromiseSettledResult<PeerChannel>]> {
  const server = createServer();
  const port = await listen(server);
  const bSocket = once(server, 'connection').then(([s]) => s as Socket);
  const aSocket = connect(port, '127.0.0.1');
  await once(aSocket, 'connect');
  const bs = await bSocket;
  const results = await Promise.allSettled([
    PeerChannel.open(aSocket, { hello: helloA, ...opts.a }),
    PeerChannel.open(bs, { hello: helloB, ...opts.b }),
  ]);
  aSocket.destroy();
  bs.destroy();
  server.close();
  return results;
}
