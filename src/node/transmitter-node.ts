/**
 * The transmitter node's (Alice's) key generation over one peer session:
 * draws each frame's pattern from a cryptographic RNG, has the boards emit
 * it, answers the receiver's post-processing through TransmitterFrameSession,
 * and commits each secret block in two phases with the receiver:
 *
 *   Alice: store pending → BlockStored ─────→ Bob: store → BlockStored (echo)
 *   Alice: activate on the echo ←──────────────────────────┘
 *
 * A pending block is durable but outside the key pools, so a crash or a lost
 * message can never leave usable key on one side only. When an echo goes
 * missing (tampered message, abort, reconnect), Alice asks with StoreSync and
 * settles every pending block sent before the question: activated if Bob
 * holds it, dropped otherwise. Activations follow Bob's storing order, so
 * both stores' pools hold the same bits in the same order.
 *
 * The sessions run in a FrameExecutor (in-thread by default, or worker
 * threads); each frame's steps are applied through its own promise chain, so
 * one frame's messages are handled in order while the receive loop goes on
 * with other frames.
 */
import type { KeyStore } from '../keystore/key-store.ts';
import { isKeyStoreError, QkdErrorCode } from '../../errors/index.ts';
import type { PeerChannel, ReceivedMessage } from '../peer/index.ts';
import type { EnvelopeInit } from '../peer/messages.ts';
import type { Logger } from '../log.ts';
import type { AlarmBoard } from './alarms.ts';
import type { TransmitterBench } from './bench-port.ts';
import { authBitsFor, keyBytes } from './block-material.ts';
import { emptyStatistics as emptyFrameStats, type FrameOutcome } from './frame/frame-outcome.ts';
import type { FrameParams } from './frame/frame-params.ts';
import type { FrameStep } from './frame/frame-session.ts';
import { settleStep, type FrameExecutor, type StepResult } from './frame/frame-executor.ts';
import { InThreadFrameExecutor } from './frame/in-thread-executor.ts';
import { NodeStats } from './node-stats.ts';
import { OTHER_BODIES, type SessionHooks } from './session-hooks.ts';

export interface TransmitterNodeOptions {
  bench: TransmitterBench;
  store: KeyStore;
  params: FrameParams;
  /** Frames emitted and not yet finished, at most. */
  inFlight: number;
  linkId: string;
  /** Distinguishes this process' frames from earlier runs' in block IDs. */
  runId: string;
  /** Share of each block that refills the authentication pool. */
  authFraction: number;
  /** A frame's pattern, from a cryptographic RNG. */
  randomPattern: (slots: number) => Uint32Array;
  /** A frame with no message for this long is dropped. */
  frameTimeoutMs: number;
  log: Logger;
  alarms: AlarmBoard;
  /** Where the frame sessions run; default in-thread. A given executor stays the caller's to shut down. */
  executor?: FrameExecutor;
}

interface FrameEntry {
  lastActivityMs: number;
  /** Settles once every step delivered so far has been applied; never rejects. */
  chain: Promise<void>;
}

export class TransmitterNode {
  readonly stats = new NodeStats();
  private readonly frames = new Map<number, FrameEntry>();
  /** Pending block IDs whose echo we await, in send order. */
  private readonly awaitingEcho: string[] = [];
  private readonly echoSentMs = new Map<string, number>();
  /** Pending blocks a StoreSync question covers (sent before it), or null when none is outstanding. */
  private syncCovers: string[] | null = null;
  private stopping = false;
  private hooks: SessionHooks = {};
  private wake: (() => void) | null = null;
  private readonly executor: FrameExecutor;

  constructor(private readonly o: TransmitterNodeOptions) {
    this.executor = o.executor ?? new InThreadFrameExecutor();
  }

