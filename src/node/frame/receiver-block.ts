/**
 * The receiver's (Bob's) side of one post-processing block, as a pure
 * message-in / message-out object: no I/O, no clocks. A block is n_X sifted
 * key-basis bits gathered from one or more frames (src/node/block-accumulator.ts,
 * opened when Alice's BlockClose arrives) with the test-basis counts and
 * errors of its frames, which both sides compared frame by frame.
 *
 * Bob drives the block:
 *   1. test QBER over the threshold → abort (qber-over-threshold);
 *      the finite-key length with no leak at all not positive → abort
 *      (insufficient-statistics or length-not-positive): no Cascade is run on
 *      a block that cannot make key;
 *   2. → CascadeRequest / ← CascadeReply until Bob's key equals Alice's
 *   3. ℓ from the finite-key bound; → VerificationSeed, VerificationTag, PrivacyAmplificationSeed
 *   4. ← BlockStored (Alice verified, amplified and stored) → outcome ok
 * Any ← Abort ends the block with no key. Every message carries the block ID
 * (Envelope.block_id).
 */
import { type CascadePlanCache, CascadeReceiver, decodeReply, encodeRequest } from '../../pipeline/cascade/index.ts';
import { verificationSeedWords, verificationTag } from '../../pipeline/verification/index.ts';
import { createPrivacyAmplifier, seedBitsFor } from '../../pipeline/privacy-amplification/index.ts';
import { wordsFor } from '../../pipeline/bits.ts';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import type { DecodedEnvelope } from '../../peer/messages.ts';
import type { BlockMaterial } from '../block-accumulator.ts';
import type { FrameParams, RandomWords } from './frame-params.ts';
import type { BlockOutcome, FrameAbortReason, FrameStatistics } from './frame-outcome.ts';
import { FrameSession, type FrameStep } from './frame-session.ts';
import { frameSecretLength } from './secret-length.ts';
import { wordsToBytes } from './wire.ts';
import { blockWork } from './work-id.ts';

type Phase = 'new' | 'cascade' | 'stored';

/** Upper bound on Cascade round trips per block before the block is dropped. */
export const MAX_CASCADE_ROUNDS = 20_000;

/** A block's statistics before Cascade, from its material (both roles). */
export function blockStatistics(m: BlockMaterial): Partial<FrameStatistics> {
  const nTest = m.testDetections[0] + m.testDetections[1] + m.testDetections[2];
  const errors = m.testErrors[0] + m.testErrors[1] + m.testErrors[2];
  const byClass = [0, 1, 2].map((c) => (m.testDetections[c] > 0 ? m.testErrors[c] / m.testDetections[c] : NaN));
  return {
    siftedKeyBits: m.keyCount,
    siftedTestBits: nTest,
    qberTest: nTest > 0 ? errors / nTest : NaN,
    qberTestByClass: [byClass[0], byClass[1], byClass[2]],
  };
}

/**
 * Where a block's Cascade permutations come from: one seed for every block a
 * thread runs (drawn once per executor, i.e. per node run and worker) and
 * that thread's plan cache. Blocks are exactly n_X bits, so consecutive
 * blocks hit the same plan and the shuffles (~104 bytes per key bit, the
 * bulk of a block's set-up) are done once, not per block. The seed still
 * travels in each block's first CascadeRequest, so Alice needs no other
 * agreement. Why reuse is safe: Cascade's permutations are public (the seed is
 * sent in the clear) and independent of both keys; what Eve learns is exactly
 * the disclosed parities, all counted in the leak, whatever permutation
 * chose them. A permutation known in advance lets Eve aim errors at it only
 * to make Cascade fail, which verification catches (ε_cor) and which she can
 * do anyway by raising the QBER: a denial of service, not a leak.
 */
export interface BlockCascadePlanning {
  seed: number;
  plans: CascadePlanCache;
}

export class ReceiverBlockSession extends FrameSession<Phase> {
  private cascade: CascadeReceiver | null = null;
  private secret: Uint32Array | null = null;
  private cascadeRounds = 0;

  constructor(
    private readonly block: BlockMaterial,
    private readonly params: FrameParams,
    private readonly random: RandomWords,
    /** Without it: a fresh seed per block and no plan cache. */
    private readonly planning?: BlockCascadePlanning,
  ) {
    super(blockWork(block.blockId), 'new');
    this.keyDetections = block.keyDetections;
    this.testDetections = block.testDetections;
    this.testErrors = block.testErrors;
    Object.assign(this.stats, blockStatistics(block));
  }

