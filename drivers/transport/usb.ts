/**
 * USB bulk transport on `usb` 2.x (legacy node-usb API): one interface, its
 * first bulk IN endpoint polled continuously, its first bulk OUT endpoint
 * written in transfers of whole max-size packets.
 *
 * The libusb objects are reached through the small `Usb*Like` interfaces
 * below — exactly the subset of node-usb we call — so tests (and machines
 * without USB in the kernel) run this class against a fake device. The
 * default backend loads `usb` lazily, on first open.
 *
 * USB chops the stream into bulk transfers wherever it likes; this layer is
 * only a byte stream (frames are the framing layer's job).
 */
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import { isPermissionError, permissionDeniedError, type UsbAddress } from './address.ts';
import { TransportBase } from './transport-base.ts';

// libusb ABI constants (libusb.h); duplicated so that the fake path never loads the native module.
export const LIBUSB_ERROR_NO_DEVICE = -4;
export const LIBUSB_TRANSFER_TIMED_OUT = 2;
export const LIBUSB_TRANSFER_CANCELLED = 3;
export const LIBUSB_TRANSFER_NO_DEVICE = 5;
export const LIBUSB_TRANSFER_TYPE_BULK = 2;

/** node-usb's LibUSBException: an Error with libusb's code (an error or a transfer status). */
export interface UsbErrorLike extends Error {
  readonly errno?: number;
}

export interface UsbEndpointLike {
  /** node-usb types this as 'in' | 'out' on both endpoint classes, so it does not discriminate in TS. */
  readonly direction: 'in' | 'out';
  /** LIBUSB_TRANSFER_TYPE_*. */
  readonly transferType: number;
  readonly descriptor: { readonly bEndpointAddress: number; readonly wMaxPacketSize: number };
}

export interface UsbInEndpointLike extends UsbEndpointLike {
  /** Keeps `nTransfers` reads of `transferSize` bytes queued; results come as 'data' / 'error'. */
  startPoll(nTransfers?: number, transferSize?: number): unknown;
  /** Cancels the queued reads; the callback runs once all have finished ('end'). */
  stopPoll(callback?: () => void): void;
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (err: UsbErrorLike) => void): unknown;
  removeAllListeners(event?: string): unknown;
}

export interface UsbOutEndpointLike extends UsbEndpointLike {
  /** Transfer timeout in ms for `transfer` (0 = none). */
  timeout: number;
  transfer(buffer: Buffer, callback: (error: UsbErrorLike | undefined, actual: number) => void): unknown;
}

export interface UsbInterfaceLike {
  readonly endpoints: readonly UsbEndpointLike[];
  claim(): void;
  release(closeEndpoints: boolean, callback: (error?: UsbErrorLike) => void): void;
  isKernelDriverActive(): boolean;
  detachKernelDriver(): void;
}

export interface UsbDeviceLike {
  readonly deviceDescriptor: { readonly idVendor: number; readonly idProduct: number; readonly iSerialNumber: number };
  open(): void;
  close(): void;
  interface(interfaceNumber: number): UsbInterfaceLike | undefined;
  getStringDescriptor(index: number, callback: (error?: UsbErrorLike, value?: string) => void): void;
}

/** Where devices come from and how unplugs are announced (node-usb's module-level API). */
export interface UsbBackend {
  /** Every attached device with this VID:PID. */
  findDevices(vendorId: number, productId: number): readonly UsbDeviceLike[];
  /** Subscribes to detach events; returns the unsubscribe function. */
  onDetach(listener: (device: UsbDeviceLike) => void): () => void;
}

/** The real backend: node-usb, loaded on first use. */
export async function libusbBackend(): Promise<UsbBackend> {
  const { usb, getDeviceList } = await import('usb');
  if (usb.INIT_ERROR) {
    throw new QkdError(QkdErrorCode.TransportOpenFailed, 'libusb failed to initialise (no USB support on this machine?)', {
      initError: String(usb.INIT_ERROR),
    });
  }
  return {
    findDevices: (vendorId, productId) =>
      getDeviceList().filter((d) => d.deviceDescriptor.idVendor === vendorId && d.deviceDescriptor.idProduct === productId),
    onDetach: (listener) => {
      // node-usb hands out the same Device object for attach, list and detach.
      const handler = (device: UsbDeviceLike): void => listener(device);
      usb.on('detach', handler);
      return () => usb.off('detach', handler);
    },
  };
}

