/**
 * Time-tag recording over the control API: the route that streams a
 * receiver's raw tags (`GET /api/v1/tags?seconds=N`), its binary framing,
 * and the bench description a recording's header carries.
 */
import type { BenchConfig } from '../../config/index.ts';
import type { TagStreamStart } from './tag-wire.ts';

export {
  tagStreamRoute,
  TAG_STREAM_PATH,
  MAX_RECORD_SECONDS,
  DEFAULT_MAX_BUFFERED_BYTES,
  type TagSource,
  type TagStreamRouteOptions,
} from './tag-stream-route.ts';
export {
  TagStreamDecoder,
  encodeTagsFrame,
  encodeJsonFrame,
  TAG_STREAM_MAGIC,
  TAG_STREAM_CONTENT_TYPE,
  FRAME_START,
  FRAME_TAGS,
  FRAME_END,
  type TagStreamStart,
  type TagStreamEnd,
  type TagStreamEvent,
} from './tag-wire.ts';

/** The bench fields of a recording's START frame, from the node's config (distance: not in the config, so unknown). */
export function recordingBench(cfg: BenchConfig): Omit<TagStreamStart, 'seconds' | 'startedAtMs'> {
  const det = cfg.detector;
  return {
    nodeId: cfg.node.id,
    bench: {
      pulseRateHz: cfg.source.rateHz,
      slotsPerFrame: cfg.frame.slots,
      ...(det ? { channels: { ...det.channels }, gateDelayPs: Math.round(det.gateDelayPs), gateWidthPs: Math.round(det.gateWidthPs) } : {}),
    },
  };
}
