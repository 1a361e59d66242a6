/**
 * PolyHashStream (src/pipeline/gf2/poly-hash.ts): the polynomial hash of a
 * message fed in pieces equals polyHashBytes of the whole message, whatever
 * the cut, with padding counted as message bytes; digest leaves the state as
 * it was; reset starts over. Checked against the BigInt reference too.
 */
import { describe, expect, it } from 'vitest';
import { Gf64TableMultiplier } from '../../../src/pipeline/gf2/gf64-table-multiplier.ts';
import { PolyHashStream, polyHashBlocks, polyHashBytes } from '../../../src/pipeline/gf2/poly-hash.ts';
import { withSeed } from '../../support/seed.ts';
import { fromBig, polyHashRef, toBig } from '../../support/gf64-reference.ts';

function whole(mult: Gf64TableMultiplier, bytes: Uint8Array): [number, number] {
  const out = new Uint32Array(2);
  polyHashBytes(mult, bytes, out);
  return [out[0], out[1]];
}

function digest(s: PolyHashStream): [number, number] {
  const out = new Uint32Array(2);
  s.digest(out);
  return [out[0], out[1]];
}

describe('PolyHashStream', () => {
  it('equals polyHashBytes of the concatenation for random messages cut at random places', async () => {
    await withSeed('poly hash stream', (rng) => {
      for (let trial = 0; trial < 200; trial++) {
        const mult = new Gf64TableMultiplier(rng.nextU32(), rng.nextU32());
        const n = rng.nextBelow(trial < 100 ? 40 : 3000);
        const msg = new Uint8Array(n).map(() => rng.nextBelow(256));
        const s = new PolyHashStream(mult);
        let at = 0;
        while (at < n) {
          const len = Math.min(n - at, rng.nextBelow(rng.nextBelow(2) === 0 ? 9 : 200));
          s.update(msg.subarray(at, at + len));
          at += len;
        }
        expect(s.byteLength).toBe(n);
        expect(s.blocks).toBe(polyHashBlocks(n * 8));
        expect(digest(s)).toEqual(whole(mult, msg));
        // digest does not change the state: more bytes may follow.
        s.update(new Uint8Array([7]));
        const longer = new Uint8Array(n + 1);
        longer.set(msg);
        longer[n] = 7;
        expect(digest(s)).toEqual(whole(mult, longer));
        s.reset();
        expect(digest(s)).toEqual(whole(mult, new Uint8Array(0)));
      }
    });
  });

  it('padToBlock appends zeros that count in the length block (so m and m‖0 still differ)', async () => {
    await withSeed('poly hash stream pad', (rng) => {
      const kLo = rng.nextU32();
      const kHi = rng.nextU32();
      const mult = new Gf64TableMultiplier(kLo, kHi);
      const msg = new Uint8Array([1, 2, 3, 4, 5]);
      const s = new PolyHashStream(mult);
      s.update(msg);
      s.padToBlock();
      s.padToBlock(); // on a boundary: nothing more
      expect(s.byteLength).toBe(8);
      const padded = new Uint8Array(8);
      padded.set(msg);
      expect(digest(s)).toEqual(whole(mult, padded));
      expect(digest(s)).not.toEqual(whole(mult, msg));
      const bits: number[] = [];
      for (const byte of padded) for (let i = 0; i < 8; i++) bits.push((byte >> i) & 1);
      expect(digest(s)).toEqual(fromBig(polyHashRef(bits, toBig(kLo, kHi))));
    });
  });
});
