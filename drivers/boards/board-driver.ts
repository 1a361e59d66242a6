/**
 * The shared base of the three drivers: a BoardSession (handshake and
 * reconnect), the typed command table over the generic call, the replay
 * record of configuration, and board events (telemetry, fault) re-bound to
 * each new link. Board kinds add only what carries logic (pattern upload,
 * tag stream, histogram); everything else is `driver.commands.<method>`.
 */
import { TypedEvents } from '../typed-events.ts';
import { qkd, type MethodName, type RequestOf, type ResponseOf } from '../../firmware-protocol/index.ts';
import { BoardSession, type BoardInfo, type SessionEvents, type SessionState } from '../connection/board-session.ts';
import type { BackoffPolicy } from '../connection/backoff.ts';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import type { BoardLink, BoardLinkOptions, CallOptions } from '../link/board-link.ts';
import type { Transport } from '../transport/transport.ts';
import { buildCommandTable, type CommandTable } from './commands.ts';
import { ReplayRecord } from './replay-record.ts';

export interface BoardDriverOptions {
  /** `serial:///dev/ttyUSB0?baud=921600`, `usb://VID:PID?serial=…`, `tcp://host:port`. */
  readonly url: string;
  /** Model from `*IDN?` to insist on (string or pattern); default: any model of the driver's kind. */
  readonly model?: string | RegExp;
  /** Serial number to insist on; default: the first board found (then pinned for reconnects). */
  readonly serialNumber?: string;
  /** Per console answer during the handshake, in ms. Default 1000. */
  readonly consoleTimeoutMs?: number;
  /** Link timeouts and retries. */
  readonly link?: Omit<BoardLinkOptions, 'expectedBoardKind'>;
  /** Reconnect policy, or false to give up on the first unplug. */
  readonly reconnect?: BackoffPolicy | false;
  /** Jitter source for the backoff, [0, 1). */
  readonly random?: () => number;
  /** Transport factory (test seam, per-scheme options). */
  readonly createTransport?: (url: string) => Transport;
  /** Ping period that detects a board gone silent behind a live transport, ms; 0 = off. Default 2000. */
  readonly keepaliveIntervalMs?: number;
}

/** What a restore after a reconnect found and did. */
export interface RestoreReport {
  /** The board was idle (lost power or was reset), so the configuration was sent again. */
  readonly boardWasReset: boolean;
  /** Requests re-sent, in order. */
  readonly replayed: readonly MethodName[];
}

export interface BoardDriverEvents {
  state: SessionEvents['state'];
  connected: SessionEvents['connected'];
  disconnected: SessionEvents['disconnected'];
  reconnecting: SessionEvents['reconnecting'];
  reconnected: SessionEvents['reconnected'];
  failed: SessionEvents['failed'];
  /** After a reconnect, before 'reconnected'. */
  restored: (report: RestoreReport) => void;
  telemetry: (telemetry: qkd.Telemetry) => void;
  /** The board latched a fault or a run ended on its own. */
  fault: (fault: qkd.FaultEvent) => void;
  /** The board broke the protocol (bad frame content, over-credit batch, …); the link goes on. */
  'protocol-error': (err: QkdError) => void;
}

const FORWARDED = ['state', 'connected', 'disconnected', 'reconnecting', 'reconnected', 'failed'] as const;

export abstract class BoardDriver<M extends MethodName, E extends BoardDriverEvents = BoardDriverEvents> extends TypedEvents<E> {
  readonly session: BoardSession;
  /** Every request of this board kind, typed by the .proto. */
  readonly commands: CommandTable<M>;
  protected readonly replay = new ReplayRecord();
  private unbind: (() => void)[] = [];

  protected constructor(
    readonly kind: qkd.BoardKind,
    methods: readonly M[],
    options: BoardDriverOptions,
  ) {
    super();
    this.session = new BoardSession({
      url: options.url,
      expect: { kind, model: options.model, serialNumber: options.serialNumber },
      consoleTimeoutMs: options.consoleTimeoutMs,
      link: options.link,
      reconnect: options.reconnect,
      random: options.random,
      createTransport: options.createTransport,
      keepaliveIntervalMs: options.keepaliveIntervalMs,
    });
    this.commands = buildCommandTable(methods, (method, request, callOptions) => this.call(method, request, callOptions));
    for (const name of FORWARDED) this.session.on(name, ((arg: unknown) => this.emit(name, arg)) as SessionEvents[typeof name]);
    this.session.setRestoreHook((link) => this.restore(link));
  }

