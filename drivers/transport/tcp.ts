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
import { Socket } from 'node:net';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import type { TcpAddress } from './address.ts';
import { TransportBase } from './transport-base.ts';

export class TcpTransport extends TransportBase {
  private socket: Socket | null = null;

  constructor(readonly address: TcpAddress) {
    super(address.url);
  }

  async open(): Promise<void> {
    if (!this.beginOpen()) return;
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
      throw this.openFailed(err, { host, port }, 'connect');
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
    return this.sendTracked(this.socket, data, (socket, chunk, done, fail) => {
      const accepted = socket.write(chunk, (err) => {
        if (err) fail(this.writeFailed('write', err));
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
    if (!this.beginClose()) return;
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
    const err = new QkdError(QkdErrorCode.TransportUnplugged, message, { host: this.address.host, port: this.address.port }, { cause });
    if (!this.beginFault(err)) return;
    this.socket?.destroy();
    this.finish();
  }

  protected override detach(): void {
    const socket = this.socket;
    this.socket = null;
    socket?.removeAllListeners('data');
    // A late error from the dead socket must not become an uncaught exception.
    socket?.on('error', () => undefined);
  }
}
