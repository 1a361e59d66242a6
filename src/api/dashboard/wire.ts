/**
 * The document the dashboard's event stream pushes (`GET /api/v1/events`,
 * event `snapshot`, about once a second): the control API's status document
 * as it is, plus what only the dashboard shows — the detector's count rate
 * per channel and its time histogram around the gate (receiver), and the
 * QBER threshold. The page (public/dashboard.js) reads these fields; fields
 * are only ever added.
 */
import type { StatusJson } from '../control/wire.ts';

export interface DetectorChannelJson {
  /** `H`, `V`, `D`, `A`. */
  label: string;
  /** Tagger channel. */
  channel: number;
  /**
   * The detector's count rate, counts/s: the board's own counter (its telemetry, as the safety monitor
   * last read it) when there is one, else the tags received in the last second (`countSource`).
   */
  countsPerS: number;
  countSource: 'board' | 'tags';
  /** Tags of this channel the node received in the last second (the stream may lag the detector while frames queue). */
  tagsPerS: number;
  /** counts[b]: tags in histogram bin b during the last second. */
  histogram: number[];
}

export interface DetectorJson {
  /** Length of the period the counts were taken over, s (about 1). */
  periodS: number;
  /** Left edge of the first bin relative to the gate opening, ps (negative: before the gate). */
  startPs: number;
  binPs: number;
  /** The gate is [0, gateWidthPs) on the histogram's axis. */
  gateWidthPs: number;
  gateDelayPs: number;
  slotPeriodPs: number;
  channels: DetectorChannelJson[];
  /** Tags on channels that map to no detector, counts/s. */
  otherCountsPerS: number;
}

/** The bench's last health reading (the safety monitor's), for the source and detector panels. */
export interface HealthJson {
  /** ISO 8601 time of the reading. */
  at: string;
  boardTemperatures: { board: string; degc: number }[];
  source: { interlockOpen: boolean; emitting: boolean; laserCurrentMa: number; laserTemperatureDegc: number } | null;
  detectors: { channel: number; countsPerSecond: number; temperatureDegc: number | null; deadTimeNs: number | null }[] | null;
}

export interface DashboardSnapshotJson {
  /** Increments with every snapshot of this stream (from 1). */
  seq: number;
  status: StatusJson;
  /** A frame whose key-basis QBER is above this is dropped (thresholds.qberMax). */
  qberMax: number;
  /** The receiver's detectors; null on the transmitter (the histogram lives on the receiver). */
  detector: DetectorJson | null;
  /** The boards' last health reading; null when the bench reports none (or before its first reading). */
  health: HealthJson | null;
}
