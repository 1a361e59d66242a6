/** The web dashboard of a node (read-only): its control-API routes, the live feed and the page's files. */
export { dashboardRoutes, type DashboardRoutes } from './dashboard-routes.ts';
export { DashboardFeed, type DashboardFeedOptions, type DashboardNode, gateHistogramFor } from './dashboard-feed.ts';
export { DashboardFiles, DASHBOARD_PUBLIC_DIR, packageRoot } from './static-files.ts';
export type { DashboardSnapshotJson, DetectorJson, DetectorChannelJson } from './wire.ts';
