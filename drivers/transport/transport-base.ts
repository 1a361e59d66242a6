/**
 * What every transport shares, written once: the typed `on`/`off`, the
 * state and its guards (open while opening or closing, write on a link that
 * is not open, close twice), the writes in flight that a fault or close
 * rejects, the 'error'-then-'close' order of a fault, and the errors those
 * guards raise. A transport (serial, TCP, USB, memory) subclasses this and
 * adds only how it opens, writes and lets go of its OS handle.
 *
 * States: closed → opening → open → closing → closed. 'close' is emitted
 * once per open, by `finish()`.
 */
import { EventEmitter } from 'node:events';
import { QkdError, QkdErrorCode, type QkdErrorDetails } from '../../errors/index.ts';
import { isPermissionError, permissionDeniedError } from './address.ts';
import type { Transport, TransportEvents, TransportState } from './transport.ts';

/** The message of anything thrown (OS errors, libusb exceptions). */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export abstract class TransportBase extends EventEmitter implements Transport {
  protected currentState: TransportState = 'closed';
  /** Writes waiting for the OS to take their bytes; each is rejected if the link dies first. */
  private readonly pendingWrites = new Set<(err: QkdError) => void>();

  constructor(readonly url: string) {
    super();
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

  abstract open(): Promise<void>;
  abstract write(data: Uint8Array): Promise<void>;
  abstract close(): Promise<void>;

  /**
   * The guard at the top of `open()`: false when the link is already open
   * (nothing to do); throws TransportOpenFailed while it is opening or
   * closing; otherwise moves to 'opening' and returns true.
   */
  protected beginOpen(): boolean {
    if (this.currentState === 'open') return false;
    if (this.currentState !== 'closed') {
      throw new QkdError(QkdErrorCode.TransportOpenFailed, `${this.url}: open while ${this.currentState}`);
    }
    this.currentState = 'opening';
    return true;
  }

  /**
   * A failed open: back to 'closed', and the error to throw. A QkdError that
   * already names this address is passed on as it is; anything else becomes
   * TransportOpenFailed "<url>: <verb> failed: <why>" with it as the cause.
   */
  protected openFailed(err: unknown, details: QkdErrorDetails = {}, verb = 'open'): QkdError {
    this.currentState = 'closed';
    if (err instanceof QkdError && err.message.includes(this.url)) return err;
    // A device the user may not open says so, with the fix (udev rule, group).
    if (isPermissionError(err)) return permissionDeniedError(this.url, err);
    return new QkdError(QkdErrorCode.TransportOpenFailed, `${this.url}: ${verb} failed: ${errorText(err)}`, details, { cause: err });
  }

  /** The error of a write on a link that is not open. */
  protected notOpenForWrite(): QkdError {
    return new QkdError(QkdErrorCode.TransportClosed, `write on ${this.currentState} transport ${this.url}`);
  }

  /** TransportWriteFailed "<url>: <what> failed: <why>", with `cause` kept. */
  protected writeFailed(what: string, cause: unknown): QkdError {
    return new QkdError(QkdErrorCode.TransportWriteFailed, `${this.url}: ${what} failed: ${errorText(cause)}`, {}, { cause });
  }

  /**
   * A write through an OS handle: refused (TransportClosed) unless the link
   * is open with a handle; the bytes are copied (the handle may queue them
   * after write() returns, and the caller may reuse its buffer); `send`
   * hands them over and calls `done` or `fail` (later calls are ignored).
   * Until then a fault or close rejects the write through `rejectPendingWrites`.
   */
  protected sendTracked<H>(
    handle: H | null,
    data: Uint8Array,
    send: (handle: H, chunk: Buffer, done: () => void, fail: (err: QkdError) => void) => void,
  ): Promise<void> {
    if (this.currentState !== 'open' || handle === null) return Promise.reject(this.notOpenForWrite());
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
      send(handle, chunk, done, fail);
    });
  }

  /** Rejects every write still in flight; a transport with its own write queue extends it. */
  protected rejectPendingWrites(err: QkdError): void {
    for (const fail of [...this.pendingWrites]) fail(err);
  }

  /**
   * The guard at the top of `close()`: false when already closed or
   * closing; otherwise moves to 'closing', rejects the writes in flight with
   * TransportClosed and returns true. The caller lets go of its handle, then
   * calls `finish()`.
   */
  protected beginClose(): boolean {
    if (this.currentState === 'closed' || this.currentState === 'closing') return false;
    this.currentState = 'closing';
    this.rejectPendingWrites(new QkdError(QkdErrorCode.TransportClosed, `${this.url} closed`));
    return true;
  }

  /**
   * A fault on an open link (unplug, read error): 'closing', the writes in
   * flight rejected with `err`, then 'error'. False (and nothing done) when
   * the link is not open. The caller lets go of its handle, then calls
   * `finish()`, which emits 'close'.
   */
  protected beginFault(err: QkdError): boolean {
    if (this.currentState !== 'open') return false;
    this.currentState = 'closing';
    this.rejectPendingWrites(err);
    this.emit('error', err);
    return true;
  }

  /** The end of every close and fault: `detach()`, 'closed', then 'close' (once). */
  protected finish(): void {
    if (this.currentState === 'closed') return;
    this.detach();
    this.currentState = 'closed';
    this.emit('close');
  }

  /** Drops the OS handle and its listeners before 'close'; a transport with a handle overrides it. */
  protected detach(): void {}
}
