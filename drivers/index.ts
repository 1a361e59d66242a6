/**
 * Host side of the bench's boards: transports (serial, USB, TCP), the
 * request/response link, one driver per board kind, connection with
 * reconnect, and discovery. Imports firmware-protocol/ and errors/ only
 * (errors are imported from errors/index.ts, not re-exported here).
 */
export * from './transport/index.ts';
export * from './link/index.ts';
export * from './connection/index.ts';
export * from './boards/index.ts';
export * from './discovery/index.ts';
