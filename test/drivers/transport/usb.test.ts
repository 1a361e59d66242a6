/**
 * UsbTransport against a fake libusb device (no USB in these kernels). The
 * fake splits the board's stream into IN transfers of random sizes from a
 * seed shown in the suite name (replay with QKDD_SEED).
 */
import { describe, expect, it } from 'vitest';
import { QkdErrorCode, type QkdError } from '../../../errors/index.ts';
import { parseTransportAddress, type UsbAddress } from '../../../drivers/transport/address.ts';
import { createTransport } from '../../../drivers/transport/open-transport.ts';
import { LIBUSB_TRANSFER_TIMED_OUT, UsbTransport, type UsbTransportOptions } from '../../../drivers/transport/usb.ts';
import { Xoshiro128 } from '../../../src/pipeline/prng.ts';
import { testSeed, withSeed } from '../../support/seed.ts';
import { collect, next, transportContract } from '../../support/transport-contract.ts';
import { FakeUsbBackend, FakeUsbDevice, usbError } from '../../support/fake-usb.ts';

const URL = 'usb://1209:0001';

function usbAt(url: string, backend: FakeUsbBackend, options: UsbTransportOptions = {}): UsbTransport {
  return new UsbTransport(parseTransportAddress(url) as UsbAddress, { ...options, backend });
}

/** One attached fake device with an open transport on it. */
async function openOnFake(seed: number, options: UsbTransportOptions = {}, maxPacket = 64) {
  const device = new FakeUsbDevice(new Xoshiro128(seed), { maxPacket });
  const backend = new FakeUsbBackend([device]);
  const t = usbAt(URL, backend, options);
  await t.open();
  await device.deviceEnd.open();
  return { device, backend, t };
}

const splitSeed = testSeed();
transportContract(`usb (fake device, transfer split seed ${splitSeed})`, async () => {
  const device = new FakeUsbDevice(new Xoshiro128(splitSeed), { maxPacket: 512 });
  const backend = new FakeUsbBackend([device]);
  const a = usbAt(URL, backend, { readTransferBytes: 4096 });
  return {
    a,
    b: device.deviceEnd,
    sever: () => device.unplug('detach'),
    dispose: async () => {
      await a.close();
      await device.deviceEnd.close();
    },
  };
});

