/** The generation gate: held while any reason holds it, each reason released only by itself. */
import { describe, expect, it } from 'vitest';
import { GenerationGate } from '../../src/node/generation-gate.ts';

describe('GenerationGate', () => {
  it('stays held until every reason is released, and wakes waiters once open', async () => {
    const gate = new GenerationGate();
    const changes: boolean[] = [];
    gate.onChange((open) => changes.push(open));
    expect(gate.isOpen).toBe(true);
    gate.hold('operator', 'qkdctl stop');
    gate.hold('safety:interlock', 'interlock open');
    gate.hold('operator', 'a second stop keeps the first detail');
    expect(gate.current().map((h) => [h.reason, h.detail])).toEqual([
      ['operator', 'qkdctl stop'],
      ['safety:interlock', 'interlock open'],
    ]);
    let woke = false;
    const waiting = gate.whenOpen().then(() => (woke = true));
    gate.release('operator');
    await Promise.resolve();
    expect(gate.isOpen).toBe(false);
    expect(woke).toBe(false);
    gate.release('safety:interlock');
    await waiting;
    expect(woke).toBe(true);
    expect(gate.isOpen).toBe(true);
    expect(changes).toEqual([false, true]);
    gate.release('never-held');
    expect(changes).toEqual([false, true]);
  });
});
