// The pages people open in a browser: the review dashboard ("View details" in Slack, `url` in
// API answers). It lives in server/routes/dashboard/; this is where createApp mounts it.
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../deps.js';
import { dashboardRoutes } from './dashboard/index.js';

export function pageRoutes(deps: AppDeps): Hono<AppEnv> {
  return dashboardRoutes(deps);
}
