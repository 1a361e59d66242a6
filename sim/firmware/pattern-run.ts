/**
 * The run state of a pattern board (photon source, polarization modulator):
 * two banks, the armed bank, the run's start and stop frames, and the bank
 * switches scheduled while running. It answers the bench's one question,
 * "what does this board do in frame f?", as a FrameDecision.
 *
 * Pattern pacing (see shared-bench.ts): on hardware the armed bank plays
 * cyclically forever. In the simulator a bank plays one pass — its
 * ceil(total_slots / frame_slots) frames — and then the board has no
 * pattern for the next frame ('wait') unless the host has already scheduled
 * what comes next (a bank switch or a stop frame), in which case the bank
 * keeps cycling up to it as hardware would. So the bench never plays a
 * pattern twice behind the host's back, and never runs ahead of the
 * transmitter node's uploads.
 */
import { qkd } from '../../firmware-protocol/index.ts';
import { PatternBank } from './pattern-bank.ts';

/**
 * Slots of drawn symbols a board keeps for ReadChoices by default
 * (HelloResponse.choice_memory_slots): 2^30 two-bit symbols, 256 MiB of
 * board memory — 64 frames of 2^24 slots, about 1 s of light at 1 GHz.
 */
export const DEFAULT_CHOICE_MEMORY_SLOTS = 2 ** 30;

/** Frames a choice memory of `memorySlots` holds at `frameSlots` per frame (at least 16, common.proto). */
export function choiceMemoryFrames(memorySlots: number, frameSlots: number): number {
  return Math.max(16, Math.floor(memorySlots / frameSlots));
}

export type FrameDecision =
  | { readonly kind: 'dark' }
  /** Running, but no pattern for this frame yet: the bench must wait. */
  | { readonly kind: 'wait' }
  /** Play `bank` from its symbol `firstSymbol` (cyclic within the bank). */
  | { readonly kind: 'play'; readonly bank: PatternBank; readonly firstSymbol: number };

interface Segment {
  readonly fromFrame: number;
  readonly bank: number;
}

export class PatternRun {
  readonly banks: readonly [PatternBank, PatternBank] = [new PatternBank(), new PatternBank()];
  armedBank: number | null = null;
  running = false;
  startFrame = 0;
  stopFrame: number | null = null;
  /** Last frame played by a run (0 when none), for StopResponse. */
  lastPlayedFrame = 0;
  private segments: Segment[] = [];
  /** The run stopped because the host fed no pattern in time (SharedBench's underrun); cleared by a start. */
  stoppedByUnderrun = false;
  /** The symbol tables of the last frames played from drawn banks, by frame (the board's choice memory). */
  private readonly drawnFrames = new Map<number, Uint8Array>();
  /** Size of the board's choice memory in slots (HelloResponse.choice_memory_slots). */
  choiceMemorySlots = DEFAULT_CHOICE_MEMORY_SLOTS;

  /** The bench played `frame` (of `frameSlots`) from `bank`: a drawn bank's frame goes into the choice memory. */
  played(frame: number, bank: PatternBank, frameSlots: number): void {
    if (!bank.drawn) return;
    this.drawnFrames.set(frame, bank.drawn.table);
    const keep = choiceMemoryFrames(this.choiceMemorySlots, frameSlots);
    // Frames are played in order: the oldest entries come first.
    for (const f of this.drawnFrames.keys()) {
      if (f > frame - keep) break;
      this.drawnFrames.delete(f);
    }
  }

  /** The symbol table `frame` was drawn with, if it is in the choice memory. */
  drawnFrame(frame: number): Uint8Array | undefined {
    return this.drawnFrames.get(frame);
  }

  decision(frame: number, frameSlots: number): FrameDecision {
    if (!this.running || frame < this.startFrame) return { kind: 'dark' };
    if (this.stopFrame !== null && frame > this.stopFrame) return { kind: 'dark' };
    let i = this.segments.length - 1;
    while (i > 0 && this.segments[i].fromFrame > frame) i--;
    const seg = this.segments[i];
    const bank = this.banks[seg.bank];
    const passFrames = Math.max(1, Math.ceil(bank.totalSlots / frameSlots));
    const index = frame - seg.fromFrame;
    const committed = i < this.segments.length - 1 || this.stopFrame !== null;
    if (index >= passFrames && !committed) return { kind: 'wait' };
    return { kind: 'play', bank, firstSymbol: (index * frameSlots) % bank.totalSlots };
  }

  start(startFrame: number): void {
    if (this.armedBank === null) throw new Error('start without an armed bank');
    this.running = true;
    this.stoppedByUnderrun = false;
    this.startFrame = startFrame;
    this.stopFrame = null;
    this.segments = [{ fromFrame: startFrame, bank: this.armedBank }];
  }

  /** Schedule a switch to `bank` at `frame` while running (replaces later switches). */
  scheduleSwitch(bank: number, frame: number): void {
    this.segments = this.segments.filter((s) => s.fromFrame < frame);
    this.segments.push({ fromFrame: frame, bank });
    this.armedBank = bank;
  }

  /** Banks the run still needs (uploading into them is refused). */
  bankBusy(bank: number): boolean {
    return this.running && this.segments.some((s) => s.bank === bank);
  }

  /** The bench has decided every frame before `nextFrame`: end the run when it is past its stop. */
  advancedTo(nextFrame: number): void {
    if (!this.running) return;
    if (nextFrame > this.startFrame) this.lastPlayedFrame = Math.min(nextFrame - 1, this.stopFrame ?? Infinity);
    // Segments wholly in the past are done with; their banks are free again.
    while (this.segments.length > 1 && this.segments[1].fromFrame <= nextFrame - 1) this.segments.shift();
    if (this.stopFrame !== null && nextFrame > this.stopFrame) this.running = false;
  }

  /** Stop at once (interlock, reset): frames from `nextFrame` on are dark. */
  abort(nextFrame: number): void {
    if (!this.running) return;
    if (nextFrame > this.startFrame) this.lastPlayedFrame = nextFrame - 1;
    this.running = false;
    this.stopFrame = null;
  }

  /** Stopped for want of a pattern: like abort, and a later switch is refused until a new start. */
  underrun(nextFrame: number): void {
    if (!this.running) return;
    this.abort(nextFrame);
    this.stoppedByUnderrun = true;
  }

  runState(nextFrame: number): qkd.RunState {
    if (this.running) return nextFrame < this.startFrame ? qkd.RunState.RUN_STATE_STARTING : qkd.RunState.RUN_STATE_RUNNING;
    return this.armedBank !== null ? qkd.RunState.RUN_STATE_ARMED : qkd.RunState.RUN_STATE_IDLE;
  }

  reset(): void {
    this.banks[0].clear();
    this.banks[1].clear();
    this.armedBank = null;
    this.running = false;
    this.stopFrame = null;
    this.segments = [];
    this.lastPlayedFrame = 0;
    this.stoppedByUnderrun = false;
    this.drawnFrames.clear();
  }
}
