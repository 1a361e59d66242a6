/**
 * The receiver node's (Bob's) key generation over one peer session: takes
 * each frame's detections from the bench, drives its sifting through
 * ReceiverFrameSession and keeps each frame's sifted segment in a block
 * accumulator; on the transmitter's BlockClose it builds the block from
 * exactly the named ranges (once those frames' steps have all been applied:
 * the channel delivers Alice's last message of a frame before the BlockClose
 * that names it, but the executor may still be working on it), drives its
 * Cascade through ReceiverBlockSession — a frame it does not hold aborts the
 * block on both sides — and stores a block when the transmitter confirms it
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
import { type BlockOutcome, type FrameOutcome, isBlockOutcome, emptyStatistics } from './frame/frame-outcome.ts';
import { abortEnvelope, blockWork, frameWork, type WorkId, workOfEnvelope } from './frame/work-id.ts';
import { BlockAccumulator, type BlockRange } from './block-accumulator.ts';
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
  /** Raise `no-key` when no block was stored for this long (frame-loop.ts; default 5 minutes, 0: never). */
  noKeyAfterMs?: number;
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
  /** This session's sifted segments, until the blocks Alice closes take them. */
  private readonly blocks: BlockAccumulator;
  /** The session generation runs on now, if any. */
  private channel: PeerChannel | undefined;
  /** Tail of the BlockStored steps and StoreSync answers, in arrival order; never rejects. */
  private storeChain: Promise<void> = Promise.resolve();

  constructor(private readonly o: ReceiverNodeOptions) {
    this.executor = o.executor ?? new InThreadFrameExecutor({ randomness: { kind: 'function', random: o.random } });
    // The size is Alice's to choose: Bob takes whatever ranges her BlockClose names.
    this.blocks = new BlockAccumulator(o.params.blockBits);
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
      this.blocks.clear();
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

  get blocksInFlight(): number {
    return this.loop.blocksInFlight;
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
      const work = frameWork(frame.frameId);
      const entry = this.loop.open(work);
      this.enqueue(channel, work, entry, this.executor.openReceiver(frame.frameId, frame.detections, o.params), null);
    }
  }

  private onMessage(channel: PeerChannel, env: DecodedEnvelope): void {
    if (env.body === 'storeSync') {
      if (env.storeSync?.request) {
        // After every BlockStored received before the question has been stored (or refused).
        this.storeChain = this.storeChain.then(() =>
          this.loop.send(channel, {
            frameId: 0,
            storeSync: {
              request: false,
              recentBlockIds: this.o.store.recentBlockIds(this.o.syncDepth ?? 256),
              requestId: env.storeSync?.requestId ?? 0,
            },
          }),
        );
      }
      return;
    }
    if (env.body === 'blockClose') {
      this.onBlockClose(channel, env);
      return;
    }
    const work = workOfEnvelope(env);
    if (work === null) return;
    const entry = this.loop.touch(work);
    if (!entry) {
      // A late message of a frame or block we already dropped; an abort of a frame already sifted drops its segment.
      if (env.body === 'abort' && env.frameId > 0) this.blocks.drop(env.frameId);
      return;
    }
    const blockId = env.body === 'blockStored' ? (env.blockStored?.blockId ?? '') : null;
    this.enqueue(channel, work, entry, this.executor.deliver(work, env), blockId);
    // An abort that lands while the frame's last step is applied: its segment must not stay for a block.
    if (env.body === 'abort' && env.frameId > 0) void this.loop.settled(work).then(() => this.blocks.drop(env.frameId));
  }

  /**
   * Alice closed a block: once every frame it names has had its steps applied,
   * build it from exactly those ranges and open its session; a frame not held
   * (aborted here, or never seen) aborts the block on both sides.
   */
  private onBlockClose(channel: PeerChannel, env: DecodedEnvelope): void {
    const bc = env.blockClose;
    const blockId = Number(bc?.blockId ?? 0);
    if (!(blockId > 0) || Number(env.blockId ?? 0) !== blockId) {
      this.o.log.warn({ blockId, envelopeBlockId: env.blockId }, 'BlockClose without a block ID dropped');
      return;
    }
    const work = blockWork(blockId);
    if (this.loop.has(work)) {
      this.loop.send(channel, abortEnvelope(work, `protocol-error: block ${blockId} is already open at the receiver`));
      return;
    }
    const ranges: BlockRange[] = (bc?.segments ?? []).map((s) => ({
      frameId: Number(s.frameId ?? 0),
      keyFrom: s.keyFrom ?? 0,
      keyTo: s.keyTo ?? 0,
    }));
    const entry = this.loop.open(work);
    entry.peerSeen = true;
    const framesSettled = Promise.all(ranges.map((r) => this.loop.settled(frameWork(r.frameId))));
    const step = framesSettled.then((): Promise<FrameStep> | FrameStep => {
      const built = this.blocks.take(blockId, ranges);
      const named = ranges.reduce((n, r) => n + (r.keyTo - r.keyFrom), 0);
      if (!built.ok || named !== (bc?.keyBits ?? 0)) {
        const detail = built.ok ? `BlockClose says ${bc?.keyBits} key bits, its ranges ${named}` : built.detail;
        if (built.ok) built.material.keyBits.fill(0);
        const reason = `protocol-error: block ${blockId} cannot be built at the receiver: ${detail}`;
        return {
          send: [abortEnvelope(work, reason)],
          outcome: { ok: false, blockId, reason: 'protocol-error', detail, stats: emptyStatistics() },
        };
      }
      return this.executor.openReceiverBlock(built.material, this.o.params);
    });
    this.enqueue(channel, work, entry, step, null);
  }

  /**
   * Applies `step` after the earlier steps of its frame or block and, for a
   * BlockStored step (`storeId` set), after earlier BlockStored steps of every block.
   */
  private enqueue(channel: PeerChannel, work: WorkId, entry: FrameEntry, step: Promise<FrameStep>, storeId: string | null): void {
    const apply = (s: FrameStep): void => {
      if (storeId !== null && s.outcome?.ok && isBlockOutcome(s.outcome)) this.store(channel, work, s.outcome, storeId);
      else
        this.loop.applyStep(channel, s, (outcome) =>
          isBlockOutcome(outcome) ? this.loop.finish(work, outcome) : this.finishFrame(work, outcome),
        );
    };
    if (storeId === null) {
      this.loop.enqueue(channel, work, entry, step, apply);
      return;
    }
    this.storeChain = this.loop.enqueue(channel, work, entry, step, apply, this.storeChain);
  }

  /** A sifted frame's segment waits in the accumulator for the block Alice closes over it. */
  private finishFrame(work: WorkId, outcome: FrameOutcome): void {
    if (!outcome.ok) {
      this.loop.finish(work, outcome);
      return;
    }
    this.loop.end(work);
    this.stats.record(outcome);
    this.blocks.add(outcome.segment);
  }

  private store(channel: PeerChannel, work: WorkId, outcome: BlockOutcome & { ok: true }, blockId: string): void {
    const o = this.o;
    const n = outcome.blockId;
    const bytes = keyBytes(outcome.key, outcome.secretBits);
    outcome.key.fill(0);
    try {
      o.store.addBlock(blockId, bytes, { bitLength: outcome.secretBits, authBits: authBitsFor(outcome.secretBits, o.authFraction) });
    } catch (err) {
      const full = isKeyStoreError(err, QkdErrorCode.CapacityExceeded);
      if (full) o.alarms.raise('key-store-full', 'warning', `key store full; block ${n} dropped`);
      else o.log.error({ err, blockId: n }, 'storing a block failed');
      this.loop.finish(work, { ok: false, blockId: n, reason: 'protocol-error', detail: 'store failed', stats: outcome.stats });
      // No echo: the transmitter's StoreSync will find the block missing here and drop its pending copy.
      this.loop.send(channel, abortEnvelope(work, 'protocol-error: the receiver could not store the block'));
      return;
    } finally {
      bytes.fill(0);
    }
    this.stats.blocksStored++;
    this.stats.lastKeyAtMs = Date.now();
    this.loop.keyStored();
    this.loop.finish(work, outcome);
    this.loop.send(channel, { blockId: n, blockStored: { blockId, bits: outcome.secretBits } });
  }
}
