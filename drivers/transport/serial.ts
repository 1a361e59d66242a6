/**
 * Serial transport on the real `serialport` package: a UART bridge on the
 * board (`/dev/ttyUSB*`, `/dev/ttyACM*`) or a pseudo-terminal served by the
 * simulated bench.
 *
 * The SerialPort stream reports an unplug as a 'close' event whose argument
 * has `disconnected === true` (a failed read or write on a vanished tty);
 * that becomes 'error'(TransportUnplugged) then 'close' here.
 */
import { read as fsRead } from 'node:fs';
import { SerialPort } from 'serialport';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import type { SerialAddress } from './address.ts';
import { TransportBase, errorText } from './transport-base.ts';

/** What `new SerialPort(...)` needs; injectable so a test can hand in serialport's MockBinding. */
export type SerialPortFactory = (options: {
  path: string;
  baudRate: number;
  rtscts: boolean;
  dataBits: 5 | 6 | 7 | 8;
  parity: 'none' | 'even' | 'odd';
  stopBits: 1 | 2;
}) => SerialPort;

export interface SerialTransportOptions {
  /** Defaults to the real `SerialPort` with `autoOpen: false`. */
  readonly createPort?: SerialPortFactory;
}

const defaultFactory: SerialPortFactory = (options) => new SerialPort({ ...options, autoOpen: false });

type PollEvent = 'readable' | 'writable' | 'disconnect';

/** bindings-cpp's JS Poller (dist/poller.js): an EventEmitter over one native uv_poll_t. */
interface UnixPoller {
  once(event: PollEvent, callback: (err: Error | null) => void): unknown;
  listenerCount(event: PollEvent): number;
  poll(eventFlag?: number): void;
}

/** The parts of bindings-cpp's unix port object (LinuxPortBinding, DarwinPortBinding) the fixes below need. */
interface UnixPortBinding {
  fd: number | null;
  readonly poller: UnixPoller;
  read(buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number; buffer: Buffer }>;
}

function isUnixPortBinding(port: unknown): port is UnixPortBinding {
  if (typeof port !== 'object' || port === null) return false;
  const p = port as Partial<UnixPortBinding>;
  return (
    typeof p.fd === 'number' &&
    typeof p.poller?.once === 'function' &&
    typeof p.poller.poll === 'function' &&
    typeof p.poller.listenerCount === 'function' &&
    typeof p.read === 'function'
  );
}

/** bindings-cpp's poll flags (poller.ts EVENTS). */
const POLL_FLAG: Record<PollEvent, number> = { readable: 0b001, writable: 0b010, disconnect: 0b100 };

/**
 * bindings-cpp 13's native Poller::poll(events) records `events` in its mask
 * but calls uv_poll_start(handle, events) with the new events alone, which
 * replaces what the handle watched. A read waiting for 'readable' and a
 * write waiting for 'writable' on the same fd therefore cancel each other:
 * when the reader re-arms 'readable' (a response came in) while a write is
 * parked on EAGAIN, the handle stops watching for writability and the write
 * never resumes, although the fd is writable again a moment later. A pty
 * (a few KiB of buffer) makes EAGAIN routine for 12 KiB pattern chunks with
 * responses streaming back: the write stalls for good, and every later
 * request (retries, keepalive pings) queues behind it. This makes every poll
 * request ask for the union of what is still awaited, so no waiter is lost.
 * (The native side's own re-arm after an event already uses its whole mask
 * minus the events that fired, whose listeners are then called.)
 */
function keepPollInterest(port: unknown): void {
  if (!isUnixPortBinding(port)) return;
  const poller = port.poller;
  const nativePoll = poller.poll.bind(poller);
  poller.poll = (eventFlag = 0) => {
    let flag = eventFlag;
    for (const event of ['readable', 'writable', 'disconnect'] as const) {
      if (poller.listenerCount(event) > 0) flag |= POLL_FLAG[event];
    }
    nativePoll(flag);
  };
}

/**
 * bindings-cpp 13's unixRead retries forever when read(2) returns 0, but 0
 * from a tty opened with VMIN=1 and O_NONBLOCK means hangup (a pty whose
 * master closed, a USB-serial adapter pulled out): the port spins at 100 %
 * CPU and never reports the unplug. This replaces `read` on the open port
 * object with one that waits for readability and treats a repeated 0 (after
 * poll said readable) as a disconnect, which the stream then reports as
 * 'close' with `disconnected`. Ports of other shapes (Windows) are left alone.
 */
