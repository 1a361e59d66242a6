/**
 * Relay hooks (peer-channels.ts `RelayHook`) that tamper with deferred peer
 * frames — the ones that travel without a tag and are authenticated by the
 * next tagged frame of their direction (src/peer/PROTOCOL.md, "Transcript
 * authentication"). They pick frames by what they carry, not by their index
 * on the wire, so a test does not depend on how messages of frames in flight
 * interleave.
 */
import { parseFrameHeader } from '../../src/peer/frame.ts';
import { decodeEnvelope, type BodyKind } from '../../src/peer/messages.ts';
import type { Xoshiro128 } from '../../src/pipeline/prng.ts';
import type { RelayHook } from './peer-channels.ts';

/** The body kind of a deferred frame (without length prefix), or undefined for a tagged frame, the preamble or garbage. */
export function deferredBodyOf(frame: Uint8Array): BodyKind | undefined {
  const h = parseFrameHeader(frame, 0);
  if (!h?.deferred) return undefined;
  try {
    return decodeEnvelope(frame.subarray(h.payloadOffset)).body;
  } catch {
    return undefined;
  }
}

export interface DeferredFlip {
  hook: RelayHook;
  /** Set once the flip is done: the bit flipped (index into the frame's bits), and whether the frame still parses as that body. */
  flipped?: { bit: number; frameBytes: number; stillParses: boolean };
}

/**
 * Flips one seeded-random bit among the last `tailBytes` bytes of the
 * `nth` (1-based) deferred frame carrying `body`. For bodies whose content
 * is a trailing `bytes` field (cascadeRequest/cascadeReply: the envelope's
 * last field), those bytes are that content, so the frame still parses and
 * only the message changes: nothing but the covering tag can notice.
 */
export function flipBitInDeferred(rng: Xoshiro128, body: BodyKind, nth: number, tailBytes = 4): DeferredFlip {
  let seen = 0;
  const out: DeferredFlip = {
    hook: (frame) => {
      if (out.flipped || deferredBodyOf(frame) !== body || ++seen < nth) return [frame];
      const copy = frame.slice();
      const span = Math.min(tailBytes, copy.length - 11) * 8;
      const bit = copy.length * 8 - span + rng.nextBelow(span);
      copy[bit >>> 3] ^= 1 << (bit & 7);
      out.flipped = { bit, frameBytes: copy.length, stillParses: deferredBodyOf(copy) === body };
      return [copy];
    },
  };
  return out;
}

/** Tag length of the test channels (two Wegman–Carter points, 8 bytes each). */
const TEST_TAG_BYTES = 16;

/** The body kind of a tagged frame (without length prefix), or undefined for a deferred frame, the preamble or garbage. */
export function taggedBodyOf(frame: Uint8Array, tagBytes = TEST_TAG_BYTES): BodyKind | undefined {
  const h = parseFrameHeader(frame, tagBytes);
  if (!h || h.deferred) return undefined;
  try {
    return decodeEnvelope(frame.subarray(h.payloadOffset, h.authLength)).body;
  } catch {
    return undefined;
  }
}

/**
 * Passes frames through until the `nth` (1-based) tagged frame carrying
 * `body`, which it flips one bit of the tag of (`'flip'`: the frame fails
 * authentication at the peer) or swallows (`'drop'`: as if lost with a
 * discarded span). `done` is set once it has acted.
 */
export function tamperTagged(body: BodyKind, nth: number, action: 'flip' | 'drop'): { hook: RelayHook; done: boolean } {
  let seen = 0;
  const out = {
    done: false,
    hook: (frame: Uint8Array): Uint8Array[] => {
      if (out.done || taggedBodyOf(frame) !== body || ++seen < nth) return [frame];
      out.done = true;
      if (action === 'drop') return [];
      const copy = frame.slice();
      copy[copy.length - 1] ^= 0x01;
      return [copy];
    },
  };
  return out;
}

/** Runs `hooks` in order on each frame (each sees what the previous passed on). */
export function chainHooks(...hooks: RelayHook[]): RelayHook {
  return (frame, index) => hooks.reduce<Uint8Array[]>((frames, h) => frames.flatMap((f) => h(f, index)), [frame]);
}
