/** Host side of the board link: requests/responses/events over frames on a Transport. */
export {
  BoardLink,
  type BoardLinkOptions,
  type BoardLinkEvents,
  type CallOptions,
  type LinkState,
  type LinkStats,
} from './board-link.ts';
export {
  transition,
  type TransactionState,
  type TransactionInput,
  type TransactionFailure,
  type TransactionEffect,
  type TransactionConfig,
  type Transition,
} from './transaction.ts';
export { CreditWindow, type BatchVerdict } from './credit-window.ts';
export { TagStream, type TagStreamOptions, type TagStreamStats, type TagStreamEvents } from './tag-stream.ts';
