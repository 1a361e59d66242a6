/**
 * The method table: one row per request of the protocol, keyed by the
 * `Request.body` oneof field name. It drives the generic
 * `call(method, request)` on the host and tells both ends which requests
 * are idempotent (may be retried with the same seq, FRAMING.md §7).
 * `satisfies` makes the compiler reject a table that misses a method of the
 * .proto files.
 */
import { qkd } from './generated/qkd.js';

/** Every request name: the fields of the `Request.body` oneof (camelCase). */
export type MethodName = NonNullable<qkd.Request['body']>;

/** The request body a caller passes for method M. */
export type RequestOf<M extends MethodName> = NonNullable<qkd.Request.$Properties[M]>;

/** Board kinds that implement a method; 'all' for the common ones. */
export type MethodBoards = 'all' | readonly qkd.BoardKind[];

export interface MethodSpec<R> {
  /** Safe to execute twice with the same effect; only these are retried. */
  readonly idempotent: boolean;
  /** Class of the response body (the same-named field of `Response.body`). */
  readonly response: { new (): R; decode(reader: Uint8Array): R };
  readonly boards: MethodBoards;
}

const SRC: readonly qkd.BoardKind[] = [qkd.BoardKind.BOARD_KIND_PHOTON_SOURCE];
const MOD: readonly qkd.BoardKind[] = [qkd.BoardKind.BOARD_KIND_POLARIZATION_MODULATOR];
const TAG: readonly qkd.BoardKind[] = [qkd.BoardKind.BOARD_KIND_TIME_TAGGER];
const PATTERN: readonly qkd.BoardKind[] = [...SRC, ...MOD];

export const METHODS = {
  hello: { idempotent: true, response: qkd.HelloResponse, boards: 'all' },
  ping: { idempotent: true, response: qkd.PingResponse, boards: 'all' },
  getStatus: { idempotent: true, response: qkd.GetStatusResponse, boards: 'all' },
  getTelemetry: { idempotent: true, response: qkd.Telemetry, boards: 'all' },
  setTelemetryInterval: { idempotent: true, response: qkd.Empty, boards: 'all' },
  setClock: { idempotent: true, response: qkd.ClockStatus, boards: 'all' },
  // Moves the epoch again on a repeat.
  syncEpoch: { idempotent: false, response: qkd.Empty, boards: 'all' },
  // After it the board reads text; a retry would be garbage.
  enterConsole: { idempotent: false, response: qkd.Empty, boards: 'all' },
  reset: { idempotent: false, response: qkd.Empty, boards: 'all' },
  uploadPattern: { idempotent: true, response: qkd.UploadPatternResponse, boards: PATTERN },
  armPattern: { idempotent: true, response: qkd.ArmPatternResponse, boards: PATTERN },
  // start_frame 0 means "next boundary": a repeat could pick another frame.
  start: { idempotent: false, response: qkd.StartResponse, boards: PATTERN },
  // A repeat stops at the same frame boundary, or finds the board idle: safe, and worth retrying.
  stop: { idempotent: true, response: qkd.StopResponse, boards: PATTERN },
  // Refills an idle bank from the on-board random source; a repeat refills it again, nothing played meanwhile.
  drawPattern: { idempotent: true, response: qkd.DrawPatternResponse, boards: PATTERN },
  // Reads symbols the board keeps; changes nothing.
  readChoices: { idempotent: true, response: qkd.ReadChoicesResponse, boards: PATTERN },
  configureSource: { idempotent: true, response: qkd.ConfigureSourceResponse, boards: SRC },
  configureModulator: { idempotent: true, response: qkd.ConfigureModulatorResponse, boards: MOD },
  setBias: { idempotent: true, response: qkd.SetBiasResponse, boards: MOD },
  configureChannel: { idempotent: true, response: qkd.ConfigureChannelResponse, boards: TAG },
  setInputDelays: { idempotent: true, response: qkd.Empty, boards: TAG },
  // A new stream id each time.
  startTagStream: { idempotent: false, response: qkd.StartTagStreamResponse, boards: TAG },
  stopTagStream: { idempotent: true, response: qkd.Empty, boards: TAG },
  // Cumulative credit limit, so a repeat grants nothing more.
  grantCredit: { idempotent: true, response: qkd.GrantCreditResponse, boards: TAG },
  getCountRates: { idempotent: true, response: qkd.GetCountRatesResponse, boards: TAG },
  runHistogram: { idempotent: false, response: qkd.RunHistogramResponse, boards: TAG },
} as const satisfies { readonly [M in MethodName]: MethodSpec<unknown> };

/** The decoded response body of method M. */
export type ResponseOf<M extends MethodName> = InstanceType<(typeof METHODS)[M]['response']>;

export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(METHODS, name);
}

/** Event names: the fields of the `Event.body` oneof. */
export type EventName = NonNullable<qkd.Event['body']>;
/** Class of each event body, so listeners get decoded instances with defaults filled in. */
export const EVENTS = {
  tagBatch: qkd.TagBatch,
  telemetry: qkd.Telemetry,
  interlock: qkd.InterlockEvent,
  histogram: qkd.HistogramResult,
  fault: qkd.FaultEvent,
} as const satisfies { readonly [E in EventName]: { new (): unknown } };

/** The decoded body of event E. */
export type EventOf<E extends EventName> = InstanceType<(typeof EVENTS)[E]>;
