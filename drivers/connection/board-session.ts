/**
 * One board's connection over time: the handshake (connect-board.ts), then,
 * when the link dies under us (unplug, transport error), reconnect with
 * backoff until the same board (same serial number) answers again, let the
 * driver restore its state on the new link, and carry on.
 *
 *   idle → connecting → connected ⇄ reconnecting → failed
 *                                      any → closed (close())
 *
 * Every change is an event: 'state' for all of them, plus the specific
 * 'connected', 'disconnected', 'reconnecting' {attempt, delayMs},
 * 'reconnected', 'failed'. Calls made while not connected reject at once
 * with NotConnected (the caller decides whether to wait: whenConnected()).
 */
import { TypedEvents } from '../typed-events.ts';
import type { MethodName, RequestOf, ResponseOf, qkd } from '../../firmware-protocol/index.ts';
import { QkdError, QkdErrorCode, isTimeout } from '../../errors/index.ts';
import type { BoardLink, CallOptions } from '../link/board-link.ts';
import { backoffDelayMs, resolveBackoff, type BackoffPolicy, type ResolvedBackoff } from './backoff.ts';
import { connectBoard, type BoardConnection, type ConnectOptions } from './connect-board.ts';
import type { Identity } from './identify-board.ts';

export type SessionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';

export interface BoardInfo {
  readonly url: string;
  readonly identity: Identity;
  readonly hello: qkd.HelloResponse;
}

export interface SessionEvents {
  state: (change: { from: SessionState; to: SessionState }) => void;
  connected: (info: BoardInfo) => void;
  /** The link died; `reason` is the LinkClosed error (its cause: the transport fault). */
  disconnected: (info: { reason: QkdError }) => void;
  /** Waiting `delayMs` before attempt `attempt` (1-based); `lastError` is why the previous attempt failed. */
  reconnecting: (info: { attempt: number; delayMs: number; lastError: QkdError | null }) => void;
  /** The same board answers again and the driver restored its state. */
  reconnected: (info: BoardInfo & { attempts: number }) => void;
  /** Gave up after `attempts`; the session stays down until close(). */
  failed: (info: { attempts: number; error: QkdError }) => void;
}

/** Called on every new link after a reconnect, before 'reconnected'; a rejection counts as a failed attempt. */
export type RestoreHook = (link: BoardLink, info: BoardInfo) => Promise<void>;

export interface BoardSessionOptions extends ConnectOptions {
  /** Reconnect policy; `false` = no reconnect (the session goes 'failed' on the first loss). */
  readonly reconnect?: BackoffPolicy | false;
  /** Jitter source in [0, 1); tests pass a seeded one. Default Math.random. */
  readonly random?: () => number;
  /**
   * Ping the board this often, in ms (0 = never). A board that lost power
   * behind a transport that stays up (a TCP bridge, a pty server, a USB hub
   * that kept the port) goes silent without any close; a Ping that times out
   * after all its attempts is treated as an unplug. Default 2000.
   */
  readonly keepaliveIntervalMs?: number;
}

