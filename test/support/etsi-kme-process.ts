/**
 * KME B of the etsi014 benchmark in a process of its own (forked by
 * `startSplitKmes` in etsi-split-kmes.ts), as a real deployment has it: each
 * KME with its own event loop, so one KME's fsync does not stall the other.
 * It opens its key store, connects the authenticated peer channel to KME A
 * (loopback TCP, the same in-memory authentication key stream as A), applies
 * A's reservations, and serves ETSI 014 over mutual TLS.
 *
 * IPC (advanced serialization): the parent sends `start`, `fill` (the same
 * seeded blocks the parent adds to A's store), `cpu` and `close`; the child
 * answers `started` (with its URL), `filled`, `cpu` (its CPU seconds so far),
 * `closed`, or `failed`.
 */
import { connect } from 'node:net';
import { once } from 'node:events';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { PeerChannel } from '../../src/peer/channel.ts';
import { PeerChannelReservations } from '../../src/api/etsi014/peer-reservations.ts';
import { ReservationApplier } from '../../src/api/etsi014/reservation-applier.ts';
import { startEtsi014Server } from '../../src/api/etsi014/server.ts';
import { Xoshiro128 } from '../../src/pipeline/prng.ts';
import { configFor, fillStores, openStore } from './etsi-kme-pair.ts';
import { channelOptions, HELLO_B } from './loopback-link.ts';

export type KmeProcessRequest =
  | { type: 'start'; dir: string; pkiDir: string; peerPort: number; keyStream: Uint8Array }
  | { type: 'fill'; seed: number; count: number; bytes: number; prefix: string }
  | { type: 'cpu' }
  | { type: 'close' };

export type KmeProcessReply =
  | { type: 'started'; url: string }
  | { type: 'filled' }
  | { type: 'cpu'; seconds: number }
  | { type: 'closed' }
  | { type: 'failed'; message: string };

async function main(): Promise<void> {
  const reply = (m: KmeProcessReply): void => void process.send?.(m);
  let close: (() => Promise<void>) | undefined;
  let fill: ((seed: number, count: number, bytes: number, prefix: string) => void) | undefined;
  process.on('message', (m: KmeProcessRequest) => {
    void (async () => {
      try {
        if (m.type === 'start') {
          const store = openStore(join(m.dir, 'b.db'));
          const cfg = configFor('B');
          const applier = new ReservationApplier({
            store,
            localSaeIds: cfg.localSaeIds,
            remoteSaeIds: cfg.remoteSaeIds,
            cutsKeys: cfg.cutsKeys,
          });
          const socket = connect({ host: '127.0.0.1', port: m.peerPort });
          socket.setNoDelay(true);
          await once(socket, 'connect');
          const channel = await PeerChannel.open(socket, channelOptions(m.keyStream, HELLO_B));
          const peer = new PeerChannelReservations({ handler: applier });
          const loop = peer.runReceiveLoop(channel);
          const pem = (name: string) => readFileSync(join(m.pkiDir, `${name}.pem`));
          const server = await startEtsi014Server({
            store,
            peer,
            config: cfg,
            tls: { ca: pem('ca'), cert: pem('kme-b'), key: pem('kme-b-key') },
          });
          fill = (seed, count, bytes, prefix) => fillStores(new Xoshiro128(seed), [store], count, bytes, prefix);
          close = async () => {
            await server.close();
            await channel.close();
            await loop;
            store.close();
          };
          reply({ type: 'started', url: server.url });
        } else if (m.type === 'cpu') {
          const cpu = process.cpuUsage();
          reply({ type: 'cpu', seconds: (cpu.user + cpu.system) / 1e6 });
        } else if (m.type === 'fill') {
          fill?.(m.seed, m.count, m.bytes, m.prefix);
          reply({ type: 'filled' });
        } else {
          await close?.();
          reply({ type: 'closed' });
          process.disconnect?.();
        }
      } catch (err) {
        reply({ type: 'failed', message: (err as Error).stack ?? String(err) });
      }
    })();
  });
}

await main();