export interface UsbTransportOptions {
  /** Defaults to `libusbBackend()`. */
  readonly backend?: UsbBackend | (() => Promise<UsbBackend>);
  /** Reads kept queued on the IN endpoint. */
  readonly readTransfers?: number;
  /** Size of each queued read, in bytes; rounded up to whole packets. Default 16 packets. */
  readonly readTransferBytes?: number;
  /** Largest OUT transfer, in bytes; rounded down to whole packets. Default 64 packets. */
  readonly writeTransferBytes?: number;
  /** Timeout of one OUT transfer, in ms (a board that stops reading fails the write instead of hanging it). */
  readonly writeTimeoutMs?: number;
  /** Bound on waiting for queued reads to cancel at close, in ms. */
  readonly closeTimeoutMs?: number;
}

interface WriteJob {
  readonly data: Buffer;
  readonly resolve: () => void;
  readonly reject: (err: QkdError) => void;
}

function isNoDevice(err: UsbErrorLike | undefined): boolean {
  return err?.errno === LIBUSB_ERROR_NO_DEVICE || err?.errno === LIBUSB_TRANSFER_NO_DEVICE;
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

function readSerialNumber(device: UsbDeviceLike): Promise<string | undefined> {
  const index = device.deviceDescriptor.iSerialNumber;
  if (index === 0) return Promise.resolve(undefined);
  return new Promise((resolve) => device.getStringDescriptor(index, (err, value) => resolve(err ? undefined : value)));
}

export class UsbTransport extends TransportBase {
  private readonly backendOption: UsbTransportOptions['backend'];
  private readonly readTransfers: number;
  private readonly readTransferBytes: number | undefined;
  private readonly writeTransferBytes: number | undefined;
  private readonly writeTimeoutMs: number;
  private readonly closeTimeoutMs: number;

  private device: UsbDeviceLike | null = null;
  private iface: UsbInterfaceLike | null = null;
  private inEp: UsbInEndpointLike | null = null;
  private outEp: UsbOutEndpointLike | null = null;
  private unsubscribeDetach: (() => void) | null = null;
  /** Writes in order; the head is the one on the wire. */
  private queue: WriteJob[] = [];
  private pumping = false;
  /** Bumped on every close/fault so callbacks from an older session are ignored. */
  private session = 0;

  constructor(
    readonly address: UsbAddress,
    options: UsbTransportOptions = {},
  ) {
    super(address.url);
    this.backendOption = options.backend;
    this.readTransfers = options.readTransfers ?? 4;
    this.readTransferBytes = options.readTransferBytes;
    this.writeTransferBytes = options.writeTransferBytes;
    this.writeTimeoutMs = options.writeTimeoutMs ?? 5_000;
    this.closeTimeoutMs = options.closeTimeoutMs ?? 1_000;
  }

  /** Largest OUT transfer in bytes: whole packets, so only a write's last transfer can be short. */
  get maxWriteTransferBytes(): number {
    const packet = this.outEp?.descriptor.wMaxPacketSize ?? 64;
    const wanted = this.writeTransferBytes ?? packet * 64;
    return Math.max(packet, Math.floor(wanted / packet) * packet);
  }

  async open(): Promise<void> {
    if (!this.beginOpen()) return;
    const { vendorId, productId, interfaceNumber } = this.address;
    const id = `${hex4(vendorId)}:${hex4(productId)}`;
    let device: UsbDeviceLike | null = null;
    let claimed: UsbInterfaceLike | null = null;
    try {
      const backend =
        typeof this.backendOption === 'function' ? await this.backendOption() : (this.backendOption ?? (await libusbBackend()));
      device = await this.pick(backend, id);
      // Subscribe before touching the device: an unplug during setup must not be missed.
      const session = ++this.session;
      const picked = device;
      this.unsubscribeDetach = backend.onDetach((gone) => {
        if (gone === picked && this.session === session) this.fault(`${this.url} unplugged (detach)`, undefined);
      });
      device.open();
      const iface = device.interface(interfaceNumber);
      if (iface === undefined) {
        throw new QkdError(QkdErrorCode.TransportOpenFailed, `${this.url}: device ${id} has no interface ${interfaceNumber}`, {
          vendorId,
          productId,
          interfaceNumber,
        });
      }
      // A CDC/vendor kernel driver bound to the interface would make claim() fail with BUSY.
      if (iface.isKernelDriverActive()) iface.detachKernelDriver();
      iface.claim();
      claimed = iface;
      const bulk = iface.endpoints.filter((e) => e.transferType === LIBUSB_TRANSFER_TYPE_BULK);
      // node-usb's endpoint classes share the `direction` type, so the direction check is the narrowing.
      const inEp = bulk.find((e) => e.direction === 'in') as UsbInEndpointLike | undefined;
      const outEp = bulk.find((e) => e.direction === 'out') as UsbOutEndpointLike | undefined;
      if (inEp === undefined || outEp === undefined) {
        throw new QkdError(
          QkdErrorCode.TransportOpenFailed,
          `${this.url}: interface ${interfaceNumber} of ${id} lacks a bulk ${inEp === undefined ? 'IN' : 'OUT'} endpoint`,
          { vendorId, productId, interfaceNumber },
        );
      }
      this.device = device;
      this.iface = iface;
      this.inEp = inEp;
      this.outEp = outEp;
      outEp.timeout = this.writeTimeoutMs;
      inEp.on('data', (chunk: Buffer) => {
        if (this.session === session && this.currentState === 'open' && chunk.length > 0) this.emit('data', chunk);
      });
      inEp.on('error', (err: UsbErrorLike) => {
        if (this.session !== session) return;
        if (isNoDevice(err)) this.fault(`${this.url} unplugged: ${err.message}`, err);
        else this.fault(`${this.url}: bulk IN failed: ${err.message}`, err, QkdErrorCode.TransportReadFailed);
      });
      const packet = inEp.descriptor.wMaxPacketSize;
      // Reads must be whole packets, else a full packet overflows the buffer (LIBUSB_TRANSFER_OVERFLOW).
      const readBytes = Math.max(1, Math.ceil((this.readTransferBytes ?? packet * 16) / packet)) * packet;
      if (this.session !== session)
        throw new QkdError(QkdErrorCode.TransportOpenFailed, `${this.url}: device ${id} detached during open`, { vendorId, productId });
      this.currentState = 'open';
      inEp.startPoll(this.readTransfers, readBytes);
    } catch (err) {
      this.unsubscribeDetach?.();
      this.unsubscribeDetach = null;
      this.session++;
      if (claimed !== null) claimed.release(true, () => undefined);
      try {
        device?.close();
      } catch {
        // Already failing; the original error is the one worth reporting.
      }
      this.device = this.iface = this.inEp = this.outEp = null;
      throw this.openFailed(err, { vendorId, productId });
    }
  }

  private async pick(backend: UsbBackend, id: string): Promise<UsbDeviceLike> {
    const candidates = backend.findDevices(this.address.vendorId, this.address.productId);
    const wanted = this.address.serialNumber;
    if (wanted === undefined) {
      const first = candidates[0];
      if (first === undefined) throw new QkdError(QkdErrorCode.TransportOpenFailed, `${this.url}: no USB device ${id} attached`);
      return first;
    }
    const seen: string[] = [];
    let denied: unknown;
    for (const device of candidates) {
      // The serial string needs the device open; close it again if it is not ours.
      try {
        device.open();
      } catch (err) {
        if (isPermissionError(err)) denied = err;
        continue; // in use by someone else, or no permission: not one we can open anyway
      }
      const serial = await readSerialNumber(device);
      device.close();
      if (serial === wanted) return device;
      if (serial !== undefined) seen.push(serial);
    }
    // Devices we may not open could be the one asked for: say so rather than "not found".
    if (denied !== undefined) throw permissionDeniedError(this.url, denied);
    throw new QkdError(
      QkdErrorCode.TransportOpenFailed,
      `${this.url}: no USB device ${id} with serial "${wanted}" (found: ${seen.length === 0 ? 'none' : seen.join(', ')})`,
    );
  }

  write(data: Uint8Array): Promise<void> {
    if (this.currentState !== 'open') return Promise.reject(this.notOpenForWrite());
    // Copy: the caller may reuse its buffer as soon as write() returns.
    const copy = Buffer.from(data);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ data: copy, resolve, reject });
      this.pump();
    });
  }

  /** Sends queued writes one transfer at a time, so bytes leave in the order they were written. */
  private pump(): void {
    if (this.pumping) return;
    const job = this.queue[0];
    const ep = this.outEp;
    if (job === undefined || ep === null || this.currentState !== 'open') return;
    this.pumping = true;
    const session = this.session;
    const max = this.maxWriteTransferBytes;
    const sendFrom = (offset: number): void => {
      const end = Math.min(job.data.length, offset + max);
      ep.transfer(job.data.subarray(offset, end), (err) => {
        if (this.session !== session) return; // closed or faulted: the job was already rejected
        if (err !== undefined) {
          this.pumping = false;
          if (isNoDevice(err)) {
            this.fault(`${this.url} unplugged: ${err.message}`, err);
            return;
          }
          this.queue.shift();
          job.reject(this.writeFailed('bulk OUT', err));
          this.pump();
          return;
        }
        if (end < job.data.length) {
          sendFrom(end);
          return;
        }
        this.pumping = false;
        this.queue.shift();
        job.resolve();
        this.pump();
      });
    };
    sendFrom(0);
  }

  async close(): Promise<void> {
    if (!this.beginClose()) return;
    this.session++;
    await this.teardown(false);
    this.finish();
  }

  private fault(message: string, cause: unknown, code = QkdErrorCode.TransportUnplugged): void {
    if (this.currentState === 'opening') {
      // open() is still running: bumping the session makes it notice and fail.
      this.session++;
      return;
    }
    if (this.currentState !== 'open') return;
    this.session++;
    this.beginFault(new QkdError(code, message, { vendorId: this.address.vendorId, productId: this.address.productId }, { cause }));
    // After an unplug there is no interface left to release; after a read
    // failure on a present device, release it so a reopen can claim it.
    void this.teardown(code === QkdErrorCode.TransportUnplugged).then(() => this.finish());
  }

  /** The write queue is this transport's writes in flight. */
  protected override rejectPendingWrites(err: QkdError): void {
    const jobs = this.queue;
    this.queue = [];
    this.pumping = false;
    for (const job of jobs) job.reject(err);
  }

  /** Stops reads, releases the interface and closes the device; bounded by closeTimeoutMs; never throws. */
  private async teardown(deviceGone: boolean): Promise<void> {
    const { device, iface, inEp } = this;
    this.unsubscribeDetach?.();
    this.unsubscribeDetach = null;
    const bounded = (start: (done: () => void) => void): Promise<void> =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.closeTimeoutMs);
        timer.unref();
        try {
          start(() => {
            clearTimeout(timer);
            resolve();
          });
        } catch {
          clearTimeout(timer);
          resolve();
        }
      });
    if (inEp !== null) {
      await bounded((done) => inEp.stopPoll(done));
      inEp.removeAllListeners('data');
      inEp.removeAllListeners('error');
      // A late poll error from a dead endpoint must not become an uncaught 'error' event.
      inEp.on('error', () => undefined);
    }
    if (iface !== null && !deviceGone) await bounded((done) => iface.release(true, () => done()));
    try {
      device?.close();
    } catch {
      // Closing a vanished device can fail; there is nothing left to free.
    }
    this.device = this.iface = this.inEp = this.outEp = null;
  }
}
