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
import { adjustsModulatorBias, configuresModulator, type TransmitterBench } from './bench-port.ts';
import { type ModulatorChange, ModulatorControl, type ModulatorSettingsJson } from './modulator-control.ts';
import { authBitsFor, keyBytes } from './block-material.ts';
import type { FrameOutcome } from './frame/frame-outcome.ts';
import type { FrameParams } from './frame/frame-params.ts';
import type { FrameExecutor } from './frame/frame-executor.ts';
import { InThreadFrameExecutor } from './frame/in-thread-executor.ts';
import { FrameLoop } from './frame-loop.ts';
import { NodeStats } from './node-stats.ts';
import type { PolarizationTracker } from './polarization-tracking.ts';
import type { SessionHooks } from './session-hooks.ts';

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
  /** Pending block IDs whose echo we await, in send order. */
  private readonly awaitingEcho: string[] = [];
  private readonly echoSentMs = new Map<string, number>();
  /** Pending blocks a StoreSync question covers (sent before it), or null when none is outstanding. */
  private syncCovers: string[] | null = null;
  private readonly executor: FrameExecutor;
  private readonly loop: FrameLoop;
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
    this.loop = new FrameLoop(
      // inFlight, frameTimeoutMs, log and alarms come from the node's own options.
      { ...o, side: 'transmitter', executor: this.executor, stats: this.stats },
      {
        produce: (channel) => this.emitLoop(channel),
        onMessage: (channel, env) => this.onMessage(channel, env),
        onAuthFailure: (channel) => this.requestSync(channel),
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
   * A board of this node was lost, or is back after a loss: frames the
   * receiver has not reported on cannot have been emitted whole; drop them
   * now rather than at their timeout.
   */
  boardInterrupted(board: string): void {
    const channel = this.channel;
    if (channel?.isOpen) this.loop.abortUnreported(channel, `board ${board} of the transmitter lost or just back`);
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
      this.loop.open(frameId);
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

  private storeFull(): boolean {
    const s = this.o.store.stats();
    return s.storedBits + this.o.params.slots / 8 > s.maxBits;
  }

  private onMessage(channel: PeerChannel, env: DecodedEnvelope): void {
    if (env.body === 'storeSync') {
      this.onStoreSync(env.storeSync?.recentBlockIds ?? []);
      return;
    }
    if (env.body === 'blockStored') {
      this.onEcho(channel, env.blockStored?.blockId ?? '');
      return;
    }
    const frameId = env.frameId;
    if (env.body === 'abort' && frameId === 0 && Number(env.abort?.frameId ?? 0) === 0) {
      // Frame 0 is no frame: the receiver lost a board (PROTOCOL.md, "Frames lost with a board").
      this.loop.abortUnreported(channel, `the receiver lost a board (${env.abort?.reason ?? 'no reason given'})`);
      return;
    }
    const entry = this.loop.touch(frameId);
    if (!entry) {
      if (env.body === 'abort') {
        // An abort for a frame we already finished: its block may be pending; let StoreSync settle it.
        if (this.awaitingEcho.length > 0) this.requestSync(channel);
        return;
      }
      this.loop.send(channel, { frameId, abort: { frameId, reason: `protocol-error: frame ${frameId} is unknown to the transmitter` } });
      return;
    }
    this.loop.enqueue(channel, frameId, entry, this.executor.deliver(frameId, env), (step) =>
      this.loop.applyStep(channel, step, (outcome) => this.finish(channel, frameId, outcome)),
    );
  }

  private finish(channel: PeerChannel, frameId: number, outcome: FrameOutcome): void {
    const o = this.o;
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
      this.loop.finish(frameId, outcome);
      return;
    }
    this.loop.end(frameId);
    if (burnt) {
      // Its pattern went to a recorder: the key is known outside the node. Discard it, and have the receiver drop its copy.
      outcome.key.fill(0);
      this.stats.recordBurnt(outcome);
      this.loop.send(channel, {
        frameId,
        abort: { frameId, reason: `pattern-disclosed: frame ${frameId} burnt (its pattern was recorded)` },
      });
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
      this.loop.send(channel, { frameId, abort: { frameId, reason: 'protocol-error: the transmitter could not store the block' } });
      return;
    }
    bytes.fill(0);
    this.stats.record(outcome);
    this.awaitingEcho.push(blockId);
    this.echoSentMs.set(blockId, Date.now());
    this.loop.send(channel, { frameId, blockStored: { blockId, bits: outcome.secretBits } });
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

  /** An echo that has not come within the frame timeout is settled by asking. */
  private checkEchoes(channel: PeerChannel, now: number): void {
    const oldest = this.awaitingEcho[0];
    if (oldest !== undefined && now - (this.echoSentMs.get(oldest) ?? 0) >= this.o.frameTimeoutMs) this.requestSync(channel);
  }

  private requestSync(channel: PeerChannel): void {
    if (this.syncCovers !== null || this.awaitingEcho.length === 0) return;
    this.syncCovers = [...this.awaitingEcho];
    this.loop.send(channel, { frameId: 0, storeSync: { request: true } });
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
}
