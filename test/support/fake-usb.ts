/**
 * A fake libusb device for UsbTransport tests (these machines have no USB in
 * the kernel). It implements the `Usb*Like` subset of node-usb and behaves as
 * node-usb does where it matters: IN polling delivers 'data' per completed
 * transfer, a failed poll transfer emits 'error' and stops polling, OUT
 * transfers call back once done, an unplug fails transfers with
 * LIBUSB_TRANSFER_NO_DEVICE and fires the backend's detach listeners.
 *
 * `deviceEnd` is the board's side as a Transport, so the shared contract
 * suite can run against the pair. Bytes the board sends are cut into IN
 * transfers of random sizes (seeded), as a real bus may.
 */
import { EventEmitter } from 'node:events';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import type { Transport, TransportEvents, TransportState } from '../../drivers/transport/transport.ts';
import {
  LIBUSB_TRANSFER_NO_DEVICE,
  LIBUSB_TRANSFER_TYPE_BULK,
  type UsbBackend,
  type UsbDeviceLike,
  type UsbErrorLike,
  type UsbInEndpointLike,
  type UsbInterfaceLike,
  type UsbOutEndpointLike,
} from '../../drivers/transport/usb.ts';
import type { Xoshiro128 } from '../../src/pipeline/prng.ts';

export function usbError(errno: number, message: string): UsbErrorLike {
  return Object.assign(new Error(message), { errno });
}

class FakeInEndpoint extends EventEmitter implements UsbInEndpointLike {
  readonly direction = 'in' as const;
  readonly transferType = LIBUSB_TRANSFER_TYPE_BULK;
  readonly descriptor: { bEndpointAddress: number; wMaxPacketSize: number };
  polling = false;
  transferSize = 0;
  /** Bytes the board has queued and the host has not yet read. */
  private pending: Buffer[] = [];
  private scheduled = false;

  constructor(
    maxPacket: number,
    private readonly rng: Xoshiro128,
  ) {
    super();
    this.descriptor = { bEndpointAddress: 0x81, wMaxPacketSize: maxPacket };
  }

  startPoll(_nTransfers?: number, transferSize?: number): unknown {
    if (this.polling) throw new Error('Polling already active');
    this.polling = true;
    this.transferSize = transferSize ?? this.descriptor.wMaxPacketSize;
    this.schedule();
    return [];
  }

  stopPoll(callback?: () => void): void {
    if (!this.polling) throw new Error('Polling is not active.');
    this.polling = false;
    setImmediate(() => {
      this.emit('end');
      callback?.();
    });
  }

  /** The board sends bytes; they reach the host in transfers of 1..transferSize bytes. */
  feed(data: Buffer): void {
    this.pending.push(data);
    this.schedule();
  }

  /** A poll transfer fails: node-usb emits 'error' and stops polling. */
  fail(err: UsbErrorLike): void {
    if (!this.polling) return;
    this.polling = false;
    this.emit('error', err);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.polling || this.pending.length === 0) return;
      const all = Buffer.concat(this.pending);
      const n = Math.min(all.length, 1 + this.rng.nextBelow(this.transferSize));
      this.pending = n < all.length ? [all.subarray(n)] : [];
      this.emit('data', Buffer.from(all.subarray(0, n)));
      this.schedule();
    });
  }
}

class FakeOutEndpoint implements UsbOutEndpointLike {
  readonly direction = 'out' as const;
  readonly transferType = LIBUSB_TRANSFER_TYPE_BULK;
  readonly descriptor: { bEndpointAddress: number; wMaxPacketSize: number };
  timeout = 0;
  /** Sizes of every OUT transfer submitted, for chunking assertions. */
  readonly transferSizes: number[] = [];
  /** When true, transfers are held (the board stopped reading) until `release()` or unplug. */
  stalled = false;
  /** Error the next transfer completes with (e.g. a timeout). */
  failNext: UsbErrorLike | null = null;
  private held: Array<() => void> = [];
  private failHeld: Array<(err: UsbErrorLike) => void> = [];

  constructor(
    maxPacket: number,
    private readonly deliver: (data: Buffer) => void,
  ) {
    this.descriptor = { bEndpointAddress: 0x01, wMaxPacketSize: maxPacket };
  }

  transfer(buffer: Buffer, callback: (error: UsbErrorLike | undefined, actual: number) => void): unknown {
    this.transferSizes.push(buffer.length);
    const copy = Buffer.from(buffer);
    const failure = this.failNext;
    this.failNext = null;
    const complete = (): void => {
      if (failure !== null) {
        callback(failure, 0);
        return;
      }
      this.deliver(copy);
      callback(undefined, copy.length);
    };
    if (this.stalled) {
      this.held.push(complete);
      this.failHeld.push((err) => callback(err, 0));
    } else setImmediate(complete);
    return this;
  }

  releaseHeld(): void {
    const held = this.held;
    this.held = [];
    this.failHeld = [];
    for (const run of held) run();
  }

