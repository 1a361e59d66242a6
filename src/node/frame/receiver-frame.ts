/**
 * The receiver's (Bob's) side of one frame's post-processing, as a pure
 * message-in / message-out object: no I/O, no clocks. The node feeds it peer
 * messages of this frame and sends what it returns, so the same object runs
 * in one process (tests, benchmarks) or across the network.
 *
 * A frame is the hardware's unit (pattern, emission, tags); its session only
 * sifts. Bob drives:
 *   1. → SiftDetections (detected slots and bases)
 *   2. ← SiftMatch, ← IntensityClasses; both sides sift
 *   3. → EstimationDisclosure (all of Bob's test-basis bits of the frame)
 *   4. ← EstimationDisclosure (Alice's); test-basis errors per class → outcome ok
 * The outcome carries the frame's sifted segment (sifted-segment.ts): its
 * key-basis bits in detection order and its test counts and errors, which
 * the node appends to its block accumulator (src/node/block-accumulator.ts).
 * The key-basis bits are reconciled, verified and amplified per block
 * (receiver-block.ts), once n_X of them are gathered. Any ← Abort ends the
 * frame with no segment. Abort handling and phase checks are FrameSession's
 * (frame-session.ts).
 */
import { packBases } from '../../pipeline/sifting/exchange.ts';
import { siftBob } from '../../pipeline/sifting/sifted-keys.ts';
import { DEFAULT_BASIS_ROLES } from '../../pipeline/sifting/pattern.ts';
import { detectionsPerIntensity } from '../../pipeline/estimation/observed-counts.ts';
import { wordsFor } from '../../pipeline/bits.ts';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import type { DecodedEnvelope } from '../../peer/messages.ts';
import { basisKey } from './basis-key.ts';
import type { FrameParams } from './frame-params.ts';
import type { FrameAbortReason, FrameOutcome } from './frame-outcome.ts';
import { FrameSession, type FrameStep } from './frame-session.ts';
import { bobKeyInOrder, type SiftedSegment } from './sifted-segment.ts';
import { bytesToWords, bytesToWordsExact, wordsToBytes } from './wire.ts';
import { frameWork } from './work-id.ts';

/** Bob's detections of one frame, as the timing stage produced them (sorted by slot). */
export interface ReceiverDetections {
  count: number;
  slots: Uint32Array;
  bases: Uint8Array;
  bits: Uint8Array;
}

type Phase = 'new' | 'sift' | 'disclose';

export class ReceiverFrameSession extends FrameSession<Phase> {
  private mask: Uint32Array | null = null;
  private testKey: { bits: Uint32Array; nBits: number } | null = null;
  private segment: SiftedSegment | null = null;

  constructor(
    frameId: number,
    private readonly detections: ReceiverDetections,
    private readonly params: FrameParams,
  ) {
    super(frameWork(frameId), 'new');
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
        const sifted = siftBob(d.bases, d.bits, this.mask, classes, d.count);
        if (sifted.invalidIntensity > 0)
          throw this.violation(`${sifted.invalidIntensity} detections with an invalid intensity class`, {
            invalid: sifted.invalidIntensity,
          });
        const roles = DEFAULT_BASIS_ROLES;
        this.keyDetections = detectionsPerIntensity(sifted, roles.keyBasis);
        this.testDetections = detectionsPerIntensity(sifted, roles.testBasis);
        this.testKey = basisKey(sifted, roles.testBasis);
        sifted.words.fill(0);
        const key = bobKeyInOrder(d.bases, d.bits, this.mask, classes, d.count, roles.keyBasis);
        this.segment = { frameId: this.frameId, ...key, testDetections: this.testDetections, testErrors: [0, 0, 0] };
        this.stats.siftedTestBits = this.testKey.nBits;
        this.stats.siftedKeyBits = key.keyCount;
        this.phase = 'disclose';
        return {
          send: [
            this.msg({
              estimationDisclosure: { count: this.testKey.nBits, bits: wordsToBytes(this.testKey.bits, wordsFor(this.testKey.nBits)) },
            }),
          ],
        };
      }
      case 'estimationDisclosure': {
        this.expect(m.body, 'disclose');
        this.compareTestBits(m.estimationDisclosure, this.testKey!);
        const segment = this.segment!;
        segment.testErrors = this.testErrors;
        this.segment = null;
        this.phase = 'done';
        return { send: [], outcome: { ok: true, frameId: this.frameId, segment, stats: { ...this.stats } } };
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
