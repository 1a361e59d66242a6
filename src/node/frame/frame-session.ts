/**
 * What every post-processing session shares — the transmitter's and the
 * receiver's frame sessions (transmitter-frame.ts, receiver-frame.ts: sifting
 * and the test-bit disclosure) and block sessions (transmitter-block.ts,
 * receiver-block.ts: Cascade to amplification): the phase a session is in and
 * the phase checks, the statistics and the per-class counts both sides
 * estimate from (with the comparison of the peer's disclosed test bits), the
 * handling of a peer's Abort, and the abort path itself — a session that meets
 * a message it cannot take ends with a protocol-error outcome (and tells the
 * peer) instead of throwing, so that one bad message never escapes into the
 * node loop.
 *
 * Each session extends this class with its own phases, its own `handle` (the
 * messages it answers), `zeroSecrets` (what it holds that is key material)
 * and `abortOutcome`. Its messages carry its frame or its block ID
 * (work-id.ts). Pure: no I/O, no clocks.
 */
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import type { DecodedEnvelope, EnvelopeInit } from '../../peer/messages.ts';
import { wordsFor } from '../../pipeline/bits.ts';
import type { PerIntensity } from '../../pipeline/estimation/decoy-bounds.ts';
import { formatAbort, parseAbort } from './abort-reason.ts';
import { errorsPerClass } from './disclosed-errors.ts';
import { emptyStatistics, type FrameAbortReason, type SessionOutcome } from './frame-outcome.ts';
import { bytesToWordsExact } from './wire.ts';
import { abortEnvelope, routeOf, type WorkId } from './work-id.ts';

/** What a session answers to one message: peer messages to send, and the frame's or block's outcome when it has ended. */
export interface FrameStep {
  send: EnvelopeInit[];
  outcome?: SessionOutcome;
}

export abstract class FrameSession<Phase extends string> {
  protected phase: Phase | 'done';
  protected readonly stats = emptyStatistics();
  /** Sifted detections per intensity class in the test and the key basis. */
  protected testDetections: PerIntensity = [0, 0, 0];
  protected keyDetections: PerIntensity = [0, 0, 0];
  /** Test-basis errors per intensity class, once the test bits were compared. */
  protected testErrors: PerIntensity = [0, 0, 0];

  private readonly route: { frameId: number; blockId: number };

  constructor(
    readonly work: WorkId,
    initialPhase: Phase,
  ) {
    this.phase = initialPhase;
    this.route = routeOf(work);
  }

  /** The frame ID (frame sessions) or 0. */
  get frameId(): number {
    return this.route.frameId;
  }

  /** The block ID (block sessions) or 0. */
  get blockId(): number {
    return this.route.blockId;
  }

  /** One peer message of this frame. Never throws: a message the session cannot take aborts the frame. */
  onMessage(m: DecodedEnvelope): FrameStep {
    try {
      if (this.phase === 'done') return { send: [] };
      if (m.body === 'abort') {
        const a = parseAbort(m.abort?.reason);
        return this.abort(a.reason, a.detail, false);
      }
      return this.handle(m);
    } catch (err) {
      return this.abort('protocol-error', err instanceof Error ? err.message : String(err), true);
    }
  }

  /** A message other than Abort, while the session is not done; throws on a protocol violation. */
  protected abstract handle(m: DecodedEnvelope): FrameStep;

  /** Zeroes whatever key material the session still holds. */
  protected abstract zeroSecrets(): void;

  /** The outcome of an abort (a FrameOutcome or a BlockOutcome, by the session's kind). */
  protected abstract abortOutcome(reason: FrameAbortReason, detail: string): SessionOutcome;

  /**
   * Compares the peer's disclosed test-basis bits with this side's `test`
   * bits: the errors per intensity class and the test-basis QBER (NaN with
   * no test bits). A disclosure of another length is a protocol violation.
   */
  protected compareTestBits(disclosure: DecodedEnvelope['estimationDisclosure'], test: { bits: Uint32Array; nBits: number }): void {
    const count = disclosure?.count ?? 0;
    if (count !== test.nBits) throw this.violation('disclosure of another number of test bits', { count, expected: test.nBits });
    const theirs = bytesToWordsExact(disclosure?.bits, wordsFor(test.nBits), 'test bits');
    this.testErrors = errorsPerClass(test.bits, theirs, this.testDetections);
    const errors = this.testErrors[0] + this.testErrors[1] + this.testErrors[2];
    this.stats.qberTest = test.nBits > 0 ? errors / test.nBits : NaN;
    for (let c = 0; c < 3; c++) {
      const n = this.testDetections[c];
      this.stats.qberTestByClass[c] = n > 0 ? this.testErrors[c] / n : NaN;
    }
  }

  /** Throws a protocol violation unless the session is in one of `phases`. */
  protected expect(body: string, ...phases: Phase[]): void {
    if (!(phases as string[]).includes(this.phase)) throw this.violation(`unexpected ${body} in phase ${this.phase}`, { body });
  }

  /** A peer message that breaks the frame protocol; `onMessage` turns it into a protocol-error abort with this message. */
  protected violation(message: string, details: Record<string, unknown> = {}): QkdError {
    return new QkdError(QkdErrorCode.FrameProtocolViolation, message, { work: this.work, phase: this.phase, ...details });
  }

  protected abort(reason: FrameAbortReason, detail: string, tellPeer: boolean): FrameStep {
    this.phase = 'done';
    this.zeroSecrets();
    this.stats.secretBits = 0;
    return {
      send: tellPeer ? [abortEnvelope(this.work, formatAbort(reason, detail))] : [],
      outcome: this.abortOutcome(reason, detail),
    };
  }

  protected msg(body: Omit<EnvelopeInit, 'frameId' | 'blockId'>): EnvelopeInit {
    // Assigned rather than spread: one object shape per body kind (Cascade sends ~10^3 of these per block).
    const m = body as EnvelopeInit;
    m.frameId = this.route.frameId;
    m.blockId = this.route.blockId;
    return m;
  }
}