describe('usb specifics (fake device)', () => {
  it('no matching device: TransportOpenFailed naming VID:PID', async () => {
    const backend = new FakeUsbBackend([]);
    const t = usbAt(URL, backend);
    await expect(t.open()).rejects.toMatchObject({ code: QkdErrorCode.TransportOpenFailed, message: expect.stringContaining('1209:0001') });
    expect(t.state).toBe('closed');
    expect(backend.detachListenerCount).toBe(0);
  });

  it('picks the board by serial number among identical ones, and says which serials it saw otherwise', async () => {
    const rng = new Xoshiro128(1);
    const one = new FakeUsbDevice(rng, { serialNumber: 'QKD-A' });
    const two = new FakeUsbDevice(rng, { serialNumber: 'QKD-B' });
    const backend = new FakeUsbBackend([one, two]);
    const t = usbAt(`${URL}?serial=QKD-B`, backend);
    await t.open();
    expect(two.opened).toBe(true);
    expect(two.iface.claimed).toBe(true);
    expect(one.opened).toBe(false); // opened to read its serial, then closed again
    await t.close();
    const missing = usbAt(`${URL}?serial=QKD-C`, backend);
    await expect(missing.open()).rejects.toMatchObject({
      code: QkdErrorCode.TransportOpenFailed,
      message: expect.stringContaining('found: QKD-A, QKD-B'),
    });
  });

  it('an interface number the device lacks is TransportOpenFailed, and the device is closed again', async () => {
    const device = new FakeUsbDevice(new Xoshiro128(2));
    const t = usbAt(`${URL}?interface=3`, new FakeUsbBackend([device]));
    await expect(t.open()).rejects.toMatchObject({
      code: QkdErrorCode.TransportOpenFailed,
      message: expect.stringContaining('interface 3'),
    });
    expect(device.opened).toBe(false);
  });

  it('large writes go out in transfers of whole packets no bigger than writeTransferBytes', () =>
    withSeed('usb chunking', async (rng, seed) => {
      const { device, t } = await openOnFake(seed, { writeTransferBytes: 1000 }, 64);
      try {
        expect(t.maxWriteTransferBytes).toBe(960); // 1000 rounded down to 15 packets of 64
        const data = new Uint8Array(rng.fillU32(new Uint32Array(2_500)).buffer); // 10_000 bytes
        const got = collect(device.deviceEnd, data.length, 10_000);
        await t.write(data);
        expect(Buffer.compare(await got, data)).toBe(0);
        expect(device.outEp.transferSizes.every((n) => n <= 960)).toBe(true);
        expect(device.outEp.transferSizes.slice(0, -1).every((n) => n % 64 === 0)).toBe(true);
        expect(device.outEp.transferSizes.reduce((s, n) => s + n, 0)).toBe(10_000);
      } finally {
        await t.close();
      }
    }));

  it('reads are queued in whole packets (no overflow on a full packet)', async () => {
    const { device, t } = await openOnFake(3, { readTransferBytes: 1000 }, 512);
    try {
      expect(device.inEp.polling).toBe(true);
      expect(device.inEp.transferSize).toBe(1024);
    } finally {
      await t.close();
    }
  });

  for (const via of ['detach', 'endpoint'] as const) {
    it(`unplug via ${via}: 'error'(TransportUnplugged) then 'close', pending writes reject, device released`, async () => {
      const { device, backend, t } = await openOnFake(4);
      const events: string[] = [];
      let error: QkdError | undefined;
      t.on('error', (err) => {
        events.push('error');
        error = err;
      });
      t.on('close', () => events.push('close'));
      device.outEp.stalled = true; // the board stops reading: the first write hangs in flight
      const inFlight = t.write(new Uint8Array(100));
      const queued = t.write(new Uint8Array(10));
      const outcomes = Promise.allSettled([inFlight, queued]);
      const closed = next(t, 'close', 10_000);
      device.unplug(via);
      await closed;
      const [r1, r2] = await outcomes;
      expect(events).toEqual(['error', 'close']);
      expect(error?.code).toBe(QkdErrorCode.TransportUnplugged);
      expect(r1).toMatchObject({ status: 'rejected', reason: { code: QkdErrorCode.TransportUnplugged } });
      expect(r2).toMatchObject({ status: 'rejected', reason: { code: QkdErrorCode.TransportUnplugged } });
      expect(t.state).toBe('closed');
      expect(device.opened).toBe(false);
      expect(backend.detachListenerCount).toBe(0);
      await expect(t.write(Uint8Array.of(1))).rejects.toMatchObject({ code: QkdErrorCode.TransportClosed });
    });
  }

  it('a bulk IN failure other than unplug (stall) is TransportReadFailed then close', async () => {
    const { device, t } = await openOnFake(5);
    const error = next(t, 'error', 10_000);
    const closed = next(t, 'close', 10_000);
    device.inEp.fail(usbError(4, 'LIBUSB_TRANSFER_STALL'));
    expect((await error)?.code).toBe(QkdErrorCode.TransportReadFailed);
    await closed;
    expect(device.iface.claimed).toBe(false);
  });

  it('a timed-out OUT transfer rejects that write only; the link stays usable', async () => {
    const { device, t } = await openOnFake(6);
    try {
      device.outEp.failNext = usbError(LIBUSB_TRANSFER_TIMED_OUT, 'LIBUSB_TRANSFER_TIMED_OUT');
      await expect(t.write(Uint8Array.of(1, 2))).rejects.toMatchObject({ code: QkdErrorCode.TransportWriteFailed });
      expect(t.state).toBe('open');
      const got = collect(device.deviceEnd, 2, 10_000);
      await t.write(Uint8Array.of(3, 4));
      expect([...(await got)]).toEqual([3, 4]);
    } finally {
      await t.close();
    }
  });

  it('close() with a write in flight rejects it with TransportClosed, releases the interface and unsubscribes detach', async () => {
    const { device, backend, t } = await openOnFake(7);
    device.outEp.stalled = true;
    const inFlight = t.write(new Uint8Array(64)).catch((err: unknown) => err);
    await t.close();
    expect(await inFlight).toMatchObject({ code: QkdErrorCode.TransportClosed });
    expect(device.iface.claimed).toBe(false);
    expect(device.inEp.polling).toBe(false);
    expect(device.opened).toBe(false);
    expect(backend.detachListenerCount).toBe(0);
    device.outEp.releaseHeld(); // a late completion from the old session must be ignored quietly
  });

  it('a detach of some other device is ignored', async () => {
    const { device, backend, t } = await openOnFake(8);
    try {
      const other = new FakeUsbDevice(new Xoshiro128(9));
      backend.emitDetach(other);
      expect(t.state).toBe('open');
      const got = collect(device.deviceEnd, 1, 10_000);
      await t.write(Uint8Array.of(42));
      expect([...(await got)]).toEqual([42]);
    } finally {
      await t.close();
    }
  });

  it('createTransport picks UsbTransport for usb:// and passes the backend through', async () => {
    const device = new FakeUsbDevice(new Xoshiro128(10));
    const t = createTransport(`${URL}?interface=0`, { usb: { backend: new FakeUsbBackend([device]) } });
    expect(t).toBeInstanceOf(UsbTransport);
    await t.open();
    expect(device.iface.claimed).toBe(true);
    await t.close();
  });
});
