/**
 * The one transport seam: a device address in, a byte duplex out. The URL
 * scheme picks serial, USB or TCP; nothing above this file knows which.
 */
import { parseTransportAddress } from './address.ts';
import { SerialTransport, type SerialTransportOptions } from './serial.ts';
import { TcpTransport } from './tcp.ts';
import type { Transport } from './transport.ts';
import { UsbTransport, type UsbTransportOptions } from './usb.ts';

/** Per-scheme knobs that do not belong in a bench config URL (mostly test seams). */
export interface CreateTransportOptions {
  readonly serial?: SerialTransportOptions;
  readonly usb?: UsbTransportOptions;
}

/** Parses the address and builds the transport, not yet open; throws QkdError(TransportBadUrl). */
export function createTransport(url: string, options: CreateTransportOptions = {}): Transport {
  const address = parseTransportAddress(url);
  switch (address.scheme) {
    case 'serial':
      return new SerialTransport(address, options.serial);
    case 'usb':
      return new UsbTransport(address, options.usb);
    case 'tcp':
      return new TcpTransport(address);
  }
}

/** `createTransport` then `open()`; rejects with QkdError (TransportBadUrl, TransportOpenFailed). */
export async function openTransport(url: string, options: CreateTransportOptions = {}): Promise<Transport> {
  const transport = createTransport(url, options);
  await transport.open();
  return transport;
}
