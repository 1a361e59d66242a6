/** Device address parsing: what each good URL means, and the exact error for each bad one. */
import { describe, expect, it } from 'vitest';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import {
  formatUsbAddress,
  isPermissionError,
  PERMISSION_HINTS,
  parseTransportAddress,
  permissionDeniedError,
  type UsbAddress,
} from '../../../drivers/transport/address.ts';
import { createTransport, openTransport } from '../../../drivers/transport/open-transport.ts';
import { SerialTransport } from '../../../drivers/transport/serial.ts';
import { TcpTransport } from '../../../drivers/transport/tcp.ts';
import { UsbTransport } from '../../../drivers/transport/usb.ts';
import { connectWithRetry } from '../../../src/node/boards/connect-with-retry.ts';
import { Xoshiro128 } from '../../../src/pipeline/prng.ts';
import { FakeUsbBackend, FakeUsbDevice, usbError } from '../../support/fake-usb.ts';
import type { SerialPort } from 'serialport';

describe('parseTransportAddress: good addresses', () => {
  it('serial with triple slash, baud and flow control', () => {
    expect(parseTransportAddress('serial:///dev/ttyUSB0?baud=115200&rtscts=true')).toEqual({
      scheme: 'serial',
      url: 'serial:///dev/ttyUSB0?baud=115200&rtscts=true',
      path: '/dev/ttyUSB0',
      baudRate: 115_200,
      rtscts: true,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
    });
  });

  it('serial short form gets the defaults (921600 baud, 8N1, no flow control)', () => {
    expect(parseTransportAddress('serial:/dev/pts/3')).toMatchObject({
      path: '/dev/pts/3',
      baudRate: 921_600,
      rtscts: false,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
    });
  });

  it('serial framing options and a bare flag', () => {
    expect(parseTransportAddress('serial:///dev/ttyS1?dataBits=7&parity=even&stopBits=2&rtscts')).toMatchObject({
      dataBits: 7,
      parity: 'even',
      stopBits: 2,
      rtscts: true,
    });
  });

  it('usb with hex VID:PID, serial and interface', () => {
    expect(parseTransportAddress('usb://0403:6001?serial=ABC&interface=1')).toEqual({
      scheme: 'usb',
      url: 'usb://0403:6001?serial=ABC&interface=1',
      vendorId: 0x0403,
      productId: 0x6001,
      serialNumber: 'ABC',
      interfaceNumber: 1,
    });
  });

  it('usb ids are hex, case-insensitive, 0x allowed; interface defaults to 0', () => {
    expect(parseTransportAddress('usb://0xCafe:bEEf')).toMatchObject({
      vendorId: 0xcafe,
      productId: 0xbeef,
      serialNumber: undefined,
      interfaceNumber: 0,
    });
  });

  it('tcp with host name, port and connect timeout', () => {
    expect(parseTransportAddress('tcp://ser2net.lab:4001?connectTimeoutMs=250')).toEqual({
      scheme: 'tcp',
      url: 'tcp://ser2net.lab:4001?connectTimeoutMs=250',
      host: 'ser2net.lab',
      port: 4001,
      connectTimeoutMs: 250,
    });
  });

  it('tcp with an IPv6 literal gives node:net the bare address; default timeout 5000 ms', () => {
    expect(parseTransportAddress('tcp://[::1]:7000')).toMatchObject({ host: '::1', port: 7000, connectTimeoutMs: 5000 });
  });
});