  start(): FrameStep {
    if (this.phase !== 'new') {
      throw new QkdError(QkdErrorCode.ExecutorFailed, `receiver session of block ${this.blockId}: start() called twice`, {
        blockId: this.blockId,
      });
    }
    const b = this.block;
    const nTest = this.stats.siftedTestBits;
    if (!(nTest > 0)) return this.abort('insufficient-statistics', `no test-basis detections in ${b.frames} frames`, true);
    if (this.stats.qberTest > this.params.qberMax) {
      return this.abort('qber-over-threshold', `test-basis QBER ${this.stats.qberTest.toFixed(4)} > ${this.params.qberMax}`, true);
    }
    if (b.keyCount < 64) return this.abort('insufficient-statistics', `${b.keyCount} key-basis bits`, true);
    // The best case (no reconciliation leak, no key errors) already makes no key: Cascade would only spend time.
    const best = frameSecretLength(
      {
        keyDetections: b.keyDetections,
        testDetections: b.testDetections,
        testErrors: b.testErrors,
        keyErrors: 0,
        cascadeLeakBits: 0,
        keyBits: b.keyCount,
      },
      this.params,
    );
    if (!best.ok) {
      return this.abort(best.reason, `${best.detail} (n_X ${b.keyCount}, n_Z ${nTest}, ${b.frames} frames; before Cascade)`, true);
    }
    // The signal class' test-basis QBER is the best a-priori estimate of the key-basis QBER for Cascade's block sizes.
    const qSignal = b.testDetections[0] > 0 ? b.testErrors[0] / b.testDetections[0] : this.stats.qberTest;
    const qEstimate = Math.min(0.45, Math.max(this.params.cascadeMinQber, qSignal));
    this.cascade = new CascadeReceiver(b.keyBits, b.keyCount, {
      variant: this.params.cascadeVariant,
      qber: qEstimate,
      seed: this.planning ? this.planning.seed : this.random(1)[0],
      cache: this.planning?.plans,
    });
    this.phase = 'cascade';
    return { send: [this.msg({ cascadeRequest: { body: encodeRequest(this.cascade.start()) } })] };
  }

  protected handle(m: DecodedEnvelope): FrameStep {
    switch (m.body) {
      case 'cascadeReply': {
        this.expect(m.body, 'cascade');
        const next = this.cascade!.onReply(decodeReply(m.cascadeReply?.body ?? new Uint8Array(0)));
        if (next.kind === 'request') {
          // Honest answers end Cascade in at most a few thousand round trips (option 8 at 10 %: ~2,000);
          // inconsistent ones can keep a search alive forever. Bound it rather than trust the peer.
          if (++this.cascadeRounds > MAX_CASCADE_ROUNDS) {
            return this.abort('protocol-error', `Cascade did not converge in ${MAX_CASCADE_ROUNDS} round trips`, true);
          }
          return { send: [this.msg({ cascadeRequest: { body: encodeRequest(next) } })] };
        }
        return this.finishReconciliation(next.key, next.n, next.leakedBits, next.rounds, next.corrections);
      }
      case 'blockStored': {
        this.expect(m.body, 'stored');
        this.phase = 'done';
        return {
          send: [],
          outcome: { ok: true, blockId: this.blockId, key: this.secret!, secretBits: this.stats.secretBits, stats: { ...this.stats } },
        };
      }
      default:
        throw this.violation(`unexpected ${m.body} in phase ${this.phase}`, { body: m.body });
    }
  }

  private finishReconciliation(key: Uint32Array, n: number, leak: number, rounds: number, corrections: number): FrameStep {
    this.stats.cascadeLeakBits = leak;
    this.stats.cascadeRounds = rounds;
    this.stats.qberKey = corrections / n;
    const length = frameSecretLength(
      {
        keyDetections: this.keyDetections,
        testDetections: this.testDetections,
        testErrors: this.testErrors,
        keyErrors: corrections,
        cascadeLeakBits: leak,
        keyBits: n,
      },
      this.params,
    );
    if (!length.ok) return this.abort(length.reason, length.detail, true);
    const ell = length.lengthBits;
    const vSeed = this.nonZeroPoints(verificationSeedWords(n, this.params.epsCor));
    const tag = verificationTag(key, n, vSeed);
    const family = this.params.privacyAmplification;
    const paSeed = this.random(wordsFor(seedBitsFor(family, n, ell)));
    this.secret = createPrivacyAmplifier(family, n, ell).hash(key, paSeed);
    key.fill(0);
    this.stats.secretBits = ell;
    this.phase = 'stored';
    return {
      send: [
        this.msg({ verificationSeed: { seed: wordsToBytes(vSeed) } }),
        this.msg({ verificationTag: { tag: wordsToBytes(tag), keyBits: n } }),
        this.msg({ privacyAmplificationSeed: { seed: wordsToBytes(paSeed), inputBits: n, outputBits: ell } }),
      ],
    };
  }

  /** Verification points must be non-zero field elements (a zero point hashes everything to the same tag). */
  private nonZeroPoints(words: number): Uint32Array {
    const seed = this.random(words);
    for (let p = 0; p < words; p += 2) {
      while (seed[p] === 0 && seed[p + 1] === 0) seed.set(this.random(2), p);
    }
    return seed;
  }

  protected abortOutcome(reason: FrameAbortReason, detail: string): BlockOutcome {
    return { ok: false, blockId: this.blockId, reason, detail, stats: { ...this.stats } };
  }

  protected zeroSecrets(): void {
    this.secret?.fill(0);
    this.block.keyBits.fill(0);
  }
}
