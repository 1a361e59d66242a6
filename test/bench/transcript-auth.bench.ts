/**
 * Transcript authentication throughput (src/peer/auth/transcript.ts): the
 * peer channel feeds every frame it sends or receives into its direction's
 * running Wegman–Carter hash (two GF(2^64) points, the default), so this is
 * the cost per byte of the classical channel's authentication. MB/s of frame
 * bytes over a mix like a frame's post-processing (many Cascade messages of
 * 40 B – 2 KiB, a few sifting messages of 16–128 KiB), one tag at the end.
 *
 * Reference (same run, same bytes): the plain bitwise hash (shift-and-add
 * multiply), per frame. Beside it, `perMessageMBps`: protocol 1's tag of
 * every message on its own (table hash per message), which the transcript
 * replaces — streaming costs no more per byte, and takes one pad per commit
 * point instead of one per message.
 */
import { WegmanCarterAuthenticator } from '../../src/peer/auth/wegman-carter.ts';
import { polyHashWordsBitwise } from '../../src/pipeline/gf2/poly-hash.ts';
import { Xoshiro128 } from '../../src/pipeline/prng.ts';
import type { BenchSuite } from './harness.ts';
import { timeIt } from './harness.ts';

const suite: BenchSuite = async (ctx) => {
  const rng = new Xoshiro128(0x7a11);
  const frames: Uint8Array[] = [];
  const small = ctx.quick ? 200 : 800;
  for (let i = 0; i < small; i++) frames.push(new Uint8Array(40 + rng.nextBelow(2048)).map(() => rng.nextU32() & 255));
  for (let i = 0; i < (ctx.quick ? 2 : 6); i++) frames.push(new Uint8Array(16384 + rng.nextBelow(114688)).map(() => rng.nextU32() & 255));
  const total = frames.reduce((s, f) => s + f.length, 0);
  const wc = new WegmanCarterAuthenticator(new Uint8Array(16).map(() => rng.nextU32() & 255));
  const pad = new Uint8Array(16);
  const tag = new Uint8Array(16);
  const minSeconds = ctx.quick ? 0.2 : 0.5;
  ctx.progress(`transcript-auth: ${frames.length} frames, ${(total / 1e6).toFixed(2)} MB`);

  const transcript = wc.newTranscript();
  const ours = timeIt(() => {
    for (const f of frames) transcript.addFrame(f);
    wc.tagTranscript(transcript, pad, tag);
    transcript.reset();
  }, minSeconds);

  const perMessage = timeIt(() => {
    for (const f of frames) wc.tag(f, pad, tag);
  }, minSeconds);

  // The bitwise reference on a share of the frames (it is ~100× slower); throughput per byte either way.
  const refFrames = frames
    .filter((_, i) => i % 8 === 0)
    .map((f) => {
      const w = new Uint32Array(Math.ceil(f.length / 4));
      new Uint8Array(w.buffer).set(f);
      return { w, bits: f.length * 8 };
    });
  const refBytes = refFrames.reduce((s, f) => s + f.bits / 8, 0);
  const out = new Uint32Array(4);
  const ref = timeIt(
    () => {
      for (const f of refFrames) {
        polyHashWordsBitwise(0x12345678, 0x9abcdef1, f.w, f.bits, out, 0);
        polyHashWordsBitwise(0x0fedcba9, 0x87654321, f.w, f.bits, out, 2);
      }
    },
    minSeconds,
    ctx.quick ? 3 : 10,
  );

  return [
    {
      bench: 'transcript-auth',
      unit: 'MB/s',
      value: total / ours.secondsPerCall / 1e6,
      reference: refBytes / ref.secondsPerCall / 1e6,
      referenceName: 'bitwise GF(2^64) hash per frame, two points',
      perMessageMBps: total / perMessage.secondsPerCall / 1e6,
      frames: frames.length,
      bytes: total,
      points: 2,
      padBitsTranscript: 128,
      padBitsPerMessage: 128 * frames.length,
    },
  ];
};

export default suite;
