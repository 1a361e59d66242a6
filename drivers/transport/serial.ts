/**
 * Serial transport on the real `serialport` package: a UART bridge on the
 * board (`/dev/ttyUSB*`, `/dev/ttyACM*`) or a pseudo-terminal served by the
 * simulated bench.
 *
 * The SerialPort stream reports an unplug as a 'close' event whose argument
 * has `disconnected === true` (a failed read or write on a vanished tty);
 * that becomes 'error'(TransportUnplugged) then 'close' here.
 */
import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import { DriverError, DriverErrorCode } from '../errors.ts';
import type { SerialAddress } from './address.ts';
import type { Transport, TransportEvents, TransportState } from './transport.ts';

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

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class SerialTransport extends EventEmitter implements Transport {
  readonly url: string;
  private currentState: TransportState = 'closed';
  private port: SerialPort | null = null;
  /** Writes waiting on the port; rejected when the link dies under them. */
  private readonly pendingWrites = new Set<(err: DriverError) => void>();
  private readonly createPort: SerialPortFactory;

  constructor(
    readonly address: SerialAddress,
    options: SerialTransportOptions = {},
  ) {
    super();
    this.url = address.url;
    this.createPort = options.createPort ?? defaultFactory;
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
      throw new DriverError(DriverErrorCode.TransportOpenFailed, `${this.url}: open while ${this.currentState}`);
    }
    this.currentState = 'opening';
    const { path, baudRate, rtscts, dataBits, parity, stopBits } = this.address;
    let port: SerialPort;
    try {
      port = this.createPort({ path, baudRate, rtscts, dataBits, parity, stopBits });
      await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    } catch (err) {
      this.currentState = 'closed';
      throw new DriverError(DriverErrorCode.TransportOpenFailed, `${this.url}: open failed: ${describe(err)}`, { path }, { cause: err });
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
      if (this.port === port) this.fault(DriverErrorCode.TransportUnplugged, `${this.url}: port error: ${err.message}`, err);
    });
    port.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
      if (this.port !== port || this.currentState !== 'open') return; // our own close()
      if (err?.disconnected === true) this.fault(DriverErrorCode.TransportUnplugged, `${this.url} unplugged: ${err.message}`, err);
      else this.fault(DriverErrorCode.TransportUnplugged, `${this.url} closed underneath us`, err);
    });
    this.currentState = 'open';
  }

  write(data: Uint8Array): Promise<void> {
    const port = this.port;
    if (this.currentState !== 'open' || port === null) {
      return Promise.reject(new DriverError(DriverErrorCode.TransportClosed, `write on ${this.currentState} transport ${this.url}`));
    }
    // Copy: the stream holds on to the chunk until it is written, and the
    // caller may reuse its buffer as soon as write() returns.
    const chunk = Buffer.from(data);
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (err: DriverError): void => {
        if (settled) return;
        settled = true;
        this.pendingWrites.delete(fail);
        reject(err);
      };
      this.pendingWrites.add(fail);
      port.write(chunk, (err) => {
        if (err) {
          fail(new DriverError(DriverErrorCode.TransportWriteFailed, `${this.url}: write failed: ${describe(err)}`, {}, { cause: err }));
          return;
        }
        // The callback means the binding took the bytes; drain means the
        // stream's own queue is empty too, i.e. the OS has them all.
        port.drain((drainErr) => {
          if (settled) return;
          if (drainErr) {
            fail(new DriverError(DriverErrorCode.TransportWriteFailed, `${this.url}: drain failed: ${describe(drainErr)}`, {}, { cause: drainErr }));
            return;
          }
          settled = true;
          this.pendingWrites.delete(fail);
          resolve();
        });
      });
    });
  }

  async close(): Promise<void> {
    if (this.currentState === 'closed' || this.currentState === 'closing') return;
    const port = this.port;
    this.currentState = 'closing';
    this.rejectPending(new DriverError(DriverErrorCode.TransportClosed, `${this.url} closed`));
    if (port !== null && port.isOpen) {
      // A close error (rare) is not the caller's problem: the fd is gone either way.
      await new Promise<void>((resolve) => port.close(() => resolve()));
    }
    this.finish();
  }

  private fault(code: DriverErrorCode, message: string, cause: unknown): void {
    if (this.currentState !== 'open') return;
    const err = new DriverError(code, message, { path: this.address.path }, { cause });
    this.currentState = 'closing';
    this.rejectPending(err);
    this.emit('error', err);
    const port = this.port;
    if (port !== null && port.isOpen) port.close(() => this.finish());
    else this.finish();
  }

  private rejectPending(err: DriverError): void {
    for (const fail of [...this.pendingWrites]) fail(err);
  }

  private finish(): void {
    if (this.currentState === 'closed') return;
    const port = this.port;
    this.port = null;
    port?.removeAllListeners('data');
    // Keep a no-op 'error' listener: a late error from a dead port must not crash the process.
    port?.removeAllListeners('error');
    port?.on('error', () => undefined);
    this.currentState = 'closed';
    this.emit('close');
  }
}
