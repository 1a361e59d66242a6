/**
 * One qkdd node, assembled from its bench config: the durable key store, the
 * authentication key stream, the peer link, the role's key-generation loop
 * over a bench, alarms and a status snapshot. Thin on purpose: each concern
 * lives in its own module; this file only wires them.
 */
import { randomFillSync } from 'node:crypto';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import { KeyStore } from '../keystore/key-store.ts';
import { PreSharedKeyFileSource, Role, type PeerChannel } from '../peer/index.ts';
import type { DecodedEnvelope } from '../peer/messages.ts';
import type { Logger } from '../log.ts';
import { AlarmBoard } from './alarms.ts';
import { GenerationGate, type GenerationHold } from './generation-gate.ts';
import { DEFAULT_AUTH_KEY_LOW_WATER_BITS, LinkAuthKeyStream } from './auth-key-stream.ts';
import type { BenchConfig } from '../config/bench-config.ts';
import {
  reportsBenchHealth,
  reportsEmissionRestarts,
  type ReceiverBench,
  type ReportsBoardState,
  type TagListener,
  tapsTags,
  tracksDelay,
  type TransmitterBench,
} from './bench-port.ts';
import { SafetyMonitor } from './safety/safety-monitor.ts';
import { safetyLimits } from '../config/board-settings.ts';
import { frameSettingsFromConfig } from '../config/frame-settings-from-config.ts';
import { DEFAULT_FRAME_PARAMS, type FrameParams } from './frame/frame-params.ts';
import { PeerLink } from './peer-link.ts';
import { makePatternGenerator } from './random-pattern.ts';
import { ReceiverNode } from './receiver-node.ts';
import { type PatternListener, TransmitterNode } from './transmitter-node.ts';
import { PolarizationTracker, type TrackerSnapshot } from './polarization-tracking.ts';
import type { DelayTrackerSnapshot } from './delay-tracking.ts';
import type { ModulatorChange, ModulatorStateJson } from './modulator-control.ts';
import { WorkerFrameExecutor } from './frame/worker-executor.ts';
import type { FrameExecutor } from './frame/frame-executor.ts';

export type NodeBench = { role: 'transmitter'; bench: TransmitterBench } | { role: 'receiver'; bench: ReceiverBench };

export interface QkdNodeOptions {
  config: BenchConfig;
  bench: NodeBench;
  log: Logger;
  /** Share of each block that refills the authentication pool. Default 1/8. */
  authFraction?: number;
  frameTimeoutMs?: number;
}

/** One board of the node's bench, as the status shows it. */
export interface BoardStatus {
  /** As the bench reports it: `photon-source`, `polarization-modulator`, `detector`. */
  name: string;
  /** The config field of its address, e.g. `boards.photonSource`. */
  field: string;
  address: string;
  /** `connected` once opened; `lost` while the drivers reconnect. */
  state: 'connected' | 'lost';
  /** Milliseconds since the epoch of the last change. */
  sinceMs: number;
}

const BOARD_NAMES = { photonSource: 'photon-source', polarizationModulator: 'polarization-modulator', detector: 'detector' } as const;

export interface NodeStatus {
  nodeId: string;
  role: 'transmitter' | 'receiver';
  linkId: string;
  boards: BoardStatus[];
  peerConnected: boolean;
  peerSessions: number;
  framesInFlight: number;
  /** Post-processing blocks in flight (Cascade to store; at the transmitter until the receiver echoes the store); a paused node is idle once both counts are 0. */
  blocksInFlight?: number;
  stats: Record<string, unknown>;
  store: { appBits: number; authBits: number; storedBits: number; maxBits: number; deliveredKeys: number; pendingBlocks: number };
  alarms: { total: number; byCode: Record<string, number> };
  /** Whether new frames start, and what holds them when not. */
  generation: { running: boolean; holds: GenerationHold[] };
  /** Authentication key not yet used of the pre-shared key file (the store's pool is `store.authBits`). */
  authKey?: { preSharedLeftBits: number };
  /**
   * Tracking, when on. `polarization` (transmitter): the bias it holds, its updates, the last misalignment
   * fitted. `delay` (receiver): the gate delay in force, how far it moved, the last offsets measured.
   */
  tracking?: { polarization?: TrackerSnapshot; delay?: DelayTrackerSnapshot };
}

