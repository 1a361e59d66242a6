/**
 * Keeps the peer session of a node up: the transmitter listens, the
 * receiver connects and reconnects with capped exponential backoff. Each
 * session is a fresh authenticated PeerChannel (a new Wegman–Carter hash key,
 * positions resynchronised); `onSession` runs key generation over it until
 * it closes. One session at a time: the key source serves one channel.
 *
 * The listening side keeps its live session while a new connection shakes
 * hands beside it: the newcomer replaces the live session only once its
 * Hello has verified (PeerChannel's `beforeCommit`, which retires the live
 * session before the newcomer takes any key), so a stranger neither stops
 * the link nor moves a key position (src/peer/PROTOCOL.md, "Nothing before
 * proof"). Connections pass the HandshakeGuard first (src/peer/handshake-guard.ts:
 * `peer.allowFrom`, caps on failed handshakes per address and overall, on
 * handshakes in progress); failed handshakes and refused connections raise
 * one `peer-handshake-failed` warning per window, with the counts.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { PeerChannel, connectPeerChannel, type AuthKeySource, type PeerChannelOptions } from '../peer/index.ts';
import { HandshakeGuard, type HandshakeGuardCounts, type HandshakeLimits, type RefusalReason } from '../peer/handshake-guard.ts';
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
  /** Listening side: addresses and CIDR ranges that may connect (`peer.allowFrom`); others are closed before any byte is read. */
  allowFrom?: readonly string[];
  /** Caps on handshakes (src/peer/handshake-guard.ts) and the alarm window (`windowMs`). */
  handshakeLimits?: Partial<HandshakeLimits>;
  /** Time a handshake may take (PeerChannel `handshakeTimeoutMs`). Default 10 s. */
  handshakeTimeoutMs?: number;
  /** Passed to each PeerChannel (tests: a small maxResyncBits). */
  channel?: Pick<PeerChannelOptions, 'maxResyncBits' | 'tagPoints' | 'chunkMessages'>;
}

/** Handshake errors worth an alarm on the dialling side (a closed or refused connection is not one: the peer may be restarting). */
const DIAL_HANDSHAKE_FAILURES = new Set<QkdErrorCode>([
  QkdErrorCode.AuthenticationFailed,
  QkdErrorCode.HandshakeMismatch,
  QkdErrorCode.ResyncTooFar,
  QkdErrorCode.HandshakeTimeout,
  QkdErrorCode.PeerFrameTooLarge,
]);

function splitHostPort(s: string): { host: string; port: number } {
  const at = s.lastIndexOf(':');
  return { host: s.slice(0, at), port: Number(s.slice(at + 1)) };
}

export class PeerLink {
  private server: Server | null = null;
  private current: { channel: PeerChannel; done: Promise<void> } | null = null;
  private stopped = false;
  private connectLoop: Promise<void> | null = null;
  /** Serialises take-overs: one proved newcomer at a time retires the live session and takes key. */
  private handoff: Promise<void> = Promise.resolve();
  /** Sockets whose handshake is in progress (closed by stop). */
  private readonly shaking = new Set<Socket>();
  private readonly guard: HandshakeGuard;
  /** Failed handshakes and refused connections since the last peer-handshake-failed alarm; null when no window is open. */
  private alarmWindow: { timer: NodeJS.Timeout; failed: number; refused: number; last: string } | null = null;
  /** The PskMismatch already raised as an alarm (own and peer fingerprint), so a retrying peer does not raise it every attempt. */
  private pskMismatchRaised: string | null = null;
  /** The bound listen port (transmitter), useful when configured as port 0. */
  listenPort = 0;
  sessions = 0;

  constructor(private readonly o: PeerLinkOptions) {
    this.guard = new HandshakeGuard({ allowFrom: o.allowFrom, limits: o.handshakeLimits });
  }

  /** Handshakes failed, connections refused (by reason) and sessions proved, since start. */
  get handshakeCounts(): HandshakeGuardCounts {
    return structuredClone(this.guard.counts);
  }

  private channelOptions(): PeerChannelOptions {
    return {
      ...this.o.channel,
      keySource: this.o.keySource,
      hello: this.o.hello,
      logger: this.o.log,
      handshakeTimeoutMs: this.o.handshakeTimeoutMs,
    };
  }

  get connected(): boolean {
    return this.current?.channel.isOpen ?? false;
  }

  async start(): Promise<void> {
    if (this.o.listen) {
      const { host, port } = splitHostPort(this.o.listen);
      // Paused: a refused connection is closed before any byte of it is read.
      this.server = createServer({ pauseOnConnect: true }, (socket) => this.accept(socket));
      this.server.listen(port, host);
      await once(this.server, 'listening');
      const addr = this.server.address();
      this.listenPort = typeof addr === 'object' && addr ? addr.port : port;
      this.o.log.info({ listen: `${host}:${this.listenPort}`, allowFrom: this.o.allowFrom ?? 'any' }, 'peer link listening');
    } else if (this.o.connect) {
      this.connectLoop = this.runConnectLoop(splitHostPort(this.o.connect));
    } else throw new QkdError(QkdErrorCode.PeerInvalidArgument, 'peer link needs peer.listen (transmitter) or peer.connect (receiver)');
  }

