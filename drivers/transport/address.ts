/**
 * Device addresses are URLs; the scheme picks the transport:
 *
 *   serial:///dev/ttyUSB0?baud=921600&rtscts=true   (also `serial:/dev/pts/3`)
 *   usb://1209:c0de/PM0017?interface=0               (VID:PID in hex, then the
 *                                                     board's USB serial number)
 *   tcp://bench-bridge.local:4001?connectTimeoutMs=2000
 *
 * The USB form is the one FRAMING.md §5 documents: `usb://VID:PID[/SERIAL]`,
 * the serial number percent-encoded where it holds `/`, `?`, `%` or spaces.
 * The older spelling `usb://VID:PID?serial=SERIAL` is still read (same
 * meaning); discovery and `qkdctl` print the path form.
 *
 * Parsing is strict: an unknown option or a malformed value is a
 * TransportBadUrl error naming the offending part, because a typo in a bench
 * config ("baudrate=" for "baud=") would otherwise silently use a default
 * and show up hours later as garbage on the wire.
 */
import { QkdError, QkdErrorCode } from '../../errors/index.ts';

/** Default line rate of our boards' UART bridges, in baud. */
export const DEFAULT_BAUD_RATE = 921_600;
/** Default time allowed for a TCP connect, in milliseconds. */
export const DEFAULT_TCP_CONNECT_TIMEOUT_MS = 5_000;

export type SerialParity = 'none' | 'even' | 'odd';

export interface SerialAddress {
  readonly scheme: 'serial';
  readonly url: string;
  /** Device node, e.g. `/dev/ttyUSB0`. */
  readonly path: string;
  readonly baudRate: number;
  /** Hardware flow control (RTS/CTS). */
  readonly rtscts: boolean;
  readonly dataBits: 5 | 6 | 7 | 8;
  readonly parity: SerialParity;
  readonly stopBits: 1 | 2;
}

export interface UsbAddress {
  readonly scheme: 'usb';
  readonly url: string;
  readonly vendorId: number;
  readonly productId: number;
  /** iSerialNumber string to pick one of several identical boards; undefined = first match. */
  readonly serialNumber: string | undefined;
  /** bInterfaceNumber of the interface carrying the bulk endpoints. */
  readonly interfaceNumber: number;
}

export interface TcpAddress {
  readonly scheme: 'tcp';
  readonly url: string;
  /** Host name or IP literal (IPv6 without brackets). */
  readonly host: string;
  readonly port: number;
  readonly connectTimeoutMs: number;
}

export type TransportAddress = SerialAddress | UsbAddress | TcpAddress;
export type TransportScheme = TransportAddress['scheme'];

function bad(url: string, what: string, field?: string): QkdError {
  return new QkdError(QkdErrorCode.TransportBadUrl, `bad transport address "${url}": ${what}`, {
    url,
    ...(field === undefined ? {} : { field }),
  });
}

/** Splits off the query and rejects options this scheme does not know. */
function readQuery(url: string, query: string, allowed: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(query)) {
    if (!allowed.includes(key)) {
      throw bad(url, `unknown option "${key}" (allowed: ${allowed.join(', ')})`, key);
    }
    if (out.has(key)) throw bad(url, `option "${key}" given twice`, key);
    out.set(key, value);
  }
  return out;
}

function readInt(url: string, field: string, text: string, min: number, max: number): number {
  if (!/^[0-9]+$/.test(text)) throw bad(url, `${field} must be a decimal integer, got "${text}"`, field);
  const n = Number(text);
  if (n < min || n > max) throw bad(url, `${field} must be in ${min}..${max}, got ${n}`, field);
  return n;
}

