/** Counters of one node's key generation, for the status line and the control API. */
import type { FrameOutcome } from './frame/frame-outcome.ts';

export class NodeStats {
  framesStarted = 0;
  framesOk = 0;
  framesAborted = 0;
  abortsByReason: Record<string, number> = {};
  detections = 0;
  siftedKeyBits = 0;
  secretBits = 0;
  blocksStored = 0;
  /** Transmitter: frames whose pattern was handed to a recorder (GET /api/v1/patterns); their key is never stored. */
  framesBurnt = 0;
  /** Transmitter: burnt frames that reached a key, which was discarded (the receiver told to drop its copy). */
  blocksBurnt = 0;
  lastQberTest = NaN;
  lastQberKey = NaN;
  cascadeLeakBits = 0;
  /** Cascade's round trips (requests answered by the peer), summed over frames. */
  cascadeRounds = 0;
  /** Test-basis QBER per intensity class (signal, decoy, vacuum) of the last frame that measured each. */
  lastQberTestByClass: [number, number, number] = [NaN, NaN, NaN];

  record(outcome: FrameOutcome): void {
    this.measured(outcome);
    if (outcome.ok) {
      this.framesOk++;
      this.secretBits += outcome.secretBits;
    } else {
      this.framesAborted++;
      this.abortsByReason[outcome.reason] = (this.abortsByReason[outcome.reason] ?? 0) + 1;
    }
  }

  /** A burnt frame's key, discarded: its measurements count, its key does not (not framesOk, not secretBits). */
  recordBurnt(outcome: FrameOutcome): void {
    this.measured(outcome);
    this.blocksBurnt++;
  }

  private measured(outcome: FrameOutcome): void {
    this.detections += outcome.stats.detections;
    this.siftedKeyBits += outcome.stats.siftedKeyBits;
    this.cascadeLeakBits += outcome.stats.cascadeLeakBits;
    this.cascadeRounds += outcome.stats.cascadeRounds;
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
      blocksStored: this.blocksStored,
      framesBurnt: this.framesBurnt,
      blocksBurnt: this.blocksBurnt,
      lastQberTest: this.lastQberTest,
      lastQberKey: this.lastQberKey,
      cascadeLeakBits: this.cascadeLeakBits,
      cascadeRounds: this.cascadeRounds,
      lastQberTestByClass: [...this.lastQberTestByClass],
    };
  }
}
