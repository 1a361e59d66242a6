/** Prometheus metrics of a node: the registry read from the node at scrape time, and the GET /metrics route. */
export { NodeMetrics, metricsForNode, ETSI_LATENCY_BUCKETS_S, type NodeMetricsOptions } from './node-metrics.ts';
export { metricsRoute, METRICS_PATH } from './metrics-route.ts';
export type { MeteredNode, EtsiRequestRecord } from './metered-node.ts';
