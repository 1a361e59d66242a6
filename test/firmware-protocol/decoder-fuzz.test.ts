/**
 * Property-based fuzzing of the streaming decoder: random streams of valid,
 * bit-flipped and truncated frames and raw garbage, cut into random chunks.
 * The seed is QKDD_SEED when set, and fast-check prints it on failure.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FrameDecoder, encodeFrame } from '../../firmware-protocol/index.ts';
import type { DecoderEvent } from '../../firmware-protocol/index.ts';
import { testSeed } from '../support/seed.ts';
import { expectConsistent } from '../support/decoder-stats.ts';

type Segment =
  | { kind: 'ok'; payload: Uint8Array }
  | { kind: 'flip'; payload: Uint8Array; bit: number }
  | { kind: 'trunc'; payload: Uint8Array; keep: number }
  | { kind: 'garbage'; bytes: Uint8Array };

const payloadArb = fc.uint8Array({ maxLength: 300 });
const segmentArb: fc.Arbitrary<Segment> = fc.oneof(
  { weight: 4, arbitrary: payloadArb.map((payload) => ({ kind: 'ok' as const, payload })) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('flip' as const), payload: payloadArb, bit: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('trunc' as const), payload: payloadArb, keep: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('garbage' as const), bytes: fc.uint8Array({ maxLength: 120 }) }) },
);

function wireOf(s: Segment): Uint8Array {
  switch (s.kind) {
    case 'ok':
      return encodeFrame(s.payload);
    case 'flip': {
      const w = encodeFrame(s.payload).slice();
      const bit = s.bit % (w.length * 8);
      w[bit >> 3] ^= 1 << (bit & 7);
      return w;
    }
    case 'trunc': {
      const w = encodeFrame(s.payload);
      // Loses the delimiter and at least the last CRC byte (losing only the
      // delimiter is no corruption: the next 0x00 completes the frame).
      return w.slice(0, s.keep % (w.length - 1));
    }
    case 'garbage':
      return s.bytes;
  }
}

const key = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function pushChunked(d: FrameDecoder, stream: Uint8Array, cuts: number[]): DecoderEvent[] {
  const events: DecoderEvent[] = [];
  let pos = 0;
  let i = 0;
  while (pos < stream.length) {
    const n = cuts.length === 0 ? stream.length : cuts[i++ % cuts.length];
    events.push(...d.push(stream.subarray(pos, pos + n)));
    pos += n;
  }
  return events;
}

describe('FrameDecoder under fuzzing', () => {
  it('never throws, emits only intact frames, recovers every frame after a delimiter, counts every byte', () => {
    fc.assert(
      fc.property(
        fc.array(segmentArb, { maxLength: 25 }),
        fc.array(fc.integer({ min: 1, max: 97 }), { maxLength: 8 }),
        (segments, cuts) => {
          const wires = segments.map(wireOf);
          const stream = Uint8Array.from(wires.flatMap((w) => [...w]));
          const valid = new Set(segments.filter((s) => s.kind === 'ok').map((s) => key((s as { payload: Uint8Array }).payload)));

          // Frames the decoder must recover: intact, and the stream before them ends at a delimiter.
          const guaranteed: string[] = [];
          let atBoundary = true;
          segments.forEach((s, i) => {
            if (s.kind === 'ok' && atBoundary) guaranteed.push(key(s.payload));
            const w = wires[i];
            if (w.length > 0) atBoundary = w[w.length - 1] === 0;
          });

          const d = new FrameDecoder();
          const events = [...pushChunked(d, stream, cuts), ...d.push(Uint8Array.of(0))];
          const frames = events.filter((e) => e.kind === 'frame').map((e) => key(e.payload));

          // Only payloads that were sent intact (a corrupted one would need a CRC collision).
          for (const f of frames) expect(valid.has(f), `unexpected frame ${f}`).toBe(true);
          // Every guaranteed frame, in order.
          let j = 0;
          for (const f of frames) if (j < guaranteed.length && f === guaranteed[j]) j++;
          expect(j).toBe(guaranteed.length);

          const s = d.stats;
          expectConsistent(s);
          expect(s.pendingBytes).toBe(0);
          expect(s.bytesIn).toBe(stream.length + 1);
          expect(s.frames).toBe(frames.length);
          const discarded = events.filter((e) => e.kind === 'discarded');
          expect(s.discardedFrames).toBe(discarded.length);
          expect(discarded.reduce((a, e) => a + e.bytes, 0)).toBe(s.discardedBytes);

          // Chunking must not matter: the same events as one single push.
          const whole = new FrameDecoder();
          expect([...whole.push(stream), ...whole.push(Uint8Array.of(0))]).toEqual(events);
        },
      ),
      { numRuns: 400, seed: testSeed() },
    );
  });

  it('never throws on arbitrary bytes in arbitrary chunks and keeps its books balanced', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 400 }), { maxLength: 20 }), (chunks) => {
        const d = new FrameDecoder();
        for (const c of chunks) d.push(c);
        expectConsistent(d.stats);
      }),
      { numRuns: 400, seed: testSeed() },
    );
  });
});
