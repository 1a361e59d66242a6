/** Pure parts: backoff, tag sequencing, command tables against the method table, replay record. */
import { describe, expect, it } from 'vitest';
import { METHODS, METHOD_NAMES, qkd, type MethodName } from '../../../firmware-protocol/index.ts';
import {
  DETECTOR_METHODS,
  MODULATOR_METHODS,
  ReplayRecord,
  SESSION_METHODS,
  SOURCE_METHODS,
  TagSequencer,
  backoffDelayMs,
  resolveBackoff,
} from '../../../drivers/index.ts';
import { withSeed } from '../../support/seed.ts';

describe('command tables', () => {
  const expected = (kind: qkd.BoardKind): MethodName[] =>
    METHOD_NAMES.filter((m) => {
      const boards = METHODS[m].boards;
      return (boards === 'all' || boards.includes(kind)) && !(SESSION_METHODS as readonly string[]).includes(m);
    }).sort();
  it.each([
    ['photon source', qkd.BoardKind.BOARD_KIND_PHOTON_SOURCE, SOURCE_METHODS],
    ['modulator', qkd.BoardKind.BOARD_KIND_POLARIZATION_MODULATOR, MODULATOR_METHODS],
    ['detector', qkd.BoardKind.BOARD_KIND_TIME_TAGGER, DETECTOR_METHODS],
  ] as const)('%s covers exactly the methods.ts rows of its kind', (_name, kind, methods) => {
    expect([...methods].sort()).toEqual(expected(kind));
  });
});

describe('backoff', () => {
  it('grows exponentially, is capped, and jitters within [(1 − jitter)·d, d]', () => {
    const p = resolveBackoff({ initialDelayMs: 100, factor: 2, maxDelayMs: 1000, jitter: 0.5 });
    expect([1, 2, 3, 4, 5, 50].map((a) => backoffDelayMs(p, a, () => 0))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelayMs(p, 3, () => 0.999999)).toBe(200);
  });
  it('stays in range for random draws', async () => {
    await withSeed('backoff range', (rng) => {
      const p = resolveBackoff({ initialDelayMs: 10, maxDelayMs: 5000, jitter: 0.3 });
      for (let a = 1; a < 200; a++) {
        const d = backoffDelayMs(p, a, () => rng.nextFloat());
        const cap = Math.min(5000, 10 * 2 ** (a - 1));
        expect(d).toBeGreaterThanOrEqual(Math.floor(cap * 0.7));
        expect(d).toBeLessThanOrEqual(cap);
      }
    });
  });
  it('rejects nonsense policies', () => {
    expect(() => resolveBackoff({ factor: 0.5 })).toThrow(/factor/);
    expect(() => resolveBackoff({ jitter: 2 })).toThrow(/jitter/);
    expect(() => resolveBackoff({ initialDelayMs: 100, maxDelayMs: 10 })).toThrow(/maxDelayMs/);
    expect(() => resolveBackoff({ maxAttempts: 0 })).toThrow(/maxAttempts/);
  });
});

describe('TagSequencer', () => {
  it('delivers in order, drops duplicates, reports gaps and foreign streams', () => {
    const s = new TagSequencer(7);
    expect(s.accept(7, 0)).toEqual({ kind: 'deliver', gap: null });
    expect(s.accept(7, 1)).toEqual({ kind: 'deliver', gap: null });
    expect(s.accept(7, 1)).toEqual({ kind: 'duplicate' });
    expect(s.accept(8, 2)).toEqual({ kind: 'foreign' });
    expect(s.accept(7, 5)).toEqual({
      kind: 'deliver',
      gap: { cause: 'sequence', streamId: 7, expectedSeq: 2, receivedSeq: 5, lostBatches: 3 },
    });
    expect(s.accept(7, 3)).toEqual({ kind: 'duplicate' });
  });
  it('wraps around 2^32', () => {
    const s = new TagSequencer(1, 0xfffffffe);
    expect(s.accept(1, 0xfffffffe).kind).toBe('deliver');
    expect(s.accept(1, 0xffffffff).kind).toBe('deliver');
    expect(s.accept(1, 0)).toEqual({ kind: 'deliver', gap: null });
    expect(s.accept(1, 0xffffffff)).toEqual({ kind: 'duplicate' });
  });
  it('skipTo reports batches sent into a dead link; restart reports an unknown loss', () => {
    const s = new TagSequencer(3);
    s.accept(3, 0);
    expect(s.skipTo(1)).toBeNull();
    expect(s.skipTo(4)).toEqual({ cause: 'sequence', streamId: 3, expectedSeq: 1, receivedSeq: 4, lostBatches: 3 });
    expect(s.restart(9)).toEqual({
      cause: 'stream-restarted',
      streamId: 3,
      expectedSeq: 4,
      receivedSeq: 0,
      lostBatches: null,
      resumedStreamId: 9,
    });
    expect(s.accept(3, 4)).toEqual({ kind: 'foreign' });
    expect(s.accept(9, 0)).toEqual({ kind: 'deliver', gap: null });
  });
});

describe('ReplayRecord', () => {
  it('keeps the last request per key in first-set order, merges input delays, ignores actions, clears on reset', () => {
    const r = new ReplayRecord();
    r.record('setClock', { source: qkd.ClockSource.CLOCK_SOURCE_INTERNAL });
    r.record('configureChannel', { channel: 1, enabled: true });
    r.record('configureChannel', { channel: 0, enabled: true });
    r.record('setInputDelays', { inputDelayPs: [10, 20, 30] });
    r.record('startTagStream', { channelMask: 3 });
    r.record('configureChannel', { channel: 1, enabled: false });
    r.record('setInputDelays', { inputDelayPs: [11] });
    expect(r.list()).toEqual([
      { method: 'setClock', request: { source: qkd.ClockSource.CLOCK_SOURCE_INTERNAL } },
      { method: 'configureChannel', request: { channel: 1, enabled: false } },
      { method: 'configureChannel', request: { channel: 0, enabled: true } },
      { method: 'setInputDelays', request: { inputDelayPs: [11, 20, 30] } },
    ]);
    r.clear();
    expect(r.list()).toEqual([]);
  });
});
