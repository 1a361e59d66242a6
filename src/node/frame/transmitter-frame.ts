/**
 * The transmitter's (Alice's) side of one frame's post-processing, as a pure
 * message-in / message-out object (see receiver-frame.ts for the sequence).
 * Alice holds the frame's pattern (basis, bit and intensity class per slot),
 * answers Bob's sifting, compares his disclosed test-basis bits with hers and
 * discloses hers. Her outcome `ok` carries the frame's sifted segment, which
 * the node appends to its block accumulator; she decides when a block closes
 * (transmitter-node.ts). Abort handling and phase checks are FrameSession's
 * (frame-session.ts).
 */
import { basisMatchMask, countMatched, matchedIntensities } from '../../pipeline/sifting/exchange.ts';
import { siftAlice } from '../../pipeline/sifting/sifted-keys.ts';
import { DEFAULT_BASIS_ROLES } from '../../pipeline/sifting/pattern.ts';
import { detectionsPerIntensity } from '../../pipeline/estimation/observed-counts.ts';
import { wordsFor } from '../../pipeline/bits.ts';
import type { DecodedEnvelope } from '../../peer/messages.ts';
import { basisKey } from './basis-key.ts';
import type { FrameParams } from './frame-params.ts';
import type { FrameAbortReason, FrameOutcome } from './frame-outcome.ts';
import { FrameSession, type FrameStep } from './frame-session.ts';
import { aliceKeyInOrder, type SiftedSegment } from './sifted-segment.ts';
import { bytesToWordsExact, wordsToBytes } from './wire.ts';
import { frameWork } from './work-id.ts';

type Phase = 'sift' | 'disclose';

export class TransmitterFrameSession extends FrameSession<Phase> {
  private testKey: { bits: Uint32Array; nBits: number } | null = null;
  private segment: SiftedSegment | null = null;

  /** `pattern` is the frame's packed pattern (src/pipeline/sifting/pattern.ts layout). */
  constructor(
    frameId: number,
    private readonly pattern: Uint32Array,
    private readonly params: FrameParams,
  ) {
    super(frameWork(frameId), 'sift');
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
        const sifted = siftAlice(this.pattern, slots, mask, n);
        if (sifted.invalidIntensity > 0)
          throw this.violation('pattern holds an invalid intensity class', { invalid: sifted.invalidIntensity });
        const roles = DEFAULT_BASIS_ROLES;
        this.keyDetections = detectionsPerIntensity(sifted, roles.keyBasis);
        this.testDetections = detectionsPerIntensity(sifted, roles.testBasis);
        this.testKey = basisKey(sifted, roles.testBasis);
        sifted.words.fill(0);
        const key = aliceKeyInOrder(this.pattern, slots, mask, n, roles.keyBasis);
        this.segment = { frameId: this.frameId, ...key, testDetections: this.testDetections, testErrors: [0, 0, 0] };
        this.stats.siftedKeyBits = key.keyCount;
        this.stats.siftedTestBits = this.testKey.nBits;
        this.phase = 'disclose';
        const matched = countMatched(mask, n);
        return {
          send: [
            this.msg({ siftMatch: { detectionCount: n, matchMask: wordsToBytes(mask, wordsFor(n)) } }),
            this.msg({ intensityClasses: { count: matched, classes: wordsToBytes(classes, (matched + 15) >>> 4) } }),
          ],
        };
      }
      case 'estimationDisclosure': {
        this.expect(m.body, 'disclose');
        const test = this.testKey!;
        this.compareTestBits(m.estimationDisclosure, test);
        const segment = this.segment!;
        segment.testErrors = this.testErrors;
        this.segment = null;
        this.phase = 'done';
        // Bob needs Alice's bits to count the same errors; both sides then hold the same segment counts.
        return {
          send: [this.msg({ estimationDisclosure: { count: test.nBits, bits: wordsToBytes(test.bits, wordsFor(test.nBits)) } })],
          outcome: { ok: true, frameId: this.frameId, segment, stats: { ...this.stats } },
        };
      }
      default:
        throw this.violation(`unexpected ${m.body} in phase ${this.phase}`, { body: m.body });
    }
  }

  protected abortOutcome(reason: FrameAbortReason, detail: string): FrameOutcome {
    return { ok: false, frameId: this.frameId, reason, detail, stats: { ...this.stats } };
  }

  protected zeroSecrets(): void {
    this.segment?.keyBits.fill(0);
    this.segment = null;
  }
}
