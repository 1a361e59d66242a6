import { describe, expect, it } from 'vitest';
import { qkd } from '../../../firmware-protocol/index.ts';
import { transition } from '../../../drivers/link/index.ts';
import type { TransactionConfig, TransactionInput, TransactionState } from '../../../drivers/link/index.ts';

const idem: TransactionConfig = { method: 'getStatus', maxAttempts: 3 };
const once: TransactionConfig = { method: 'start', maxAttempts: 1 };
const ok = (body: string): qkd.Response => qkd.Response.fromObject({ seq: 1, [body]: {} });

function run(config: TransactionConfig, inputs: TransactionInput[]): { state: TransactionState; effects: string[] } {
  let state: TransactionState = { status: 'idle' };
  const effects: string[] = [];
  for (const i of inputs) {
    const t = transition(state, i, config);
    state = t.state;
    effects.push(
      ...t.effects.map((e) => (e.type === 'send' ? `send#${e.attempt}` : e.type === 'reject' ? `reject:${e.reason.kind}` : e.type)),
    );
  }
  return { state, effects };
}

describe('transaction machine', () => {
  it('sends, arms the timer and resolves on the matching response', () => {
    const r = run(idem, [{ type: 'start' }, { type: 'response', response: ok('getStatus') }]);
    expect(r.effects).toEqual(['send#1', 'start-timer', 'stop-timer', 'resolve']);
    expect(r.state.status).toBe('done');
  });

  it('retries an idempotent request on timeout up to maxAttempts, then fails with timeout', () => {
    const r = run(idem, [{ type: 'start' }, { type: 'timeout' }, { type: 'timeout' }, { type: 'timeout' }]);
    expect(r.effects).toEqual(['send#1', 'start-timer', 'send#2', 'start-timer', 'send#3', 'start-timer', 'reject:timeout']);
    expect(r.state).toEqual({ status: 'failed', reason: { kind: 'timeout', attempts: 3 } });
  });

  it('never retries when maxAttempts is 1 (non-idempotent)', () => {
    const r = run(once, [{ type: 'start' }, { type: 'timeout' }]);
    expect(r.effects).toEqual(['send#1', 'start-timer', 'reject:timeout']);
  });

  it('succeeds on a response to the second attempt', () => {
    const r = run(idem, [{ type: 'start' }, { type: 'timeout' }, { type: 'response', response: ok('getStatus') }]);
    expect(r.state.status).toBe('done');
  });

  it('turns an error status into a device failure carrying the status', () => {
    const resp = qkd.Response.fromObject({ seq: 1, status: qkd.Status.STATUS_INTERLOCK, detail: 'interlock open' });
    const r = run(once, [{ type: 'start' }, { type: 'response', response: resp }]);
    expect(r.state).toMatchObject({
      status: 'failed',
      reason: { kind: 'device', status: qkd.Status.STATUS_INTERLOCK, detail: 'interlock open' },
    });
  });

  it('turns an OK response with the wrong body into a protocol failure', () => {
    const r = run(idem, [{ type: 'start' }, { type: 'response', response: ok('ping') }]);
    expect(r.effects).toEqual(['send#1', 'start-timer', 'stop-timer', 'reject:protocol']);
  });

  it('fails at once on close and on a failed write', () => {
    expect(run(idem, [{ type: 'start' }, { type: 'closed' }]).effects).toEqual(['send#1', 'start-timer', 'stop-timer', 'reject:closed']);
    expect(run(idem, [{ type: 'closed' }]).effects).toEqual(['reject:closed']);
    expect(run(idem, [{ type: 'start' }, { type: 'send-failed', error: new Error('x') }]).effects.at(-1)).toBe('reject:send-failed');
  });

  it('ignores anything after a terminal state (duplicate response, stale timer)', () => {
    const r = run(idem, [
      { type: 'start' },
      { type: 'response', response: ok('getStatus') },
      { type: 'response', response: ok('getStatus') },
      { type: 'timeout' },
    ]);
    expect(r.effects).toEqual(['send#1', 'start-timer', 'stop-timer', 'resolve']);
  });
});
