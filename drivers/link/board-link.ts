/**
 * BoardLink: requests, responses and events over frames on one Transport.
 *
 *  - `call(method, request)` is the one generic entry point, typed by the
 *    method table (firmware-protocol/methods.ts); each call runs the pure
 *    transaction machine (transaction.ts) and this class performs its effects.
 *  - Responses are matched by seq. Late (after a timeout), duplicate (a
 *    retry answered twice) and unmatched responses are ignored and counted.
 *  - Only idempotent methods are retried, with the same seq, up to
 *    `maxAttempts` in total.
 *  - Events go to `onEvent` listeners by kind and to `on('event')`.
 *  - `open()` switches a board in console mode to frames, then negotiates
 *    the version with Hello: the board's major must equal
 *    ours (VersionMismatch otherwise); minor features come from flags.
 *  - When the transport closes, every pending call rejects at once with
 *    LinkClosed, and later calls too: nothing hangs.
 */
import { TypedEvents } from '../typed-events.ts';
import {
  CONSOLE_EOL,
  ConsoleCommand,
  FrameDecoder,
  METHODS,
  PROTOCOL_MAJOR,
  PROTOCOL_MINOR,
  decodeEnvelope,
  encodeConsoleLine,
  encodeEnvelopeFrame,
  qkd,
} from '../../firmware-protocol/index.ts';
import type { DecoderStats, DiscardReason, EventName, EventOf, MethodName, RequestOf, ResponseOf } from '../../firmware-protocol/index.ts';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import type { Transport } from '../transport/transport.ts';
import { RecentSeqs } from './recent-seqs.ts';
import { transition } from './transaction.ts';
import type { TransactionConfig, TransactionFailure, TransactionInput, TransactionState } from './transaction.ts';

export interface BoardLinkOptions {
  /** Time to wait for each attempt's response, in ms. Default 500. */
  timeoutMs?: number;
  /** Per-method overrides of timeoutMs (e.g. a long runHistogram ack or a big upload). */
  methodTimeoutMs?: Partial<Record<MethodName, number>>;
  /** Attempts in total for idempotent methods, ≥ 1. Default 3. Non-idempotent: always 1. */
  maxAttempts?: number;
  /** When set, open() rejects a board of another kind with WrongBoard. */
  expectedBoardKind?: qkd.BoardKind;
  /** Sent in Hello for the board's log. */
  hostName?: string;
  /**
   * Send the console command `SYST:MODE BIN` before Hello (FRAMING.md §6), so
   * a board still in console mode switches to frames. Default true; a board
   * already in binary mode drops the text as garbage.
   */
  enterBinaryMode?: boolean;
  /**
   * Requests on the wire at once (FRAMING.md §7 allows a board to rely on at
   * most 8); further calls wait in order. Default 8.
   */
  maxInFlight?: number;
}

export interface CallOptions {
  /** Overrides the per-attempt timeout for this call, in ms. */
  timeoutMs?: number;
}

export type LinkState = 'idle' | 'opening' | 'open' | 'closed';

export interface LinkStats {
  requestsSent: number;
  retries: number;
  timeouts: number;
  responses: number;
  lateResponses: number;
  duplicateResponses: number;
  unmatchedResponses: number;
  events: number;
  /** Events missing according to event_seq gaps. */
  lostEvents: number;
  /** Frames whose payload is not a valid Envelope, or a Request from the board. */
  badEnvelopes: number;
  decoder: DecoderStats;
}

export interface BoardLinkEvents {
  /** Every unsolicited event, in arrival order. */
  event: (event: qkd.Event) => void;
  /** Bytes the frame decoder dropped (line noise, a corrupted frame). */
  discarded: (info: { bytes: number; reason: DiscardReason }) => void;
  /** Something the board sent broke the protocol; the link goes on. */
  'protocol-error': (err: QkdError) => void;
  /** The link is closed; `reason` is LinkClosed with the transport error as cause, if any. */
  close: (reason: QkdError) => void;
}

interface Pending {
  readonly seq: number;
  readonly method: MethodName;
  readonly config: TransactionConfig;
  readonly frame: Uint8Array;
  readonly timeoutMs: number;
  state: TransactionState;
  timer: NodeJS.Timeout | null;
  resolve(response: qkd.Response): void;
  reject(err: QkdError): void;
}

const DEFAULT_TIMEOUT_MS = 500;
const DEFAULT_MAX_ATTEMPTS = 3;

