// dashboardRoutes(deps): the "View details" pages, wired. Every path gets the security headers;
// every POST must come from this origin; every page but sign-in needs a session. Without
// SECRETGATE_DASHBOARD_TOKEN every path answers 503 and says how to turn the dashboard on.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DashboardSessions } from '../../auth/session.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { DASHBOARD_CSS, ICON_SVG, LOCAL_TIME_JS } from './assets.js';
import { exportTrail } from './export.js';
import { ASSETS, Layout } from './layout.js';
import { requireSession } from './require-session.js';
import { reviewListPage } from './review-list.js';
import { reviewPage } from './review-page.js';
import { isSameOriginRequest, securityHeaders } from './security.js';
import { showSignIn, signIn, signOut } from './sign-in.js';

/**
 * The paths the dashboard answers; middleware is bound to these only, never to the API's.
 * (`/reviews/*` also matches `/reviews` itself.)
 */
const PAGE_PATHS = ['/', '/reviews/*', '/sign-in', '/sign-out', '/audit/*'] as const;
const MAX_FORM_BYTES = 16 * 1024;

const asset = (body: string, type: string) => (c: Context) =>
  c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=3600' });

export function dashboardRoutes(deps: AppDeps): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  const { dashboard } = deps.config;
  const headers = securityHeaders({ https: dashboard.secureCookies });

  r.use(`${ASSETS}/*`, headers);
  r.get(`${ASSETS}/dashboard.css`, asset(DASHBOARD_CSS, 'text/css; charset=utf-8'));
  r.get(`${ASSETS}/local-time.js`, asset(LOCAL_TIME_JS, 'text/javascript; charset=utf-8'));
  r.get(`${ASSETS}/icon.svg`, asset(ICON_SVG, 'image/svg+xml'));

  for (const path of PAGE_PATHS) r.use(path, headers);

  if (!dashboard.token) {
    for (const path of PAGE_PATHS) {
      r.all(path, (c) =>
        c.html(
          <Layout title="Dashboard disabled" nonce={c.get('cspNonce')}>
            <div class="notice">
              <h1>The dashboard is disabled</h1>
              <p>
                This server has no <code>SECRETGATE_DASHBOARD_TOKEN</code>. Set it (16 or more characters, e.g. the output of{' '}
                <code>openssl rand -hex 24</code>) and restart the server to turn on the review pages.
              </p>
              <p class="muted">Reviews are still decided in Slack, and the API works as before.</p>
            </div>
          </Layout>,
          503,
        ),
      );
    }
    return r;
  }

  const sessions = new DashboardSessions({ token: dashboard.token, ttlMs: dashboard.sessionSeconds * 1000, now: deps.now });
  const forms = bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => c.text('The form is too large.', 413) });
  for (const path of PAGE_PATHS) {
    r.on(['POST', 'PUT', 'PATCH', 'DELETE'], path, async (c, next) => {
      if (!isSameOriginRequest(c.req.raw, deps.config.publicUrl)) {
        deps.logger.warn('dashboard request from another origin refused', { path: c.req.path });
        return c.text('Refused: this form was not sent from a page of this server.', 403);
      }
      await next();
    });
  }

  r.get('/sign-in', (c) => showSignIn(c, sessions, deps));
  r.post('/sign-in', forms, (c) => signIn(c, sessions, deps));

  const signedIn = requireSession(sessions);
  const csrf = (c: Context) => sessions.csrfToken(c.get('dashboardSession'));
  r.get('/', signedIn, (c) => c.redirect('/reviews', 303));
  r.get('/reviews', signedIn, (c) => reviewListPage(c, deps.db, csrf(c)));
  r.get('/reviews/:id', signedIn, async (c) => {
    const slackWorkspaceUrl = deps.slackWorkspace ? await deps.slackWorkspace.url() : dashboard.slackWorkspaceUrl;
    return reviewPage(c, deps.db, { ...dashboard, slackWorkspaceUrl }, csrf(c), deps.config.githubServerUrl);
  });
  r.post('/sign-out', signedIn, forms, (c) => signOut(c, sessions, deps));
  r.post('/audit/export', signedIn, forms, (c) => exportTrail(c, sessions, deps));
  return r;
}