  failAllHeld(err: UsbErrorLike): void {
    const fails = this.failHeld;
    this.held = [];
    this.failHeld = [];
    for (const fail of fails) setImmediate(() => fail(err));
  }
}

class FakeInterface implements UsbInterfaceLike {
  claimed = false;
  constructor(readonly endpoints: Array<FakeInEndpoint | FakeOutEndpoint>) {}
  claim(): void {
    this.claimed = true;
  }
  release(_closeEndpoints: boolean, callback: (error?: UsbErrorLike) => void): void {
    this.claimed = false;
    setImmediate(() => callback());
  }
  isKernelDriverActive(): boolean {
    return false;
  }
  detachKernelDriver(): void {}
}

/** The board's side of the fake as a Transport: what it writes goes up the IN endpoint. */
class DeviceEnd extends EventEmitter implements Transport {
  state: TransportState = 'closed';
  constructor(
    readonly url: string,
    private readonly send: (data: Buffer) => void,
  ) {
    super();
  }
  override on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): this {
    return super.on(event, listener);
  }
  override off<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): this {
    return super.off(event, listener);
  }
  async open(): Promise<void> {
    this.state = 'open';
  }
  async write(data: Uint8Array): Promise<void> {
    if (this.state !== 'open') throw new QkdError(QkdErrorCode.TransportClosed, 'device end closed');
    this.send(Buffer.from(data));
  }
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.emit('close');
  }
  /** Bytes the host sent on the OUT endpoint. */
  receive(data: Buffer): void {
    if (this.state === 'open') this.emit('data', data);
  }
}

export interface FakeUsbDeviceOptions {
  readonly vendorId?: number;
  readonly productId?: number;
  readonly serialNumber?: string;
  /** wMaxPacketSize of both bulk endpoints (64 full speed, 512 high speed). */
  readonly maxPacket?: number;
}

export class FakeUsbDevice implements UsbDeviceLike {
  readonly deviceDescriptor: { idVendor: number; idProduct: number; iSerialNumber: number };
  readonly inEp: FakeInEndpoint;
  readonly outEp: FakeOutEndpoint;
  readonly iface: FakeInterface;
  readonly deviceEnd: DeviceEnd;
  opened = false;
  attached = true;
  backend: FakeUsbBackend | null = null;

  constructor(
    rng: Xoshiro128,
    private readonly options: FakeUsbDeviceOptions = {},
  ) {
    const maxPacket = options.maxPacket ?? 64;
    this.deviceDescriptor = {
      idVendor: options.vendorId ?? 0x1209,
      idProduct: options.productId ?? 0x0001,
      iSerialNumber: options.serialNumber === undefined ? 0 : 3,
    };
    this.inEp = new FakeInEndpoint(maxPacket, rng);
    this.deviceEnd = new DeviceEnd('fake-usb://device', (data) => this.inEp.feed(data));
    this.outEp = new FakeOutEndpoint(maxPacket, (data) => this.deviceEnd.receive(data));
    this.iface = new FakeInterface([this.outEp, this.inEp]);
  }

  open(): void {
    if (!this.attached) throw usbError(-4, 'LIBUSB_ERROR_NO_DEVICE');
    this.opened = true;
  }
  close(): void {
    this.opened = false;
  }
  interface(interfaceNumber: number): UsbInterfaceLike | undefined {
    return interfaceNumber === 0 ? this.iface : undefined;
  }
  getStringDescriptor(index: number, callback: (error?: UsbErrorLike, value?: string) => void): void {
    if (!this.opened) {
      setImmediate(() => callback(usbError(-4, 'device not open')));
      return;
    }
    const value = index === 3 ? this.options.serialNumber : undefined;
    setImmediate(() => callback(undefined, value));
  }

  /**
   * Pull the cable. `via: 'detach'` fires the hotplug event first (transfers fail after);
   * `via: 'endpoint'` fails the IN poll first, as when libusb notices before hotplug.
   */
  unplug(via: 'detach' | 'endpoint'): void {
    this.attached = false;
    const gone = usbError(LIBUSB_TRANSFER_NO_DEVICE, 'LIBUSB_TRANSFER_NO_DEVICE');
    if (via === 'endpoint') this.inEp.fail(gone);
    this.backend?.emitDetach(this);
    if (via === 'detach') this.inEp.fail(gone);
    this.outEp.failAllHeld(gone);
    void this.deviceEnd.close();
  }
}

export class FakeUsbBackend implements UsbBackend {
  private readonly listeners = new Set<(device: UsbDeviceLike) => void>();
  constructor(readonly devices: FakeUsbDevice[]) {
    for (const d of devices) d.backend = this;
  }
  findDevices(vendorId: number, productId: number): readonly UsbDeviceLike[] {
    return this.devices.filter((d) => d.attached && d.deviceDescriptor.idVendor === vendorId && d.deviceDescriptor.idProduct === productId);
  }
  onDetach(listener: (device: UsbDeviceLike) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  get detachListenerCount(): number {
    return this.listeners.size;
  }
  emitDetach(device: UsbDeviceLike): void {
    for (const l of [...this.listeners]) l(device);
  }
}
