/**
 * The transmitter's (Alice's) side of one post-processing block, as a pure
 * message-in / message-out object (see receiver-block.ts for the sequence).
 * Alice opens it when she sends the block's BlockClose; she answers Bob's
 * Cascade questions (counting what she discloses herself), recomputes ℓ from
 * her own view of the block's statistics, checks Bob's verification tag and
 * amplifies. Her outcome `ok` means: store the key, then send BlockStored.
 */
import { type CascadePlanCache, CascadeResponder, decodeRequest, encodeReply } from '../../pipeline/cascade/index.ts';
import { verificationSeedWords, verificationTag, verificationTagsEqual } from '../../pipeline/verification/index.ts';
import { createPrivacyAmplifier, seedBitsFor } from '../../pipeline/privacy-amplification/index.ts';
import { wordsFor } from '../../pipeline/bits.ts';
import type { DecodedEnvelope } from '../../peer/messages.ts';
import type { BlockMaterial } from '../block-accumulator.ts';
import type { FrameParams } from './frame-params.ts';
import type { BlockOutcome, FrameAbortReason } from './frame-outcome.ts';
import { FrameSession, type FrameStep } from './frame-session.ts';
import { blockStatistics } from './receiver-block.ts';
import { frameSecretLength } from './secret-length.ts';
import { bytesToWords, bytesToWordsExact } from './wire.ts';
import { blockWork } from './work-id.ts';

type Phase = 'cascade' | 'verify';

export class TransmitterBlockSession extends FrameSession<Phase> {
  private responder: CascadeResponder | null = null;
  private vSeed: Uint32Array | null = null;
  private bobTag: { tag: Uint32Array; keyBits: number } | null = null;

  constructor(
    private readonly block: BlockMaterial,
    private readonly params: FrameParams,
    /** This thread's plan cache: Bob's seed is the same for every block he runs, so its plan is built once (receiver-block.ts). */
    private readonly plans?: CascadePlanCache,
  ) {
    super(blockWork(block.blockId), 'cascade');
    this.keyDetections = block.keyDetections;
    this.testDetections = block.testDetections;
    this.testErrors = block.testErrors;
    Object.assign(this.stats, blockStatistics(block));
  }

  protected handle(m: DecodedEnvelope): FrameStep {
    switch (m.body) {
      case 'cascadeRequest': {
        this.expect(m.body, 'cascade');
        this.responder ??= new CascadeResponder(this.block.keyBits, this.block.keyCount, { cache: this.plans });
        const reply = this.responder.answer(decodeRequest(m.cascadeRequest?.body ?? new Uint8Array(0)));
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
    const key = this.block.keyBits;
    const n = this.block.keyCount;
    if (!this.vSeed || !this.bobTag) throw this.violation('amplification seed before the verification seed and tag');
    if (this.bobTag.keyBits !== n) return this.abort('verification-failed', `Bob's key has ${this.bobTag.keyBits} bits, mine ${n}`, true);
    if (this.vSeed.length !== verificationSeedWords(n, this.params.epsCor)) {
      return this.abort('verification-failed', 'verification seed of the wrong length for ε_cor', true);
    }
    const mine = verificationTag(key, n, this.vSeed);
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
    const secret = createPrivacyAmplifier(family, n, ell).hash(key, seed);
    key.fill(0);
    this.stats.secretBits = ell;
    this.phase = 'done';
    return { send: [], outcome: { ok: true, blockId: this.blockId, key: secret, secretBits: ell, stats: { ...this.stats } } };
  }

  protected abortOutcome(reason: FrameAbortReason, detail: string): BlockOutcome {
    return { ok: false, blockId: this.blockId, reason, detail, stats: { ...this.stats } };
  }

  protected zeroSecrets(): void {
    this.block.keyBits.fill(0);
  }
}
