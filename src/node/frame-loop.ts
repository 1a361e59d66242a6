/**
 * The frame loop both role nodes run over one peer session
 * (transmitter-node.ts, receiver-node.ts compose it): the table of frames and
 * blocks in flight (work-id.ts), the session skeleton (a producing loop — the
 * role's emission or detection — raced against the receive loop, a sweep
 * timer, the authentication-failure alarm), the per-frame and per-block
 * promise chains through which executor steps are applied in order, the ways
 * a frame or block ends (finished, failed in the executor, timed out, or
 * aborted with all others), with the alarm that names each abort's cause, and
 * the `no-key` alarm when no block has been stored for a while.
 *
 * The role keeps what differs: how frames start (its bench), which peer
 * messages it answers besides session steps, how frames' segments become
 * blocks (the block accumulator), and what it does with a block's key (the
 * two-phase block commit). It plugs those in as a FrameLoopRole.
 *
 * Steps are computed by the FrameExecutor, possibly on another thread, and
 * applied here: each frame's or block's steps through its own chain (in
 * delivery order), while the receive loop goes on with others. A step that
 * lands after its frame or block was dropped is ignored (its secrets zeroed).
 */
import type { PeerChannel, ReceivedMessage } from '../peer/index.ts';
import type { DecodedEnvelope, EnvelopeInit } from '../peer/messages.ts';
import type { Logger } from '../log.ts';
import type { AlarmBoard } from './alarms.ts';
import type { GenerationGate } from './generation-gate.ts';
import { settleStep, type FrameExecutor, type StepResult } from './frame/frame-executor.ts';
import { emptyStatistics, isBlockOutcome, type SessionOutcome } from './frame/frame-outcome.ts';
import type { FrameStep } from './frame/frame-session.ts';
import { abortEnvelope, describeWork, isBlockWork, workNumber, type WorkId } from './frame/work-id.ts';
import type { NodeStats } from './node-stats.ts';
import { OTHER_BODIES, type SessionHooks } from './session-hooks.ts';

export interface FrameLoopOptions {
  /** Names this side in abort reasons sent to the peer ("timed out at the transmitter"). */
  side: 'transmitter' | 'receiver';
  executor: FrameExecutor;
  stats: NodeStats;
  /** Frames started and not yet finished, at most. */
  inFlight: number;
  /** A frame or block with no message for this long is dropped. */
  frameTimeoutMs: number;
  /** Raise `no-key` when no block was stored for this long in a live session (default 5 minutes; 0: never). */
  noKeyAfterMs?: number;
  log: Logger;
  alarms: AlarmBoard;
}

/** What a role node plugs into the loop. */
export interface FrameLoopRole {
  /** Starts frames (FrameLoop.open) until `roomForFrame` says stop. */
  produce(channel: PeerChannel): Promise<void>;
  /** A peer message of key generation (not one of OTHER_BODIES). */
  onMessage(channel: PeerChannel, envelope: DecodedEnvelope): void;
  /** After a peer message failed authentication and every frame and block was aborted. */
  onAuthFailure?(channel: PeerChannel): void;
  /** At each sweep, after timed-out frames were dropped. */
  onSweep?(channel: PeerChannel, nowMs: number): void;
}

export interface FrameEntry {
  lastActivityMs: number;
  /** The peer has sent a message of this frame or block (the receiver detected it, or the transmitter answered). */
  peerSeen: boolean;
  /** Settles once every step delivered so far has been applied; never rejects. */
  chain: Promise<void>;
}

/** Default of FrameLoopOptions.noKeyAfterMs. */
export const DEFAULT_NO_KEY_AFTER_MS = 300_000;

/**
 * A `qber-over-threshold` or `verification-failed` alarm clears once this
 * many blocks in a row have been stored after it: each stored block passed
 * its own estimation and verification, so the cause (an eavesdropper, a
 * misaligned bench) is gone. The raise count and the recent alarms keep the
 * history; a trusted node routes over the link again (routing avoids links
 * whose alarm is active).
 */
export const CLEAR_LINK_ALARMS_AFTER_BLOCKS = 3;
const LINK_ALARMS = ['qber-over-threshold', 'verification-failed'] as const;

