/** Public surface of the transport layer. */
export type { Transport, TransportEvents, TransportState } from './transport.ts';
export {
  DEFAULT_BAUD_RATE,
  DEFAULT_TCP_CONNECT_TIMEOUT_MS,
  parseTransportAddress,
  type SerialAddress,
  type SerialParity,
  type TcpAddress,
  type TransportAddress,
  type TransportScheme,
  type UsbAddress,
} from './address.ts';
export { createTransport, openTransport, type CreateTransportOptions } from './open-transport.ts';
export { SerialTransport, type SerialPortFactory, type SerialTransportOptions } from './serial.ts';
export { TcpTransport } from './tcp.ts';
export {
  libusbBackend,
  UsbTransport,
  type UsbBackend,
  type UsbDeviceLike,
  type UsbEndpointLike,
  type UsbErrorLike,
  type UsbInEndpointLike,
  type UsbInterfaceLike,
  type UsbOutEndpointLike,
  type UsbTransportOptions,
} from './usb.ts';
