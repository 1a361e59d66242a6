/**
 * The transmitter node's (Alice's) key generation over one peer session:
 * draws each frame's pattern from a cryptographic RNG, has the boards emit
 * it, answers the receiver's sifting through TransmitterFrameSession, gathers
 * the frames' sifted key-basis bits in a block accumulator and closes a block
 * (BlockClose: exactly n_X bits, named as ranges of frames) as soon as it
 * holds n_X of them and fewer than `blocksInFlight` blocks are in flight,
 * answers the block's Cascade through TransmitterBlockSession, and commits
 * each secret block in two phases with the receiver:
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
 * threads); the frame table, the session skeleton and the ways a frame ends
 * are the FrameLoop's (frame-loop.ts), shared with the receiver. This file
 * keeps the emission and the block commit.
 */
import type { KeyStore } from '../keystore/key-store.ts';
import { isKeyStoreError, QkdError, QkdErrorCode } from '../../errors/index.ts';
import type { PeerChannel } from '../peer/index.ts';
import type { DecodedEnvelope } from '../peer/messages.ts';
import type { Logger } from '../log.ts';
import type { AlarmBoard } from './alarms.ts';
import type { GenerationGate } from './generation-gate.ts';
import { adjustsModulatorBias, configuresModulator, drawsChoicesOnBoard, type TransmitterBench } from './bench-port.ts';
import { OnBoardChoices } from './onboard-choices.ts';
import { type ModulatorChange, ModulatorControl, type ModulatorSettingsJson } from './modulator-control.ts';
import { authBitsFor, keyBytes } from './block-material.ts';
import { type BlockOutcome, type FrameOutcome, isBlockOutcome } from './frame/frame-outcome.ts';
import { abortEnvelope as abortEnvelopeFor, blockWork, frameWork, isBlockWork, type WorkId, workOfEnvelope } from './frame/work-id.ts';
import type { FrameStep } from './frame/frame-session.ts';
import { BlockAccumulator } from './block-accumulator.ts';
import type { FrameParams } from './frame/frame-params.ts';
import type { FrameExecutor } from './frame/frame-executor.ts';
import { InThreadFrameExecutor } from './frame/in-thread-executor.ts';
import { FrameLoop } from './frame-loop.ts';
import { NodeStats } from './node-stats.ts';
import type { PolarizationTracker } from './polarization-tracking.ts';
import type { SessionHooks } from './session-hooks.ts';

/** A StoreSync question unanswered for this long is asked again (the receiver answers within milliseconds). */
const SYNC_RETRY_MS = 10_000;

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
  /** Raise `no-key` when no block was stored for this long (frame-loop.ts; default 5 minutes, 0: never). */
  noKeyAfterMs?: number;
  log: Logger;
  alarms: AlarmBoard;
  /** Holds new frames while an operator or a safety condition has stopped generation; default always open. */
  gate?: GenerationGate;
  /** Where the frame sessions run; default in-thread. A given executor stays the caller's to shut down. */
  executor?: FrameExecutor;
  /** Polarization tracking (config tracking.polarization): trims the modulator bias from each frame's test QBER. */
  tracker?: PolarizationTracker;
  /**
   * The modulator settings the bench started with: enables live modulator control
   * (`setModulator`, the outcome log of modulator-control.ts). Absent: no live control.
   */
  modulator?: ModulatorSettingsJson;
  /** A tracker around a new setting (bias, V_π), when the config enables tracking; used by `setModulator`. */
  trackerFor?: (biasV: number, halfWaveVoltageV: number) => PolarizationTracker | undefined;
}

/**
 * Called with each frame's pattern as emitted (bench-clock frame id, packed
 * as src/pipeline/sifting/pattern.ts): a copy, valid only during the call
 * (zeroed after). The frame is burnt: its key is never stored.
 */
export type PatternListener = (frameId: number, pattern: Uint32Array) => void;

