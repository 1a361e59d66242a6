/**
 * GET /metrics on the control API (loopback HTTP and the Unix socket): the
 * node's Prometheus text exposition (format 0.0.4). A raw route, because it
 * answers with text rather than a JSON document; it passes the control
 * API's Host and Origin checks like every other endpoint.
 */
import type { RawControlRoute } from '../control/index.ts';
import type { NodeMetrics } from './node-metrics.ts';

export const METRICS_PATH = '/metrics';

export function metricsRoute(metrics: NodeMetrics): RawControlRoute {
  return {
    path: METRICS_PATH,
    method: 'GET',
    summary: 'Prometheus metrics (text exposition format 0.0.4)',
    on: 'both',
    handle: async (_req, res) => {
      const text = await metrics.exposition();
      res.writeHead(200, {
        'Content-Type': metrics.contentType,
        'Content-Length': Buffer.byteLength(text),
        'Cache-Control': 'no-store',
      });
      res.end(text);
    },
  };
}