export class FrameLoop {
  private readonly frames = new Map<WorkId, FrameEntry>();
  private framesOpen = 0;
  private stopping = false;
  private hooks: SessionHooks = {};
  private wake: (() => void) | null = null;
  /** When key last flowed (a block stored) or the session started; the no-key alarm is raised once per dry spell. */
  private lastKeyMs = Date.now();
  private noKeyRaised = false;
  /** Blocks stored since the last QBER or verification alarm. */
  private storedSinceLinkAlarm = 0;

  constructor(
    private readonly o: FrameLoopOptions,
    private readonly role: FrameLoopRole,
  ) {}

  /** Run key generation over `channel` until it closes or `stop()` is called. */
  async run(channel: PeerChannel, hooks: SessionHooks = {}): Promise<void> {
    const o = this.o;
    this.hooks = hooks;
    const onAuthFailure = (f: { reason: string }): void => {
      o.alarms.raise(
        'peer-authentication-failed',
        'critical',
        `peer message failed authentication (${f.reason}); frames and blocks in flight dropped`,
      );
      this.abortAll(channel, 'protocol-error: a peer message failed authentication');
      this.role.onAuthFailure?.(channel);
    };
    channel.on('authentication-failed', onAuthFailure);
    const receiving = this.receiveLoop(channel);
    this.lastKeyMs = Date.now();
    const timer = setInterval(() => this.sweep(channel), Math.max(100, Math.min(1000, o.frameTimeoutMs / 4)));
    try {
      await Promise.race([this.role.produce(channel), receiving]);
    } finally {
      clearInterval(timer);
      channel.off('authentication-failed', onAuthFailure);
      // Closing zeroes what the sessions still hold (patterns, detections, keys); steps still running are ignored when they land.
      for (const work of this.frames.keys()) this.o.executor.close(work);
      this.frames.clear();
      this.framesOpen = 0;
    }
  }

  stop(): void {
    this.stopping = true;
    this.wake?.();
  }

  get framesInFlight(): number {
    return this.framesOpen;
  }

  get blocksInFlight(): number {
    return this.frames.size - this.framesOpen;
  }

  /** A block was stored: key flows (clears the no-key condition, and QBER and verification alarms after a few blocks). */
  keyStored(): void {
    this.lastKeyMs = Date.now();
    if (this.noKeyRaised) {
      this.noKeyRaised = false;
      this.o.alarms.clear('no-key', 'key flows again');
    }
    if (++this.storedSinceLinkAlarm === CLEAR_LINK_ALARMS_AFTER_BLOCKS) {
      for (const code of LINK_ALARMS)
        this.o.alarms.clear(code, `${CLEAR_LINK_ALARMS_AFTER_BLOCKS} blocks stored in a row since: the link is clean again`);
    }
  }

  /** Settles once every step of `work` delivered so far has been applied (at once when it is not in flight). */
  settled(work: WorkId): Promise<void> {
    return this.frames.get(work)?.chain ?? Promise.resolve();
  }