export class TransmitterNode {
  readonly stats = new NodeStats();
  private readonly patternListeners = new Set<PatternListener>();
  /** Frames whose pattern went to a listener: their key is discarded, not stored (frame ids of this session). */
  private readonly burnt = new Set<number>();
  /** Frames the boards draw themselves (FRAMING.md §11), when they can: their sessions open at the receiver's detections. */
  private drawn: OnBoardChoices | undefined;
  /** Pending block IDs whose echo we await, in send order. */
  private readonly awaitingEcho: string[] = [];
  private readonly echoSentMs = new Map<string, number>();
  /** Pending blocks a StoreSync question covers (sent before it), or null when none is outstanding. */
  private syncCovers: string[] | null = null;
  /** The outstanding question's number (answers to other numbers are ignored) and when it was sent. */
  private syncRequestId = 0;
  private syncSentMs = 0;
  private readonly executor: FrameExecutor;
  private readonly loop: FrameLoop;
  /** Sifted segments of this session's frames, until they are in blocks. */
  private readonly blocks: BlockAccumulator;
  /** Block IDs on the wire: per node, never reused within a process (the store's IDs add the run ID). */
  private nextBlockId = 1;
  /** The session generation runs on now, if any. */
  private channel: PeerChannel | undefined;
  /** Live modulator control and the recent frame outcomes (when the options give the modulator settings). */
  readonly modulator: ModulatorControl | undefined;
  /** Polarization tracking now: the configured one, replaced or removed by `setModulator`. */
  tracker: PolarizationTracker | undefined;
  /** The emit loop waits for room (or runs no session): a modulator change may apply at once. */
  private idle = true;
  private modulatorChain: Promise<void> = Promise.resolve();

  constructor(private readonly o: TransmitterNodeOptions) {
    this.tracker = o.tracker;
    this.modulator = o.modulator ? new ModulatorControl(o.modulator) : undefined;
    this.executor = o.executor ?? new InThreadFrameExecutor();
    this.blocks = new BlockAccumulator(o.params.blockBits);
    this.loop = new FrameLoop(
      // inFlight, frameTimeoutMs, log and alarms come from the node's own options.
      { ...o, side: 'transmitter', executor: this.executor, stats: this.stats },
      {
        produce: (channel) => this.emitLoop(channel),
        onMessage: (channel, env) => this.onMessage(channel, env),
        onAuthFailure: (channel) => {
          // Frames sifted but not yet in a block go too: the receiver drops its copies on these aborts.
          for (const frameId of this.blocks.clear())
            this.loop.send(channel, { frameId, abort: { frameId, reason: 'protocol-error: a peer message failed authentication' } });
          // The discarded span may have held an echo, the question or its answer: ask (again) now.
          this.requestSync(channel, true);
        },
        onSweep: (channel, now) => this.checkEchoes(channel, now),
      },
    );
  }

  /** Generate keys over `channel` until it closes or `stop()` is called. */
  async runSession(channel: PeerChannel, hooks: SessionHooks = {}): Promise<void> {
    // Settle blocks left pending by an earlier session before anything else.
    this.awaitingEcho.splice(0, this.awaitingEcho.length, ...this.o.store.pendingBlockIds());
    if (this.awaitingEcho.length > 0) this.requestSync(channel);
    this.channel = channel;
    try {
      await this.loop.run(channel, hooks);
    } finally {
      if (this.channel === channel) this.channel = undefined;
      this.syncCovers = null;
      this.burnt.clear();
      this.blocks.clear();
    }
  }

  /**
   * Hands each frame's pattern to `listener` as it is emitted (pattern
   * recordings). Secret: the pattern is the frame's raw key, so every frame
   * handed out is burnt — its key is discarded, never stored, on both nodes.
   * Costs nothing while no listener is subscribed. Returns the unsubscribe.
   */
  onPatterns(listener: PatternListener): () => void {
    this.patternListeners.add(listener);
    return () => void this.patternListeners.delete(listener);
  }

  stop(): void {
    this.loop.stop();
  }