describe('parseTransportAddress: bad addresses', () => {
  const cases: Array<[url: string, message: string, field: string]> = [
    ['/dev/ttyUSB0', 'bad transport address "/dev/ttyUSB0": missing scheme (expected serial:, usb: or tcp:)', 'scheme'],
    ['ftp://x:1', 'bad transport address "ftp://x:1": unknown scheme "ftp:" (expected serial:, usb: or tcp:)', 'scheme'],
    // The simulator is served on a pty or TCP; a bench config names it by that address, never sim:.
    [
      'sim://photon-source',
      'bad transport address "sim://photon-source": unknown scheme "sim:" (expected serial:, usb: or tcp:)',
      'scheme',
    ],
    [
      'tcp://127.0.0.1:7001?baudrat=9600',
      'bad transport address "tcp://127.0.0.1:7001?baudrat=9600": unknown option "baudrat" (allowed: connectTimeoutMs)',
      'baudrat',
    ],
    [
      'serial://host/dev/ttyUSB0',
      'bad transport address "serial://host/dev/ttyUSB0": serial addresses take no host; use serial:///dev/… or serial:/dev/…',
      'path',
    ],
    ['serial:ttyUSB0', 'bad transport address "serial:ttyUSB0": serial device path must be absolute, got "ttyUSB0"', 'path'],
    [
      'serial:///dev/ttyUSB0?baudrate=9600',
      'bad transport address "serial:///dev/ttyUSB0?baudrate=9600": unknown option "baudrate" (allowed: baud, rtscts, dataBits, parity, stopBits)',
      'baudrate',
    ],
    [
      'serial:///dev/ttyUSB0?baud=fast',
      'bad transport address "serial:///dev/ttyUSB0?baud=fast": baud must be a decimal integer, got "fast"',
      'baud',
    ],
    ['serial:///dev/ttyUSB0?baud=0', 'bad transport address "serial:///dev/ttyUSB0?baud=0": baud must be in 1..20000000, got 0', 'baud'],
    [
      'serial:///dev/ttyUSB0?baud=9600&baud=19200',
      'bad transport address "serial:///dev/ttyUSB0?baud=9600&baud=19200": option "baud" given twice',
      'baud',
    ],
    [
      'serial:///dev/ttyUSB0?rtscts=yes',
      'bad transport address "serial:///dev/ttyUSB0?rtscts=yes": rtscts must be true/false/1/0, got "yes"',
      'rtscts',
    ],
    [
      'serial:///dev/ttyUSB0?parity=mark',
      'bad transport address "serial:///dev/ttyUSB0?parity=mark": parity must be none, even or odd, got "mark"',
      'parity',
    ],
    [
      'serial:///dev/ttyUSB0?dataBits=9',
      'bad transport address "serial:///dev/ttyUSB0?dataBits=9": dataBits must be in 5..8, got 9',
      'dataBits',
    ],
    ['usb:0403:6001', 'bad transport address "usb:0403:6001": expected usb://VID:PID[/SERIAL]', 'vendorId'],
    ['usb://0403:6001/A/B', 'bad transport address "usb://0403:6001/A/B": serial "A/B" holds a "/" (percent-encode it as %2F)', 'serial'],
    [
      'usb://0403:6001/ABC?serial=ABC',
      'bad transport address "usb://0403:6001/ABC?serial=ABC": serial given twice (path and ?serial=); use usb://VID:PID/SERIAL',
      'serial',
    ],
    [
      'usb://0403:6001/%E0%A4%A',
      'bad transport address "usb://0403:6001/%E0%A4%A": serial "%E0%A4%A" is not valid percent-encoding',
      'serial',
    ],
    ['usb://0403', 'bad transport address "usb://0403": expected VID:PID in hex after usb://, got "0403"', 'vendorId'],
    ['usb://04g3:6001', 'bad transport address "usb://04g3:6001": vendorId must be 1-4 hex digits, got "04g3"', 'vendorId'],
    ['usb://0403:16001', 'bad transport address "usb://0403:16001": productId must be 1-4 hex digits, got "16001"', 'productId'],
    ['usb://0403:6001?serial=', 'bad transport address "usb://0403:6001?serial=": serial must not be empty', 'serial'],
    [
      'usb://0403:6001?interface=256',
      'bad transport address "usb://0403:6001?interface=256": interface must be in 0..255, got 256',
      'interface',
    ],
    [
      'usb://0403:6001?iface=1',
      'bad transport address "usb://0403:6001?iface=1": unknown option "iface" (allowed: serial, interface)',
      'iface',
    ],
    ['tcp://bridge.lab', 'bad transport address "tcp://bridge.lab": missing port (tcp://host:port)', 'port'],
    ['tcp://:4001', 'bad transport address "tcp://:4001": not a valid tcp://host:port URL', 'host'],
    ['tcp://bridge.lab:99999', 'bad transport address "tcp://bridge.lab:99999": not a valid tcp://host:port URL', 'host'],
    ['tcp://bridge.lab:0', 'bad transport address "tcp://bridge.lab:0": port must be in 1..65535, got 0', 'port'],
    ['tcp://bridge.lab:4001/x', 'bad transport address "tcp://bridge.lab:4001/x": unexpected path "/x"', 'path'],
    ['tcp://user:pw@bridge.lab:4001', 'bad transport address "tcp://user:pw@bridge.lab:4001": credentials are not supported', 'host'],
    [
      'tcp://bridge.lab:4001?connectTimeoutMs=-5',
      'bad transport address "tcp://bridge.lab:4001?connectTimeoutMs=-5": connectTimeoutMs must be a decimal integer, got "-5"',
      'connectTimeoutMs',
    ],
    [
      'tcp://bridge.lab:4001?timeout=5',
      'bad transport address "tcp://bridge.lab:4001?timeout=5": unknown option "timeout" (allowed: connectTimeoutMs)',
      'timeout',
    ],
  ];

  for (const [url, message, field] of cases) {
    it(`rejects ${url}`, () => {
      let caught: unknown;
      try {
        parseTransportAddress(url);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(QkdError);
      expect(caught).toMatchObject({ code: QkdErrorCode.TransportBadUrl, message, details: { url, field } });
    });
  }
});

describe('createTransport / openTransport', () => {
  it('picks the implementation by scheme and keeps the url', () => {
    const serial = createTransport('serial:/dev/pts/9');
    const tcp = createTransport('tcp://127.0.0.1:4001');
    expect(serial).toBeInstanceOf(SerialTransport);
    expect(tcp).toBeInstanceOf(TcpTransport);
    expect(serial.url).toBe('serial:/dev/pts/9');
    expect(tcp.state).toBe('closed'); // created, not opened
  });

  it('a bad address throws TransportBadUrl from createTransport and rejects from openTransport', async () => {
    expect(() => createTransport('bogus://x')).toThrow(expect.objectContaining({ code: QkdErrorCode.TransportBadUrl }));
    await expect(openTransport('tcp://nohost')).rejects.toMatchObject({ code: QkdErrorCode.TransportBadUrl });
  });

  it('openTransport reports a failed open as TransportOpenFailed', async () => {
    await expect(openTransport('serial:///dev/qkdd-no-such-port')).rejects.toMatchObject({ code: QkdErrorCode.TransportOpenFailed });
  });
});

describe('USB address form (FRAMING.md §5: usb://VID:PID[/SERIAL])', () => {
  it('reads the serial number from the path, percent-decoded, with the interface option', () => {
    expect(parseTransportAddress('usb://1209:c0de/PM%2F0017?interface=2')).toEqual({
      scheme: 'usb',
      url: 'usb://1209:c0de/PM%2F0017?interface=2',
      vendorId: 0x1209,
      productId: 0xc0de,
      serialNumber: 'PM/0017',
      interfaceNumber: 2,
    });
    expect(parseTransportAddress('usb://1209:c0de/')).toMatchObject({ serialNumber: undefined });
  });

  it('the older ?serial= spelling means the same board', () => {
    const a = parseTransportAddress('usb://1209:C0DE/PM0017') as UsbAddress;
    const b = parseTransportAddress('usb://1209:C0DE?serial=PM0017') as UsbAddress;
    expect([a.vendorId, a.productId, a.serialNumber]).toEqual([b.vendorId, b.productId, b.serialNumber]);
  });

  it('formatUsbAddress writes the path form, and the parser reads it back', () => {
    for (const serial of ['PM0017', 'TT 01', 'a/b?c%d', undefined]) {
      const url = formatUsbAddress(0x1209, 0x1, serial, serial === 'TT 01' ? 3 : 0);
      const parsed = parseTransportAddress(url) as UsbAddress;
      expect(parsed).toMatchObject({ vendorId: 0x1209, productId: 1, serialNumber: serial, interfaceNumber: serial === 'TT 01' ? 3 : 0 });
    }
    expect(formatUsbAddress(0x1209, 0xc0de, 'TT 01')).toBe('usb://1209:c0de/TT%2001');
  });

  it('FRAMING.md documents the form the parser reads', async () => {
    const { readFileSync } = await import('node:fs');
    const framing = readFileSync(new URL('../../../firmware-protocol/FRAMING.md', import.meta.url), 'utf8');
    const documented = /`(usb:\/\/1209:c0de\/[^`]+)`/.exec(framing)?.[1];
    expect(documented).toBeDefined();
    expect(parseTransportAddress(documented!)).toMatchObject({ vendorId: 0x1209, productId: 0xc0de, serialNumber: 'PM0017' });
    expect(framing).toContain('usb://VID:PID[/SERIAL][?interface=N]');
  });
});

describe('a board device the user may not open', () => {
  /** A fake USB device whose open() is refused as libusb refuses it without the udev rule. */
  class DeniedUsbDevice extends FakeUsbDevice {
    override open(): void {
      throw usbError(-3, 'LIBUSB_ERROR_ACCESS');
    }
  }

  it('USB: QkdError TransportPermissionDenied with the udev hint (first match and by serial)', async () => {
    for (const url of ['usb://1209:0001', 'usb://1209:0001/QKD-A']) {
      const device = new DeniedUsbDevice(new Xoshiro128(1), { serialNumber: 'QKD-A' });
      const t = new UsbTransport(parseTransportAddress(url) as UsbAddress, { backend: new FakeUsbBackend([device]) });
      const err = await t.open().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(QkdError);
      expect(err).toMatchObject({ code: QkdErrorCode.TransportPermissionDenied, details: { url, hint: PERMISSION_HINTS.usb } });
      expect((err as QkdError).message).toBe(`${url}: permission denied (this user may not open the USB device); ${PERMISSION_HINTS.usb}`);
      expect((err as QkdError).message).toContain('deploy/99-qkdd.rules');
      expect(t.state).toBe('closed');
    }
  });

  it('serial: EACCES from the port becomes the dialout hint', async () => {
    const refused = Object.assign(new Error('Error: Permission denied, cannot open /dev/ttyUSB7'), {});
    const t = new SerialTransport(parseTransportAddress('serial:///dev/ttyUSB7') as never, {
      createPort: () => ({ open: (cb: (err: Error | null) => void) => cb(refused) }) as unknown as SerialPort,
    });
    const err = await t.open().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: QkdErrorCode.TransportPermissionDenied });
    expect((err as QkdError).message).toMatch(/^serial:\/\/\/dev\/ttyUSB7: permission denied .*usermod -aG dialout/);
    expect((err as QkdError).cause).toBe(refused);
  });

  it("qkdd run's first connect gives up at once on it (no retries for seconds), with the hint", async () => {
    let attempts = 0;
    const log = { warn: () => undefined } as unknown as Parameters<typeof connectWithRetry>[2];
    const err = await connectWithRetry(
      'boards.detector',
      () => ({
        connect: async () => {
          attempts++;
          throw permissionDeniedError('usb://1209:0001/TT0042', usbError(-3, 'LIBUSB_ERROR_ACCESS'));
        },
        close: async () => undefined,
      }),
      log,
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(attempts).toBe(1);
    expect(err).toMatchObject({ code: QkdErrorCode.TransportPermissionDenied });
    expect((err as QkdError).message).toContain('deploy/99-qkdd.rules');
  });

  it('isPermissionError knows EACCES, EPERM, LIBUSB_ERROR_ACCESS and causes; not a missing device', () => {
    expect(isPermissionError(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe(true);
    expect(isPermissionError(Object.assign(new Error('x'), { code: 'EPERM' }))).toBe(true);
    expect(isPermissionError(usbError(-3, 'LIBUSB_ERROR_ACCESS'))).toBe(true);
    expect(isPermissionError(new Error('wrapped', { cause: Object.assign(new Error('y'), { code: 'EACCES' }) }))).toBe(true);
    expect(isPermissionError(Object.assign(new Error('Error: No such file or directory, cannot open /dev/x'), { code: 'ENOENT' }))).toBe(
      false,
    );
    expect(isPermissionError(usbError(-4, 'LIBUSB_ERROR_NO_DEVICE'))).toBe(false);
    expect(permissionDeniedError('usb://1209:0001', null).code).toBe(QkdErrorCode.TransportPermissionDenied);
  });
});