function readBool(url: string, field: string, text: string): boolean {
  // A bare flag (`?rtscts`) reads as true, as in most URL-style configs.
  if (text === '' || text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw bad(url, `${field} must be true/false/1/0, got "${text}"`, field);
}

function splitQuery(rest: string): [string, string] {
  const q = rest.indexOf('?');
  return q < 0 ? [rest, ''] : [rest.slice(0, q), rest.slice(q + 1)];
}

function parseSerial(url: string, rest: string): SerialAddress {
  const [pathPart, query] = splitQuery(rest);
  // `serial:///dev/x` leaves "///dev/x"; `serial:/dev/x` leaves "/dev/x". A
  // host part (`serial://host/dev/x`) means nothing for a local port.
  let path: string;
  if (pathPart.startsWith('///')) path = pathPart.slice(2);
  else if (pathPart.startsWith('//')) throw bad(url, 'serial addresses take no host; use serial:///dev/… or serial:/dev/…', 'path');
  else path = pathPart;
  path = decodeURIComponent(path);
  if (!path.startsWith('/') || path.length < 2) throw bad(url, `serial device path must be absolute, got "${path}"`, 'path');
  const opts = readQuery(url, query, ['baud', 'rtscts', 'dataBits', 'parity', 'stopBits']);
  const baud = opts.get('baud');
  const dataBits = opts.get('dataBits');
  const parity = opts.get('parity');
  const stopBits = opts.get('stopBits');
  const rtscts = opts.get('rtscts');
  if (parity !== undefined && parity !== 'none' && parity !== 'even' && parity !== 'odd') {
    throw bad(url, `parity must be none, even or odd, got "${parity}"`, 'parity');
  }
  return {
    scheme: 'serial',
    url,
    path,
    baudRate: baud === undefined ? DEFAULT_BAUD_RATE : readInt(url, 'baud', baud, 1, 20_000_000),
    rtscts: rtscts === undefined ? false : readBool(url, 'rtscts', rtscts),
    dataBits: dataBits === undefined ? 8 : (readInt(url, 'dataBits', dataBits, 5, 8) as 5 | 6 | 7 | 8),
    parity: parity ?? 'none',
    stopBits: stopBits === undefined ? 1 : (readInt(url, 'stopBits', stopBits, 1, 2) as 1 | 2),
  };
}

function parseUsbId(url: string, field: 'vendorId' | 'productId', text: string): number {
  const digits = text.replace(/^0x/i, '');
  if (!/^[0-9a-fA-F]{1,4}$/.test(digits)) throw bad(url, `${field} must be 1-4 hex digits, got "${text}"`, field);
  return parseInt(digits, 16);
}

function parseUsb(url: string, rest: string): UsbAddress {
  const [idPart, query] = splitQuery(rest);
  if (!idPart.startsWith('//')) throw bad(url, 'expected usb://VID:PID[/SERIAL]', 'vendorId');
  const slash = idPart.indexOf('/', 2);
  const ids = slash < 0 ? idPart.slice(2) : idPart.slice(2, slash);
  const pathSerial = slash < 0 ? undefined : idPart.slice(slash + 1);
  const m = /^([^:/]*):([^:/]*)$/.exec(ids);
  if (m === null) throw bad(url, `expected VID:PID in hex after usb://, got "${ids}"`, 'vendorId');
  const vendorId = parseUsbId(url, 'vendorId', m[1]!);
  const productId = parseUsbId(url, 'productId', m[2]!);
  const opts = readQuery(url, query, ['serial', 'interface']);
  let serial = opts.get('serial');
  if (serial === '') throw bad(url, 'serial must not be empty', 'serial');
  if (pathSerial !== undefined && pathSerial !== '') {
    if (pathSerial.includes('/')) throw bad(url, `serial "${pathSerial}" holds a "/" (percent-encode it as %2F)`, 'serial');
    if (serial !== undefined) throw bad(url, 'serial given twice (path and ?serial=); use usb://VID:PID/SERIAL', 'serial');
    try {
      serial = decodeURIComponent(pathSerial);
    } catch {
      throw bad(url, `serial "${pathSerial}" is not valid percent-encoding`, 'serial');
    }
  }
  const iface = opts.get('interface');
  return {
    scheme: 'usb',
    url,
    vendorId,
    productId,
    serialNumber: serial,
    interfaceNumber: iface === undefined ? 0 : readInt(url, 'interface', iface, 0, 255),
  };
}

function parseTcp(url: string): TcpAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw bad(url, 'not a valid tcp://host:port URL', 'host');
  }
  if (parsed.username !== '' || parsed.password !== '') throw bad(url, 'credentials are not supported', 'host');
  if (parsed.pathname !== '' && parsed.pathname !== '/') throw bad(url, `unexpected path "${parsed.pathname}"`, 'path');
  if (parsed.hash !== '') throw bad(url, 'unexpected #fragment', 'path');
  // WHATWG keeps IPv6 literals bracketed; node:net wants them bare.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw bad(url, 'missing host', 'host');
  if (parsed.port === '') throw bad(url, 'missing port (tcp://host:port)', 'port');
  const port = readInt(url, 'port', parsed.port, 1, 65_535);
  const opts = readQuery(url, parsed.search.replace(/^\?/, ''), ['connectTimeoutMs']);
  const timeout = opts.get('connectTimeoutMs');
  return {
    scheme: 'tcp',
    url,
    host,
    port,
    connectTimeoutMs: timeout === undefined ? DEFAULT_TCP_CONNECT_TIMEOUT_MS : readInt(url, 'connectTimeoutMs', timeout, 1, 600_000),
  };
}

