/**
 * TCP transport for serial-over-TCP bridges (ser2net, Moxa NPort, the
 * simulated bench serving a board on a port): a raw byte stream, no telnet
 * negotiation (configure ser2net in `raw` mode).
 *
 * TCP_NODELAY is on because our traffic is small request frames where
 * Nagle's delay would add tens of milliseconds per round trip. A peer that
 * closes while we are open is an unplug: 'error'(TransportUnplugged) then
 * 'close'.
 */
import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import type { TcpAddress } from './address.ts';
import type { Transport, TransportEvents, TransportState } from './transport.ts';

export class TcpTransport extends EventEmitter implements Transport {
  readonly url: string;
  private currentState: TransportState = 'closed';
  private socket: Socket | null = null;
  /** Writes waiting for the kernel to take their bytes; rejected if the link dies first. */
  private readonly pendingWrites = new Set<(err: QkdError) => void>();

  constructor(readonly address: TcpAddress) {
    super();
    this.url = address.url;
  }

  get state(): TransportState {
    return this.currentState;
  }

  override on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): this {
    return super.on(event, listener);
  }

  override off<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): this {
    return super.off(event, listener);
  }

  async open(): Promise<void> {
    if (this.currentState === 'open') return;
    if (this.currentState !== 'closed') {
      throw new QkdError(QkdErrorCode.TransportOpenFailed, `${this.url}: open while ${this.currentState}`);
    }
    this.currentState = 'opening';
    const { host, port, connectTimeoutMs } = this.address;
    const socket = new Socket();
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`no connection within ${connectTimeoutMs} ms`));
        }, connectTimeoutMs);
        socket.once('connect', () => {
          clearTimeout(timer);
          resolve();
        });
        socket.once('error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
        socket.connect({ host, port });
      });
    } catch (err) {
      socket.destroy();
      this.currentState = 'closed';
      const why = err instanceof Error ? err.message : String(err);
      throw new QkdError(QkdErrorCode.TransportOpenFailed, `${this.url}: connect failed: ${why}`, { host, port }, { cause: err });
    }
    socket.removeAllListeners('error');
    socket.setNoDelay(true);
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      if (this.socket === socket && this.currentState === 'open') this.emit('data', chunk);
    });
    socket.on('error', (err) => {
      if (this.socket === socket) this.fault(`${this.url}: socket error: ${err.message}`, err);
    });
    // 'end' is the peer's FIN; 'close' covers a reset without an 'error' first.
    socket.on('end', () => {
      if (this.socket === socket) this.fault(`${this.url}: peer closed the connection`, undefined);
    });
    socket.on('close', () => {
      if (this.socket === socket) this.fault(`${this.url}: connection lost`, undefined);
    });
    this.currentState = 'open';
  }

  write(data: Uint8Array): Promise<void> {
    const socket = this.socket;
    if (this.currentState !== 'open' || socket === null) {
      return Promise.reject(new QkdError(QkdErrorCode.TransportClosed, `write on ${this.currentState} transport ${this.url}`));
    }
    // Copy: the socket may hold the chunk in its queue after we return.
    const chunk = Buffer.from(data);
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (err: QkdError): void => {
        if (settled) return;
        settled = true;
        this.pendingWrites.delete(fail);
        reject(err);
      };
      const done = (): void => {
        if (settled) return;
        settled = true;
        this.pendingWrites.delete(fail);
        resolve();
      };
      this.pendingWrites.add(fail);
      const accepted = socket.write(chunk, (err) => {
        if (err) fail(new QkdError(QkdErrorCode.TransportWriteFailed, `${this.url}: write failed: ${err.message}`, {}, { cause: err }));
        // The callback fires when this chunk was handed to the kernel, which
        // is what the Transport contract promises.
        else if (accepted) done();
      });
      // Over the high-water mark: resolve only after 'drain', so a caller
      // awaiting each write is throttled to the line's real speed.
      if (!accepted) socket.once('drain', done);
    });
  }

  async close(): Promise<void> {
    if (this.currentState === 'closed' || this.currentState === 'closing') return;
    this.currentState = 'closing';
    this.rejectPending(new QkdError(QkdErrorCode.TransportClosed, `${this.url} closed`));
    const socket = this.socket;
    if (socket !== null && !socket.destroyed) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        // end() sends our FIN after queued data; destroy() if the peer never answers.
        socket.end();
        const guard = setTimeout(() => socket.destroy(), 1_000);
        guard.unref();
        socket.once('close', () => clearTimeout(guard));
      });
    }
    this.finish();
  }

  private fault(message: string, cause: unknown): void {
    if (this.currentState !== 'open') return;
    const err = new QkdError(QkdErrorCode.TransportUnplugged, message, { host: this.address.host, port: this.address.port }, { cause });
    this.currentState = 'closing';
    this.rejectPending(err);
    this.emit('error', err);
    this.socket?.destroy();
    this.finish();
  }

  private rejectPending(err: QkdError): void {
    for (const fail of [...this.pendingWrites]) fail(err);
  }

  private finish(): void {
    if (this.currentState === 'closed') return;
    const socket = this.socket;
    this.socket = null;
    socket?.removeAllListeners('data');
    // A late error from the dead socket must not become an uncaught exception.
    socket?.on('error', () => undefined);
    this.currentState = 'closed';
    this.emit('close');
  }
}
