/**
 * The generic board firmware: a byte endpoint that starts in console mode,
 * switches to binary framing on `SYST:MODE BIN`, parses host frames with the
 * real decoder of firmware-protocol/ (as the MCU would), dispatches each
 * Request to the board's handler table and sends exactly one Response per
 * Request, plus numbered Events. What differs per board kind lives in the
 * BoardModel and its behaviour objects, not here.
 */
import {
  ConsoleLineReader,
  FrameDecoder,
  decodeEnvelope,
  encodeConsoleLine,
  encodeEnvelopeFrame,
  isMethodName,
  qkd,
  type MethodName,
} from '../../firmware-protocol/index.ts';
import { composeBehaviours, type Behaviour, type Handler } from './behaviour.ts';
import type { BoardModel, EventBody, EventOutlet } from './board-model.ts';
import { commonBehaviour, type CommonState } from './common-behaviour.ts';
import { answerConsoleLine } from './console-mode.ts';
import { DuplicateCache } from './duplicate-cache.ts';
import type { ByteEndpoint } from './endpoint.ts';
import type { Reply } from './reply.ts';

/** Feature bits every simulated board has. */
const COMMON_FEATURES = qkd.Feature.FEATURE_TELEMETRY_EVENTS | qkd.Feature.FEATURE_DUPLICATE_CACHE | qkd.Feature.FEATURE_EXTERNAL_CLOCK;

export type FirmwareMode = 'console' | 'binary';

export class BoardFirmware implements ByteEndpoint, CommonState {
  readonly featureFlags: number;
  clock = { source: qkd.ClockSource.CLOCK_SOURCE_INTERNAL, locked: true, epochValid: true };
  telemetryIntervalMs = 0;

  private modeNow: FirmwareMode = 'console';
  private lineReader = new ConsoleLineReader();
  private decoder = new FrameDecoder();
  private readonly duplicates = new DuplicateCache();
  private readonly table: Behaviour;
  private readonly dataListeners = new Set<(bytes: Uint8Array) => void>();
  private readonly closeListeners = new Set<() => void>();
  private telemetryTimer: NodeJS.Timeout | null = null;
  private eventSeq = 0;
  private bootedAtMs = Date.now();
  private consoleAfterReply = false;
  private plugged = true;
  /** Frames dropped by the decoder (bad CRC, COBS) since power-up. */
  rxBadFrames = 0;
  /**
   * Fault injection: the PCB temperature the board's sensor reads (null: the
   * model's own). A condition of the hardware, so it outlives resets and power cycles.
   */
  boardTemperatureOverrideDegc: number | null = null;

  constructor(readonly model: BoardModel) {
    this.featureFlags = COMMON_FEATURES | model.featureFlags;
    this.table = composeBehaviours(commonBehaviour(this), model.behaviour);
    const fw = this;
    const outlet: EventOutlet = {
      emit: (body) => fw.emitEvent(body),
      get live() {
        return fw.modeNow === 'binary' && fw.plugged;
      },
    };
    model.attach(outlet);
  }

  get mode(): FirmwareMode {
    return this.modeNow;
  }

  get isPlugged(): boolean {
    return this.plugged;
  }

  // ---- ByteEndpoint ---------------------------------------------------------