  /**
   * Sets the modulator live (polarization calibration): returns the change's generation; it
   * applies before the next frame is emitted, and frames of that generation saw it only
   * (modulator-control.ts). A new drive table waits for the frames in flight to finish.
   * Throws when this bench cannot (no live bias, or a table change on a bench that cannot).
   */
  setModulator(change: ModulatorChange): number {
    const m = this.modulator;
    const bench = this.o.bench;
    if (!m || !adjustsModulatorBias(bench))
      throw new QkdError(QkdErrorCode.BenchMismatch, 'this transmitter bench cannot set the modulator bias live', {});
    if (change.stateVoltagesV && !configuresModulator(bench))
      throw new QkdError(QkdErrorCode.BenchMismatch, 'this transmitter bench cannot change the modulator drive table while running', {});
    const generation = m.request(change);
    if (this.idle) void this.applyModulator();
    return generation;
  }

  private applyModulator(): Promise<void> {
    const m = this.modulator;
    if (!m?.hasPending) return this.modulatorChain;
    this.modulatorChain = this.modulatorChain.then(() => m.applyPending((c, tableChanged) => this.applyModulatorChange(c, tableChanged)));
    return this.modulatorChain;
  }

  private async applyModulatorChange(c: ModulatorChange, tableChanged: boolean): Promise<void> {
    const bench = this.o.bench;
    const table = c.stateVoltagesV ?? this.modulator!.settings.stateVoltagesV;
    // Tracking off while a caller drives the modulator; back on around the new setting when asked.
    this.tracker = c.tracking ? this.o.trackerFor?.(c.biasV, Math.abs(table[1] - table[0])) : undefined;
    if (tableChanged) {
      if (!configuresModulator(bench))
        throw new QkdError(QkdErrorCode.BenchMismatch, 'this bench cannot change the modulator drive table while running', {});
      // The table cannot change under a running board: let the frames in flight finish first.
      const deadline = Date.now() + this.o.frameTimeoutMs;
      while (this.loop.framesInFlight > 0 && this.channel?.isOpen && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await bench.setModulatorDriveTable(table);
    }
    if (!adjustsModulatorBias(bench)) throw new QkdError(QkdErrorCode.BenchMismatch, 'this bench cannot set the modulator bias live', {});
    await bench.setModulatorBias(c.biasV);
  }

  get framesInFlight(): number {
    return this.loop.framesInFlight;
  }

  /**
   * Blocks in post-processing plus blocks stored pending whose echo has not
   * come back: `blocksStored` still grows for the latter (it counts at the
   * echo), so a paused node is idle only once both are done.
   */
  get blocksInFlight(): number {
    return this.loop.blocksInFlight + this.awaitingEcho.length;
  }

  /**
   * A board of this node was lost, or is back after a loss: frames the
   * receiver has not reported on cannot have been emitted whole; drop them
   * now rather than at their timeout.
   */
  boardInterrupted(board: string): void {
    const channel = this.channel;
    if (channel?.isOpen) this.loop.abortUnreported(channel, `board ${board} of the transmitter lost or just back`);
  }

  /**
   * The bench restarted its emission: the frames armed before were not
   * emitted whole; drop those the receiver has not reported on now (as for a
   * lost board), so their in-flight slots do not stall the emission until
   * the frame timeout (the boards underrun meanwhile, and restart again).
   */
  emissionRestarted(reason: string): void {
    const channel = this.channel;
    if (channel?.isOpen) this.loop.abortUnreported(channel, `the transmitter restarted its emission (${reason})`);
  }

  private async emitLoop(channel: PeerChannel): Promise<void> {
    const o = this.o;
    try {
      for (;;) {
        this.idle = true;
        if (this.modulator?.hasPending) await this.applyModulator();
        const room = await this.loop.roomForFrame(channel, () => this.storeFull(), o.gate);
        this.idle = false;
        if (!room) return;
        await this.applyModulator();
        if (!(await this.emitOne(channel))) return;
      }
    } finally {
      this.idle = true;
      if (this.modulator?.hasPending) void this.applyModulator();
    }
  }

  /** Emits one frame; false when the session ended meanwhile. */
  private async emitOne(channel: PeerChannel): Promise<boolean> {
    const o = this.o;
    if (this.patternListeners.size === 0 && drawsChoicesOnBoard(o.bench)) {
      // The boards draw the choices; the detected slots' are read back when the receiver names them (onboard-choices.ts).
      this.drawn ??= new OnBoardChoices(o.bench, o.bench.slotsPerFrame);
      await this.trackBeforeEmit();
      const frameId = await this.drawn.emit();
      this.tracker?.emitted(frameId);
      this.modulator?.emitted(frameId);
      if (!this.loop.isLive(channel)) return false;
      this.loop.open(frameWork(frameId));
      return true;
    }
    {
      const pattern = o.randomPattern(o.bench.slotsPerFrame);
      await this.trackBeforeEmit();
      const frameId = await o.bench.emitFrame(pattern);
      this.tracker?.emitted(frameId);
      this.modulator?.emitted(frameId);
      if (!this.loop.isLive(channel)) {
        // The session ended during the emission: nobody will post-process this frame.
        pattern.fill(0);
        return false;
      }
      if (this.patternListeners.size > 0) this.handOut(frameId, pattern);
      // The pattern passes to the executor (a worker executor moves it to its thread).
      this.executor.openTransmitter(frameId, pattern, o.params);
      this.loop.open(frameWork(frameId));
    }
    return true;
  }

  /** Polarization tracking: the bias this frame is emitted with (a failed trim is logged; generation goes on). */
  private async trackBeforeEmit(): Promise<void> {
    const bench = this.o.bench;
    const bias = this.tracker?.beforeEmit() ?? null;
    if (bias === null || !adjustsModulatorBias(bench)) return;
    try {
      await bench.setModulatorBias(bias);
      this.modulator?.trackedBias(bias);
    } catch (err) {
      this.o.log.warn({ err: (err as Error).message, biasV: bias }, 'polarization tracking: setting the modulator bias failed');
    }
  }

  /** Copies the pattern to the listeners and burns the frame (before the executor may take the buffer). */
  private handOut(frameId: number, pattern: Uint32Array): void {
    this.burnt.add(frameId);
    this.stats.framesBurnt++;
    const copy = pattern.slice();
    try {
      for (const l of this.patternListeners) {
        try {
          l(frameId, copy);
        } catch (err) {
          this.o.log.error({ err, frameId }, 'a pattern listener failed');
        }
      }
    } finally {
      copy.fill(0);
    }
  }

  /** No room for another frame: the store is full, or a block's worth of sifted bits waits for a block slot. */
  private storeFull(): boolean {
    if (this.blocks.ready) return true;
    const s = this.o.store.stats();
    return s.storedBits + this.o.params.slots / 8 > s.maxBits;
  }

  /** Sifted key-basis bits waiting for a block, and the segments holding them. */
  get accumulated(): { keyBits: number; frames: number; blockBits: number } {
    return { keyBits: this.blocks.pendingKeyBits, frames: this.blocks.segments, blockBits: this.blocks.blockBits };
  }

  /** Closes blocks while n_X sifted bits are held and a block slot is free: BlockClose, then the block's session. */
  private closeBlocks(channel: PeerChannel): void {
    while (this.blocks.ready && this.loop.blocksInFlight < this.o.params.blocksInFlight && this.loop.isLive(channel)) {
      const blockId = this.nextBlockId++;
      const next = this.blocks.closeNext(blockId)!;
      const keyBits = next.material.keyCount;
      this.loop.send(channel, {
        blockId,
        blockClose: {
          blockId,
          keyBits,
          segments: next.ranges.map((r) => ({ frameId: r.frameId, keyFrom: r.keyFrom, keyTo: r.keyTo })),
        },
      });
      this.loop.open(blockWork(blockId));
      // The block's key bits pass to the executor (a worker executor moves them to its thread).
      this.executor.openTransmitterBlock(next.material, this.o.params);
      this.o.log.debug({ blockId, frames: next.ranges.length, keyBits }, 'block closed');
    }
  }

  private onMessage(channel: PeerChannel, env: DecodedEnvelope): void {
    if (env.body === 'storeSync') {
      this.onStoreSync(env.storeSync?.requestId ?? 0, env.storeSync?.recentBlockIds ?? []);
      return;
    }
    if (env.body === 'blockStored') {
      this.onEcho(channel, env.blockStored?.blockId ?? '');
      return;
    }
    const work = workOfEnvelope(env);
    if (work === null) {
      if (env.body === 'abort' && Number(env.abort?.frameId ?? 0) === 0) {
        // Frame 0 is no frame: the receiver lost a board (PROTOCOL.md, "Frames lost with a board").
        this.loop.abortUnreported(channel, `the receiver lost a board (${env.abort?.reason ?? 'no reason given'})`);
      }
      return;
    }
    const entry = this.loop.touch(work);
    if (!entry) {
      if (env.body === 'abort') {
        // An abort of a frame already sifted: the receiver does not hold it, so it goes into no block.
        if (env.frameId > 0 && this.blocks.drop(env.frameId))
          this.o.log.info({ frameId: env.frameId }, 'sifted frame dropped: the receiver aborted it');
        // An abort of a block we already finished: it may be pending; let StoreSync settle it.
        else if (this.awaitingEcho.length > 0) this.requestSync(channel);
        return;
      }
      this.loop.send(channel, abortEnvelopeFor(work, `protocol-error: ${work} is unknown to the transmitter`));
      return;
    }
    this.loop.enqueue(channel, work, entry, this.deliver(work, env), (step) =>
      this.loop.applyStep(channel, step, (outcome) =>
        isBlockOutcome(outcome) ? this.finishBlock(channel, work, outcome) : this.finishFrame(channel, outcome),
      ),
    );
  }

  /** The executor's delivery; a drawn frame's session opens first, with the choices read back for its detections. */
  private deliver(work: WorkId, env: DecodedEnvelope): Promise<FrameStep> {
    const open = (pattern: Uint32Array): void => this.executor.openTransmitter(env.frameId, pattern, this.o.params);
    const routed =
      this.drawn && !isBlockWork(work) ? this.drawn.route(env.frameId, env, open, () => this.executor.deliver(work, env)) : null;
    return routed ?? this.executor.deliver(work, env);
  }

  private finishFrame(channel: PeerChannel, outcome: FrameOutcome): void {
    const frameId = outcome.frameId;
    this.drawn?.forget(frameId);
    const burnt = this.burnt.delete(frameId);
    const st = outcome.stats;
    const testErrors = Math.round(st.qberTest * st.siftedTestBits);
    this.tracker?.outcome(frameId, testErrors, st.siftedTestBits);
    this.modulator?.finished(frameId, {
      ok: outcome.ok,
      ...(outcome.ok ? {} : { reason: outcome.reason }),
      testErrors: Number.isFinite(testErrors) ? testErrors : 0,
      testBits: st.siftedTestBits,
      qberKey: Number.isFinite(st.qberKey) ? st.qberKey : null,
      keyBits: st.siftedKeyBits,
    });
    if (!outcome.ok) {
      this.loop.finish(frameWork(frameId), outcome);
      return;
    }
    this.loop.end(frameWork(frameId));
    if (burnt) {
      // Its pattern went to a recorder: its bits are known outside the node. Discard them, and have the receiver drop its copy.
      outcome.segment.keyBits.fill(0);
      this.stats.recordBurnt(outcome);
      this.loop.send(channel, {
        frameId,
        abort: { frameId, reason: `pattern-disclosed: frame ${frameId} burnt (its pattern was recorded)` },
      });
      return;
    }
    this.stats.record(outcome);
    this.blocks.add(outcome.segment);
    this.closeBlocks(channel);
  }

  private finishBlock(channel: PeerChannel, work: WorkId, outcome: BlockOutcome): void {
    const o = this.o;
    const n = outcome.blockId;
    if (!outcome.ok) {
      this.loop.finish(work, outcome);
      this.closeBlocks(channel);
      return;
    }
    this.loop.end(work);
    const blockId = `${o.linkId}:${o.runId}:b${n}`;
    const bytes = keyBytes(outcome.key, outcome.secretBits);
    outcome.key.fill(0);
    try {
      o.store.addPendingBlock(blockId, bytes, { bitLength: outcome.secretBits, authBits: authBitsFor(outcome.secretBits, o.authFraction) });
    } catch (err) {
      bytes.fill(0);
      const full = isKeyStoreError(err, QkdErrorCode.CapacityExceeded);
      if (full) o.alarms.raise('key-store-full', 'warning', `key store full; block ${n} dropped and generation paused`);
      else o.log.error({ err, blockId: n }, 'storing a block failed');
      this.stats.record({ ok: false, blockId: n, reason: 'protocol-error', detail: 'store failed', stats: outcome.stats });
      this.loop.send(channel, abortEnvelopeFor(work, 'protocol-error: the transmitter could not store the block'));
      this.closeBlocks(channel);
      return;
    }
    bytes.fill(0);
    this.stats.record(outcome);
    this.awaitingEcho.push(blockId);
    this.echoSentMs.set(blockId, Date.now());
    this.loop.send(channel, { blockId: n, blockStored: { blockId, bits: outcome.secretBits } });
    this.closeBlocks(channel);
  }

  private blockStored(): void {
    this.stats.blocksStored++;
    this.stats.lastKeyAtMs = Date.now();
    this.loop.keyStored();
  }

  private onEcho(channel: PeerChannel, blockId: string): void {
    if (this.syncCovers === null && this.awaitingEcho[0] === blockId) {
      this.awaitingEcho.shift();
      this.echoSentMs.delete(blockId);
      if (this.o.store.activatePendingBlock(blockId)) this.blockStored();
      return;
    }
    // Out of order (an earlier echo is missing) or a sync is settling things: let StoreSync decide.
    this.requestSync(channel);
  }

  /**
   * An echo that has not come within the frame timeout is settled by asking;
   * a question whose answer has not come within SYNC_RETRY_MS (or the frame
   * timeout, if shorter) is asked again. Without the retry, a question or
   * answer lost with a discarded span (corrupted peer traffic) left the
   * question outstanding for the rest of the session: no echo was acted on
   * and the transmitter stored no block until a reconnect.
   */
  private checkEchoes(channel: PeerChannel, now: number): void {
    if (this.syncCovers !== null) {
      if (now - this.syncSentMs >= Math.min(SYNC_RETRY_MS, this.o.frameTimeoutMs)) this.requestSync(channel, true);
      return;
    }
    const oldest = this.awaitingEcho[0];
    if (oldest !== undefined && now - (this.echoSentMs.get(oldest) ?? 0) >= this.o.frameTimeoutMs) this.requestSync(channel);
  }

  /** Asks the receiver which blocks it holds; `again` replaces an outstanding question (its answer will be ignored). */
  private requestSync(channel: PeerChannel, again = false): void {
    if ((this.syncCovers !== null && !again) || this.awaitingEcho.length === 0) return;
    this.syncCovers = [...this.awaitingEcho];
    this.syncRequestId = (this.syncRequestId % 0xffff_ffff) + 1;
    this.syncSentMs = Date.now();
    this.loop.send(channel, { frameId: 0, storeSync: { request: true, requestId: this.syncRequestId } });
  }

  private onStoreSync(requestId: number, recentBlockIds: readonly string[]): void {
    const covered = this.syncCovers;
    // Only the answer to the latest question: an earlier one may predate a BlockStored the latest covers.
    if (covered === null || requestId !== this.syncRequestId) return;
    this.syncCovers = null;
    const held = new Set(recentBlockIds);
    for (const id of covered) {
      const at = this.awaitingEcho.indexOf(id);
      if (at >= 0) this.awaitingEcho.splice(at, 1);
      this.echoSentMs.delete(id);
      if (held.has(id)) {
        if (this.o.store.activatePendingBlock(id)) this.blockStored();
      } else if (this.o.store.dropPendingBlock(id)) {
        this.o.log.warn({ blockId: id }, 'pending block dropped: the receiver does not hold it');
      }
    }
  }
}
