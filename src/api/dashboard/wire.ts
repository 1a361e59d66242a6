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
  /** Tags of this channel in the last second, counts/s. */
  countsPerS: number;
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

export interface DashboardSnapshotJson {
  /** Increments with every snapshot of this stream (from 1). */
  seq: number;
  status: StatusJson;
  /** A frame whose key-basis QBER is above this is dropped (thresholds.qberMax). */
  qberMax: number;
  /** The receiver's detectors; null on the transmitter (the histogram lives on the receiver). */
  detector: DetectorJson | null;
}
