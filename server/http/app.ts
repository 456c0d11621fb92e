// createApp(deps): the Hono app with every route wired and nothing started, so tests can drive
// it with app.request() or behind a real listener.
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from './deps.js';
import { apiRoutes } from './api/index.js';
import { dashboardRoutes } from './dashboard/index.js';
import { apiError } from './responses.js';
import { slackRoutes } from './slack/index.js';

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/healthz', async (c) => {
    await deps.store.ping();
    return c.json({ ok: true });
  });
  app.route('/api/v1', apiRoutes(deps));
  app.route('/slack', slackRoutes(deps));
  app.route('/', dashboardRoutes(deps));

  app.notFound((c) => c.json(apiError('not_found', `no route for ${c.req.method} ${c.req.path}`), 404));
  app.onError((err, c) => {
    deps.logger.error('request failed', { method: c.req.method, path: c.req.path, error: err });
    return c.json(apiError('internal', 'internal error; see the server log'), 500);
  });
  return app;
}
