/**
 * The receiver node's (Bob's) key generation over one peer session: takes
 * each frame's detections from the bench, drives its post-processing through
 * ReceiverFrameSession, and stores a block when the transmitter confirms it
 * (BlockStored), echoing the confirmation (see transmitter-node.ts for the
 * two-phase commit). Bob answers StoreSync questions with his newest block
 * IDs; since the channel is ordered, the answer reflects every BlockStored
 * sent before the question.
 *
 * The sessions run in a FrameExecutor (in-thread by default, or worker
 * threads). Each frame's steps are applied through its own promise chain,
 * so one frame's messages are handled in order while the receive loop goes on
 * with other frames. BlockStored steps and StoreSync answers also pass through
 * one node-wide chain: blocks are stored in the order Alice confirmed them
 * (her activation order) and an answer lists every block confirmed before the
 * question, exactly as when everything ran synchronously.
 */
import type { KeyStore } from '../keystore/key-store.ts';
import { isKeyStoreError, QkdErrorCode } from '../../errors/index.ts';
import type { PeerChannel, ReceivedMessage } from '../peer/index.ts';
import type { EnvelopeInit } from '../peer/messages.ts';
import type { Logger } from '../log.ts';
import type { AlarmBoard } from './alarms.ts';
import type { ReceiverBench } from './bench-port.ts';
import { authBitsFor, keyBytes } from './block-material.ts';
import { settleStep, type FrameExecutor, type StepResult } from './frame/frame-executor.ts';
import { emptyStatistics, type FrameOutcome } from './frame/frame-outcome.ts';
import type { FrameParams, RandomWords } from './frame/frame-params.ts';
import type { FrameStep } from './frame/frame-session.ts';
import { InThreadFrameExecutor } from './frame/in-thread-executor.ts';
import { NodeStats } from './node-stats.ts';
import { OTHER_BODIES, type SessionHooks } from './session-hooks.ts';

export interface ReceiverNodeOptions {
  bench: ReceiverBench;
  store: KeyStore;
  params: FrameParams;
  inFlight: number;
  authFraction: number;
  /** Public randomness for Cascade, verification and amplification seeds (crypto RNG). */
  random: RandomWords;
  frameTimeoutMs: number;
  /** How many recent block IDs a StoreSync answer carries. */
  syncDepth?: number;
  log: Logger;
  alarms: AlarmBoard;
  /**
   * Where the frame sessions run; default in-thread with `random`. A given
   * executor brings its own randomness (`random` is then unused) and stays
   * the caller's to shut down.
   */
  executor?: FrameExecutor;
}

interface FrameEntry {
  lastActivityMs: number;
  /** Settles once every step delivered so far has been applied; never rejects. */
  chain: Promise<void>;
}

export class ReceiverNode {
  readonly stats = new NodeStats();
  private readonly frames = new Map<number, FrameEntry>();
  private stopping = false;
  private hooks: SessionHooks = {};
  private wake: (() => void) | null = null;
  private readonly executor: FrameExecutor;
  /** Tail of the BlockStored steps and StoreSync answers, in arrival order; never rejects. */
  private storeChain: Promise<void> = Promise.resolve();

  constructor(private readonly o: ReceiverNodeOptions) {
    this.executor = o.executor ?? new InThreadFrameExecutor({ randomness: { kind: 'function', random: o.random } });
  }

