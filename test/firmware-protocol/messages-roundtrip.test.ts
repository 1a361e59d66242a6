/**
 * Every message type of the .proto sources: sample (by reflection) → static
 * generated encode → frame → streaming decoder → static decode → equal.
 * The static encoding is also compared byte for byte with protobufjs'
 * reflection encoding of the .proto files, which catches generated code
 * that is stale with respect to the sources (run `npm run proto:gen`).
 */
import { describe, expect, it } from 'vitest';
import protobuf from 'protobufjs';
import { FrameDecoder, decodeEnvelope, encodeEnvelopeFrame, encodeFrame, qkd } from '../../firmware-protocol/index.ts';
import { Xoshiro128 } from '../../src/pipeline/prng.ts';
import { testSeed } from '../support/seed.ts';
import { loadProtoRoot, sampleOf, sampleWith } from '../support/reflect-samples.ts';

interface StaticMessage {
  encode(m: object): { finish(): Uint8Array };
  decode(b: Uint8Array): object;
  fromObject(o: object): object;
  toObject(m: object, opts: protobuf.IConversionOptions): object;
}

const root = loadProtoRoot();
const ns = root.lookup('qkd') as protobuf.Namespace;
const messageTypes = ns.nestedArray.filter((t): t is protobuf.Type => t instanceof protobuf.Type);
const staticNs = qkd as unknown as Record<string, StaticMessage>;
const conv: protobuf.IConversionOptions = { longs: String, enums: Number, bytes: String, defaults: false };
const seed = testSeed();

function roundTrip(type: protobuf.Type, sample: object): void {
  const cls = staticNs[type.name];
  const staticBytes = cls.encode(cls.fromObject(sample)).finish();
  const reflectBytes = type.encode(type.fromObject(sample)).finish();
  expect(Buffer.from(staticBytes).toString('hex'), `static vs .proto encoding of ${type.name}`).toBe(
    Buffer.from(reflectBytes).toString('hex'),
  );
  const events = new FrameDecoder().push(encodeFrame(staticBytes));
  expect(events).toHaveLength(1);
  const ev = events[0];
  if (ev.kind !== 'frame') throw new Error(`frame discarded: ${ev.reason}`);
  const back = cls.decode(ev.payload);
  expect(cls.toObject(back, conv)).toEqual(type.toObject(type.fromObject(sample), conv));
}

describe(`every message round-trips through the frame codec (seed ${seed})`, () => {
  it('covers all message types of the .proto sources', () => {
    expect(messageTypes.length).toBeGreaterThan(50);
    for (const t of messageTypes) expect(staticNs[t.name], `generated class for ${t.name}`).toBeDefined();
  });

  it.each(messageTypes.map((t) => [t.name, t] as const))('%s', (_name, type) => {
    const rng = new Xoshiro128(seed ^ type.name.length);
    for (let i = 0; i < 5; i++) roundTrip(type, sampleOf(rng, type));
  });

  const envelope = root.lookupType('qkd.Envelope');
  const members = (typeName: string): protobuf.Field[] => root.lookupType(typeName).oneofs.body.fieldsArray;
  for (const [kind, typeName] of [
    ['request', 'qkd.Request'],
    ['response', 'qkd.Response'],
    ['event', 'qkd.Event'],
  ] as const) {
    it.each(members(typeName).map((f) => [f.name, f] as const))(`Envelope.${kind}.%s via encodeEnvelopeFrame`, (name, field) => {
      const rng = new Xoshiro128(seed + field.id);
      const inner = sampleWith(rng, root.lookupType(typeName), field);
      const env = { [kind]: inner };
      const wire = encodeEnvelopeFrame(qkd.Envelope.fromObject(env));
      const events = new FrameDecoder().push(wire);
      const ev = events[0];
      if (ev?.kind !== 'frame') throw new Error('frame lost');
      const decoded = decodeEnvelope(ev.payload);
      expect(decoded.ok && decoded.kind).toBe(kind);
      if (!decoded.ok) return;
      const msg = decoded.kind === 'request' ? decoded.request : decoded.kind === 'response' ? decoded.response : decoded.event;
      expect(msg.body).toBe(name);
      expect(qkd.Envelope.toObject(qkd.Envelope.decode(ev.payload), conv)).toEqual(envelope.toObject(envelope.fromObject(env), conv));
    });
  }

  it('decodeEnvelope reports garbage and an empty envelope instead of throwing', () => {
    expect(decodeEnvelope(Uint8Array.of(0x0a, 0x7f))).toMatchObject({ ok: false });
    expect(decodeEnvelope(new Uint8Array(0))).toEqual({ ok: false, reason: 'envelope with no request, response or event' });
  });
});
