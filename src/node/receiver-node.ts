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
 * threads); the frame table, the session skeleton and the ways a frame ends
 * are the FrameLoop's (frame-loop.ts), shared with the transmitter. Each
 * frame's steps are applied through its own promise chain. BlockStored steps
 * and StoreSync answers also pass through one node-wide chain: blocks are
 * stored in the order Alice confirmed them (her activation order) and an
 * answer lists every block confirmed before the question, exactly as when
 * everything ran synchronously.
 */
import type { KeyStore } from '../keystore/key-store.ts';
import { isKeyStoreError, QkdErrorCode } from '../../errors/index.ts';
import type { PeerChannel } from '../peer/index.ts';
import type { DecodedEnvelope } from '../peer/messages.ts';
import type { Logger } from '../log.ts';
import type { AlarmBoard } from './alarms.ts';
import type { GenerationGate } from './generation-gate.ts';
import type { ReceiverBench } from './bench-port.ts';
import { authBitsFor, keyBytes } from './block-material.ts';
import type { FrameExecutor } from './frame/frame-executor.ts';
import type { FrameOutcome } from './frame/frame-outcome.ts';
import type { FrameParams, RandomWords } from './frame/frame-params.ts';
import type { FrameStep } from './frame/frame-session.ts';
import { InThreadFrameExecutor } from './frame/in-thread-executor.ts';
import { formatAbort } from './frame/abort-reason.ts';
import { FrameLoop, type FrameEntry } from './frame-loop.ts';
import { NodeStats } from './node-stats.ts';
import type { SessionHooks } from './session-hooks.ts';

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
  /** Holds new frames while an operator or a safety condition has stopped generation; default always open. */
  gate?: GenerationGate;
  /**
   * Where the frame sessions run; default in-thread with `random`. A given
   * executor brings its own randomness (`random` is then unused) and stays
   * the caller's to shut down.
   */
  executor?: FrameExecutor;
}

export class ReceiverNode {
  readonly stats = new NodeStats();
  private readonly executor: FrameExecutor;
  private readonly loop: FrameLoop;
  /** The session generation runs on now, if any. */
  private channel: PeerChannel | undefined;
  /** Tail of the BlockStored steps and StoreSync answers, in arrival order; never rejects. */
  private storeChain: Promise<void> = Promise.resolve();

  constructor(private readonly o: ReceiverNodeOptions) {
    this.executor = o.executor ?? new InThreadFrameExecutor({ randomness: { kind: 'function', random: o.random } });
    this.loop = new FrameLoop(
      // inFlight, frameTimeoutMs, log and alarms come from the node's own options.
      { ...o, side: 'receiver', executor: this.executor, stats: this.stats },
      {
        produce: (channel) => this.detectLoop(channel),
        onMessage: (channel, env) => this.onMessage(channel, env),
      },
    );
  }

  /** Generate keys over `channel` until it closes or `stop()` is called. */
  async runSession(channel: PeerChannel, hooks: SessionHooks = {}): Promise<void> {
    this.channel = channel;
    try {
      await this.loop.run(channel, hooks);
    } finally {
      if (this.channel === channel) this.channel = undefined;
    }
  }

  /**
   * A board of this node was lost, or is back after a loss: the frames the transmitter emitted that
   * this side has not detected will never be detected. An abort of frame 0
   * (no frame) tells the transmitter to drop every frame this side has not
   * reported on (PROTOCOL.md, "Frames lost with a board").
   */
  boardInterrupted(board: string): void {
    if (this.channel?.isOpen) this.loop.send(this.channel, { frameId: 0, abort: { frameId: 0, reason: `board-lost: ${board}` } });
  }

  stop(): void {
    this.loop.stop();
  }

  get framesInFlight(): number {
    return this.loop.framesInFlight;
  }

  private async detectLoop(channel: PeerChannel): Promise<void> {
    const o = this.o;
    while (await this.loop.roomForFrame(channel)) {
      const frame = await o.bench.nextFrame();
      if (!frame || !this.loop.isLive(channel)) return;
      if (o.gate && !o.gate.isOpen) {
        // Generation held here (an operator, or this bench's safety): the detector keeps streaming,
        // so drain its frames and drop them, and tell the transmitter at once so its frame ends
        // now instead of timing out (a frame-timeout alarm per frame).
        const why = o.gate
          .current()
          .map((h) => h.reason)
          .join(', ');
        this.loop.send(channel, { frameId: frame.frameId, abort: { frameId: frame.frameId, reason: formatAbort('generation-held', why) } });
        continue;
      }
      const entry = this.loop.open(frame.frameId);
      this.enqueue(channel, frame.frameId, entry, this.executor.openReceiver(frame.frameId, frame.detections, o.params), null);
    }
  }

  private onMessage(channel: PeerChannel, env: DecodedEnvelope): void {
    if (env.body === 'storeSync') {
      if (env.storeSync?.request) {
        // After every BlockStored received before the question has been stored (or refused).
        this.storeChain = this.storeChain.then(() =>
          this.loop.send(channel, {
            frameId: 0,
            storeSync: { request: false, recentBlockIds: this.o.store.recentBlockIds(this.o.syncDepth ?? 256) },
          }),
        );
      }
      return;
    }
    const entry = this.loop.touch(env.frameId);
    if (!entry) return; // a late message of a frame we already dropped
    const blockId = env.body === 'blockStored' ? (env.blockStored?.blockId ?? '') : null;
    this.enqueue(channel, env.frameId, entry, this.executor.deliver(env.frameId, env), blockId);
  }

  /**
   * Applies `step` after the frame's earlier steps and, for a BlockStored
   * step (`blockId` set), after earlier BlockStored steps of every frame.
   */
  private enqueue(channel: PeerChannel, frameId: number, entry: FrameEntry, step: Promise<FrameStep>, blockId: string | null): void {
    const apply = (s: FrameStep): void => {
      if (blockId !== null && s.outcome?.ok) this.store(channel, s.outcome, blockId);
      else this.loop.applyStep(channel, s, (outcome) => this.loop.finish(frameId, outcome));
    };
    if (blockId === null) {
      this.loop.enqueue(channel, frameId, entry, step, apply);
      return;
    }
    this.storeChain = this.loop.enqueue(channel, frameId, entry, step, apply, this.storeChain);
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
      this.loop.finish(frameId, { ok: false, frameId, reason: 'protocol-error', detail: 'store failed', stats: outcome.stats });
      // No echo: the transmitter's StoreSync will find the block missing here and drop its pending copy.
      this.loop.send(channel, { frameId, abort: { frameId, reason: 'protocol-error: the receiver could not store the block' } });
      return;
    } finally {
      bytes.fill(0);
    }
    this.stats.blocksStored++;
    this.loop.finish(frameId, outcome);
    this.loop.send(channel, { frameId, blockStored: { blockId, bits: outcome.secretBits } });
  }
}