  async runSession(channel: PeerChannel, hooks: SessionHooks = {}): Promise<void> {
    const o = this.o;
    this.hooks = hooks;
    const onAuthFailure = (f: { reason: string }): void => {
      o.alarms.raise('peer-authentication-failed', 'critical', `peer message failed authentication (${f.reason}); frames in flight dropped`);
      this.abortAll(channel, 'protocol-error: a peer message failed authentication');
    };
    channel.on('authentication-failed', onAuthFailure);
    const timer = setInterval(() => this.sweep(channel), Math.max(100, Math.min(1000, o.frameTimeoutMs / 4)));
    try {
      await Promise.race([this.detectLoop(channel), this.receiveLoop(channel)]);
    } finally {
      clearInterval(timer);
      channel.off('authentication-failed', onAuthFailure);
      // Closing zeroes what the sessions still hold; steps still running are ignored when they land.
      for (const frameId of this.frames.keys()) this.executor.close(frameId);
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

  private async detectLoop(channel: PeerChannel): Promise<void> {
    const o = this.o;
    while (!this.stopping && channel.isOpen) {
      if (this.frames.size >= o.inFlight) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, 200);
        });
        this.wake = null;
        continue;
      }
      const frame = await o.bench.nextFrame();
      if (!frame || this.stopping || !channel.isOpen) return;
      const entry: FrameEntry = { lastActivityMs: Date.now(), chain: Promise.resolve() };
      this.frames.set(frame.frameId, entry);
      this.stats.framesStarted++;
      this.enqueue(channel, frame.frameId, entry, this.executor.openReceiver(frame.frameId, frame.detections, o.params), null);
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
    if (env.body === 'storeSync') {
      if (env.storeSync?.request) {
        // After every BlockStored received before the question has been stored (or refused).
        this.storeChain = this.storeChain.then(() =>
          this.send(channel, { frameId: 0, storeSync: { request: false, recentBlockIds: this.o.store.recentBlockIds(this.o.syncDepth ?? 256) } }),
        );
      }
      return;
    }
    const entry = this.frames.get(env.frameId);
    if (!entry) return; // a late message of a frame we already dropped
    entry.lastActivityMs = Date.now();
    const blockId = env.body === 'blockStored' ? (env.blockStored?.blockId ?? '') : null;
    this.enqueue(channel, env.frameId, entry, this.executor.deliver(env.frameId, env), blockId);
  }

  /**
   * Applies `step` after the frame's earlier steps (and, for a BlockStored
   * step, after earlier BlockStored steps of every frame). The executor may
   * already be computing it; only its effects wait.
   */
  private enqueue(channel: PeerChannel, frameId: number, entry: FrameEntry, step: Promise<FrameStep>, blockId: string | null): void {
    const result = settleStep(step);
    const after = blockId === null ? entry.chain : Promise.all([entry.chain, this.storeChain]);
    const done = after
      .then(() => result)
      .then((r) => this.settle(channel, frameId, entry, r, blockId))
      .catch((err: unknown) => this.o.log.error({ err, frameId }, 'applying a frame step failed'));
    entry.chain = done;
    if (blockId !== null) this.storeChain = done;
  }

  private settle(channel: PeerChannel, frameId: number, entry: FrameEntry, r: StepResult, blockId: string | null): void {
    if (this.frames.get(frameId) !== entry) {
      // The frame was dropped (timeout, authentication failure, session end) while its step ran.
      if (r.ok && r.step.outcome?.ok) r.step.outcome.key.fill(0);
      return;
    }
    if (!r.ok) return this.executorFailed(channel, frameId, r.error);
    if (blockId !== null && r.step.outcome?.ok) return this.store(channel, r.step.outcome, blockId);
    this.apply(channel, frameId, r.step);
  }

  private executorFailed(channel: PeerChannel, frameId: number, err: Error): void {
    this.frames.delete(frameId);
    this.executor.close(frameId);
    this.wake?.();
    this.o.alarms.raise('peer-protocol-error', 'critical', `frame ${frameId} dropped: post-processing failed (${err.message})`, { frameId });
    this.stats.record({ ok: false, frameId, reason: 'protocol-error', detail: `post-processing failed: ${err.message}`, stats: emptyStatistics() });
    this.send(channel, { frameId, abort: { frameId, reason: 'protocol-error: post-processing failed at the receiver' } });
  }

  private apply(channel: PeerChannel, frameId: number, step: FrameStep): void {
    for (const msg of step.send) this.send(channel, msg);
    if (step.outcome) this.finish(frameId, step.outcome);
  }

  private finish(frameId: number, outcome: FrameOutcome): void {
    this.frames.delete(frameId);
    this.executor.close(frameId);
    this.wake?.();
    this.stats.record(outcome);
    if (!outcome.ok) {
      if (outcome.reason === 'qber-over-threshold' || outcome.reason === 'verification-failed') {
        this.o.alarms.raise(outcome.reason, 'critical', `frame ${frameId} dropped: ${outcome.detail}`, { frameId, qberTest: outcome.stats.qberTest });
      } else {
        this.o.log.info({ frameId, reason: outcome.reason, detail: outcome.detail }, 'frame aborted');
      }
    }
  }

  private store(channel: PeerChannel, outcome: FrameOutcome & { ok: true }, blockId: string): void {
    const o = this.o;
    const frameId = outcome.frameId;
    const bytes = keyBytes(outcome.key, outcome.secretBits);
    outcome.key.fill(0);
    try {
      o.store.addBlock(blockId, bytes, { bitLength: outcome.secretBits, authBits: authBitsFor(outcome.secretBits, o.authFraction) });
    } catch (err) {
      const full = isKeyStoreError(err, QkdErrorCode.CapacityExceeded);
      if (full) o.alarms.raise('key-store-full', 'warning', `key store full; frame ${frameId} dropped`);
      else o.log.error({ err, frameId }, 'storing a block failed');
      this.finish(frameId, { ok: false, frameId, reason: 'protocol-error', detail: 'store failed', stats: outcome.stats });
      // No echo: the transmitter's StoreSync will find the block missing here and drop its pending copy.
      this.send(channel, { frameId, abort: { frameId, reason: 'protocol-error: the receiver could not store the block' } });
      return;
    } finally {
      bytes.fill(0);
    }
    this.stats.blocksStored++;
    this.finish(frameId, outcome);
    this.send(channel, { frameId, blockStored: { blockId, bits: outcome.secretBits } });
  }

  private abortAll(channel: PeerChannel, reason: string): void {
    for (const [frameId] of this.frames) {
      this.executor.close(frameId);
      this.stats.record({ ok: false, frameId, reason: 'protocol-error', detail: reason, stats: emptyStatistics() });
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
      this.stats.record({ ok: false, frameId, reason: 'protocol-error', detail: 'timeout', stats: emptyStatistics() });
      this.send(channel, { frameId, abort: { frameId, reason: 'protocol-error: frame timed out at the receiver' } });
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
