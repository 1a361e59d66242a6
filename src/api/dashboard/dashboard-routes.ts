/**
 * The dashboard's routes on the control API (raw routes, behind the same
 * Host/Origin checks as the JSON endpoints):
 *
 *   GET  /                  the page (loopback HTTP only)
 *   GET  /dashboard/<file>  its scripts and styles, and uPlot's (vendor/…)
 *   GET  /api/v1/events     the live feed, server-sent events (socket and HTTP)
 *
 * Read-only: nothing here changes the node. `qkdd run` adds them in
 * src/cli/control-routes.ts.
 */
import type { RawControlRoute } from '../control/server.ts';
import { DashboardFeed, type DashboardFeedOptions } from './dashboard-feed.ts';
import { DashboardFiles } from './static-files.ts';

export interface DashboardRoutes {
  readonly routes: RawControlRoute[];
  readonly feed: DashboardFeed;
}

export function dashboardRoutes(o: DashboardFeedOptions & { readonly files?: DashboardFiles }): DashboardRoutes {
  const feed = new DashboardFeed(o);
  const files = o.files ?? new DashboardFiles();
  if (!files.names.includes('index.html'))
    o.log?.error('dashboard: its page (src/api/dashboard/public/index.html) is missing; / answers 404');
  const routes: RawControlRoute[] = [
    {
      path: '/',
      method: 'GET',
      summary: 'the dashboard (open it in a browser)',
      on: 'http',
      handle: (_req, res) => files.send('index.html', res),
    },
    {
      path: '/dashboard/',
      method: 'GET',
      summary: "the dashboard's scripts and styles",
      on: 'http',
      handle: (req, res) => {
        const path = new URL(req.url ?? '/', 'http://dashboard.invalid').pathname;
        return files.send(decodeURIComponentSafe(path.slice('/dashboard/'.length)), res);
      },
    },
    {
      path: '/api/v1/events',
      method: 'GET',
      summary: 'live dashboard feed: server-sent events (event snapshot, about 1 Hz)',
      handle: (req, res) => feed.serve(req, res),
    },
  ];
  return { routes, feed };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
