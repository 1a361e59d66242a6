/**
 * What a node needs from its bench, whatever drives it: the real board
 * drivers, the simulated bench over pseudo-terminals, or an in-process
 * generator in tests. The node loop depends on these two interfaces only.
 */
import type { ReceiverDetections } from './frame/receiver-frame.ts';
import type { DelayTrackerSnapshot } from './delay-tracking.ts';

/** The transmitter's boards: photon source and polarization modulator. */
export interface TransmitterBench {
  readonly slotsPerFrame: number;
  /**
   * Hand the boards the pattern of one frame (packed, src/pipeline/sifting/pattern.ts)
   * and let them emit it; resolves with the frame index the boards emit it
   * under, which the receiver's detector reports with its tags.
   */
  emitFrame(pattern: Uint32Array): Promise<number>;
  close(): Promise<void>;
}

/**
 * A transmitter bench whose boards draw the choices themselves
 * (FEATURE_ONBOARD_CHOICES, firmware-protocol/FRAMING.md §11): the host
 * never handles a whole frame's pattern, only the detected slots' choices.
 */
export interface DrawsChoicesOnBoard {
  /** Both pattern boards draw on board now (they announced the feature). */
  readonly drawsOnBoard: boolean;
  /** Emit one frame drawn on the boards; resolves with its frame index. */
  emitDrawnFrame(): Promise<number>;
  /**
   * Writes the nibbles (src/pipeline/sifting/pattern.ts) the boards drew for
   * `slots[0..count)` of frame `frameId` (strictly ascending) into `pattern`
   * (zeroed by the caller; other slots stay 0).
   */
  readChoices(frameId: number, slots: Uint32Array, count: number, pattern: Uint32Array): Promise<void>;
}

export function drawsChoicesOnBoard(b: TransmitterBench): b is TransmitterBench & DrawsChoicesOnBoard {
  const d = b as TransmitterBench & Partial<DrawsChoicesOnBoard>;
  return typeof d.emitDrawnFrame === 'function' && d.drawsOnBoard === true;
}

export interface DetectedFrame {
  frameId: number;
  detections: ReceiverDetections;
}

/** The receiver's boards: detectors and time tagger, with the timing stage applied. */
export interface ReceiverBench {
  readonly slotsPerFrame: number;
  /** The next frame's detections, in frame order; null once the bench is closed. */
  nextFrame(): Promise<DetectedFrame | null>;
  close(): Promise<void>;
}

/**
 * Raw detector tags as they arrive, before frame assembly: for recording and
 * for the dashboard's time histogram. `channels[i]` and `timestampsPs[i]`
 * (absolute, on the tagger's clock) for i < channels.length; the arrays are
 * the tag stream's own and valid only during the call (copy what you keep).
 */
export type TagListener = (channels: Uint8Array, timestampsPs: Float64Array) => void;

/** Receiver benches that can hand out their raw tags implement this. */
export interface TapsTags {
  /** Calls `listener` with every tag batch until the returned function is called. */
  onTags(listener: TagListener): () => void;
}

/** A board of the bench was lost (unplugged, silent) or is back; the node raises an alarm. */
export interface BoardStateEvent {
  board: string;
  state: 'lost' | 'restored';
  detail?: string;
}

/** Benches that can report board losses implement this (generation pauses by itself while a board is away). */
export interface ReportsBoardState {
  onBoardState(listener: (event: BoardStateEvent) => void): void;
}

/**
 * One reading of the bench's health for the safety monitor (src/node/safety):
 * what the boards report in their status and telemetry. A board that is away
 * (reconnecting) or did not answer is left out; its loss is the board-lost alarm.
 */
export interface BenchHealth {
  /** PCB temperature of each board that answered, °C. */
  readonly boardTemperatures: readonly { readonly board: string; readonly degc: number }[];
  /** The photon source, when this bench has one and it answered. */
  readonly source?: {
    readonly interlockOpen: boolean;
    /** The source is running (emitting its pattern), by its run state. */
    readonly emitting: boolean;
    readonly laserCurrentMa: number;
    readonly laserTemperatureDegc: number;
  };
  /** The detectors, by tagger channel, when this bench has a time tagger and it answered. */
  readonly detectors?: readonly {
    readonly channel: number;
    readonly countsPerSecond: number;
    readonly temperatureDegc?: number;
    /** Dead time the board applied to the channel (ConfigureChannelResponse), ns. */
    readonly deadTimeNs?: number;
  }[];
}

/** Benches whose boards report safety and health state implement this (the node's safety monitor reads it). */
export interface ReportsBenchHealth {
  /** The interlock changed (the source's InterlockEvent), pushed as it happens. */
  onInterlock(listener: (open: boolean) => void): void;
  /** Reads the status and telemetry of every connected board; never rejects (boards that fail are left out). */
  readHealth(): Promise<BenchHealth>;
}

/**
 * Transmitter benches whose modulator bias can be trimmed while emitting (polarization
 * tracking, src/node/polarization-tracking.ts) implement this. The bias applies from the
 * moment the board gets it, also inside a frame already armed.
 */
export interface AdjustsModulatorBias {
  setModulatorBias(biasV: number): Promise<void>;
}

/**
 * Transmitter benches whose modulator drive table can be changed between frames (qkdctl calibrate
 * polarization, POST /api/v1/modulator) implement this: the boards stop, the table is configured,
 * and the next frame starts them again. The caller lets its frames in flight finish first.
 */
export interface ConfiguresModulator {
  setModulatorDriveTable(stateVoltagesV: readonly [number, number, number, number]): Promise<void>;
}

/**
 * Receiver benches that can track the delay (config tracking.delay, src/node/delay-tracking.ts):
 * the tracker's state for the node's status, or null when tracking is off.
 */
export interface TracksDelay {
  delayTracking(): DelayTrackerSnapshot | null;
}

/**
 * Transmitter benches that restart their emission after a board error or a
 * cut (interlock, power loss) implement this: the frames armed before the
 * restart were not emitted whole and will never be detected, so the node
 * drops the ones the receiver has not reported on at once instead of
 * holding their in-flight slots until the frame timeout.
 */
export interface ReportsEmissionRestarts {
  onEmissionRestart(listener: (reason: string) => void): void;
}

export function reportsEmissionRestarts(bench: object): bench is ReportsEmissionRestarts {
  return typeof (bench as Partial<ReportsEmissionRestarts>).onEmissionRestart === 'function';
}

export function tracksDelay(bench: object): bench is TracksDelay {
  return typeof (bench as Partial<TracksDelay>).delayTracking === 'function';
}

export function configuresModulator(bench: object): bench is ConfiguresModulator {
  return typeof (bench as Partial<ConfiguresModulator>).setModulatorDriveTable === 'function';
}

export function adjustsModulatorBias(bench: object): bench is AdjustsModulatorBias {
  return typeof (bench as Partial<AdjustsModulatorBias>).setModulatorBias === 'function';
}

export function tapsTags(bench: object): bench is TapsTags {
  return typeof (bench as Partial<TapsTags>).onTags === 'function';
}

export function reportsBenchHealth(bench: object): bench is ReportsBenchHealth {
  const b = bench as Partial<ReportsBenchHealth>;
  return typeof b.onInterlock === 'function' && typeof b.readHealth === 'function';
}