/** Handles a peer message that is not part of key generation (e.g. ETSI key reservations); true when taken. */
export type PeerMessageHandler = (envelope: DecodedEnvelope, channel: PeerChannel) => boolean;

export class QkdNode {
  readonly alarms: AlarmBoard;
  /** Holds new frames while an operator (`qkdctl stop`) or a safety condition has stopped generation. */
  readonly gate = new GenerationGate();
  /** Watches the bench's safety and health (when its bench reports them); its conditions hold `gate`. */
  safety: SafetyMonitor | null = null;
  private readonly sessionListeners: ((channel: PeerChannel) => void)[] = [];
  private readonly messageHandlers: PeerMessageHandler[] = [];
  readonly store: KeyStore;
  private readonly loop: TransmitterNode | ReceiverNode;
  private readonly link: PeerLink;
  private readonly psk: PreSharedKeyFileSource;
  /** The link's authentication key stream (pre-shared key, then the store's pool); raises auth-key-low/-exhausted. */
  private readonly authKey: LinkAuthKeyStream;
  /** Post-processing in worker threads (frame.workers > 0), or in the main thread. */
  private readonly executor: FrameExecutor | undefined;
  private readonly boardStates: BoardStatus[];
  /** Polarization tracking (transmitter, config tracking.polarization; off while a caller drives the modulator), else undefined. */
  get tracker(): PolarizationTracker | undefined {
    return this.loop instanceof TransmitterNode ? this.loop.tracker : undefined;
  }

