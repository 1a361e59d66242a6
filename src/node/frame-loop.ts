/**
 * The frame loop both role nodes run over one peer session
 * (transmitter-node.ts, receiver-node.ts compose it): the table of frames in
 * flight, the session skeleton (a producing loop — the role's emission or
 * detection — raced against the receive loop, a sweep timer, the
 * authentication-failure alarm), the per-frame promise chains through which
 * executor steps are applied in order, and the ways a frame ends: finished,
 * failed in the executor, timed out, or aborted with all others.
 *
 * The role keeps what differs: how frames start (its bench), which peer
 * messages it answers besides frame steps, and what it does with a frame's
 * key (the two-phase block commit). It plugs those in as a FrameLoopRole.
 *
 * Steps are computed by the FrameExecutor, possibly on another thread, and
 * applied here: each frame's steps through its own chain (in delivery
 * order), while the receive loop goes on with other frames. A step that lands
 * after its frame was dropped is ignored (and its key zeroed).
 */
import type { PeerChannel, ReceivedMessage } from '../peer/index.ts';
import type { DecodedEnvelope, EnvelopeInit } from '../peer/messages.ts';
import type { Logger } from '../log.ts';
import type { AlarmBoard } from './alarms.ts';
import type { GenerationGate } from './generation-gate.ts';
import { settleStep, type FrameExecutor, type StepResult } from './frame/frame-executor.ts';
import { emptyStatistics, type FrameOutcome } from './frame/frame-outcome.ts';
import type { FrameStep } from './frame/frame-session.ts';
import type { NodeStats } from './node-stats.ts';
import { OTHER_BODIES, type SessionHooks } from './session-hooks.ts';

export interface FrameLoopOptions {
  /** Names this side in abort reasons sent to the peer ("timed out at the transmitter"). */
  side: 'transmitter' | 'receiver';
  executor: FrameExecutor;
  stats: NodeStats;
  /** Frames started and not yet finished, at most. */
  inFlight: number;
  /** A frame with no message for this long is dropped. */
  frameTimeoutMs: number;
  log: Logger;
  alarms: AlarmBoard;
}

/** What a role node plugs into the loop. */
export interface FrameLoopRole {
  /** Starts frames (FrameLoop.open) until `roomForFrame` says stop. */
  produce(channel: PeerChannel): Promise<void>;
  /** A peer message of key generation (not one of OTHER_BODIES). */
  onMessage(channel: PeerChannel, envelope: DecodedEnvelope): void;
  /** After a peer message failed authentication and every frame was aborted. */
  onAuthFailure?(channel: PeerChannel): void;
  /** At each sweep, after timed-out frames were dropped. */
  onSweep?(channel: PeerChannel, nowMs: number): void;
}

export interface FrameEntry {
  lastActivityMs: number;
  /** The peer has sent a message of this frame (the receiver detected it, or the transmitter answered). */
  peerSeen: boolean;
  /** Settles once every step delivered so far has been applied; never rejects. */
  chain: Promise<void>;
}