  /**
   * Waits until another frame may start — fewer than `inFlight` in flight and
   * not `full()`, and `gate` (if given) open — polling every 200 ms or when a
   * frame ends. False once the loop stops or the channel closes.
   */
  async roomForFrame(channel: PeerChannel, full: () => boolean = () => false, gate?: GenerationGate): Promise<boolean> {
    while (!this.stopping && channel.isOpen) {
      if (this.framesOpen < this.o.inFlight && !full() && (gate === undefined || gate.isOpen)) return true;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 200);
      });
      this.wake = null;
    }
    return false;
  }

  /** True while the session goes on (not stopped, channel open). */
  isLive(channel: PeerChannel): boolean {
    return !this.stopping && channel.isOpen;
  }

  /** Enters a frame or block the executor has just opened (or is about to). */
  open(work: WorkId): FrameEntry {
    const entry: FrameEntry = { lastActivityMs: Date.now(), peerSeen: false, chain: Promise.resolve() };
    this.remove(work);
    this.frames.set(work, entry);
    if (isBlockWork(work)) this.o.stats.blocksStarted++;
    else {
      this.framesOpen++;
      this.o.stats.framesStarted++;
    }
    return entry;
  }

  /** Whether a frame or block is in flight. */
  has(work: WorkId): boolean {
    return this.frames.has(work);
  }

  /** The entry with its activity time refreshed, or undefined when the frame or block is not in flight. */
  touch(work: WorkId): FrameEntry | undefined {
    const entry = this.frames.get(work);
    if (entry) {
      entry.lastActivityMs = Date.now();
      entry.peerSeen = true;
    }
    return entry;
  }

  /**
   * Applies `step` with `apply` after the frame's earlier steps (and after
   * `after`, when given), unless the frame was dropped meanwhile; an executor
   * failure drops the frame instead. The executor may already be computing
   * the step; only its effects wait. Returns the new tail of the frame's
   * chain (never rejects).
   */
  enqueue(
    channel: PeerChannel,
    work: WorkId,
    entry: FrameEntry,
    step: Promise<FrameStep>,
    apply: (step: FrameStep) => void,
    after?: Promise<void>,
  ): Promise<void> {
    const result = settleStep(step);
    const before = after === undefined ? entry.chain : Promise.all([entry.chain, after]);
    const done = before
      .then(() => result)
      .then((r) => this.settle(channel, work, entry, r, apply))
      .catch((err: unknown) => this.o.log.error({ err, work }, 'applying a post-processing step failed'));
    entry.chain = done;
    return done;
  }

  /** Sends a step's messages; its outcome, if any, goes to `finish`. */
  applyStep(channel: PeerChannel, step: FrameStep, finish: (outcome: SessionOutcome) => void): void {
    for (const msg of step.send) this.send(channel, msg);
    if (step.outcome) finish(step.outcome);
  }

  /** Takes a frame or block out of flight: the executor forgets it, and a waiting producer may start the next. */
  end(work: WorkId): void {
    this.remove(work);
    this.o.executor.close(work);
    this.wake?.();
  }

  /**
   * Ends a frame or block with `outcome` and records it; a failed one raises
   * the alarm of its real cause or is logged: `qber-over-threshold` (an
   * observed QBER over the threshold: a possible eavesdropper) and
   * `verification-failed` are critical, `insufficient-statistics` (too few
   * counts for positive single-photon bounds: the block size is too small
   * for this channel) a warning; other causes are logged.
   */
  finish(work: WorkId, outcome: SessionOutcome): void {
    this.end(work);
    this.o.stats.record(outcome);
    if (outcome.ok) return;
    const what = describeWork(work);
    const fields = { [isBlockWork(work) ? 'blockId' : 'frameId']: workNumber(work), qberTest: outcome.stats.qberTest };
    if (outcome.reason === 'qber-over-threshold' || outcome.reason === 'verification-failed') {
      this.storedSinceLinkAlarm = 0;
      this.o.alarms.raise(outcome.reason, 'critical', `${what} dropped: ${outcome.detail}`, fields);
    } else if (outcome.reason === 'insufficient-statistics' && isBlockOutcome(outcome)) {
      this.o.alarms.raise(
        'insufficient-statistics',
        'warning',
        `${what} dropped: ${outcome.detail} (raise postprocessing.blockBits for this channel)`,
        { ...fields, keyBits: outcome.stats.siftedKeyBits, testBits: outcome.stats.siftedTestBits },
      );
    } else {
      this.o.log.info({ ...fields, reason: outcome.reason, detail: outcome.detail }, `${isBlockWork(work) ? 'block' : 'frame'} aborted`);
    }
  }

  send(channel: PeerChannel, msg: EnvelopeInit): void {
    if (!channel.isOpen) return;
    try {
      channel.send(msg);
    } catch (err) {
      this.o.log.warn({ err }, 'peer send failed');
    }
  }

  private async receiveLoop(channel: PeerChannel): Promise<void> {
    for await (const m of channel) {
      if (this.stopping) break;
      this.onMessage(channel, m);
    }
  }

  private onMessage(channel: PeerChannel, m: ReceivedMessage): void {
    const env = m.envelope;
    if (OTHER_BODIES.has(env.body)) {
      if (!this.hooks.onOtherMessage?.(env)) this.o.log.warn({ body: env.body }, 'peer message with no handler dropped');
      return;
    }
    this.role.onMessage(channel, env);
  }

  private settle(channel: PeerChannel, work: WorkId, entry: FrameEntry, r: StepResult, apply: (step: FrameStep) => void): void {
    if (this.frames.get(work) !== entry) {
      // Dropped (timeout, authentication failure, session end) while its step ran.
      const o = r.ok ? r.step.outcome : undefined;
      if (o?.ok) (isBlockOutcome(o) ? o.key : o.segment.keyBits).fill(0);
      return;
    }
    if (r.ok) apply(r.step);
    else this.executorFailed(channel, work, r.error);
  }

  /** An aborted frame or block for the statistics (no session outcome). */
  private recordAbort(work: WorkId, detail: string): void {
    const n = workNumber(work);
    const stats = emptyStatistics();
    this.o.stats.record(
      isBlockWork(work)
        ? { ok: false, blockId: n, reason: 'protocol-error', detail, stats }
        : { ok: false, frameId: n, reason: 'protocol-error', detail, stats },
    );
  }

  private executorFailed(channel: PeerChannel, work: WorkId, err: Error): void {
    this.end(work);
    this.o.alarms.raise('peer-protocol-error', 'critical', `${describeWork(work)} dropped: post-processing failed (${err.message})`, {
      work,
    });
    this.recordAbort(work, `post-processing failed: ${err.message}`);
    this.send(channel, abortEnvelope(work, `protocol-error: post-processing failed at the ${this.o.side}`));
  }

  private remove(work: WorkId): boolean {
    if (!this.frames.delete(work)) return false;
    if (!isBlockWork(work)) this.framesOpen--;
    return true;
  }

  /**
   * Drops every frame in flight that the peer has not sent a message of, and
   * tells the peer frame by frame. For a board lost on either node: the
   * light of those frames was not emitted whole or not detected, so the
   * receiver will never report on them, and waiting for the frame timeout
   * would stall generation (the frames hold every in-flight slot). Frames
   * the peer has reported on go on: their detections are already taken.
   */
  abortUnreported(channel: PeerChannel, reason: string): number {
    let dropped = 0;
    for (const [work, entry] of this.frames) {
      if (entry.peerSeen || isBlockWork(work)) continue;
      this.remove(work);
      this.o.executor.close(work);
      this.recordAbort(work, reason);
      this.send(channel, abortEnvelope(work, `protocol-error: ${reason}`));
      dropped++;
    }
    if (dropped > 0) this.o.log.info({ dropped, reason }, 'frames the peer had not reported on dropped');
    this.wake?.();
    return dropped;
  }

  private abortAll(channel: PeerChannel, reason: string): void {
    for (const work of this.frames.keys()) {
      this.o.executor.close(work);
      this.recordAbort(work, reason);
      this.send(channel, abortEnvelope(work, reason));
    }
    this.frames.clear();
    this.framesOpen = 0;
    this.wake?.();
  }

  private sweep(channel: PeerChannel): void {
    const now = Date.now();
    for (const [work, entry] of this.frames) {
      if (now - entry.lastActivityMs < this.o.frameTimeoutMs) continue;
      this.remove(work);
      this.o.executor.close(work);
      const what = describeWork(work);
      this.o.alarms.raise('frame-timeout', 'warning', `${what} dropped: no progress for ${this.o.frameTimeoutMs} ms`, { work });
      this.recordAbort(work, 'timeout');
      this.send(channel, abortEnvelope(work, `protocol-error: ${what} timed out at the ${this.o.side}`));
    }
    const noKeyAfter = this.o.noKeyAfterMs ?? DEFAULT_NO_KEY_AFTER_MS;
    if (noKeyAfter > 0 && !this.noKeyRaised && now - this.lastKeyMs >= noKeyAfter) {
      this.noKeyRaised = true;
      const s = this.o.stats;
      this.o.alarms.raise(
        'no-key',
        'warning',
        `no key stored for ${Math.round((now - this.lastKeyMs) / 1000)} s (${s.framesOk} frames sifted, ${s.blocksAborted} blocks dropped` +
          `${Object.keys(s.abortsByReason).length > 0 ? `: ${JSON.stringify(s.abortsByReason)}` : ''})`,
        { lastKeyMs: this.lastKeyMs },
      );
    }
    this.role.onSweep?.(channel, now);
    this.wake?.();
  }
}
