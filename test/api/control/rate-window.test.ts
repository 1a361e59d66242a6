/** Sifted and secret key rates over a recent window: counter differences over the window, never over two adjacent reads. */
import { describe, expect, it } from 'vitest';
import { RateWindow } from '../../../src/api/control/index.ts';

describe('RateWindow', () => {
  it('has no rate until two samples exist', () => {
    const w = new RateWindow(10_000);
    expect(w.rates()).toEqual({ windowS: 0, siftedBitsPerS: null, secretBitsPerS: null });
    w.add({ t: 0, siftedBits: 0, secretBits: 0 });
    expect(w.rates().siftedBitsPerS).toBeNull();
    // Nor over a span too short to mean anything.
    w.add({ t: 5, siftedBits: 10, secretBits: 0 });
    expect(w.rates()).toEqual({ windowS: 0, siftedBitsPerS: null, secretBitsPerS: null });
  });

  it('measures over the window, so a burst is spread over it and old samples fall out', () => {
    const w = new RateWindow(10_000);
    for (let s = 0; s <= 10; s++) w.add({ t: s * 1000, siftedBits: s === 10 ? 100_000 : 0, secretBits: s === 10 ? 20_000 : 0 });
    expect(w.rates()).toEqual({ windowS: 10, siftedBitsPerS: 10_000, secretBitsPerS: 2_000 });
    // Ten more quiet seconds: the burst leaves the window.
    for (let s = 11; s <= 20; s++) w.add({ t: s * 1000, siftedBits: 100_000, secretBits: 20_000 });
    expect(w.rates()).toEqual({ windowS: 10, siftedBitsPerS: 0, secretBitsPerS: 0 });
  });

  it('starts over when the counters go back (a restarted node)', () => {
    const w = new RateWindow(10_000);
    w.add({ t: 0, siftedBits: 5000, secretBits: 1000 });
    w.add({ t: 1000, siftedBits: 6000, secretBits: 1100 });
    w.add({ t: 2000, siftedBits: 10, secretBits: 0 });
    expect(w.rates().siftedBitsPerS).toBeNull();
    w.add({ t: 4000, siftedBits: 2010, secretBits: 400 });
    expect(w.rates()).toEqual({ windowS: 2, siftedBitsPerS: 1000, secretBitsPerS: 200 });
  });
});