  write(bytes: Uint8Array): void {
    if (!this.plugged) return;
    let pos = 0;
    while (pos < bytes.length) {
      if (this.modeNow === 'binary') {
        this.receiveBinary(pos === 0 ? bytes : bytes.subarray(pos));
        return;
      }
      pos = this.receiveConsole(bytes, pos);
    }
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    return () => void this.dataListeners.delete(listener);
  }

  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => void this.closeListeners.delete(listener);
  }

  // ---- sim control ------------------------------------------------------------

  /** Cable out: no bytes in or out, listeners told; the board loses power. */
  unplug(): void {
    if (!this.plugged) return;
    this.plugged = false;
    this.powerCycle();
    for (const l of [...this.closeListeners]) l();
  }

  /** Cable back in: the board boots again in console mode. */
  replug(): void {
    if (this.plugged) return;
    this.plugged = true;
    this.powerCycle();
  }

  /** The bench is shutting down: stop timers (the board is never used again). */
  shutdown(): void {
    this.setTelemetryInterval(0);
    this.plugged = false;
    for (const l of [...this.closeListeners]) l();
    this.closeListeners.clear();
    this.dataListeners.clear();
  }

  // ---- CommonState ------------------------------------------------------------

  setTelemetryInterval(intervalMs: number): void {
    this.telemetryIntervalMs = intervalMs;
    if (this.telemetryTimer) clearInterval(this.telemetryTimer);
    this.telemetryTimer = null;
    if (intervalMs > 0) {
      // Telemetry follows the wall clock, as a host watching a bench expects;
      // unref'd so a forgotten interval never keeps a test process alive.
      this.telemetryTimer = setInterval(() => this.emitEvent({ telemetry: this.telemetry() }), intervalMs);
      this.telemetryTimer.unref();
    }
  }

  telemetry(): qkd.Telemetry.$Properties {
    return {
      common: {
        uptimeMs: Date.now() - this.bootedAtMs,
        boardTemperatureDegc: this.boardTemperatureOverrideDegc ?? this.model.boardTemperatureDegc(),
        runState: this.model.runState(),
        clock: { ...this.clock },
        rxBadFrames: this.rxBadFrames,
      },
      ...this.model.telemetry(),
    };
  }

  enterConsoleAfterReply(): void {
    this.consoleAfterReply = true;
  }

  reset(): void {
    this.setTelemetryInterval(0);
    this.model.reset();
    this.duplicates.clear();
  }

  // ---- internals --------------------------------------------------------------

  private powerCycle(): void {
    this.reset();
    this.modeNow = 'console';
    this.lineReader = new ConsoleLineReader();
    this.decoder = new FrameDecoder();
    this.eventSeq = 0;
    this.rxBadFrames = 0;
    this.bootedAtMs = Date.now();
    this.clock = { source: qkd.ClockSource.CLOCK_SOURCE_INTERNAL, locked: true, epochValid: true };
  }

  private send(bytes: Uint8Array): void {
    if (!this.plugged) return;
    for (const l of [...this.dataListeners]) l(bytes);
  }

  /** Consume console bytes from `pos` up to and including the first line end; returns the next position. */
  private receiveConsole(bytes: Uint8Array, pos: number): number {
    let end = pos;
    while (end < bytes.length && bytes[end] !== 0x0a && bytes[end] !== 0x0d) end++;
    if (end === bytes.length) {
      this.lineReader.push(bytes.subarray(pos));
      return end;
    }
    const endedByCr = bytes[end] === 0x0d;
    for (const line of this.lineReader.push(bytes.subarray(pos, end + 1))) {
      const outcome = answerConsoleLine(line, this.model.identity);
      if (outcome.reset) this.reset();
      if (outcome.enterBinary) {
        // OK CR LF, then one 0x00 so the host's frame receiver drops the text (FRAMING.md §6).
        const ok = encodeConsoleLine(outcome.answer ?? '');
        const answer = new Uint8Array(ok.length + 1);
        answer.set(ok);
        this.send(answer);
        this.modeNow = 'binary';
        this.decoder = new FrameDecoder();
        // The LF of a CR LF that ended the switch command is still console text.
        if (endedByCr && bytes[end + 1] === 0x0a) return end + 2;
      } else if (outcome.answer !== null) {
        this.send(encodeConsoleLine(outcome.answer));
      }
    }
    return end + 1;
  }

  private receiveBinary(bytes: Uint8Array): void {
    for (const ev of this.decoder.push(bytes)) {
      if (ev.kind === 'discarded') {
        this.rxBadFrames++;
        continue;
      }
      const decoded = decodeEnvelope(ev.payload);
      if (!decoded.ok || decoded.kind !== 'request') {
        this.rxBadFrames++; // a host never sends responses or events: count it as a bad frame
        continue;
      }
      this.handleRequest(decoded.request, ev.payload);
      if (this.consoleAfterReply) {
        this.consoleAfterReply = false;
        this.modeNow = 'console';
        this.lineReader = new ConsoleLineReader();
        return; // bytes after EnterConsole in the same chunk were framed: drop them
      }
    }
  }

  private handleRequest(request: qkd.Request, payload: Uint8Array): void {
    const seq = request.seq;
    if (request.body === 'hello') {
      // Hello opens a host session (FRAMING.md §9) whose seqs start again at 1:
      // answers cached for the previous session must not be replayed to it.
      this.duplicates.clear();
      this.eventSeq = 0;
    }
    const cached = this.duplicates.lookup(seq, payload);
    if (cached) {
      this.send(cached);
      return;
    }
    const method = request.body;
    let response: qkd.Response.$Properties;
    if (method === undefined || !isMethodName(method)) {
      response = { seq, status: qkd.Status.STATUS_BAD_REQUEST, detail: 'request with no body' };
    } else {
      response = this.dispatch(seq, method, request);
    }
    const frame = encodeEnvelopeFrame({ response });
    // Every answer is remembered (FRAMING.md §7): a host retries only idempotent
    // requests, so a repeated non-idempotent seq is a duplicated frame, and
    // replaying its answer is the one safe reaction.
    this.duplicates.remember(seq, payload, frame);
    this.send(frame);
  }

  private dispatch<M extends MethodName>(seq: number, method: M, request: qkd.Request): qkd.Response.$Properties {
    const handler = this.table[method] as Handler<M> | undefined;
    if (!handler) {
      return { seq, status: qkd.Status.STATUS_UNSUPPORTED, detail: `${method} is not implemented by ${qkd.BoardKind[this.model.kind]}` };
    }
    let reply: Reply<M>;
    try {
      reply = handler(request[method] as Parameters<Handler<M>>[0]);
    } catch (err) {
      return {
        seq,
        status: qkd.Status.STATUS_INTERNAL,
        detail: `simulator bug: ${err instanceof Error ? err.message : String(err)}`.slice(0, 128),
      };
    }
    if (reply.ok) return { seq, status: qkd.Status.STATUS_OK, [method]: reply.body };
    return { seq, status: reply.status, detail: reply.detail, ...(reply.body ? { [method]: reply.body } : {}) };
  }

  private emitEvent(body: EventBody): void {
    if (this.modeNow !== 'binary' || !this.plugged) return;
    const eventSeq = this.eventSeq;
    this.eventSeq = (this.eventSeq + 1) >>> 0;
    this.send(encodeEnvelopeFrame({ event: { eventSeq, ...body } }));
  }
}
