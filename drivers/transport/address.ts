/**
 * Device addresses are URLs; the scheme picks the transport:
 *
 *   serial:///dev/ttyUSB0?baud=921600&rtscts=true   (also `serial:/dev/pts/3`)
 *   usb://0403:6001?serial=ABC123&interface=0        (VID:PID in hex)
 *   tcp://bench-bridge.local:4001?connectTimeoutMs=2000
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
  if (!idPart.startsWith('//')) throw bad(url, 'expected usb://VID:PID', 'vendorId');
  const ids = idPart.slice(2).replace(/\/$/, '');
  const m = /^([^:/]*):([^:/]*)$/.exec(ids);
  if (m === null) throw bad(url, `expected VID:PID in hex after usb://, got "${ids}"`, 'vendorId');
  const vendorId = parseUsbId(url, 'vendorId', m[1]!);
  const productId = parseUsbId(url, 'productId', m[2]!);
  const opts = readQuery(url, query, ['serial', 'interface']);
  const serial = opts.get('serial');
  if (serial === '') throw bad(url, 'serial must not be empty', 'serial');
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
