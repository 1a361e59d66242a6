/**
 * The life of one request, as a pure transition function (after zwave-js
 * SerialAPICommandMachine): states, inputs, failure reasons and effects are
 * discriminated unions; `BoardLink` performs the effects (write the frame,
 * arm/stop the timer, settle the promise). No I/O, no clock here, so every
 * path is testable by feeding inputs.
 *
 *   idle --start--> waiting(1) --response OK--> done
 *                   waiting(n) --timeout, idempotent, n < max--> waiting(n+1)  (resend, same seq)
 *                   waiting(n) --timeout otherwise--> failed(timeout)
 *                   waiting(n) --response !OK--> failed(device)
 *                   waiting(n) --closed / send-failed--> failed(...)
 */
import { qkd } from '../../firmware-protocol/index.ts';
import type { MethodName } from '../../firmware-protocol/index.ts';

export type TransactionState =
  | { status: 'idle' }
  | { status: 'waiting'; attempt: number }
  | { status: 'done'; response: qkd.Response }
  | { status: 'failed'; reason: TransactionFailure };

export type TransactionInput =
  | { type: 'start' }
  | { type: 'response'; response: qkd.Response }
  | { type: 'timeout' }
  | { type: 'send-failed'; error: unknown }
  | { type: 'closed' };

export type TransactionFailure =
  | { kind: 'timeout'; attempts: number }
  /** The board answered with a status other than OK. */
  | { kind: 'device'; status: qkd.Status; detail: string; response: qkd.Response }
  /** The board answered OK but with a body for another method, or none. */
  | { kind: 'protocol'; message: string }
  | { kind: 'send-failed'; error: unknown }
  | { kind: 'closed' };

export type TransactionEffect =
  /** Write the request frame (same seq on every attempt). */
  | { type: 'send'; attempt: number }
  | { type: 'start-timer' }
  | { type: 'stop-timer' }
  | { type: 'resolve'; response: qkd.Response }
  | { type: 'reject'; reason: TransactionFailure };

export interface TransactionConfig {
  method: MethodName;
  /** Total attempts allowed, ≥ 1; 1 for non-idempotent methods. */
  maxAttempts: number;
}

export interface Transition {
  state: TransactionState;
  effects: TransactionEffect[];
}

const fail = (reason: TransactionFailure, stopTimer: boolean): Transition => ({
  state: { status: 'failed', reason },
  effects: [...(stopTimer ? [{ type: 'stop-timer' } as const] : []), { type: 'reject', reason }],
});

export function transition(state: TransactionState, input: TransactionInput, config: TransactionConfig): Transition {
  switch (state.status) {
    case 'idle':
      if (input.type === 'start') {
        return { state: { status: 'waiting', attempt: 1 }, effects: [{ type: 'send', attempt: 1 }, { type: 'start-timer' }] };
      }
      if (input.type === 'closed') return fail({ kind: 'closed' }, false);
      return { state, effects: [] };
    case 'waiting':
      switch (input.type) {
        case 'start':
          return { state, effects: [] };
        case 'response': {
          const r = input.response;
          if (r.status !== qkd.Status.STATUS_OK) {
            return fail({ kind: 'device', status: r.status, detail: r.detail, response: r }, true);
          }
          if (r.body !== config.method) {
            return fail({ kind: 'protocol', message: `response to ${config.method} carries ${r.body ?? 'no body'}` }, true);
          }
          return { state: { status: 'done', response: r }, effects: [{ type: 'stop-timer' }, { type: 'resolve', response: r }] };
        }
        case 'timeout':
          if (state.attempt < config.maxAttempts) {
            const attempt = state.attempt + 1;
            return { state: { status: 'waiting', attempt }, effects: [{ type: 'send', attempt }, { type: 'start-timer' }] };
          }
          return fail({ kind: 'timeout', attempts: state.attempt }, false);
        case 'send-failed':
          return fail({ kind: 'send-failed', error: input.error }, true);
        case 'closed':
          return fail({ kind: 'closed' }, true);
      }
      break;
    case 'done':
    case 'failed':
      // Terminal: whatever arrives now (a duplicate response, a stale timer) changes nothing.
      return { state, effects: [] };
  }
  return { state, effects: [] };
}
