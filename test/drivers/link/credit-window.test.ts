import { describe, expect, it } from 'vitest';
import { CreditWindow } from '../../../drivers/link/index.ts';

describe('CreditWindow', () => {
  it('grants the initial window and returns credit in half-window steps', () => {
    const w = new CreditWindow(8);
    expect(w.limit).toBe(8);
    for (let s = 0; s < 8; s++) expect(w.receive(s)).toEqual({ kind: 'ok' });
    expect(w.outstanding).toBe(8);
    const grants = [w.consume(), w.consume(), w.consume(), w.consume()];
    expect(grants).toEqual([null, null, null, 12]);
    expect(w.outstanding).toBe(4);
  });

  it('never grants beyond what the consumer can hold (outstanding + credit ≤ window)', () => {
    const w = new CreditWindow(4);
    w.receive(0);
    w.receive(1);
    expect(w.consume()).toBeNull();
    expect(w.consume()).toBe(6); // expected 2 + window 4 - outstanding 0
    expect(w.consume()).toBeNull(); // nothing outstanding
  });

  it('flags gaps, batches beyond credit and stale batches', () => {
    const w = new CreditWindow(4);
    expect(w.receive(0)).toEqual({ kind: 'ok' });
    expect(w.receive(3)).toEqual({ kind: 'gap', lost: 2 });
    expect(w.receive(4)).toEqual({ kind: 'over-credit' });
    expect(w.receive(2)).toEqual({ kind: 'stale' });
  });

  it('works across the uint32 wrap of batch_seq', () => {
    const w = new CreditWindow(4, 0xfffffffe);
    expect(w.limit).toBe(2);
    expect(w.receive(0xfffffffe)).toEqual({ kind: 'ok' });
    expect(w.receive(0xffffffff)).toEqual({ kind: 'ok' });
    expect(w.receive(0)).toEqual({ kind: 'ok' });
    expect(w.receive(1)).toEqual({ kind: 'ok' });
    expect(w.receive(2)).toEqual({ kind: 'over-credit' });
  });

  it('checks its option', () => {
    expect(() => new CreditWindow(0)).toThrow(/windowBatches/);
  });
});
