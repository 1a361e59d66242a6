/**
 * Two `PeerChannelReservations` joined by real authenticated peer channels
 * (src/peer) over loopback TCP, each running its own receive loop. Both ends
 * use an in-memory authentication key stream with identical bytes.
 */
import { createServer, connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { PeerChannel, type PeerChannelOptions } from '../../src/peer/channel.ts';
import { MemoryAuthKeySource } from '../../src/peer/auth/memory-source.ts';
import { Role } from '../../src/peer/messages.ts';
import { PeerChannelReservations } from '../../src/api/etsi014/peer-reservations.ts';
import type { ReservationRequestHandler } from '../../src/api/etsi014/reservation-link.ts';

export const HELLO_A = { nodeId: 'kme-a', role: Role.ROLE_TRANSMITTER, linkId: 'etsi-test' };
export const HELLO_B = { nodeId: 'kme-b', role: Role.ROLE_RECEIVER, linkId: 'etsi-test' };

/** Channel options with generous resync room (a restarted test node starts its key stream at 0). */
export function channelOptions(keyStream: Uint8Array, hello: PeerChannelOptions['hello']): PeerChannelOptions {
  return { keySource: new MemoryAuthKeySource(keyStream), hello, maxResyncBits: 1 << 30 };
}

export interface LoopbackReservations {
  readonly a: PeerChannelReservations;
  readonly b: PeerChannelReservations;
  readonly channelA: PeerChannel;
  readonly channelB: PeerChannel;
  close(): Promise<void>;
}

export async function openLoopbackReservations(opts: {
  handlerA?: ReservationRequestHandler;
  handlerB?: ReservationRequestHandler;
  keyStreamBytes?: number;
}): Promise<LoopbackReservations> {
  const stream = randomBytes(opts.keyStreamBytes ?? 4 << 20);
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const client = connect({ host: '127.0.0.1', port: addr.port });
  client.setNoDelay(true);
  await once(client, 'connect');
  const [serverSide] = await accepted;
  serverSide.setNoDelay(true);
  server.close();
  const [channelA, channelB] = await Promise.all([
    PeerChannel.open(serverSide, channelOptions(stream, HELLO_A)),
    PeerChannel.open(client, channelOptions(stream, HELLO_B)),
  ]);
  const a = new PeerChannelReservations({ handler: opts.handlerA });
  const b = new PeerChannelReservations({ handler: opts.handlerB });
  const loops = [a.runReceiveLoop(channelA), b.runReceiveLoop(channelB)];
  return {
    a,
    b,
    channelA,
    channelB,
    async close() {
      await Promise.all([channelA.close(), channelB.close()]);
      await Promise.all(loops);
    },
  };
}