  /** Generate keys over `channel` until it closes or `stop()` is called. */
  async runSession(channel: PeerChannel, hooks: SessionHooks = {}): Promise<void> {
    const o = this.o;
    this.hooks = hooks;
    const onAuthFailure = (f: { reason: string }): void => {
      o.alarms.raise('peer-authentication-failed', 'critical', `peer message failed authentication (${f.reason}); frames in flight dropped`);
      this.abortAll(channel, 'protocol-error: a peer message failed authentication');
      this.requestSync(channel);
    };
    channel.on('authentication-failed', onAuthFailure);
    // Settle blocks left pending by an earlier session before anything else.
    this.awaitingEcho.splice(0, this.awaitingEcho.length, ...o.store.pendingBlockIds());
    if (this.awaitingEcho.length > 0) this.requestSync(channel);
    const receiving = this.receiveLoop(channel);
    const timer = setInterval(() => this.sweep(channel), Math.max(100, Math.min(1000, o.frameTimeoutMs / 4)));
    try {
      await Promise.race([this.emitLoop(channel), receiving]);
    } finally {
      clearInterval(timer);
      channel.off('authentication-failed', onAuthFailure);
      // Closing zeroes the patterns and whatever the sessions still hold; steps still running are ignored when they land.
      for (const frameId of this.frames.keys()) this.executor.close(frameId);
      this.frames.clear();
      this.syncCovers = null;
    }
  }

  stop(): void {
    this.stopping = true;
    this.wake?.();
  }

  get framesInFlight(): number {
    return this.frames.size;
  }