export class FrameLoop {
  private readonly frames = new Map<number, FrameEntry>();
  private stopping = false;
  private hooks: SessionHooks = {};
  private wake: (() => void) | null = null;

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
        `peer message failed authentication (${f.reason}); frames in flight dropped`,
      );
      this.abortAll(channel, 'protocol-error: a peer message failed authentication');
      this.role.onAuthFailure?.(channel);
    };
    channel.on('authentication-failed', onAuthFailure);
    const receiving = this.receiveLoop(channel);
    const timer = setInterval(() => this.sweep(channel), Math.max(100, Math.min(1000, o.frameTimeoutMs / 4)));
    try {
      await Promise.race([this.role.produce(channel), receiving]);
    } finally {
      clearInterval(timer);
      channel.off('authentication-failed', onAuthFailure);
      // Closing zeroes what the sessions still hold (patterns, detections, keys); steps still running are ignored when they land.
      for (const frameId of this.frames.keys()) this.o.executor.close(frameId);
      this.frames.clear();
    }
  }

  stop(): void {
    this.stopping = true;
    this.wake?.();
  }

  get framesInFlight(): number {
    return this.frames.size;
  }

  /**
   * Waits until another frame may start — fewer than `inFlight` in flight and
   * not `full()`, and `gate` (if given) open — polling every 200 ms or when a
   * frame ends. False once the loop stops or the channel closes.
   */
  async roomForFrame(channel: PeerChannel, full: () => boolean = () => false, gate?: GenerationGate): Promise<boolean> {
    while (!this.stopping && channel.isOpen) {
      if (this.frames.size < this.o.inFlight && !full() && (gate === undefined || gate.isOpen)) return true;
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

  /** Enters a frame the executor has just opened. */
  open(frameId: number): FrameEntry {
    const entry: FrameEntry = { lastActivityMs: Date.now(), peerSeen: false, chain: Promise.resolve() };
    this.frames.set(frameId, entry);
    this.o.stats.framesStarted++;
    return entry;
  }

  /** The frame's entry with its activity time refreshed, or undefined when the frame is not in flight. */
  touch(frameId: number): FrameEntry | undefined {
    const entry = this.frames.get(frameId);
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
    frameId: number,
    entry: FrameEntry,
    step: Promise<FrameStep>,
    apply: (step: FrameStep) => void,
    after?: Promise<void>,
  ): Promise<void> {
    const result = settleStep(step);
    const before = after === undefined ? entry.chain : Promise.all([entry.chain, after]);
    const done = before
      .then(() => result)
      .then((r) => this.settle(channel, frameId, entry, r, apply))
      .catch((err: unknown) => this.o.log.error({ err, frameId }, 'applying a frame step failed'));
    entry.chain = done;
    return done;
  }

  /** Sends a step's messages; its outcome, if any, goes to `finish`. */
  applyStep(channel: PeerChannel, step: FrameStep, finish: (outcome: FrameOutcome) => void): void {
    for (const msg of step.send) this.send(channel, msg);
    if (step.outcome) finish(step.outcome);
  }

  /** Takes a frame out of flight: the executor forgets it, and a waiting producer may start the next. */
  end(frameId: number): void {
    this.frames.delete(frameId);
    this.o.executor.close(frameId);
    this.wake?.();
  }

  /** Ends a frame with `outcome` and records it; a failed one raises its alarm or is logged. */
  finish(frameId: number, outcome: FrameOutcome): void {
    this.end(frameId);
    this.o.stats.record(outcome);
    if (outcome.ok) return;
    if (outcome.reason === 'qber-over-threshold' || outcome.reason === 'verification-failed') {
      this.o.alarms.raise(outcome.reason, 'critical', `frame ${frameId} dropped: ${outcome.detail}`, {
        frameId,
        qberTest: outcome.stats.qberTest,
      });
    } else {
      this.o.log.info({ frameId, reason: outcome.reason, detail: outcome.detail }, 'frame aborted');
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

  private settle(channel: PeerChannel, frameId: number, entry: FrameEntry, r: StepResult, apply: (step: FrameStep) => void): void {
    if (this.frames.get(frameId) !== entry) {
      // The frame was dropped (timeout, authentication failure, session end) while its step ran.
      if (r.ok && r.step.outcome?.ok) r.step.outcome.key.fill(0);
      return;
    }
    if (r.ok) apply(r.step);
    else this.executorFailed(channel, frameId, r.error);
  }

  private executorFailed(channel: PeerChannel, frameId: number, err: Error): void {
    this.end(frameId);
    this.o.alarms.raise('peer-protocol-error', 'critical', `frame ${frameId} dropped: post-processing failed (${err.message})`, {
      frameId,
    });
    this.o.stats.record({
      ok: false,
      frameId,
      reason: 'protocol-error',
      detail: `post-processing failed: ${err.message}`,
      stats: emptyStatistics(),
    });
    this.send(channel, { frameId, abort: { frameId, reason: `protocol-error: post-processing failed at the ${this.o.side}` } });
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
    for (const [frameId, entry] of this.frames) {
      if (entry.peerSeen) continue;
      this.frames.delete(frameId);
      this.o.executor.close(frameId);
      this.o.stats.record({ ok: false, frameId, reason: 'protocol-error', detail: reason, stats: emptyStatistics() });
      this.send(channel, { frameId, abort: { frameId, reason: `protocol-error: ${reason}` } });
      dropped++;
    }
    if (dropped > 0) this.o.log.info({ dropped, reason }, 'frames the peer had not reported on dropped');
    this.wake?.();
    return dropped;
  }

  private abortAll(channel: PeerChannel, reason: string): void {
    for (const frameId of this.frames.keys()) {
      this.o.executor.close(frameId);
      this.o.stats.record({ ok: false, frameId, reason: 'protocol-error', detail: reason, stats: emptyStatistics() });
      this.send(channel, { frameId, abort: { frameId, reason } });
    }
    this.frames.clear();
    this.wake?.();
  }

  private sweep(channel: PeerChannel): void {
    const now = Date.now();
    for (const [frameId, entry] of this.frames) {
      if (now - entry.lastActivityMs < this.o.frameTimeoutMs) continue;
      this.frames.delete(frameId);
      this.o.executor.close(frameId);
      this.o.alarms.raise('frame-timeout', 'warning', `frame ${frameId} dropped: no progress for ${this.o.frameTimeoutMs} ms`, { frameId });
      this.o.stats.record({ ok: false, frameId, reason: 'protocol-error', detail: 'timeout', stats: emptyStatistics() });
      this.send(channel, { frameId, abort: { frameId, reason: `protocol-error: frame timed out at the ${this.o.side}` } });
    }
    this.role.onSweep?.(channel, now);
    this.wake?.();
  }
}
