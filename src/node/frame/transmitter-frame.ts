/**
 * The transmitter's (Alice's) side of one frame's post-processing, as a pure
 * message-in / message-out object (see receiver-frame.ts for the sequence).
 * Alice holds the frame's pattern (basis, bit and intensity class per slot),
 * answers Bob's sifting and Cascade questions, recomputes ℓ from her own view
 * of the disclosed statistics, checks Bob's verification tag, and amplifies.
 * Her outcome `ok` means: store the key, then send BlockStored. Abort
 * handling and phase checks are FrameSession's (frame-session.ts).
 */
import { CascadeResponder, decodeRequest, encodeReply } from '../../pipeline/cascade/index.ts';
import { basisMatchMask, countMatched, matchedIntensities } from '../../pipeline/sifting/exchange.ts';
import { siftAlice, type SiftedKeys } from '../../pipeline/sifting/sifted-keys.ts';
import { DEFAULT_BASIS_ROLES } from '../../pipeline/sifting/pattern.ts';
import { detectionsPerIntensity } from '../../pipeline/estimation/observed-counts.ts';
import { verificationSeedWords, verificationTag, verificationTagsEqual } from '../../pipeline/verification/index.ts';
import { createPrivacyAmplifier, seedBitsFor } from '../../pipeline/privacy-amplification/index.ts';
import { wordsFor } from '../../pipeline/bits.ts';
import type { DecodedEnvelope } from '../../peer/messages.ts';
import { basisKey } from './basis-key.ts';
import type { FrameParams } from './frame-params.ts';
import { FrameSession, type FrameStep } from './frame-session.ts';
import { frameSecretLength } from './secret-length.ts';
import { bytesToWords, bytesToWordsExact, wordsToBytes } from './wire.ts';

type Phase = 'sift' | 'estimate' | 'cascade' | 'verify';

export class TransmitterFrameSession extends FrameSession<Phase> {
  private sifted: SiftedKeys | null = null;
  private key: { bits: Uint32Array; nBits: number } | null = null;
  private responder: CascadeResponder | null = null;
  private vSeed: Uint32Array | null = null;
  private bobTag: { tag: Uint32Array; keyBits: number } | null = null;

  /** `pattern` is the frame's packed pattern (src/pipeline/sifting/pattern.ts layout). */
  constructor(
    frameId: number,
    private readonly pattern: Uint32Array,
    private readonly params: FrameParams,
  ) {
    super(frameId, 'sift');
  }

