/**
 * The hand-written Cascade envelope codec (src/peer/envelope-fast-path.ts)
 * against protobufjs: the same bytes as `Envelope.encode`, the same object as
 * the generic decode, and every other shape left to the generic path.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Envelope, decodeEnvelope, encodeEnvelope, type EnvelopeInit } from '../../src/peer/messages.ts';
import { decodeCascadeEnvelope, encodeCascadeEnvelope } from '../../src/peer/envelope-fast-path.ts';
import { withSeed } from '../support/seed.ts';
import type { Xoshiro128 } from '../../src/pipeline/prng.ts';

function genericDecode(bytes: Uint8Array): Record<string, unknown> {
  const obj = Envelope.toObject(Envelope.decode(bytes), { longs: Number, oneofs: true }) as Record<string, unknown>;
  if (typeof obj.frameId !== 'number') obj.frameId = 0;
  return obj;
}

/** IDs across varint lengths: 0 (omitted), 1 byte, several, up to 2^53 − 1. */
function randomId(rng: Xoshiro128): number | undefined {
  switch (rng.nextU32() % 6) {
    case 0:
      return undefined;
    case 1:
      return 0;
    case 2:
      return rng.nextU32() % 128;
    case 3:
      return rng.nextU32();
    case 4:
      return Number.MAX_SAFE_INTEGER - (rng.nextU32() % 1000);
    default:
      return (rng.nextU32() % 2 ** 21) * 2 ** 20 + (rng.nextU32() % 2 ** 20);
  }
}

function randomCascadeEnvelope(rng: Xoshiro128): EnvelopeInit {
  const lengths = [0, 1, 5, 127, 128, 300, 16_384, 20_000];
  const body = new Uint8Array(lengths[rng.nextU32() % lengths.length]);
  for (let i = 0; i < body.length; i++) body[i] = rng.nextU32() & 0xff;
  const msg: EnvelopeInit = {};
  const frameId = randomId(rng);
  const blockId = randomId(rng);
  if (frameId !== undefined) msg.frameId = frameId;
  if (blockId !== undefined) msg.blockId = blockId;
  if (rng.nextU32() % 2 === 0) msg.cascadeRequest = { body };
  else msg.cascadeReply = { body };
  return msg;
}

describe('Cascade envelope fast path', () => {
  it('writes the bytes Envelope.encode writes and reads back what the generic decode reads', async () => {
    await withSeed('envelope-fast-path', (rng) => {
      for (let i = 0; i < 300; i++) {
        const msg = randomCascadeEnvelope(rng);
        const what = `frameId ${msg.frameId} blockId ${msg.blockId} ${msg.cascadeRequest ? 'request' : 'reply'} of ${(msg.cascadeRequest ?? msg.cascadeReply)?.body?.length} bytes`;
        const fast = encodeCascadeEnvelope(msg);
        const generic = Buffer.from(Envelope.encode(msg).finish());
        expect(fast !== null && Buffer.from(fast).equals(generic), `${what}: encoded bytes`).toBe(true);
        const decoded = decodeCascadeEnvelope(generic);
        const expected = genericDecode(generic);
        // Compared as booleans: a failure prints the case, not two 20 kB bodies.
        expect(decoded !== null && isDeepStrictEqual({ ...decoded }, expected), `${what}: decoded`).toBe(true);
        expect(isDeepStrictEqual(decodeEnvelope(encodeEnvelope(msg)), expected), `${what}: through the public functions`).toBe(true);
      }
    });
  });

  it('leaves every other shape to the generic path', () => {
    const body = new Uint8Array([1, 2, 3]);
    const others: EnvelopeInit[] = [
      { frameId: 1, verificationSeed: { seed: body } },
      { frameId: 1, cascadeRequest: { body }, cascadeReply: { body } },
      { frameId: 1, cascadeRequest: { body }, abort: { frameId: 1, reason: 'x' } },
      { frameId: -1, cascadeRequest: { body } },
      { frameId: 1.5, cascadeRequest: { body } },
      { frameId: 1, cascadeRequest: {} },
    ];
    for (const m of others) expect(encodeCascadeEnvelope(m)).toBeNull();
    // A message that does not verify is still refused (by the generic verify).
    expect(() => encodeEnvelope({ frameId: 1, cascadeRequest: { body: 5 as unknown as Uint8Array } })).toThrow(/does not verify/);
  });

  it('decodes non-canonical layouts through protobufjs, with the same result', () => {
    const req = Envelope.encode({ frameId: 3, blockId: 4, cascadeRequest: { body: new Uint8Array([9, 8]) } }).finish();
    const variants = [
      // blockId before frameId
      Buffer.from([16, 4, 8, 3, ...req.subarray(4)]),
      // a non-canonical (padded) varint for frameId
      Buffer.from([8, 0x83, 0x00, ...req.subarray(2)]),
      // an explicit zero frameId
      Buffer.from([8, 0, ...req.subarray(2)]),
      // an unknown field after the body
      Buffer.from([...req, 0xf8, 0x01, 1]),
      // the body written twice (last wins)
      Buffer.from([...req, 122, 3, 10, 1, 7]),
    ];
    for (const v of variants) {
      expect(decodeCascadeEnvelope(v)).toBeNull();
      expect(decodeEnvelope(v)).toEqual(genericDecode(v));
    }
    // Truncated input: neither path accepts it.
    expect(decodeCascadeEnvelope(req.subarray(0, req.length - 1))).toBeNull();
    expect(() => decodeEnvelope(req.subarray(0, req.length - 1))).toThrow();
  });
});