  private constructor(private readonly o: QkdNodeOptions) {
    const cfg = o.config;
    if (o.bench.role !== cfg.node.role) {
      throw new QkdError(
        QkdErrorCode.BenchMismatch,
        `node ${cfg.node.id}: bench for a ${o.bench.role}, config says node.role ${cfg.node.role}`,
        {
          benchRole: o.bench.role,
          configRole: cfg.node.role,
        },
      );
    }
    this.alarms = new AlarmBoard(o.log);
    this.boardStates = (Object.keys(BOARD_NAMES) as (keyof typeof BOARD_NAMES)[]).flatMap((field) => {
      const address = cfg.boards[field];
      return address === undefined
        ? []
        : [{ name: BOARD_NAMES[field], field: `boards.${field}`, address, state: 'connected' as const, sinceMs: Date.now() }];
    });
    this.gate.onChange((open, holds) => {
      if (open) o.log.info('key generation resumed');
      else o.log.warn({ holds }, 'key generation held');
    });
    this.store = KeyStore.open({
      path: cfg.keystore.path,
      maxBits: cfg.keystore.maxBits,
      maxKeySizeBits: cfg.etsi?.maxKeySizeBits,
      minKeySizeBits: cfg.etsi ? Math.max(8, Math.min(cfg.etsi.minKeySizeBits, cfg.etsi.maxKeySizeBits)) : undefined,
    });
    this.psk = PreSharedKeyFileSource.open(cfg.peer.preSharedKeyFile);
    const keySource = new LinkAuthKeyStream(this.psk, this.store, this.psk.position + this.psk.remainingBits, {
      lowWaterBits: cfg.peer.authKeyLowWaterBits ?? DEFAULT_AUTH_KEY_LOW_WATER_BITS,
      alarms: this.alarms,
    });
    this.authKey = keySource;
    const params: FrameParams = { ...DEFAULT_FRAME_PARAMS, ...frameSettingsFromConfig(cfg) };
    this.executor = cfg.frame.workers > 0 ? new WorkerFrameExecutor({ workers: cfg.frame.workers }) : undefined;
    const trackerFor = (biasV: number, halfWaveVoltageV: number): PolarizationTracker | undefined =>
      cfg.node.role === 'transmitter' && cfg.tracking?.polarization
        ? new PolarizationTracker({
            initialBiasV: biasV,
            halfWaveVoltageV,
            inFlight: cfg.frame.inFlight,
            ditherRad: cfg.tracking.ditherRad,
          })
        : undefined;
    const tracker = cfg.modulator
      ? trackerFor(cfg.modulator.biasV, Math.abs(cfg.modulator.stateVoltagesV[1] - cfg.modulator.stateVoltagesV[0]))
      : undefined;
    const common = {
      executor: this.executor,
      store: this.store,
      params,
      inFlight: cfg.frame.inFlight,
      authFraction: o.authFraction ?? 1 / 8,
      frameTimeoutMs: o.frameTimeoutMs ?? 60_000,
      noKeyAfterMs: (cfg.thresholds.noKeyAfterS ?? 300) * 1000,
      log: o.log,
      alarms: this.alarms,
      gate: this.gate,
    };
    this.loop =
      o.bench.role === 'transmitter'
        ? new TransmitterNode({
            ...common,
            bench: o.bench.bench,
            tracker,
            trackerFor,
            ...(cfg.modulator
              ? {
                  modulator: {
                    stateVoltagesV: [...cfg.modulator.stateVoltagesV] as [number, number, number, number],
                    biasV: cfg.modulator.biasV,
                  },
                }
              : {}),
            linkId: cfg.node.linkId,
            runId: Date.now().toString(36),
            randomPattern: makePatternGenerator({
              keyBasis: cfg.source.keyBasisProbability,
              intensities: params.probabilities,
            }),
          })
        : new ReceiverNode({
            ...common,
            bench: o.bench.bench,
            random: (n) => randomFillSync(new Uint32Array(n)),
          });
    const loop = this.loop;
    this.link = new PeerLink({
      listen: cfg.peer.listen,
      connect: cfg.peer.connect,
      keySource,
      hello: {
        nodeId: cfg.node.id,
        role: cfg.node.role === 'transmitter' ? Role.ROLE_TRANSMITTER : Role.ROLE_RECEIVER,
        linkId: cfg.node.linkId,
      },
      log: o.log,
      alarms: this.alarms,
      allowFrom: cfg.peer.allowFrom,
      handshakeTimeoutMs: cfg.peer.handshake?.timeoutMs,
      handshakeLimits: {
        maxFailuresPerAddress: cfg.peer.handshake?.maxFailuresPerAddressPerMinute,
        maxFailures: cfg.peer.handshake?.maxFailuresPerMinute,
        maxPending: cfg.peer.handshake?.maxPending,
      },
      onSession: (channel) => {
        for (const l of this.sessionListeners) l(channel);
        return loop.runSession(channel, {
          onOtherMessage: (envelope) => this.messageHandlers.some((h) => h(envelope, channel)),
        });
      },
    });
  }

  static async start(o: QkdNodeOptions): Promise<QkdNode> {
    const node = new QkdNode(o);
    const bench = o.bench.bench as (TransmitterBench | ReceiverBench) & Partial<ReportsBoardState>;
    bench.onBoardState?.((e) => {
      const board = node.boardStates.find((b) => b.name === e.board);
      if (board) Object.assign(board, { state: e.state === 'lost' ? 'lost' : 'connected', sinceMs: Date.now() });
      // Frames emitted while a board was away are lost whole: drop them at once, on loss and again once it is back.
      node.loop.boardInterrupted(e.board);
      if (e.state === 'lost') {
        node.alarms.raise('board-lost', 'warning', `board ${e.board} lost; generation pauses until it is back`, { board: e.board });
      } else o.log.info({ board: e.board }, 'board back; generation resumes');
    });
    const loop = node.loop;
    if (loop instanceof TransmitterNode && reportsEmissionRestarts(bench))
      bench.onEmissionRestart((reason) => loop.emissionRestarted(reason));
    // Interlock, laser, temperatures and count rates hold generation while out of their limits.
    if (reportsBenchHealth(bench)) {
      node.safety = new SafetyMonitor({ bench, gate: node.gate, alarms: node.alarms, log: o.log, limits: safetyLimits(o.config) });
      node.safety.start();
    }
    node.authKey.checkLevel();
    await node.link.start();
    o.log.info({ nodeId: o.config.node.id, role: o.config.node.role }, 'node started');
    return node;
  }

