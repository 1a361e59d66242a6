/**
 * What a board kind plugs into the generic firmware (firmware.ts): its
 * identity and capabilities, its own handlers, its state for GetStatus and
 * telemetry, and its reset. Events go out through the `EventOutlet` the
 * firmware hands it.
 */
import type { Identity, qkd } from '../../firmware-protocol/index.ts';
import type { Behaviour } from './behaviour.ts';

/** An event body without its per-connection sequence number (the firmware numbers events). */
export type EventBody = Omit<qkd.Event.$Properties, 'eventSeq'>;

/** Where a board model sends events; the firmware drops them while in console mode. */
export interface EventOutlet {
  emit(body: EventBody): void;
  /** True while events can reach the host (binary mode, plugged in). */
  readonly live: boolean;
}

export type BoardTelemetry = Pick<qkd.Telemetry.$Properties, 'source' | 'modulator' | 'tagger'>;

export interface BoardModel {
  readonly kind: qkd.BoardKind;
  readonly identity: Identity;
  /** Feature bits beyond the common ones the firmware sets itself. */
  readonly featureFlags: number;
  readonly maxPatternSlots: number;
  /** Pattern boards with FEATURE_ONBOARD_CHOICES: slots of drawn symbols kept for ReadChoices. */
  readonly choiceMemorySlots?: number;
  readonly channelCount: number;
  /** Board-specific handlers; the firmware adds the common ones. */
  readonly behaviour: Behaviour;
  attach(outlet: EventOutlet): void;
  runState(): qkd.RunState;
  interlock(): qkd.InterlockState;
  /** Frame being played on the bench clock. */
  currentFrame(): number;
  lastFault(): string;
  boardTemperatureDegc(): number;
  telemetry(): BoardTelemetry;
  /** ResetRequest, `*RST` and power-up: stop, clear patterns/streams/faults. */
  reset(): void;
}
