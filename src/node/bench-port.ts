/**
 * What a node needs from its bench, whatever drives it: the real board
 * drivers, the simulated bench over pseudo-terminals, or an in-process
 * generator in tests. The node loop depends on these two interfaces only.
 */
import type { ReceiverDetections } from './frame/receiver-frame.ts';

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