  private accept(socket: Socket): void {
    const address = socket.remoteAddress;
    if (this.stopped) {
      socket.destroy();
      return;
    }
    const admission = this.guard.admit(address);
    if (!admission.admitted) {
      socket.destroy();
      this.refused(admission.reason, address);
      return;
    }
    socket.setNoDelay(true);
    this.shaking.add(socket);
    let unlock: (() => void) | undefined;
    const open = PeerChannel.open(socket, {
      ...this.channelOptions(),
      // Runs only once the newcomer's Hello has verified; nothing was taken from the key source before.
      beforeCommit: async (hello) => {
        const previous = this.handoff;
        this.handoff = new Promise<void>((resolve) => (unlock = resolve));
        await previous;
        if (this.stopped) throw new QkdError(QkdErrorCode.PeerClosed, 'peer link stopping');
        const cur = this.current;
        if (cur) {
          this.o.log.warn({ peer: hello.nodeId, from: address }, 'a new peer connection proved itself; it replaces the current session');
          await cur.channel.close();
          await cur.done;
        }
      },
    });
    socket.resume();
    open.then(
      (channel) => {
        this.shaking.delete(socket);
        this.guard.settle(address, true);
        if (this.stopped) void channel.close();
        else this.run(channel);
        unlock?.();
      },
      (err: unknown) => {
        this.shaking.delete(socket);
        this.guard.settle(address, false);
        socket.destroy();
        unlock?.();
        if (!this.pskMismatch(err)) this.handshakeFailed(err, address);
      },
    );
  }

  /** A failed handshake: logged at warn with its reason and source; counted into the window's alarm. */
  private handshakeFailed(err: unknown, address: string | undefined): void {
    const code = isPeerError(err) ? err.codeLabel : 'internal';
    const message = err instanceof Error ? err.message : String(err);
    this.o.log.warn({ from: address, code }, `peer handshake from ${address ?? '?'} failed: ${message}`);
    this.countIntoAlarm('failed', `${address ?? '?'}: ${message}`);
  }

  private refused(reason: RefusalReason, address: string | undefined): void {
    this.countIntoAlarm('refused', `${address ?? '?'} refused (${reason})`);
  }

  /**
   * One `peer-handshake-failed` warning per window, not one per connection:
   * the first event of a quiet period raises it at once; events during the
   * window are counted and raised together when it ends (which opens the
   * next window), so the alarm count grows at most once per window.
   */
  private countIntoAlarm(kind: 'failed' | 'refused', last: string): void {
    if (this.alarmWindow) {
      this.alarmWindow[kind]++;
      this.alarmWindow.last = last;
      return;
    }
    this.raiseHandshakeAlarm(kind === 'failed' ? 1 : 0, kind === 'refused' ? 1 : 0, last);
  }

  private raiseHandshakeAlarm(failed: number, refused: number, last: string): void {
    const windowMs = this.o.handshakeLimits?.windowMs ?? 60_000;
    const parts = [failed > 0 ? `${failed} peer handshake(s) failed` : '', refused > 0 ? `${refused} connection(s) refused` : ''];
    this.o.alarms.raise('peer-handshake-failed', 'warning', `${parts.filter(Boolean).join(', ')}; last: ${last}`, {
      failed,
      refused,
      windowMs,
      totals: this.guard.counts,
    });
    const timer = setTimeout(() => {
      const w = this.alarmWindow;
      this.alarmWindow = null;
      if (w && (w.failed > 0 || w.refused > 0) && !this.stopped) this.raiseHandshakeAlarm(w.failed, w.refused, w.last);
    }, windowMs);
    timer.unref();
    this.alarmWindow = { timer, failed: 0, refused: 0, last };
  }

  private async runConnectLoop(addr: { host: string; port: number }): Promise<void> {
    const min = this.o.minBackoffMs ?? 250;
    const max = this.o.maxBackoffMs ?? 5000;
    let backoff = min;
    while (!this.stopped) {
      try {
        const channel = await connectPeerChannel(addr.host, addr.port, this.channelOptions());
        backoff = min;
        this.run(channel);
        await this.current?.done;
      } catch (err) {
        if (this.pskMismatch(err)) {
          // raised once per pair of fingerprints
        } else if (isPeerError(err) && DIAL_HANDSHAKE_FAILURES.has(err.code)) {
          this.handshakeFailed(err, `${addr.host}:${addr.port}`);
        } else this.o.log.debug({ err: (err as Error).message, backoffMs: backoff }, 'peer not reachable; retrying');
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
    for (const s of this.shaking) s.destroy();
    if (this.alarmWindow) clearTimeout(this.alarmWindow.timer);
    this.alarmWindow = null;
    const cur = this.current;
    if (cur) {
      await cur.channel.close();
      await cur.done;
    }
    await this.handoff;
    await this.connectLoop;
  }
}
