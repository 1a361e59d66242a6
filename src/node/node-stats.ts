/**
 * Counters of one node's key generation, for the status line and the control
 * API. Frames (the hardware's unit) are sifted; blocks (n_X sifted key-basis
 * bits from one or more frames) make key. `abortsByReason` counts frame and
 * block aborts together, by cause.
 */
import { type BlockOutcome, type FrameOutcome, isBlockOutcome, type SessionOutcome } from './frame/frame-outcome.ts';

export class NodeStats {
  framesStarted = 0;
  /** Frames sifted (their segment went to the block accumulator). */
  framesOk = 0;
  framesAborted = 0;
  abortsByReason: Record<string, number> = {};
  detections = 0;
  siftedKeyBits = 0;
  secretBits = 0;
  /** Blocks opened (closed by the transmitter), made key, and dropped. */
  blocksStarted = 0;
  blocksOk = 0;
  blocksAborted = 0;
  blocksStored = 0;
  /** Key-basis bits of the last block that ended (n_X). */
  lastBlockKeyBits = 0;
  /** Transmitter: frames whose pattern was handed to a recorder (GET /api/v1/patterns); their key is never stored. */
  framesBurnt = 0;
  /** Transmitter: burnt frames whose sifted bits were discarded (the receiver told to drop its copy). */
  blocksBurnt = 0;
  lastQberTest = NaN;
  lastQberKey = NaN;
  cascadeLeakBits = 0;
  /** Cascade's round trips (requests answered by the peer), summed over blocks. */
  cascadeRounds = 0;
  /** Test-basis QBER per intensity class (signal, decoy, vacuum) of the last frame or block that measured each. */
  lastQberTestByClass: [number, number, number] = [NaN, NaN, NaN];
  /** When the last block was stored (ms since the epoch; 0: none yet). */
  lastKeyAtMs = 0;

  record(outcome: SessionOutcome): void {
    if (isBlockOutcome(outcome)) this.recordBlock(outcome);
    else this.recordFrame(outcome);
  }

  /** A burnt frame, discarded: its measurements count, its sifted bits do not go to any block. */
  recordBurnt(outcome: FrameOutcome): void {
    this.measured(outcome);
    this.blocksBurnt++;
  }

  private recordFrame(outcome: FrameOutcome): void {
    this.measured(outcome);
    this.detections += outcome.stats.detections;
    this.siftedKeyBits += outcome.stats.siftedKeyBits;
    if (outcome.ok) this.framesOk++;
    else {
      this.framesAborted++;
      this.abortsByReason[outcome.reason] = (this.abortsByReason[outcome.reason] ?? 0) + 1;
    }
  }

  private recordBlock(outcome: BlockOutcome): void {
    this.measured(outcome);
    this.cascadeLeakBits += outcome.stats.cascadeLeakBits;
    this.cascadeRounds += outcome.stats.cascadeRounds;
    if (outcome.stats.siftedKeyBits > 0) this.lastBlockKeyBits = outcome.stats.siftedKeyBits;
    if (outcome.ok) {
      this.blocksOk++;
      this.secretBits += outcome.secretBits;
    } else {
      this.blocksAborted++;
      this.abortsByReason[outcome.reason] = (this.abortsByReason[outcome.reason] ?? 0) + 1;
    }
  }

  private measured(outcome: SessionOutcome): void {
    outcome.stats.qberTestByClass?.forEach((q, c) => {
      if (Number.isFinite(q)) this.lastQberTestByClass[c] = q;
    });
    if (Number.isFinite(outcome.stats.qberTest)) this.lastQberTest = outcome.stats.qberTest;
    if (Number.isFinite(outcome.stats.qberKey)) this.lastQberKey = outcome.stats.qberKey;
  }

  snapshot(): Record<string, unknown> {
    return {
      framesStarted: this.framesStarted,
      framesOk: this.framesOk,
      framesAborted: this.framesAborted,
      abortsByReason: { ...this.abortsByReason },
      detections: this.detections,
      siftedKeyBits: this.siftedKeyBits,
      secretBits: this.secretBits,
      blocksStarted: this.blocksStarted,
      blocksOk: this.blocksOk,
      blocksAborted: this.blocksAborted,
      blocksStored: this.blocksStored,
      lastBlockKeyBits: this.lastBlockKeyBits,
      framesBurnt: this.framesBurnt,
      blocksBurnt: this.blocksBurnt,
      lastQberTest: this.lastQberTest,
      lastQberKey: this.lastQberKey,
      cascadeLeakBits: this.cascadeLeakBits,
      cascadeRounds: this.cascadeRounds,
      lastQberTestByClass: [...this.lastQberTestByClass],
      lastKeyAtMs: this.lastKeyAtMs,
    };
  }
}
