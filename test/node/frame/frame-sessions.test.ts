import { describe, expect, it } from 'vitest';
import { ReceiverFrameSession } from '../../../src/node/frame/receiver-frame.ts';
import { TransmitterFrameSession } from '../../../src/node/frame/transmitter-frame.ts';
import { runFrameInProcess } from '../../../src/node/frame/run-frame-in-process.ts';
import { DEFAULT_FRAME_PARAMS, type FrameParams } from '../../../src/node/frame/frame-params.ts';
import { hammingDistance } from '../../../src/pipeline/bits.ts';
import { decodeEnvelope, encodeEnvelope } from '../../../src/peer/messages.ts';
import type { Xoshiro128 } from '../../../src/pipeline/prng.ts';
import { withSeed } from '../../support/seed.ts';
import { isNodeError, QkdErrorCode } from '../../../errors/index.ts';
import { syntheticFrame, type SyntheticFrameOptions } from '../../support/synthetic-frame.ts';

// Lim et al.'s bounds need ~2·10^5 key-basis bits before ℓ > 0 (ε_sec = 1e-10):
// 2^22 slots at η = 0.3 with a 0.7 key-basis bias give that (ℓ ≈ 3·10^4 expected).
const SLOTS = 1 << 22;
const CHANNEL: SyntheticFrameOptions = {
  slots: SLOTS,
  intensities: [0.6, 0.2, 0.0002],
  probabilities: [0.5, 0.3, 0.2],
  keyBasisProbability: 0.7,
  eta: 0.3,
  misalignment: 0.01,
};

function params(): FrameParams {
  return { ...DEFAULT_FRAME_PARAMS, slots: SLOTS, intensities: CHANNEL.intensities, probabilities: CHANNEL.probabilities };
}

function sessions(rng: Xoshiro128, channel: SyntheticFrameOptions, frameId = 7) {
  const { pattern, detections } = syntheticFrame(rng, channel);
  const random = (n: number): Uint32Array => rng.fillU32(new Uint32Array(n));
  return {
    alice: new TransmitterFrameSession(frameId, pattern, params()),
    bob: new ReceiverFrameSession(frameId, detections, params(), random),
    detections,
  };
}

