import { describe, expect, it } from 'vitest';
import { withSeed } from '../../support/seed.ts';
import {
  decodeReply,
  decodeRequest,
  encodeReply,
  encodeRequest,
  type CascadeReply,
  type CascadeRequest,
} from '../../../src/pipeline/cascade/index.ts';

function randomArray(rng: { nextU32(): number }, len: number): Uint32Array {
  const a = new Uint32Array(len);
  for (let i = 0; i < len; i++) a[i] = rng.nextU32();
  return a;
}

describe('cascade messages: binary encode/decode', () => {
  it('round-trips requests with and without setup, and replies, for random contents', async () => {
    await withSeed('cascade codec', (rng) => {
      for (let t = 0; t < 200; t++) {
        const T = rng.nextBelow(20);
        const R = rng.nextBelow(300);
        const withSetup = rng.nextBelow(2) === 1;
        const req: CascadeRequest = {
          kind: 'request',
          round: rng.nextU32(),
          setup: withSetup ? { seed: rng.nextU32(), n: rng.nextU32(), blockSizes: randomArray(rng, 1 + rng.nextBelow(20)) } : null,
          topPass: randomArray(rng, T),
          topBlocks: randomArray(rng, T),
          pass: randomArray(rng, R),
          start: randomArray(rng, R),
          end: randomArray(rng, R),
        };
        const bytes = encodeRequest(req);
        expect(bytes.byteLength).toBe(4 * (2 + (withSetup ? 3 + (req.setup?.blockSizes.length ?? 0) : 0) + 1 + 2 * T + 1 + 3 * R));
        expect(decodeRequest(bytes)).toEqual(req);
        // Also from an unaligned copy, as a socket buffer may hand it over.
        const shifted = new Uint8Array(bytes.byteLength + 1).subarray(1);
        shifted.set(bytes);
        expect(decodeRequest(shifted)).toEqual(req);

        const count = rng.nextBelow(5000);
        const parities = randomArray(rng, Math.ceil(count / 32));
        if (count & 31) parities[parities.length - 1] &= (1 << (count & 31)) - 1;
        const reply: CascadeReply = { kind: 'reply', round: rng.nextU32(), count, parities };
        const rb = encodeReply(reply);
        expect(rb.byteLength).toBe(12 + 4 * Math.ceil(count / 32));
        expect(decodeReply(rb)).toEqual(reply);
      }
    });
  });

  it('is little-endian on the wire, whatever the host', () => {
    const bytes = encodeReply({ kind: 'reply', round: 0x01020304, count: 1, parities: Uint32Array.of(1) });
    expect([...bytes]).toEqual([0x43, 0x02, 0, 0, 0x04, 0x03, 0x02, 0x01, 1, 0, 0, 0, 1, 0, 0, 0]);
  });

  it('rejects truncated, padded, mistyped and misaligned-length input', () => {
    const req = encodeRequest({
      kind: 'request',
      round: 5,
      setup: null,
      topPass: new Uint32Array(0),
      topBlocks: new Uint32Array(0),
      pass: Uint32Array.of(1, 2),
      start: Uint32Array.of(0, 8),
      end: Uint32Array.of(4, 16),
    });
    expect(() => decodeRequest(req.subarray(0, req.length - 4))).toThrow(RangeError);
    const padded = new Uint8Array(req.length + 4);
    padded.set(req);
    expect(() => decodeRequest(padded)).toThrow(RangeError);
    expect(() => decodeRequest(req.subarray(0, 6))).toThrow(RangeError);
    expect(() => decodeReply(req)).toThrow(RangeError);
    const reply = encodeReply({ kind: 'reply', round: 5, count: 40, parities: Uint32Array.of(1, 2) });
    expect(() => decodeRequest(reply)).toThrow(RangeError);
    expect(() => decodeReply(reply.subarray(0, 12))).toThrow(RangeError);
  });
});
