/**
 * The receiver's (Bob's) side of one frame's post-processing, as a pure
 * message-in / message-out object: no I/O, no clocks. The node feeds it peer
 * messages of this frame and sends what it returns, so the same object runs
 * in one process (tests, benchmarks) or across the network.
 *
 * Bob drives the frame:
 *   1. → SiftDetections (detected slots and bases)
 *   2. ← SiftMatch, ← IntensityClasses; both sides sift
 *   3. → EstimationDisclosure (all of Bob's test-basis bits)
 *   4. ← EstimationDisclosure (Alice's); test-basis errors per class; QBER check
 *   5. → CascadeRequest / ← CascadeReply until Bob's key equals Alice's
 *   6. ℓ from the finite-key bound; → VerificationSeed, VerificationTag, PrivacyAmplificationSeed
 *   7. ← BlockStored (Alice verified, amplified and stored) → outcome ok
 * Any ← Abort ends the frame with no key. Abort handling and phase checks
 * are FrameSession's (frame-session.ts).
 */
import { CascadeReceiver, decodeReply, encodeRequest } from '../../pipeline/cascade/index.ts';
import { packBases } from '../../pipeline/sifting/exchange.ts';
import { siftBob, type SiftedKeys } from '../../pipeline/sifting/sifted-keys.ts';
import { DEFAULT_BASIS_ROLES } from '../../pipeline/sifting/pattern.ts';
import { detectionsPerIntensity } from '../../pipeline/estimation/observed-counts.ts';
import { verificationSeedWords, verificationTag } from '../../pipeline/verification/index.ts';
import { createPrivacyAmplifier, seedBitsFor } from '../../pipeline/privacy-amplification/index.ts';
import { wordsFor } from '../../pipeline/bits.ts';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import type { DecodedEnvelope } from '../../peer/messages.ts';
import { basisKey } from './basis-key.ts';
import type { FrameParams, RandomWords } from './frame-params.ts';
import { FrameSession, type FrameStep } from './frame-session.ts';
import { frameSecretLength } from './secret-length.ts';
import { bytesToWords, bytesToWordsExact, wordsToBytes } from './wire.ts';

/** Bob's detections of one frame, as the timing stage produced them (sorted by slot). */
export interface ReceiverDetections {
  count: number;
  slots: Uint32Array;
  bases: Uint8Array;
  bits: Uint8Array;
}

type Phase = 'new' | 'sift' | 'estimate' | 'cascade' | 'stored';

/** Upper bound on Cascade round trips per frame before the frame is dropped. */
export const MAX_CASCADE_ROUNDS = 20_000;

export class ReceiverFrameSession extends FrameSession<Phase> {
  private mask: Uint32Array | null = null;
  private sifted: SiftedKeys | null = null;
  private testKey: { bits: Uint32Array; nBits: number } | null = null;
  private cascade: CascadeReceiver | null = null;
  private secret: Uint32Array | null = null;
  private cascadeRounds = 0;

  constructor(
    frameId: number,
    private readonly detections: ReceiverDetections,
    private readonly params: FrameParams,
    private readonly random: RandomWords,
  ) {
    super(frameId, 'new');
  }

  start(): FrameStep {
    if (this.phase !== 'new') {
      throw new QkdError(QkdErrorCode.ExecutorFailed, `receiver session of frame ${this.frameId}: start() called twice`, {
        frameId: this.frameId,
      });
    }
    this.phase = 'sift';
    const d = this.detections;
    this.stats.detections = d.count;
    const slots = d.slots.subarray(0, d.count);
    return {
      send: [
        this.msg({
          siftDetections: {
            slotCount: this.params.slots,
            detectionCount: d.count,
            detectedSlots: new Uint8Array(slots.buffer, slots.byteOffset, d.count * 4),
            bases: wordsToBytes(packBases(d.bases, d.count)),
          },
        }),
      ],
    };
  }

  protected handle(m: DecodedEnvelope): FrameStep {
    const d = this.detections;
    switch (m.body) {
      case 'siftMatch': {
        this.expect(m.body, 'sift');
        if ((m.siftMatch?.detectionCount ?? 0) !== d.count)
          throw this.violation('sift match covers another number of detections', {
            count: m.siftMatch?.detectionCount ?? 0,
            expected: d.count,
          });
        this.mask = bytesToWordsExact(m.siftMatch?.matchMask, wordsFor(d.count), 'match mask');
        return { send: [] };
      }
      case 'intensityClasses': {
        this.expect(m.body, 'sift');
        if (!this.mask) throw this.violation('intensity classes before the match mask');
        const classes = bytesToWords(m.intensityClasses?.classes, 1);
        this.sifted = siftBob(d.bases, d.bits, this.mask, classes, d.count);
        if (this.sifted.invalidIntensity > 0)
          throw this.violation(`${this.sifted.invalidIntensity} detections with an invalid intensity class`, {
            invalid: this.sifted.invalidIntensity,
          });
        const roles = DEFAULT_BASIS_ROLES;
        this.keyDetections = detectionsPerIntensity(this.sifted, roles.keyBasis);
        this.testDetections = detectionsPerIntensity(this.sifted, roles.testBasis);
        this.testKey = basisKey(this.sifted, roles.testBasis);
        this.stats.siftedTestBits = this.testKey.nBits;
        this.phase = 'estimate';
        return {
          send: [
            this.msg({
              estimationDisclosure: { count: this.testKey.nBits, bits: wordsToBytes(this.testKey.bits, wordsFor(this.testKey.nBits)) },
            }),
          ],
        };
      }
      case 'estimationDisclosure': {
        this.expect(m.body, 'estimate');
        const test = this.testKey!;
        this.compareTestBits(m.estimationDisclosure, test);
        const nTest = test.nBits;
        if (!(nTest > 0)) return this.abort('insufficient-statistics', 'no test-basis detections', true);
        if (this.stats.qberTest > this.params.qberMax) {
          return this.abort('qber-over-threshold', `test-basis QBER ${this.stats.qberTest.toFixed(4)} > ${this.params.qberMax}`, true);
        }
        const key = basisKey(this.sifted!, DEFAULT_BASIS_ROLES.keyBasis);
        this.stats.siftedKeyBits = key.nBits;
        if (key.nBits < 64) return this.abort('insufficient-statistics', `${key.nBits} key-basis bits`, true);
        // The signal class' test-basis QBER is the best a-priori estimate of the key-basis QBER for Cascade's block sizes.
        const qSignal = this.testDetections[0] > 0 ? this.testErrors[0] / this.testDetections[0] : this.stats.qberTest;
        const qEstimate = Math.min(0.45, Math.max(this.params.cascadeMinQber, qSignal));
        this.cascade = new CascadeReceiver(key.bits, key.nBits, {
          variant: this.params.cascadeVariant,
          qber: qEstimate,
          seed: this.random(1)[0],
        });
        this.phase = 'cascade';
        return { send: [this.msg({ cascadeRequest: { body: encodeRequest(this.cascade.start()) } })] };
      }
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
          outcome: { ok: true, frameId: this.frameId, key: this.secret!, secretBits: this.stats.secretBits, stats: { ...this.stats } },
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

  protected zeroSecrets(): void {
    this.secret?.fill(0);
  }
}