  get url(): string {
    return this.session.url;
  }

  get state(): SessionState {
    return this.session.state;
  }

  /** Identity and Hello of the board; null before connect(). */
  get info(): BoardInfo | null {
    return this.session.info;
  }

  /** Identify the board, switch it to binary and negotiate the protocol. */
  async connect(): Promise<BoardInfo> {
    const info = await this.session.connect();
    this.bindLink(this.session.link);
    return info;
  }

  /** Close the link and stop reconnecting. Never rejects. */
  async close(): Promise<void> {
    this.unbindLink();
    await this.session.close();
  }

  /** Leave the board in console mode (for a terminal program) and close. */
  async releaseToConsole(): Promise<void> {
    await this.session.link.call('enterConsole', {});
    await this.close();
  }

  /** True when the board announced feature `f` in Hello. */
  hasFeature(f: qkd.Feature): boolean {
    const flags = this.session.info?.hello.featureFlags ?? 0;
    return (flags & f) !== 0;
  }

  /** The one generic request path: the live link, plus the replay record. */
  protected async call<K extends M>(method: K, request: RequestOf<K>, options?: CallOptions): Promise<ResponseOf<K>> {
    const response = await this.session.call(method, request, options);
    if (method === 'reset') {
      this.replay.clear();
      this.onBoardReset();
    } else {
      this.replay.record(method, request);
    }
    return response;
  }

  protected emit(event: keyof E & string, ...args: unknown[]): void {
    this.emitter.emit(event, ...args);
  }

  /** The board forgot its state on our ResetRequest; subclasses drop what they keep for restores. */
  protected onBoardReset(): void {}

  /** Subscribe to the board's events on a (new) link. Subclasses add theirs through `track`. */
  protected bindLink(link: BoardLink): void {
    this.unbindLink();
    this.track(link.onEvent('telemetry', (t) => this.emit('telemetry', t)));
    this.track(link.onEvent('fault', (f) => this.emit('fault', f)));
    const onProtocolError = (err: QkdError): void => this.emit('protocol-error', err);
    link.on('protocol-error', onProtocolError);
    this.track(() => link.off('protocol-error', onProtocolError));
  }

  protected track(unsubscribe: () => void): void {
    this.unbind.push(unsubscribe);
  }

  private unbindLink(): void {
    for (const u of this.unbind.splice(0)) u();
  }

  /**
   * After a reconnect: bind events, ask the board what it remembers, and
   * if it came back idle (power cycle, reset) send the configuration again;
   * then the board kind's own restore. A rejection fails this attempt and
   * the session retries.
   */
  private async restore(link: BoardLink): Promise<void> {
    this.bindLink(link);
    const status = await link.call('getStatus', {});
    const boardWasReset = status.runState === qkd.RunState.RUN_STATE_IDLE || status.runState === qkd.RunState.RUN_STATE_UNSPECIFIED;
    const replayed: MethodName[] = [];
    if (boardWasReset) {
      for (const entry of this.replay.list()) {
        await (link.call as (m: MethodName, r: unknown) => Promise<unknown>)(entry.method, entry.request);
        replayed.push(entry.method);
      }
    }
    await this.restoreBoard(link, status, boardWasReset);
    this.emit('restored', { boardWasReset, replayed } satisfies RestoreReport);
  }

  /** Board-kind restore after the configuration replay (patterns, tag stream). */
  protected abstract restoreBoard(link: BoardLink, status: qkd.GetStatusResponse, boardWasReset: boolean): Promise<void>;

  /** For subclasses: a QkdError for a bad argument the host can catch before the board would. */
  protected invalid(message: string, details: Record<string, unknown> = {}): QkdError {
    return new QkdError(QkdErrorCode.InvalidArgument, `${this.url}: ${message}`, details);
  }
}