/**
 * True for a host that can only be this machine: `localhost`, 127.0.0.0/8, `::1` (bracketed or
 * not) and IPv4-mapped `::ffff:127.x.y.z`. Any other name is not loopback, even one that resolves
 * to 127.0.0.1 today (DNS may change). A `tcp://` board elsewhere carries the transmitter's bases
 * and bits or the receiver's tags over a network, unauthenticated: the bench config allows that
 * only with `boards.allowRemoteTcp: true` (src/config/bench-config.ts).
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (h === 'localhost' || h === 'localhost.') return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (v4 === null) return false;
  return v4[1] === '127' && v4.slice(2).every((o) => Number(o) <= 255);
}

/** Parses and validates a device address; throws QkdError(TransportBadUrl) naming what is wrong. */
export function parseTransportAddress(url: string): TransportAddress {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/s.exec(url);
  if (m === null) throw bad(url, 'missing scheme (expected serial:, usb: or tcp:)', 'scheme');
  const scheme = m[1]!.toLowerCase();
  const rest = m[2]!;
  switch (scheme) {
    case 'serial':
      return parseSerial(url, rest);
    case 'usb':
      return parseUsb(url, rest);
    case 'tcp':
      return parseTcp(url);
    default:
      throw bad(url, `unknown scheme "${scheme}:" (expected serial:, usb: or tcp:)`, 'scheme');
  }
}

/** The canonical USB address (FRAMING.md §5): `usb://vid:pid[/SERIAL]`, ids as 4 lower-case hex digits. */
export function formatUsbAddress(vendorId: number, productId: number, serialNumber?: string, interfaceNumber = 0): string {
  const hex4 = (n: number): string => n.toString(16).padStart(4, '0');
  const serial = serialNumber === undefined || serialNumber === '' ? '' : `/${encodeURIComponent(serialNumber)}`;
  return `usb://${hex4(vendorId)}:${hex4(productId)}${serial}${interfaceNumber === 0 ? '' : `?interface=${interfaceNumber}`}`;
}

/** libusb's LIBUSB_ERROR_ACCESS (libusb.h): the device node may not be opened by this user. */
export const LIBUSB_ERROR_ACCESS = -3;

/** What to do when the OS refuses a board's device, per transport (docs/real-bench.md § Permissions). */
export const PERMISSION_HINTS = {
  serial:
    "add the user to the group that owns the port (ls -l shows it, usually 'dialout': sudo usermod -aG dialout $USER, then log in again), " +
    'or install deploy/99-qkdd.rules (docs/real-bench.md)',
  usb:
    'install the udev rule deploy/99-qkdd.rules (sudo cp deploy/99-qkdd.rules /etc/udev/rules.d/ && sudo udevadm control --reload && ' +
    "sudo udevadm trigger), add the user to group 'qkdd' and log in again (docs/real-bench.md)",
} as const;

/** True when `err` (or its cause) says the OS refused access: EACCES/EPERM, "Permission denied", LIBUSB_ERROR_ACCESS. */
export function isPermissionError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    const x = e as { code?: unknown; errno?: unknown; message?: unknown; cause?: unknown };
    if (x.code === 'EACCES' || x.code === 'EPERM' || x.errno === LIBUSB_ERROR_ACCESS) return true;
    if (typeof x.message === 'string' && /permission denied|EACCES|LIBUSB_ERROR_ACCESS|operation not permitted/i.test(x.message))
      return true;
    e = x.cause;
  }
  return false;
}

/**
 * The error of a board device the user may not open: QkdError(TransportPermissionDenied)
 * naming the address and the fix. `err` is kept as the cause.
 */
export function permissionDeniedError(url: string, err: unknown): QkdError {
  const scheme = /^usb:/i.test(url) ? 'usb' : 'serial';
  const what = scheme === 'usb' ? 'this user may not open the USB device' : 'this user may not open the serial port';
  return new QkdError(
    QkdErrorCode.TransportPermissionDenied,
    `${url}: permission denied (${what}); ${PERMISSION_HINTS[scheme]}`,
    { url, hint: PERMISSION_HINTS[scheme] },
    { cause: err },
  );
}