  /** Called with every new peer session before key generation starts on it. */
  onPeerSession(listener: (channel: PeerChannel) => void): void {
    this.sessionListeners.push(listener);
  }

  /** Peer messages other than key generation's are offered to these handlers. */
  onPeerMessage(handler: PeerMessageHandler): void {
    this.messageHandlers.push(handler);
  }

  get peerListenPort(): number {
    return this.link.listenPort;
  }

  /**
   * Raw detector tags as they arrive (a receiver on real or simulated boards;
   * null elsewhere): for recordings and the dashboard's time histogram.
   * Returns the function that stops the listener.
   */
  onTags(listener: TagListener): (() => void) | null {
    const bench = this.o.bench.bench;
    return tapsTags(bench) ? bench.onTags(listener) : null;
  }

  /**
   * Each emitted frame's pattern (a transmitter; null elsewhere): bench-clock
   * frame id and the packed pattern, valid only during the call. Secret: every
   * frame handed out is burnt (its key discarded, stats.framesBurnt). Only the
   * control socket serves it (GET /api/v1/patterns). Returns the unsubscribe.
   */
  onPatterns(listener: PatternListener): (() => void) | null {
    return this.loop instanceof TransmitterNode ? this.loop.onPatterns(listener) : null;
  }

  /**
   * Sets the transmitter's modulator live (POST /api/v1/modulator, qkdctl calibrate polarization):
   * returns the change's generation, which applies before the next frame (src/node/modulator-control.ts).
   * Throws on a receiver or a bench that cannot.
   */
  setModulator(change: ModulatorChange): number {
    if (!(this.loop instanceof TransmitterNode))
      throw new QkdError(QkdErrorCode.BenchMismatch, `node ${this.o.config.node.id} is a receiver: it has no modulator`, {});
    return this.loop.setModulator(change);
  }

  /** The modulator in force, its generation, tracking, and recent frame outcomes (of one generation or all); null on a receiver. */
  modulatorState(generation?: number): ModulatorStateJson | null {
    const m = this.loop instanceof TransmitterNode ? this.loop.modulator : undefined;
    if (!m) return null;
    return {
      settings: m.settings,
      generation: m.generation,
      requested: m.requested,
      failed: m.failed,
      tracking: this.tracker?.snapshot() ?? null,
      frames: m.outcomes(generation),
    };
  }

  status(): NodeStatus {
    const s = this.store.stats();
    const alarms = this.alarms.snapshot();
    return {
      nodeId: this.o.config.node.id,
      role: this.o.config.node.role,
      linkId: this.o.config.node.linkId,
      boards: this.boardStates.map((b) => ({ ...b })),
      peerConnected: this.link.connected,
      peerSessions: this.link.sessions,
      framesInFlight: this.loop.framesInFlight,
      blocksInFlight: this.loop.blocksInFlight,
      stats: this.loop.stats.snapshot(),
      store: {
        appBits: s.appBits,
        authBits: s.authBits,
        storedBits: s.storedBits,
        maxBits: s.maxBits,
        deliveredKeys: s.deliveredKeys,
        pendingBlocks: this.store.pendingBlockIds().length,
      },
      alarms: { total: alarms.total, byCode: alarms.byCode },
      generation: { running: this.gate.isOpen, holds: this.gate.current() },
      authKey: { preSharedLeftBits: this.psk.remainingBits },
      ...this.trackingStatus(),
    };
  }

  /** status().tracking: each tracker that is on. */
  private trackingStatus(): { tracking?: NonNullable<NodeStatus['tracking']> } {
    const bench = this.o.bench.bench;
    const delay = tracksDelay(bench) ? bench.delayTracking() : null;
    const polarization = this.tracker?.snapshot();
    if (!delay && !polarization) return {};
    return { tracking: { ...(polarization ? { polarization } : {}), ...(delay ? { delay } : {}) } };
  }

  /** Stop generating, close the peer session and the boards, then the store: nothing half-written. */
  async stop(): Promise<void> {
    this.loop.stop();
    await this.safety?.stop();
    await this.o.bench.bench.close();
    await this.link.stop();
    await this.executor?.shutdown();
    this.store.close();
    this.o.log.info('node stopped');
  }
}
