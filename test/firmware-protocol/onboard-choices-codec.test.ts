/**
 * The codec of on-board choices (firmware-protocol/patterns.ts, FRAMING.md
 * §11): the worked example's bytes, symbol weights, the host's split of a
 * slot list into ReadChoices requests and the board's check of it.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_READ_CHOICES_DELTA_BYTES,
  MAX_READ_CHOICES_SLOTS,
  checkSymbolWeights,
  qkd,
  readChoicesRequests,
  slotsFromDeltas,
  symbolAt,
  symbolWeights,
} from '../../firmware-protocol/index.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('on-board choices codec', () => {
  it("encodes FRAMING.md §11's worked example byte for byte", () => {
    const [req] = readChoicesRequests(7, Uint32Array.from([3, 10, 300]));
    expect(req.slotDeltas).toEqual([3, 7, 290]);
    expect(hex(qkd.ReadChoicesRequest.encode(req).finish())).toBe('0807120403' + '07a202');
    const res = qkd.ReadChoicesResponse.decode(
      qkd.ReadChoicesResponse.encode({ frame: 7, count: 3, symbols: Uint8Array.of(0x26) }).finish(),
    );
    expect([0, 1, 2].map((k) => symbolAt(res.symbols, k))).toEqual([2, 1, 2]);
  });

  it('rounds probabilities to weights that sum to 65536, each within 1 of its share', () => {
    for (const p of [
      [0.1, 0.2, 0.7, 0],
      [0.35, 0.35, 0.15, 0.15],
      [1 / 3, 1 / 3, 1 / 3, 0],
      [0.0002, 0.2998, 0.7, 0],
    ] as const) {
      const w = symbolWeights(p);
      expect(checkSymbolWeights(w)).toBeNull();
      const sum = p[0] + p[1] + p[2] + p[3];
      for (const [s, x] of w.entries()) expect(Math.abs(x - (p[s] / sum) * 65536)).toBeLessThanOrEqual(1);
      if (p[3] === 0) expect(w[3]).toBe(0);
    }
    expect(checkSymbolWeights([1, 2, 3])).toMatch(/4 weights/);
    expect(checkSymbolWeights([65536, 1, 0, 0])).toMatch(/sum/);
    expect(() => symbolWeights([0, 0, 0, 0])).toThrow(RangeError);
  });

  it('splits a long slot list within the slot and byte limits, and the board recovers the same slots', () => {
    // Dense slots (1-byte deltas) hit the slot limit; sparse ones (3-byte deltas) the byte limit.
    for (const gap of [1, 20_000]) {
      const n = 20_000;
      const slots = Uint32Array.from({ length: n }, (_, i) => 5 + i * gap);
      const reqs = readChoicesRequests(1, slots);
      const back: number[] = [];
      for (const r of reqs) {
        const deltas = r.slotDeltas ?? [];
        expect(deltas.length).toBeLessThanOrEqual(MAX_READ_CHOICES_SLOTS);
        const field = qkd.ReadChoicesRequest.encode({ slotDeltas: deltas }).finish().length;
        expect(field).toBeLessThanOrEqual(MAX_READ_CHOICES_DELTA_BYTES + 8);
        const got = slotsFromDeltas(deltas, 5 + n * gap);
        expect(typeof got).not.toBe('string');
        back.push(...(got as Uint32Array));
      }
      expect(back).toEqual(Array.from(slots));
    }
    expect(() => readChoicesRequests(1, Uint32Array.from([4, 4]))).toThrow(RangeError);
    expect(slotsFromDeltas([3, 0], 100)).toMatch(/ascending/);
    expect(slotsFromDeltas([99, 1], 100)).toMatch(/outside/);
  });
});
