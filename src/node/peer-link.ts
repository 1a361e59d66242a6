/**
 * Keeps the peer session of a node up: the transmitter listens, the
 * receiver connects and reconnects with capped exponential backoff. Each
 * session is a fresh authenticated PeerChannel (a new Wegman–Carter hash key,
 * positions resynchronised); `onSession` runs key generation over it until
 * it closes. One session at a time: the key source serves one channel.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { PeerChannel, connectPeerChannel, type AuthKeySource, type PeerChannelOptions } from '../peer/index.ts';
import { isPeerError, QkdError, QkdErrorCode } from '../../errors/index.ts';
import type { Logger } from '../log.ts';
import type { AlarmBoard } from './alarms.ts';

export interface PeerLinkOptions {
  listen?: string;
  connect?: string;
  keySource: AuthKeySource;
  hello: PeerChannelOptions['hello'];
  log: Logger;
  alarms: AlarmBoard;
  onSession: (channel: PeerChannel) => Promise<void>;
  /** Reconnect backoff bounds (receiver side). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

function splitHostPort(s: string): { host: string; port: number } {
  const at = s.lastIndexOf(':');
  return { host: s.slice(0, at), port: Number(s.slice(at + 1)) };
}

export class PeerLink {
  private server: Server | null = null;
  private current: { channel: PeerChannel; done: Promise<void> } | null = null;
  private stopped = false;
  private connectLoop: Promise<void> | null = null;
  private opening: Promise<void> = Promise.resolve();
  /** The PskMismatch already raised as an alarm (own and peer fingerprint), so a retrying peer does not raise it every attempt. */
  private pskMismatchRaised: string | null = null;
  /** The bound listen port (transmitter), useful when configured as port 0. */
  listenPort = 0;
  sessions = 0;

  constructor(private readonly o: PeerLinkOptions) {}

  get connected(): boolean {
    return this.current?.channel.isOpen ?? false;
  }

  async start(): Promise<void> {
    if (this.o.listen) {
      const { host, port } = splitHostPort(this.o.listen);
      this.server = createServer((socket) => this.accept(socket));
      this.server.listen(port, host);
      await once(this.server, 'listening');
      const addr = this.server.address();
      this.listenPort = typeof addr === 'object' && addr ? addr.port : port;
      this.o.log.info({ listen: `${host}:${this.listenPort}` }, 'peer link listening');
    } else if (this.o.connect) {
      this.connectLoop = this.runConnectLoop(splitHostPort(this.o.connect));
    } else throw new QkdError(QkdErrorCode.PeerInvalidArgument, 'peer link needs peer.listen (transmitter) or peer.connect (receiver)');
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    // Serialise: a new connection replaces the current session once it has closed.
    this.opening = this.opening.then(async () => {
      if (this.stopped) return void socket.destroy();
      if (this.current) {
        this.o.log.warn('a new peer connection replaces the current session');
        await this.current.channel.close();
        await this.current.done;
      }
      try {
        const channel = await PeerChannel.open(socket, { keySource: this.o.keySource, hello: this.o.hello, logger: this.o.log });
        this.run(channel);
      } catch (err) {
        if (!this.pskMismatch(err)) this.o.log.warn({ err: (err as Error).message }, 'peer session failed to open');
        socket.destroy();
      }
    });
  }

  private async runConnectLoop(addr: { host: string; port: number }): Promise<void> {
    const min = this.o.minBackoffMs ?? 250;
    const max = this.o.maxBackoffMs ?? 5000;
    let backoff = min;
    while (!this.stopped) {
      try {
        const channel = await connectPeerChannel(addr.host, addr.port, {
          keySource: this.o.keySource,
          hello: this.o.hello,
          logger: this.o.log,
        });
        backoff = min;
        this.run(channel);
        await this.current?.done;
      } catch (err) {
        if (!this.pskMismatch(err)) this.o.log.debug({ err: (err as Error).message, backoffMs: backoff }, 'peer not reachable; retrying');
      }
      if (this.stopped) break;
      await new Promise((r) => setTimeout(r, backoff * (0.75 + Math.random() * 0.5)));
      backoff = Math.min(max, backoff * 2);
    }
  }

  /**
   * Two different pre-shared key files (src/peer, found in the preamble, no
   * key taken): a critical alarm, logged at error level, once per pair of
   * fingerprints until a session opens. True when `err` was one.
   */
  private pskMismatch(err: unknown): boolean {
    if (!isPeerError(err, QkdErrorCode.PskMismatch)) return false;
    const pair = `${String(err.details.fingerprint)}/${String(err.details.peerFingerprint)}`;
    if (this.pskMismatchRaised !== pair) {
      this.pskMismatchRaised = pair;
      this.o.alarms.raise('psk-mismatch', 'critical', err.message, { code: err.code, ...err.details });
    }
    return true;
  }

  private run(channel: PeerChannel): void {
    this.sessions++;
    this.pskMismatchRaised = null;
    this.o.log.info({ session: this.sessions, peer: channel.peerHello?.nodeId }, 'peer session open');
    const done = this.o
      .onSession(channel)
      .catch((err: unknown) => this.o.log.error({ err }, 'key generation session failed'))
      .finally(async () => {
        await channel.close();
        if (this.current?.channel === channel) this.current = null;
        if (!this.stopped) this.o.alarms.raise('peer-disconnected', 'warning', 'peer session closed; waiting for the peer');
      });
    this.current = { channel, done };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.server) {
      this.server.close();
    }
    const cur = this.current;
    if (cur) {
      await cur.channel.close();
      await cur.done;
    }
    await this.opening;
    await this.connectLoop;
  }
}