function reportHangups(port: unknown): void {
  if (!isUnixPortBinding(port)) return;
  const readable = (): Promise<void> =>
    new Promise((resolve, reject) => port.poller.once('readable', (err) => (err ? reject(err) : resolve())));
  const readOnce = (fd: number, buffer: Buffer, offset: number, length: number): Promise<number> =>
    new Promise((resolve, reject) => fsRead(fd, buffer, offset, length, null, (err, n) => (err ? reject(err) : resolve(n))));
  const notOpen = (): Error => Object.assign(new Error('Port is not open'), { canceled: true });
  port.read = async (buffer, offset, length) => {
    let zeros = 0;
    for (;;) {
      const fd = port.fd;
      if (fd === null) throw notOpen();
      try {
        const bytesRead = await readOnce(fd, buffer, offset, length);
        if (bytesRead > 0) return { bytesRead, buffer };
        // One 0 can be a race with poll; two in a row after "readable" is a hangup.
        if (++zeros >= 2) throw Object.assign(new Error('hangup (read returned 0)'), { disconnect: true });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') throw err;
        zeros = 0;
      }
      if (port.fd === null) throw notOpen();
      await readable();
    }
  };
}

export class SerialTransport extends TransportBase {
  private port: SerialPort | null = null;
  private readonly createPort: SerialPortFactory;

  constructor(
    readonly address: SerialAddress,
    options: SerialTransportOptions = {},
  ) {
    super(address.url);
    this.createPort = options.createPort ?? defaultFactory;
  }

  async open(): Promise<void> {
    if (!this.beginOpen()) return;
    const { path, baudRate, rtscts, dataBits, parity, stopBits } = this.address;
    let port: SerialPort;
    try {
      port = this.createPort({ path, baudRate, rtscts, dataBits, parity, stopBits });
      await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
      // Before any 'data' listener starts the stream reading.
      keepPollInterest(port.port);
      reportHangups(port.port);
    } catch (err) {
      throw this.openFailed(err, { path });
    }
    this.port = port;
    // Handlers check `this.port === port`: after a reopen, a late event from
    // the previous port object must not touch the new session.
    port.on('data', (chunk: Buffer) => {
      if (this.port === port && this.currentState === 'open') this.emit('data', chunk);
    });
    // The stream emits 'error' for failures outside a callback (e.g. a close
    // that fails); without a listener Node would throw it.
    port.on('error', (err: Error) => {
      if (this.port === port) this.fault(`${this.url}: port error: ${err.message}`, err);
    });
    port.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
      if (this.port !== port || this.currentState !== 'open') return; // our own close()
      if (err?.disconnected === true) this.fault(`${this.url} unplugged: ${err.message}`, err);
      else this.fault(`${this.url} closed underneath us`, err);
    });
    this.currentState = 'open';
  }

  write(data: Uint8Array): Promise<void> {
    return this.sendTracked(this.port, data, (port, chunk, done, fail) => {
      port.write(chunk, (err) => {
        if (err) {
          // The stream closes the port as disconnected on every write error
          // that is not a cancellation (EIO, or a poll error on a hung-up
          // fd), so that is what the caller is told too.
          const gone = (err as { canceled?: boolean }).canceled !== true;
          fail(
            gone
              ? new QkdError(QkdErrorCode.TransportUnplugged, `${this.url} unplugged during write: ${errorText(err)}`, {}, { cause: err })
              : this.writeFailed('write', err),
          );
          return;
        }
        // The callback means the binding took the bytes; drain means the
        // stream's own queue is empty too, i.e. the OS has them all.
        port.drain((drainErr) => {
          if (drainErr) fail(this.writeFailed('drain', drainErr));
          else done();
        });
      });
    });
  }

  async close(): Promise<void> {
    if (!this.beginClose()) return;
    const port = this.port;
    if (port?.isOpen) {
      // A close error (rare) is not the caller's problem: the fd is gone either way.
      await new Promise<void>((resolve) => port.close(() => resolve()));
    }
    this.finish();
  }

  /** Every fault of an open port is an unplug to the caller: the tty is gone or unusable. */
  private fault(message: string, cause: unknown): void {
    if (!this.beginFault(new QkdError(QkdErrorCode.TransportUnplugged, message, { path: this.address.path }, { cause }))) return;
    const port = this.port;
    if (port?.isOpen) port.close(() => this.finish());
    else this.finish();
  }

  protected override detach(): void {
    const port = this.port;
    this.port = null;
    port?.removeAllListeners('data');
    // Keep a no-op 'error' listener: a late error from a dead port must not crash the process.
    port?.removeAllListeners('error');
    port?.on('error', () => undefined);
  }
}