describe('frame sessions (transmitter ↔ receiver)', () => {
  it('turn one frame into identical secret keys of the finite-key length', async () => {
    await withSeed('frame ok', (rng) => {
      const { alice, bob, detections } = sessions(rng, CHANNEL);
      const r = runFrameInProcess(alice, bob);
      expect(r.alice.ok, r.alice.ok ? '' : r.alice.detail).toBe(true);
      expect(r.bob.ok, r.bob.ok ? '' : r.bob.detail).toBe(true);
      if (!r.alice.ok || !r.bob.ok) return;
      expect(r.alice.secretBits).toBe(r.bob.secretBits);
      expect(r.alice.secretBits).toBeGreaterThan(1000);
      // ℓ is far below the sifted key: decoy analysis and Cascade's leak take their share.
      expect(r.alice.secretBits).toBeLessThan(r.alice.stats.siftedKeyBits);
      expect(hammingDistance(r.alice.key, r.bob.key, r.alice.secretBits)).toBe(0);
      // Alice's own count of disclosed parities equals Bob's.
      expect(r.alice.stats.cascadeLeakBits).toBe(r.bob.stats.cascadeLeakBits);
      expect(r.bob.stats.detections).toBe(detections.count);
      // The observed QBERs sit near the modelled misalignment (1 %), well within 5σ on ~10^5 bits.
      expect(Math.abs(r.bob.stats.qberTest - 0.01)).toBeLessThan(0.004);
      expect(Math.abs(r.bob.stats.qberKey - 0.01)).toBeLessThan(0.004);
    });
  });

  it('aborts the frame on both sides under full intercept-resend and stores no key', async () => {
    await withSeed('frame attack', (rng) => {
      const { alice, bob } = sessions(rng, { ...CHANNEL, interceptFraction: 1 });
      const r = runFrameInProcess(alice, bob);
      expect(r.alice.ok).toBe(false);
      expect(r.bob.ok).toBe(false);
      if (r.bob.ok || r.alice.ok) return;
      expect(r.bob.reason).toBe('qber-over-threshold');
      expect(r.alice.reason).toBe('qber-over-threshold');
      expect(r.bob.stats.qberTest).toBeGreaterThan(0.2);
    });
  });

  it('aborts when a Cascade reply is corrupted in transit, without ever agreeing on a key', async () => {
    await withSeed('frame corrupt', (rng) => {
      const { alice, bob } = sessions(rng, CHANNEL);
      let flipped = false;
      const r = runFrameInProcess(alice, bob, (dir, bytes) => {
        const m = decodeEnvelope(bytes);
        if (!flipped && dir === 'to-bob' && m.body === 'cascadeReply') {
          // Flip one parity bit of the reply: Bob will search the wrong way and verification must catch it
          // (the authenticated channel would drop such a message; this checks the protocol's own defence).
          const body = m.cascadeReply!.body!;
          body[body.length - 1] ^= 1;
          flipped = true;
          return encodeEnvelope({ frameId: m.frameId, cascadeReply: { body } });
        }
        return bytes;
      });
      expect(flipped).toBe(true);
      // Either the tags differ (verification-failed) or the decoder rejects the reply; never two ok keys that differ.
      if (r.alice.ok && r.bob.ok) {
        expect(hammingDistance(r.alice.key, r.bob.key, r.alice.secretBits)).toBe(0);
      } else {
        expect(r.alice.ok).toBe(false);
        expect(r.bob.ok).toBe(false);
      }
    });
  });

  it('aborts with insufficient statistics on a nearly empty frame', async () => {
    await withSeed('frame empty', (rng) => {
      const { alice, bob } = sessions(rng, { ...CHANNEL, eta: 1e-5 });
      const r = runFrameInProcess(alice, bob);
      expect(r.alice.ok || r.bob.ok).toBe(false);
      if (!r.bob.ok) expect(['insufficient-statistics', 'length-not-positive']).toContain(r.bob.reason);
    });
  });

  it('a message out of phase aborts the frame with a protocol error, tells the peer, and ignores what follows', () => {
    const alice = new TransmitterFrameSession(3, new Uint32Array(8), params());
    const a = alice.onMessage({ frameId: 3, body: 'cascadeRequest', cascadeRequest: { body: new Uint8Array(0) } });
    expect(a.outcome).toMatchObject({ ok: false, frameId: 3, reason: 'protocol-error', detail: 'unexpected cascadeRequest in phase sift' });
    expect(a.send).toHaveLength(1);
    expect(a.send[0].abort?.reason).toBe('protocol-error: unexpected cascadeRequest in phase sift');
    expect(alice.onMessage({ frameId: 3, body: 'abort', abort: { frameId: 3, reason: 'x' } })).toEqual({ send: [] });

    const empty = { count: 0, slots: new Uint32Array(0), bases: new Uint8Array(0), bits: new Uint8Array(0) };
    const bob = new ReceiverFrameSession(4, empty, params(), (n) => new Uint32Array(n));
    const b = bob.onMessage({ frameId: 4, body: 'siftMatch', siftMatch: { detectionCount: 0 } });
    expect(b.outcome).toMatchObject({ ok: false, reason: 'protocol-error', detail: 'unexpected siftMatch in phase new' });
    // A peer's abort ends the frame without an answer, keeping the peer's reason when it is one of ours.
    const bob2 = new ReceiverFrameSession(5, empty, params(), (n) => new Uint32Array(n));
    bob2.start();
    const c = bob2.onMessage({ frameId: 5, body: 'abort', abort: { frameId: 5, reason: 'qber-over-threshold: 0.3' } });
    expect(c).toMatchObject({ send: [], outcome: { ok: false, reason: 'qber-over-threshold', detail: 'peer: qber-over-threshold: 0.3' } });
    // Starting twice is the executor's bug, not the peer's: it throws.
    let thrown: unknown;
    try {
      bob2.start();
    } catch (err) {
      thrown = err;
    }
    expect(isNodeError(thrown, QkdErrorCode.ExecutorFailed)).toBe(true);
  });
});
