/** Connection to one board: console identification, binary handshake, reconnect with backoff. */
export { ConsoleSession } from './console-session.ts';
export { identifyBoard, type IdentifyOptions, type Identity } from './identify-board.ts';
export {
  connectBoard,
  DEFAULT_CONSOLE_TIMEOUT_MS,
  type BoardConnection,
  type BoardExpectation,
  type ConnectOptions,
} from './connect-board.ts';
export { backoffDelayMs, resolveBackoff, type BackoffPolicy, type ResolvedBackoff } from './backoff.ts';
export {
  BoardSession,
  type BoardInfo,
  type BoardSessionOptions,
  type RestoreHook,
  type SessionEvents,
  type SessionState,
} from './board-session.ts';