  protected handle(m: DecodedEnvelope): FrameStep {
    switch (m.body) {
      case 'siftDetections': {
        this.expect(m.body, 'sift');
        const sd = m.siftDetections!;
        if ((sd.slotCount ?? 0) !== this.params.slots)
          throw this.violation(`frame of ${sd.slotCount} slots, expected ${this.params.slots}`, { slots: sd.slotCount });
        const n = sd.detectionCount ?? 0;
        const slots = bytesToWordsExact(sd.detectedSlots, n, 'detected slots');
        for (let i = 1; i < n; i++)
          if (slots[i] <= slots[i - 1]) throw this.violation('detected slots must be strictly ascending', { index: i });
        if (n > 0 && slots[n - 1] >= this.params.slots)
          throw this.violation(`slot ${slots[n - 1]} outside the frame`, { slot: slots[n - 1] });
        const bases = bytesToWordsExact(sd.bases, wordsFor(n), 'bases');
        const mask = basisMatchMask(this.pattern, slots, bases, n);
        const classes = matchedIntensities(this.pattern, slots, mask, n);
        this.stats.detections = n;
        this.sifted = siftAlice(this.pattern, slots, mask, n);
        if (this.sifted.invalidIntensity > 0)
          throw this.violation('pattern holds an invalid intensity class', { invalid: this.sifted.invalidIntensity });
        const roles = DEFAULT_BASIS_ROLES;
        this.keyDetections = detectionsPerIntensity(this.sifted, roles.keyBasis);
        this.testDetections = detectionsPerIntensity(this.sifted, roles.testBasis);
        this.phase = 'estimate';
        const matched = countMatched(mask, n);
        return {
          send: [
            this.msg({ siftMatch: { detectionCount: n, matchMask: wordsToBytes(mask, wordsFor(n)) } }),
            this.msg({ intensityClasses: { count: matched, classes: wordsToBytes(classes, (matched + 15) >>> 4) } }),
          ],
        };
      }
      case 'estimationDisclosure': {
        this.expect(m.body, 'estimate');
        const test = basisKey(this.sifted!, DEFAULT_BASIS_ROLES.testBasis);
        this.compareTestBits(m.estimationDisclosure, test);
        this.stats.siftedTestBits = test.nBits;
        this.key = basisKey(this.sifted!, DEFAULT_BASIS_ROLES.keyBasis);
        this.stats.siftedKeyBits = this.key.nBits;
        this.responder = new CascadeResponder(this.key.bits, this.key.nBits);
        this.phase = 'cascade';
        // Bob decides on the test QBER too; Alice's copy of his bits lets her check his decision.
        return {
          send: [this.msg({ estimationDisclosure: { count: test.nBits, bits: wordsToBytes(test.bits, wordsFor(test.nBits)) } })],
        };
      }
      case 'cascadeRequest': {
        this.expect(m.body, 'cascade');
        const reply = this.responder!.answer(decodeRequest(m.cascadeRequest?.body ?? new Uint8Array(0)));
        // Alice counts what she discloses herself, so Bob cannot under-report the leak.
        this.stats.cascadeLeakBits += reply.count;
        this.stats.cascadeRounds++;
        return { send: [this.msg({ cascadeReply: { body: encodeReply(reply) } })] };
      }
      case 'verificationSeed': {
        this.expect(m.body, 'cascade', 'verify');
        this.phase = 'verify';
        this.vSeed = bytesToWords(m.verificationSeed?.seed);
        return { send: [] };
      }
      case 'verificationTag': {
        this.expect(m.body, 'verify');
        this.bobTag = { tag: bytesToWords(m.verificationTag?.tag), keyBits: m.verificationTag?.keyBits ?? 0 };
        return { send: [] };
      }
      case 'privacyAmplificationSeed': {
        this.expect(m.body, 'verify');
        return this.amplify(m);
      }
      default:
        throw this.violation(`unexpected ${m.body} in phase ${this.phase}`, { body: m.body });
    }
  }

  private amplify(m: DecodedEnvelope): FrameStep {
    const key = this.key!;
    const n = key.nBits;
    if (!this.vSeed || !this.bobTag) throw this.violation('amplification seed before the verification seed and tag');
    if (this.bobTag.keyBits !== n) return this.abort('verification-failed', `Bob's key has ${this.bobTag.keyBits} bits, mine ${n}`, true);
    if (this.vSeed.length !== verificationSeedWords(n, this.params.epsCor)) {
      return this.abort('verification-failed', 'verification seed of the wrong length for ε_cor', true);
    }
    const mine = verificationTag(key.bits, n, this.vSeed);
    if (!verificationTagsEqual(mine, this.bobTag.tag)) return this.abort('verification-failed', 'verification tags differ', true);
    // Equal tags: with probability ≥ 1 − ε_cor Bob's key is Alice's, so his corrections are her error count.
    const length = frameSecretLength(
      {
        keyDetections: this.keyDetections,
        testDetections: this.testDetections,
        testErrors: this.testErrors,
        keyErrors: undefined,
        cascadeLeakBits: this.stats.cascadeLeakBits,
        keyBits: n,
      },
      this.params,
    );
    if (!length.ok) return this.abort(length.reason, length.detail, true);
    const pa = m.privacyAmplificationSeed!;
    const ell = pa.outputBits ?? 0;
    if ((pa.inputBits ?? 0) !== n || ell !== length.lengthBits) {
      return this.abort('length-mismatch', `Bob asks ${pa.inputBits}→${ell} bits, I compute ${n}→${length.lengthBits}`, true);
    }
    const family = this.params.privacyAmplification;
    const seed = bytesToWordsExact(pa.seed, wordsFor(seedBitsFor(family, n, ell)), 'amplification seed');
    const secret = createPrivacyAmplifier(family, n, ell).hash(key.bits, seed);
    key.bits.fill(0);
    this.stats.secretBits = ell;
    this.phase = 'done';
    return { send: [], outcome: { ok: true, frameId: this.frameId, key: secret, secretBits: ell, stats: { ...this.stats } } };
  }

  protected zeroSecrets(): void {
    this.key?.bits.fill(0);
  }
}