export class BoardSession extends TypedEvents<SessionEvents> {
  private readonly backoff: ResolvedBackoff | null;
  private readonly random: () => number;
  private stateNow: SessionState = 'idle';
  private connection: BoardConnection | null = null;
  private restoreHook: RestoreHook | null = null;
  private wakeSleeper: (() => void) | null = null;
  private keepaliveTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: BoardSessionOptions) {
    super();
    this.backoff = options.reconnect === false ? null : resolveBackoff(options.reconnect);
    this.random = options.random ?? Math.random;
  }

  get url(): string {
    return this.options.url;
  }

  get state(): SessionState {
    return this.stateNow;
  }

  /** The board found by the first connect (kept across reconnects); null before. */
  info: BoardInfo | null = null;

  /** The live link; throws NotConnected unless connected. */
  get link(): BoardLink {
    if (this.stateNow !== 'connected' || this.connection === null) {
      throw new QkdError(QkdErrorCode.NotConnected, `${this.url} is ${this.stateNow}`, { state: this.stateNow });
    }
    return this.connection.link;
  }

  /** The driver's state restoration after a reconnect (one hook; a later call replaces it). */
  setRestoreHook(hook: RestoreHook): void {
    this.restoreHook = hook;
  }

  /**
   * First connection. Rejects (and the session goes 'failed') when the
   * handshake fails: no retries here; the caller may call connect() again.
   */
  async connect(): Promise<BoardInfo> {
    if (this.stateNow !== 'idle' && this.stateNow !== 'failed')
      throw new QkdError(QkdErrorCode.InvalidArgument, `connect() on a ${this.stateNow} session`);
    this.setState('connecting');
    let conn: BoardConnection;
    try {
      conn = await connectBoard(this.options);
    } catch (err) {
      if (this.isState('connecting')) this.setState('failed');
      throw err;
    }
    if (!this.isState('connecting')) {
      await conn.link.close(); // closed while connecting
      throw new QkdError(QkdErrorCode.LinkClosed, `${this.url}: session closed during connect`);
    }
    this.info = { url: this.url, identity: conn.identity, hello: conn.hello };
    this.adopt(conn);
    this.emitter.emit('connected', this.info);
    return this.info;
  }

  /** Typed request on the live link; NotConnected while down. */
  call<M extends MethodName>(method: M, request: RequestOf<M>, options?: CallOptions): Promise<ResponseOf<M>> {
    let link: BoardLink;
    try {
      link = this.link;
    } catch (err) {
      return Promise.reject(err);
    }
    return link.call(method, request, options);
  }

  /** Resolves once connected (now or after a reconnect); rejects on 'failed', 'closed' or after `timeoutMs`. */
  whenConnected(timeoutMs: number): Promise<void> {
    if (this.stateNow === 'connected') return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onState = ({ to }: { to: SessionState }): void => {
        if (to === 'connected') done(() => resolve());
        else if (to === 'failed' || to === 'closed')
          done(() => reject(new QkdError(QkdErrorCode.NotConnected, `${this.url} is ${to}`, { state: to })));
      };
      const timer = setTimeout(
        () =>
          done(() =>
            reject(new QkdError(QkdErrorCode.Timeout, `${this.url} not connected within ${timeoutMs} ms`, { state: this.stateNow })),
          ),
        timeoutMs,
      );
      const done = (fn: () => void): void => {
        clearTimeout(timer);
        this.off('state', onState);
        fn();
      };
      this.on('state', onState);
    });
  }

  /** Close the link and stop reconnecting. Never rejects. */
  async close(): Promise<void> {
    if (this.stateNow === 'closed') return;
    this.setState('closed');
    this.stopKeepalive();
    this.wakeSleeper?.();
    const conn = this.connection;
    this.connection = null;
    await conn?.link.close();
  }

  // ---- internals -------------------------------------------------------------

  /** A method, not a comparison on the field, so TS does not keep a narrowing across awaits. */
  private isState(s: SessionState): boolean {
    return this.stateNow === s;
  }

  private setState(to: SessionState): void {
    const from = this.stateNow;
    if (from === to) return;
    this.stateNow = to;
    this.emitter.emit('state', { from, to });
  }

  private adopt(conn: BoardConnection): void {
    this.connection = conn;
    this.startKeepalive(conn);
    conn.link.on('close', (reason) => {
      this.stopKeepalive();
      if (this.connection !== conn || this.stateNow !== 'connected') return;
      this.connection = null;
      this.emitter.emit('disconnected', { reason });
      void this.reconnectLoop();
    });
    this.setState('connected');
  }

  private startKeepalive(conn: BoardConnection): void {
    this.stopKeepalive();
    const intervalMs = this.options.keepaliveIntervalMs ?? 2000;
    if (intervalMs <= 0) return;
    let inFlight = false;
    let nonce = 0;
    this.keepaliveTimer = setInterval(() => {
      if (inFlight || this.connection !== conn) return;
      inFlight = true;
      nonce = (nonce + 1) >>> 0;
      conn.link.call('ping', { nonce }).then(
        () => (inFlight = false),
        (err: unknown) => {
          inFlight = false;
          // Silence through every attempt: the board is gone even if the transport is not.
          if (isTimeout(err) && this.connection === conn) void conn.link.close();
        },
      );
    }, intervalMs);
    this.keepaliveTimer.unref();
  }

  private stopKeepalive(): void {
    if (this.keepaliveTimer) clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = null;
  }

  private async reconnectLoop(): Promise<void> {
    const info = this.info;
    if (this.backoff === null || info === null) {
      this.setState('failed');
      this.emitter.emit('failed', {
        attempts: 0,
        error: new QkdError(QkdErrorCode.LinkClosed, `${this.url}: link lost, reconnect disabled`),
      });
      return;
    }
    this.setState('reconnecting');
    let lastError: QkdError | null = null;
    for (let attempt = 1; ; attempt++) {
      if (attempt > this.backoff.maxAttempts) {
        this.setState('failed');
        this.emitter.emit('failed', {
          attempts: attempt - 1,
          error: lastError ?? new QkdError(QkdErrorCode.NotConnected, `${this.url}: gave up reconnecting`),
        });
        return;
      }
      const delayMs = backoffDelayMs(this.backoff, attempt, this.random);
      this.emitter.emit('reconnecting', { attempt, delayMs, lastError });
      await this.sleep(delayMs);
      if (!this.isState('reconnecting')) return; // closed meanwhile
      let conn: BoardConnection | null = null;
      try {
        // Same board only: a different board on the port is WrongBoard, retried like silence.
        conn = await connectBoard({
          ...this.options,
          expect: { ...this.options.expect, model: info.identity.model, serialNumber: info.identity.serialNumber },
        });
        if (!this.isState('reconnecting')) {
          await conn.link.close();
          return;
        }
        const now: BoardInfo = { url: this.url, identity: conn.identity, hello: conn.hello };
        if (this.restoreHook) await this.restoreHook(conn.link, now);
        if (conn.link.state !== 'open') throw new QkdError(QkdErrorCode.LinkClosed, `${this.url}: link lost during restore`);
        if (!this.isState('reconnecting')) {
          await conn.link.close();
          return;
        }
        this.info = now;
        this.adopt(conn);
        this.emitter.emit('reconnected', { ...now, attempts: attempt });
        return;
      } catch (err) {
        lastError =
          err instanceof QkdError
            ? err
            : new QkdError(QkdErrorCode.ProtocolError, `${this.url}: restore failed: ${String(err)}`, {}, { cause: err });
        await conn?.link.close();
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wakeSleeper = null;
        resolve();
      }, ms);
      this.wakeSleeper = () => {
        clearTimeout(timer);
        this.wakeSleeper = null;
        resolve();
      };
    });
  }
}
