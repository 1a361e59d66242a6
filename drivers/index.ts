/**
 * Host side of the bench's boards: transports (serial, USB, TCP), the
 * request/response link, one driver per board kind, connection with
 * reconnect, and discovery. Imports firmware-protocol/ only.
 */
export * from './errors.ts';
export * from './transport/index.ts';
export * from './link/index.ts';
export * from './connection/index.ts';
export * from './boards/index.ts';
export * from './discovery/index.ts';
