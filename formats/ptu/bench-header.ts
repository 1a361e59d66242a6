/**
 * The header tags of a qkdd recording: PicoQuant's own tags that any PTU
 * reader needs (mode, record type, resolution, number of records) and our
 * bench's, under a `QKD_` prefix (pulse rate, which tagger channel is which
 * detector, the gate, the distance when known, node id). Written by
 * `qkdctl record`, read back by `qkdctl analyze` and `qkd-sim --replay`.
 */
import type { PtuHeader, PtuTag } from './header.ts';
import { MEASUREMENT_MODE_T2, QKDD_RECORD_TYPE } from './layout.ts';

/** What a recording says about the bench it came from; every field optional. */
export interface BenchRecordingInfo {
  readonly nodeId?: string;
  /** Source pulse rate (Hz): slot k is emitted at k · 1e12 / rate ps on the tagger's clock. */
  readonly pulseRateHz?: number;
  /** Tagger channel of each BB84 detector. */
  readonly channels?: { readonly h: number; readonly v: number; readonly d: number; readonly a: number };
  /** Emission edge → gate opening, ps (includes the time of flight). */
  readonly gateDelayPs?: number;
  readonly gateWidthPs?: number;
  readonly slotsPerFrame?: number;
  readonly distanceKm?: number;
  /** When the recording started. */
  readonly createdAt?: Date;
  readonly comment?: string;
}

/** Tags patched in place when the recording closes (Int8 values). */
export const PATCHED_TAGS = {
  numberOfRecords: 'TTResult_NumberOfRecords',
  acquisitionTimeMs: 'MeasDesc_AcquisitionTime',
  stopAfterMs: 'TTResult_StopAfter',
  tagCount: 'QKD_TagCount',
} as const;

/** Seconds per T2 time-tag unit: the tagger's resolution, 1 ps. */
export const GLOBAL_RESOLUTION_S = 1e-12;

const int = (ident: string, value: number, index = -1): PtuTag => ({ ident, index, value: { type: 'Int8', value } });
const float = (ident: string, value: number): PtuTag => ({ ident, index: -1, value: { type: 'Float8', value } });
const text = (ident: string, value: string): PtuTag => ({ ident, index: -1, value: { type: 'AnsiString', value } });

/** The header tags of a recording, in file order (Header_End is added by the encoder). */
export function benchHeaderTags(info: BenchRecordingInfo, software = { name: 'qkdd', version: '0' }): PtuTag[] {
  const tags: PtuTag[] = [
    { ident: 'File_CreatingTime', index: -1, value: { type: 'TDateTime', value: info.createdAt ?? new Date() } },
    text('File_Comment', info.comment ?? 'qkdd time-tag recording (T2, 1 ps)'),
    text('CreatorSW_Name', software.name),
    text('CreatorSW_Version', software.version),
    int('Measurement_Mode', MEASUREMENT_MODE_T2),
    int('Measurement_SubMode', 0),
    int('TTResultFormat_TTTRRecType', QKDD_RECORD_TYPE),
    int('TTResultFormat_BitsPerRecord', 32),
    float('MeasDesc_GlobalResolution', GLOBAL_RESOLUTION_S),
    float('MeasDesc_Resolution', GLOBAL_RESOLUTION_S),
    int(PATCHED_TAGS.acquisitionTimeMs, 0),
    int(PATCHED_TAGS.stopAfterMs, 0),
    int(PATCHED_TAGS.numberOfRecords, 0),
    int(PATCHED_TAGS.tagCount, 0),
  ];
  if (info.pulseRateHz !== undefined) {
    tags.push(int('TTResult_SyncRate', Math.round(info.pulseRateHz)));
    tags.push(float('QKD_PulseRateHz', info.pulseRateHz));
  }
  if (info.channels) {
    tags.push(int('HW_InpChannels', Math.max(info.channels.h, info.channels.v, info.channels.d, info.channels.a) + 1));
    tags.push(int('QKD_ChannelH', info.channels.h), int('QKD_ChannelV', info.channels.v));
    tags.push(int('QKD_ChannelD', info.channels.d), int('QKD_ChannelA', info.channels.a));
  }
  if (info.gateDelayPs !== undefined) tags.push(int('QKD_GateDelayPs', Math.round(info.gateDelayPs)));
  if (info.gateWidthPs !== undefined) tags.push(int('QKD_GateWidthPs', Math.round(info.gateWidthPs)));
  if (info.slotsPerFrame !== undefined) tags.push(int('QKD_SlotsPerFrame', info.slotsPerFrame));
  if (info.distanceKm !== undefined) tags.push(float('QKD_DistanceKm', info.distanceKm));
  if (info.nodeId !== undefined) tags.push(text('QKD_NodeId', info.nodeId));
  return tags;
}

/** The bench fields a header holds (a PTU file from other software has none of the QKD_ tags). */
export function benchInfoOf(header: PtuHeader): BenchRecordingInfo {
  const h = header.number('QKD_ChannelH');
  const v = header.number('QKD_ChannelV');
  const d = header.number('QKD_ChannelD');
  const a = header.number('QKD_ChannelA');
  const pulseRateHz = header.number('QKD_PulseRateHz') ?? header.number('TTResult_SyncRate');
  const out: Record<string, unknown> = {
    nodeId: header.string('QKD_NodeId'),
    pulseRateHz: pulseRateHz && pulseRateHz > 0 ? pulseRateHz : undefined,
    channels: h !== undefined && v !== undefined && d !== undefined && a !== undefined ? { h, v, d, a } : undefined,
    gateDelayPs: header.number('QKD_GateDelayPs'),
    gateWidthPs: header.number('QKD_GateWidthPs'),
    slotsPerFrame: header.number('QKD_SlotsPerFrame'),
    distanceKm: header.number('QKD_DistanceKm'),
    createdAt: header.date('File_CreatingTime'),
    comment: header.string('File_Comment'),
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as BenchRecordingInfo;
}