export class BoardLink extends TypedEvents<BoardLinkEvents> {
  private readonly decoder = new FrameDecoder();
  /** Sent (or being sent) and not yet settled, by seq. */
  private readonly pending = new Map<number, Pending>();
  /** Created but held back by maxInFlight, in call order. */
  private readonly queued: Pending[] = [];
  private readonly maxInFlight: number;
  private readonly recent = new RecentSeqs();
  private readonly eventListeners = new Map<EventName, Set<(body: never, event: qkd.Event) => void>>();
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private nextSeq = 1;
  private nextEventSeq: number | null = null;
  private closeCause: QkdError | null = null;
  private linkState: LinkState = 'idle';
  private helloResponse: qkd.HelloResponse | null = null;
  private readonly counters = {
    requestsSent: 0,
    retries: 0,
    timeouts: 0,
    responses: 0,
    lateResponses: 0,
    duplicateResponses: 0,
    unmatchedResponses: 0,
    events: 0,
    lostEvents: 0,
    badEnvelopes: 0,
  };

  private readonly onData = (chunk: Uint8Array): void => this.receive(chunk);
  private readonly onError = (err: QkdError): void => {
    this.closeCause = err;
  };
  private readonly onClose = (): void => this.shutDown();

  constructor(
    readonly transport: Transport,
    private readonly options: BoardLinkOptions = {},
  ) {
    super();
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (!(this.timeoutMs > 0)) throw new RangeError(`timeoutMs must be > 0, got ${this.timeoutMs}`);
    this.maxInFlight = options.maxInFlight ?? 8;
    if (!Number.isInteger(this.maxInFlight) || this.maxInFlight < 1) {
      throw new RangeError(`maxInFlight must be an integer ≥ 1, got ${this.maxInFlight}`);
    }
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) {
      throw new RangeError(`maxAttempts must be an integer ≥ 1, got ${this.maxAttempts}`);
    }
  }

  get state(): LinkState {
    return this.linkState;
  }

  /** The board's Hello answer, once open. */
  get hello(): qkd.HelloResponse | null {
    return this.helloResponse;
  }

  get stats(): LinkStats {
    return { ...this.counters, decoder: this.decoder.stats };
  }

  /** Listen to one kind of event; returns the function that unsubscribes. */
  onEvent<E extends EventName>(name: E, listener: (body: EventOf<E>, event: qkd.Event) => void): () => void {
    let set = this.eventListeners.get(name);
    if (!set) {
      set = new Set();
      this.eventListeners.set(name, set);
    }
    const l = listener as (body: never, event: qkd.Event) => void;
    set.add(l);
    return () => void set.delete(l);
  }

  /**
   * Open the transport (if needed), flush the board's receiver with a
   * delimiter and exchange Hello. Rejects with VersionMismatch when the
   * board's protocol major differs, WrongBoard when expectedBoardKind is set
   * and differs; the link is closed in both cases.
   */
  async open(): Promise<qkd.HelloResponse> {
    if (this.linkState !== 'idle') throw new QkdError(QkdErrorCode.InvalidArgument, `open() on a ${this.linkState} link`);
    this.linkState = 'opening';
    this.transport.on('data', this.onData).on('error', this.onError).on('close', this.onClose);
    try {
      if (this.transport.state !== 'open') await this.transport.open();
      if (this.options.enterBinaryMode ?? true) {
        await this.transport.write(encodeConsoleLine(`${CONSOLE_EOL}${ConsoleCommand.EnterBinary}`));
      }
      // A lone delimiter ends whatever half frame (or console text) the board holds.
      await this.transport.write(new Uint8Array([0]));
      const hello = await this.negotiate();
      this.helloResponse = hello;
      this.linkState = 'open';
      return hello;
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  private async negotiate(): Promise<qkd.HelloResponse> {
    let hello: qkd.HelloResponse;
    try {
      hello = await this.call('hello', {
        hostProtocolMajor: PROTOCOL_MAJOR,
        hostProtocolMinor: PROTOCOL_MINOR,
        hostName: this.options.hostName ?? 'qkdd',
      });
    } catch (err) {
      // The board answers a major mismatch with a status and still fills HelloResponse.
      if (err instanceof QkdError && err.details.status === qkd.Status.STATUS_VERSION_MISMATCH) {
        throw new QkdError(QkdErrorCode.VersionMismatch, `board refused protocol ${PROTOCOL_MAJOR}.${PROTOCOL_MINOR}`, err.details, {
          cause: err,
        });
      }
      throw err;
    }
    if (hello.protocolMajor !== PROTOCOL_MAJOR) {
      throw new QkdError(
        QkdErrorCode.VersionMismatch,
        `board speaks protocol ${hello.protocolMajor}.${hello.protocolMinor}, host ${PROTOCOL_MAJOR}.${PROTOCOL_MINOR}`,
        { boardMajor: hello.protocolMajor, boardMinor: hello.protocolMinor, hostMajor: PROTOCOL_MAJOR, hostMinor: PROTOCOL_MINOR },
      );
    }
    const expected = this.options.expectedBoardKind;
    if (expected !== undefined && hello.boardKind !== expected) {
      throw new QkdError(
        QkdErrorCode.WrongBoard,
        `expected ${qkd.BoardKind[expected]}, found ${qkd.BoardKind[hello.boardKind] ?? hello.boardKind} (${hello.model} ${hello.serialNumber})`,
        { expected, found: hello.boardKind },
      );
    }
    return hello;
  }

  /** True when the board announced feature `f` (a qkd.Feature bit) in Hello. */
  hasFeature(f: qkd.Feature): boolean {
    return this.helloResponse !== null && (this.helloResponse.featureFlags & f) !== 0;
  }

  /**
   * Send one request and wait for its response body. Rejects with
   * QkdError: Timeout (after all attempts), DeviceError (details.status =
   * the board's qkd.Status, details.detail its text), ProtocolError,
   * LinkClosed, NotConnected (before open), or the transport's write error.
   */
  call<M extends MethodName>(method: M, request: RequestOf<M>, options: CallOptions = {}): Promise<ResponseOf<M>> {
    if (this.linkState === 'idle') {
      return Promise.reject(new QkdError(QkdErrorCode.NotConnected, `${method} before open()`));
    }
    if (this.linkState === 'closed') return Promise.reject(this.closedError(method));
    const spec = METHODS[method];
    const seq = this.allocateSeq();
    let frame: Uint8Array;
    try {
      frame = encodeEnvelopeFrame({ request: { seq, [method]: request } });
    } catch (err) {
      // Too big for one frame, or a value protobuf cannot encode: the caller's mistake.
      return Promise.reject(
        new QkdError(
          QkdErrorCode.InvalidArgument,
          `${method}: ${err instanceof Error ? err.message : String(err)}`,
          { method },
          { cause: err },
        ),
      );
    }
    return new Promise<qkd.Response>((resolve, reject) => {
      const p: Pending = {
        seq,
        method,
        config: { method, maxAttempts: spec.idempotent ? this.maxAttempts : 1 },
        frame,
        timeoutMs: options.timeoutMs ?? this.options.methodTimeoutMs?.[method] ?? this.timeoutMs,
        state: { status: 'idle' },
        timer: null,
        resolve,
        reject,
      };
      if (this.pending.size < this.maxInFlight) this.launch(p);
      else this.queued.push(p);
    }).then((response) => response[method] as ResponseOf<M>);
  }

  /** Close the transport; pending calls reject with LinkClosed. Never rejects. */
  async close(): Promise<void> {
    if (this.linkState === 'closed') return;
    await this.transport.close();
    this.shutDown(); // in case the transport was already closed and emits nothing
  }

  // ---- internals -----------------------------------------------------------

  private launch(p: Pending): void {
    this.pending.set(p.seq, p);
    this.step(p, { type: 'start' });
  }

  private allocateSeq(): number {
    // 0 is never used; skip seqs still in flight after a wrap.
    for (;;) {
      const seq = this.nextSeq;
      this.nextSeq = this.nextSeq >= 0xffffffff ? 1 : this.nextSeq + 1;
      if (!this.pending.has(seq) && !this.queued.some((q) => q.seq === seq)) {
        this.recent.forget(seq);
        return seq;
      }
    }
  }

  private step(p: Pending, input: TransactionInput): void {
    const { state, effects } = transition(p.state, input, p.config);
    p.state = state;
    for (const e of effects) {
      switch (e.type) {
        case 'send':
          this.counters.requestsSent++;
          if (e.attempt > 1) this.counters.retries++;
          this.transport.write(p.frame).catch((error: unknown) => {
            if (this.pending.get(p.seq) === p) this.step(p, { type: 'send-failed', error });
          });
          break;
        case 'start-timer':
          if (p.timer) clearTimeout(p.timer);
          p.timer = setTimeout(() => {
            p.timer = null;
            this.counters.timeouts++;
            this.step(p, { type: 'timeout' });
          }, p.timeoutMs);
          break;
        case 'stop-timer':
          if (p.timer) clearTimeout(p.timer);
          p.timer = null;
          break;
        case 'resolve':
          this.settle(p, 'answered');
          p.resolve(e.response);
          break;
        case 'reject':
          this.settle(p, e.reason.kind === 'timeout' ? 'timed-out' : e.reason.kind === 'device' ? 'answered' : 'abandoned');
          p.reject(this.toError(p, e.reason));
          break;
      }
    }
  }

  private settle(p: Pending, outcome: 'answered' | 'timed-out' | 'abandoned'): void {
    if (p.timer) clearTimeout(p.timer);
    p.timer = null;
    if (this.pending.get(p.seq) === p) this.pending.delete(p.seq);
    this.recent.remember(p.seq, outcome);
    // A slot is free: send the oldest waiting call (not after close: shutDown rejects them).
    if (this.linkState !== 'closed') {
      const next = this.queued.shift();
      if (next) this.launch(next);
    }
  }

  private toError(p: Pending, reason: TransactionFailure): QkdError {
    const where = `${p.method} (seq ${p.seq})`;
    switch (reason.kind) {
      case 'timeout':
        return new QkdError(QkdErrorCode.Timeout, `${where}: no response after ${reason.attempts} attempt(s) of ${p.timeoutMs} ms`, {
          method: p.method,
          attempts: reason.attempts,
        });
      case 'device':
        return new QkdError(
          QkdErrorCode.DeviceError,
          `${where}: board answered ${qkd.Status[reason.status] ?? reason.status}${reason.detail ? `: ${reason.detail}` : ''}`,
          { method: p.method, status: reason.status, detail: reason.detail, response: reason.response },
        );
      case 'protocol':
        return new QkdError(QkdErrorCode.ProtocolError, `${where}: ${reason.message}`, { method: p.method });
      case 'send-failed':
        return reason.error instanceof QkdError
          ? reason.error
          : new QkdError(QkdErrorCode.TransportWriteFailed, `${where}: write failed`, {}, { cause: reason.error });
      case 'closed':
        return this.closedError(p.method);
    }
  }

  private closedError(method: string): QkdError {
    return new QkdError(
      QkdErrorCode.LinkClosed,
      `${method}: link to ${this.transport.url} closed`,
      {},
      this.closeCause ? { cause: this.closeCause } : undefined,
    );
  }

  private receive(chunk: Uint8Array): void {
    for (const ev of this.decoder.push(chunk)) {
      if (ev.kind === 'discarded') {
        this.emitter.emit('discarded', { bytes: ev.bytes, reason: ev.reason });
        continue;
      }
      const decoded = decodeEnvelope(ev.payload);
      if (!decoded.ok) {
        this.protocolError(decoded.reason);
        continue;
      }
      if (decoded.kind === 'response') this.receiveResponse(decoded.response);
      else if (decoded.kind === 'event') this.receiveEvent(decoded.event);
      else this.protocolError('the board sent a Request');
    }
  }

  private receiveResponse(response: qkd.Response): void {
    this.counters.responses++;
    const p = this.pending.get(response.seq);
    if (!p) {
      const kind = this.recent.classify(response.seq);
      if (kind === 'duplicate') this.counters.duplicateResponses++;
      else if (kind === 'late') this.counters.lateResponses++;
      else this.counters.unmatchedResponses++;
      return;
    }
    this.step(p, { type: 'response', response });
  }

  private receiveEvent(event: qkd.Event): void {
    this.counters.events++;
    if (this.nextEventSeq !== null) {
      const gap = (event.eventSeq - this.nextEventSeq) | 0;
      if (gap > 0) this.counters.lostEvents += gap;
    }
    this.nextEventSeq = (event.eventSeq + 1) >>> 0;
    const name = event.body;
    if (name === undefined) {
      this.protocolError(`event ${event.eventSeq} with no body`);
      return;
    }
    this.deliver(() => this.emitter.emit('event', event));
    const set = this.eventListeners.get(name);
    if (set) {
      const body = event[name] as never;
      for (const l of [...set]) this.deliver(() => l(body, event));
    }
  }

  /** A listener's exception must not corrupt the decode loop; rethrow it outside. */
  private deliver(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      queueMicrotask(() => {
        throw err;
      });
    }
  }

  private protocolError(message: string): void {
    this.counters.badEnvelopes++;
    const err = new QkdError(QkdErrorCode.ProtocolError, `${this.transport.url}: ${message}`);
    this.deliver(() => this.emitter.emit('protocol-error', err));
  }

  private shutDown(): void {
    if (this.linkState === 'closed') return;
    this.linkState = 'closed';
    this.transport.off('data', this.onData).off('error', this.onError).off('close', this.onClose);
    const all = [...this.pending.values(), ...this.queued.splice(0)];
    for (const p of all) this.step(p, { type: 'closed' });
    this.deliver(() => this.emitter.emit('close', this.closedError('link')));
  }
}
