/**
 * The one error class of the host side of the boards. Codes are grouped in
 * ranges so that a caller can tell the layer at a glance:
 *   1xx transport (the byte pipe), 2xx link layer (requests over frames),
 *   3xx device (the board answered with an error status), 4xx driver/config.
 */
export enum DriverErrorCode {
  // 1xx — transport
  TransportOpenFailed = 100,
  TransportClosed = 101,
  TransportWriteFailed = 102,
  TransportUnplugged = 103,
  TransportBadUrl = 104,
  /** A read failed for a reason other than unplug (e.g. a USB bulk IN stall or overflow). */
  TransportReadFailed = 105,
  // 2xx — link layer
  Timeout = 200,
  ProtocolError = 201,
  VersionMismatch = 202,
  LinkClosed = 203,
  Backpressure = 204,
  // 3xx — device
  DeviceError = 300,
  // 4xx — driver and configuration
  InvalidArgument = 400,
  WrongBoard = 401,
  NotConnected = 402,
}

export class DriverError extends Error {
  override readonly name = 'DriverError';
  constructor(
    readonly code: DriverErrorCode,
    message: string,
    /** Extra machine-readable context, e.g. the device status for DeviceError. */
    readonly context: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isDriverError(e: unknown, code?: DriverErrorCode): e is DriverError {
  return e instanceof DriverError && (code === undefined || e.code === code);
}

export function isTimeout(e: unknown): e is DriverError {
  return isDriverError(e, DriverErrorCode.Timeout);
}

export function isTransportError(e: unknown): e is DriverError {
  return e instanceof DriverError && e.code >= 100 && e.code < 200;
}

export function isDeviceError(e: unknown): e is DriverError {
  return isDriverError(e, DriverErrorCode.DeviceError);
}