  private async emitLoop(channel: PeerChannel): Promise<void> {
    const o = this.o;
    while (!this.stopping && channel.isOpen) {
      if (this.frames.size >= o.inFlight || this.storeFull()) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, 200);
        });
        this.wake = null;
        continue;
      }
      const pattern = o.randomPattern(o.bench.slotsPerFrame);
      const frameId = await o.bench.emitFrame(pattern);
      if (this.stopping || !channel.isOpen) {
        // The session ended during the emission: nobody will post-process this frame.
        pattern.fill(0);
        return;
      }
      // The pattern passes to the executor (a worker executor moves it to its thread).
      this.executor.openTransmitter(frameId, pattern, o.params);
      this.frames.set(frameId, { lastActivityMs: Date.now(), chain: Promise.resolve() });
      this.stats.framesStarted++;
    }
  }

  private storeFull(): boolean {
    const s = this.o.store.stats();
    return s.storedBits + this.o.params.slots / 8 > s.maxBits;
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
    if (env.body === 'storeSync') return this.onStoreSync(env.storeSync?.recentBlockIds ?? []);
    if (env.body === 'blockStored') return this.onEcho(channel, env.blockStored?.blockId ?? '');
    const frameId = env.frameId;
    const entry = this.frames.get(frameId);
    if (!entry) {
      if (env.body === 'abort') {
        // An abort for a frame we already finished: its block may be pending; let StoreSync settle it.
        if (this.awaitingEcho.length > 0) this.requestSync(channel);
        return;
      }
      this.send(channel, { frameId, abort: { frameId, reason: `protocol-error: frame ${frameId} is unknown to the transmitter` } });
      return;
    }
    entry.lastActivityMs = Date.now();
    // The executor may start on the step at once; its effects wait for the frame's earlier steps.
    const result = settleStep(this.executor.deliver(frameId, env));
    entry.chain = entry.chain
      .then(() => result)
      .then((r) => this.settle(channel, frameId, entry, r))
      .catch((err: unknown) => this.o.log.error({ err, frameId }, 'applying a frame step failed'));
  }

  private settle(channel: PeerChannel, frameId: number, entry: FrameEntry, r: StepResult): void {
    if (this.frames.get(frameId) !== entry) {
      // The frame was dropped (timeout, authentication failure, session end) while its step ran.
      if (r.ok && r.step.outcome?.ok) r.step.outcome.key.fill(0);
      return;
    }
    if (!r.ok) return this.executorFailed(channel, frameId, r.error);
    this.apply(channel, frameId, r.step);
  }

  private executorFailed(channel: PeerChannel, frameId: number, err: Error): void {
    this.frames.delete(frameId);
    this.executor.close(frameId);
    this.wake?.();
    this.o.alarms.raise('peer-protocol-error', 'critical', `frame ${frameId} dropped: post-processing failed (${err.message})`, { frameId });
    this.stats.record({ ok: false, frameId, reason: 'protocol-error', detail: `post-processing failed: ${err.message}`, stats: emptyFrameStats() });
    this.send(channel, { frameId, abort: { frameId, reason: 'protocol-error: post-processing failed at the transmitter' } });
  }

  private apply(channel: PeerChannel, frameId: number, step: FrameStep): void {
    for (const msg of step.send) this.send(channel, msg);
    if (step.outcome) this.finish(channel, frameId, step.outcome);
  }

  private finish(channel: PeerChannel, frameId: number, outcome: FrameOutcome): void {
    const o = this.o;
    this.frames.delete(frameId);
    this.executor.close(frameId);
    this.wake?.();
    if (!outcome.ok) {
      this.stats.record(outcome);
      if (outcome.reason === 'qber-over-threshold' || outcome.reason === 'verification-failed') {
        o.alarms.raise(outcome.reason, 'critical', `frame ${frameId} dropped: ${outcome.detail}`, { frameId, qberTest: outcome.stats.qberTest });
      } else {
        o.log.info({ frameId, reason: outcome.reason, detail: outcome.detail }, 'frame aborted');
      }
      return;
    }
    const blockId = `${o.linkId}:${o.runId}:${frameId}`;
    const bytes = keyBytes(outcome.key, outcome.secretBits);
    outcome.key.fill(0);
    try {
      o.store.addPendingBlock(blockId, bytes, { bitLength: outcome.secretBits, authBits: authBitsFor(outcome.secretBits, o.authFraction) });
    } catch (err) {
      bytes.fill(0);
      const full = isKeyStoreError(err, QkdErrorCode.CapacityExceeded);
      if (full) o.alarms.raise('key-store-full', 'warning', `key store full; frame ${frameId} dropped and generation paused`);
      else o.log.error({ err, frameId }, 'storing a block failed');
      this.stats.record({ ok: false, frameId, reason: 'protocol-error', detail: 'store failed', stats: outcome.stats });
      this.send(channel, { frameId, abort: { frameId, reason: 'protocol-error: the transmitter could not store the block' } });
      return;
    }
    bytes.fill(0);
    this.stats.record(outcome);
    this.awaitingEcho.push(blockId);
    this.echoSentMs.set(blockId, Date.now());
    this.send(channel, { frameId, blockStored: { blockId, bits: outcome.secretBits } });
  }

  private onEcho(channel: PeerChannel, blockId: string): void {
    if (this.syncCovers === null && this.awaitingEcho[0] === blockId) {
      this.awaitingEcho.shift();
      this.echoSentMs.delete(blockId);
      if (this.o.store.activatePendingBlock(blockId)) this.stats.blocksStored++;
      return;
    }
    // Out of order (an earlier echo is missing) or a sync is settling things: let StoreSync decide.
    this.requestSync(channel);
  }

  private requestSync(channel: PeerChannel): void {
    if (this.syncCovers !== null || this.awaitingEcho.length === 0) return;
    this.syncCovers = [...this.awaitingEcho];
    this.send(channel, { frameId: 0, storeSync: { request: true } });
  }

  private onStoreSync(recentBlockIds: readonly string[]): void {
    const covered = this.syncCovers;
    if (covered === null) return;
    this.syncCovers = null;
    const held = new Set(recentBlockIds);
    for (const id of covered) {
      const at = this.awaitingEcho.indexOf(id);
      if (at >= 0) this.awaitingEcho.splice(at, 1);
      this.echoSentMs.delete(id);
      if (held.has(id)) {
        if (this.o.store.activatePendingBlock(id)) this.stats.blocksStored++;
      } else if (this.o.store.dropPendingBlock(id)) {
        this.o.log.warn({ blockId: id }, 'pending block dropped: the receiver does not hold it');
      }
    }
  }

  private abortAll(channel: PeerChannel, reason: string): void {
    for (const frameId of this.frames.keys()) {
      this.executor.close(frameId);
      this.stats.record({ ok: false, frameId, reason: 'protocol-error', detail: reason, stats: emptyFrameStats() });
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
      this.executor.close(frameId);
      this.o.alarms.raise('frame-timeout', 'warning', `frame ${frameId} dropped: no progress for ${this.o.frameTimeoutMs} ms`, { frameId });
      this.stats.record({ ok: false, frameId, reason: 'protocol-error', detail: 'timeout', stats: emptyFrameStats() });
      this.send(channel, { frameId, abort: { frameId, reason: 'protocol-error: frame timed out at the transmitter' } });
    }
    const oldest = this.awaitingEcho[0];
    if (oldest !== undefined && now - (this.echoSentMs.get(oldest) ?? 0) >= this.o.frameTimeoutMs) {
      // An echo that has not come within the frame timeout is settled by asking.
      this.requestSync(channel);
    }
    this.wake?.();
  }

  private send(channel: PeerChannel, msg: EnvelopeInit): void {
    if (!channel.isOpen) return;
    try {
      channel.send(msg);
    } catch (err) {
      this.o.log.warn({ err }, 'peer send failed');
    }
  }
}
