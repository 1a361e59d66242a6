/**
 * Two KMEs in two processes, for the etsi014 benchmark: KME A (it cuts the
 * keys) in this process, KME B forked (etsi-kme-process.ts), joined by the real
 * authenticated peer channel over loopback TCP. Each has its own event loop
 * and key store on disk, as two deployed KMEs do; with both in one thread
 * every fsync of either one would stall both, which no deployment has.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KeyStore } from '../../src/keystore/key-store.ts';
import { PeerChannel } from '../../src/peer/channel.ts';
import { PeerChannelReservations } from '../../src/api/etsi014/peer-reservations.ts';
import { ReservationApplier } from '../../src/api/etsi014/reservation-applier.ts';
import { startEtsi014Server, type Etsi014Server } from '../../src/api/etsi014/server.ts';
import { Xoshiro128 } from '../../src/pipeline/prng.ts';
import { configFor, fillStores, openStore, type Pki } from './etsi-kme-pair.ts';
import { channelOptions, HELLO_A } from './loopback-link.ts';
import type { KmeProcessReply, KmeProcessRequest } from './etsi-kme-process.ts';

const COMPILED = !import.meta.url.endsWith('.ts');
const CHILD = fileURLToPath(new URL(COMPILED ? './etsi-kme-process.js' : './etsi-kme-process.ts', import.meta.url));

export interface SplitKmes {
  readonly a: Etsi014Server;
  readonly storeA: KeyStore;
  readonly bUrl: string;
  /** Add the same `count` seeded random blocks of `bytes` bytes to both stores. */
  fill(seed: number, count: number, bytes: number, prefix: string): Promise<void>;
  /** CPU seconds (user + system) KME B's process has used so far. */
  cpuB(): Promise<number>;
  close(): Promise<void>;
}

export async function startSplitKmes(dir: string, pki: Pki): Promise<SplitKmes> {
  const child = fork(CHILD, [], {
    execArgv: COMPILED ? [] : ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = (m: KmeProcessRequest, want: KmeProcessReply['type']): Promise<KmeProcessReply> =>
    new Promise((resolve, reject) => {
      const onMessage = (r: KmeProcessReply): void => {
        if (r.type !== want && r.type !== 'failed') return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (r.type === 'failed') reject(new Error(`KME B: ${r.message}`));
        else resolve(r);
      };
      const onExit = (code: number | null): void => {
        child.off('message', onMessage);
        reject(new Error(`KME B exited (${code}) before '${want}'`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send(m);
    });

  const storeA = openStore(join(dir, 'a.db'));
  const cfgA = configFor('A');
  const applierA = new ReservationApplier({
    store: storeA,
    localSaeIds: cfgA.localSaeIds,
    remoteSaeIds: cfgA.remoteSaeIds,
    cutsKeys: cfgA.cutsKeys,
  });
  const keyStream = randomBytes(4 << 20);
  const listener = createServer();
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const address = listener.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const accepted = once(listener, 'connection') as Promise<[Socket]>;
  const started = ask({ type: 'start', dir, pkiDir: pki.dir, peerPort: address.port, keyStream }, 'started');
  const [socket] = await accepted;
  socket.setNoDelay(true);
  listener.close();
  const channel = await PeerChannel.open(socket, channelOptions(keyStream, HELLO_A));
  const peer = new PeerChannelReservations({ handler: applierA });
  const loop = peer.runReceiveLoop(channel);
  const reply = await started;
  const bUrl = reply.type === 'started' ? reply.url : '';
  const tls = { ca: pki.pem('ca'), cert: pki.pem('kme-a'), key: pki.pem('kme-a-key') };
  const a = await startEtsi014Server({ store: storeA, peer, config: cfgA, tls });
  return {
    a,
    storeA,
    bUrl,
    async fill(seed, count, bytes, prefix) {
      const filled = ask({ type: 'fill', seed, count, bytes, prefix }, 'filled');
      fillStores(new Xoshiro128(seed), [storeA], count, bytes, prefix);
      await filled;
    },
    async cpuB() {
      const r = await ask({ type: 'cpu' }, 'cpu');
      return r.type === 'cpu' ? r.seconds : Number.NaN;
    },
    async close() {
      await a.close();
      await ask({ type: 'close' }, 'closed').catch(() => undefined);
      await channel.close();
      await loop;
      storeA.close();
      await stopped(child);
    },
  };
}

function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
