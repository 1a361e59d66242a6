/** The key relay of a trusted node (docs/key-relay.md): state machine, messages, hop keys, durable records. */
export { RelayEngine, DEFAULT_RELAY_TIMING } from './relay-engine.ts';
export type { RelayEngineOptions, RelayEvent, RelayRequest, RelayStatus, RelayTiming } from './relay-engine.ts';
export {
  decodeRelayMessage,
  encodeRelayMessage,
  decodeForwardHeader,
  encodeForwardHeader,
  RELAY_PROTOCOL_VERSION,
  MAX_PATH_NODES,
  MAX_RELAY_KEY_BITS,
} from './messages.ts';
export type { ForwardHeader, HopKeyCut, RelayBody, RelayBodyKind, RelayMessage } from './messages.ts';
export { hopKeyBits, TAG_POINTS } from './hop-cipher.ts';
export { MemoryHopKeyEnd, MemoryHopLink, type HopKeyPool } from './hop-keys.ts';
export { hopKeyId, newRelayId } from './ids.ts';
export { MemoryRelayRecordStore, type RelayRecord, type RelayRecordStore, type RelayRole, type RelayState } from './records.ts';
export { SqliteRelayRecordStore } from './sqlite-store.ts';
