/**
 * The board's line console (firmware-protocol/console.ts) spoken over a
 * Transport, for identification and the switch to binary framing.
 *
 * Line splitting uses firmware-protocol's `ConsoleLineReader` (the same
 * preallocated splitter the firmware uses) fed from the transport's 'data'
 * events, rather than piping into `@serialport/parser-readline`: a Transport
 * is an event emitter, not a Node stream, and it may be USB or TCP, so the
 * parser's stream plumbing would buy nothing but an adapter.
 *
 * A session attaches to the transport while it lives and must be detached
 * (`detach()`) before a BoardLink takes the bytes over.
 */
import {
  ConsoleCommand,
  ConsoleLineReader,
  CONSOLE_OK,
  encodeConsoleLine,
  parseConsoleError,
  parseIdn,
  type Identity,
} from '../../firmware-protocol/index.ts';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import type { Transport } from '../transport/transport.ts';

interface Waiter {
  /** Returns true when the line settles the wait. */
  accept(line: string): boolean;
}

export class ConsoleSession {
  private readonly reader = new ConsoleLineReader();
  private waiter: Waiter | null = null;
  private attached = true;
  /** Lines that arrived while nobody waited or that no waiter wanted (echo, noise, binary junk). */
  ignoredLines = 0;

  private readonly onData = (chunk: Uint8Array): void => {
    for (const line of this.reader.push(chunk)) {
      if (!this.attached) return;
      if (this.waiter?.accept(line) !== true) this.ignoredLines++;
    }
  };

  constructor(readonly transport: Transport) {
    transport.on('data', this.onData);
  }

  /** Stop reading; bytes after this belong to whoever listens next. */
  detach(): void {
    if (!this.attached) return;
    this.attached = false;
    this.waiter = null;
    this.transport.off('data', this.onData);
  }

  /**
   * Send `command` and resolve with the first line `pick` maps to a value
   * (undefined = not this one). An `ERR ...` line rejects with DeviceError;
   * silence for `timeoutMs` rejects with Timeout.
   */
  query<T>(command: string, pick: (line: string) => T | undefined, timeoutMs: number): Promise<T> {
    if (!this.attached) return Promise.reject(new QkdError(QkdErrorCode.NotConnected, `console query ${command} after detach`));
    if (this.waiter) return Promise.reject(new QkdError(QkdErrorCode.InvalidArgument, `console query ${command} while another is pending`));
    const url = this.transport.url;
    return new Promise<T>((resolve, reject) => {
      const finish = (fn: () => void): void => {
        clearTimeout(timer);
        this.transport.off('close', onClose);
        this.waiter = null;
        fn();
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(new QkdError(QkdErrorCode.Timeout, `${url}: no console answer to ${command} within ${timeoutMs} ms`, { command })),
          ),
        timeoutMs,
      );
      const onClose = (): void =>
        finish(() => reject(new QkdError(QkdErrorCode.LinkClosed, `${url} closed during console ${command}`, { command })));
      this.transport.on('close', onClose);
      this.waiter = {
        accept: (line) => {
          const error = parseConsoleError(line);
          if (error) {
            finish(() =>
              reject(
                new QkdError(QkdErrorCode.DeviceError, `${url}: console ${command}: ${error.code} ${error.text}`, {
                  command,
                  consoleCode: error.code,
                  detail: error.text,
                }),
              ),
            );
            return true;
          }
          const value = pick(line);
          if (value === undefined) return false;
          finish(() => resolve(value));
          return true;
        },
      };
      // A leading line end terminates any half line the board may hold (noise, an old command).
      this.transport.write(encodeConsoleLine(`\r\n${command}`)).catch((err: unknown) => {
        if (this.waiter)
          finish(() =>
            reject(
              err instanceof QkdError
                ? err
                : new QkdError(QkdErrorCode.TransportWriteFailed, `${url}: console write failed`, {}, { cause: err }),
            ),
          );
      });
    });
  }

  /** `*IDN?` → vendor, model, serial number, firmware version. */
  identify(timeoutMs: number): Promise<Identity> {
    return this.query(ConsoleCommand.Identify, (line) => parseIdn(line) ?? undefined, timeoutMs);
  }

  /**
   * `SYST:MODE BIN`: after the board's `OK` the next byte it reads is binary.
   * The session detaches as soon as OK arrives, in the same tick, so no
   * binary byte is swallowed as console text.
   */
  async enterBinary(timeoutMs: number): Promise<void> {
    await this.query(
      ConsoleCommand.EnterBinary,
      (line) => {
        if (line.trim() !== CONSOLE_OK) return undefined;
        this.detach();
        return true;
      },
      timeoutMs,
    );
  }
}
