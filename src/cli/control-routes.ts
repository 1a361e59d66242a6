/**
 * The control API's raw routes of one `qkdd run` process (metrics, the
 * dashboard, event streams, recordings): each feature contributes its routes
 * here, where the process is assembled, so the control server itself stays a
 * JSON router with an extension point.
 */
import type { RawControlRoute } from '../api/control/index.ts';
import { dashboardRoutes } from '../api/dashboard/index.ts';
import { metricsForNode, metricsRoute } from '../api/metrics/index.ts';
import { recordingBench, tagStreamRoute } from '../api/recording/index.ts';
import { patternStreamRoutes } from '../api/recording/patterns-route.ts';
import { calibrationRoutes } from '../api/control/calibration-route.ts';
import { modulatorRoutes } from '../api/control/modulator-route.ts';
import type { BenchConfig } from '../config/index.ts';
import type { Logger } from '../log.ts';
import type { QkdNode } from '../node/qkd-node.ts';

export interface ControlRouteContext {
  readonly node: QkdNode;
  readonly config: BenchConfig;
  readonly log: Logger;
}

export function controlRoutesFor(_ctx: ControlRouteContext): RawControlRoute[] {
  return [
    // Prometheus: GET /metrics (the same registry as the ETSI server's request metrics, key-delivery.ts).
    metricsRoute(metricsForNode(_ctx.node)),
    // The dashboard: GET / (page), /dashboard/ (its files), /api/v1/events (live feed).
    ...dashboardRoutes({ node: _ctx.node, config: _ctx.config, log: _ctx.log }).routes,
    // Raw detector tags for qkdctl record: GET /api/v1/tags?seconds=N.
    tagStreamRoute({ node: _ctx.node, bench: () => recordingBench(_ctx.config) }),
    // The transmitter's frame patterns for qkdctl record --patterns: GET /api/v1/patterns?seconds=N (socket only; burns the frames).
    ...patternStreamRoutes({
      node: _ctx.node,
      bench: () => ({ nodeId: _ctx.config.node.id, slotsPerFrame: _ctx.config.frame.slots, pulseRateHz: _ctx.config.source.rateHz }),
    }),
    // qkdctl calibrate: GET /api/v1/calibration (settings in force, calibration file), POST /api/v1/calibration/SECTION.
    ...calibrationRoutes({ config: _ctx.config }),
    // qkdctl calibrate polarization: GET /api/v1/modulator (settings, recent frame outcomes), POST (set live; transmitter).
    ...modulatorRoutes({ node: _ctx.node }),
  ];
}
