// Gatekeeper of the dashboard: a page without a valid session cookie redirects to sign-in
// (remembering where it was going); a POST without one is refused outright.
import { getCookie } from 'hono/cookie';
import type { MiddlewareHandler } from 'hono';
import type { DashboardSessions, Session } from '../../auth/session.js';

declare module 'hono' {
  interface ContextVariableMap {
    dashboardSession: Session;
  }
}

export const SESSION_COOKIE = 'secretgate_session';

/** Only paths of the dashboard itself are followed after sign-in: no open redirect. */
export function safeNextPath(next: string | undefined): string {
  return next && /^\/reviews(\/[\w-]*)?(\?[\w%=&.+:-]*)?$/.test(next) ? next : '/reviews';
}

export function requireSession(sessions: DashboardSessions): MiddlewareHandler {
  return async function requireSession(c, next) {
    const session = sessions.read(getCookie(c, SESSION_COOKIE));
    if (!session) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') {
        const url = new URL(c.req.url);
        return c.redirect(`/sign-in?next=${encodeURIComponent(safeNextPath(url.pathname + url.search))}`, 303);
      }
      return c.text('Sign in first.', 401);
    }
    c.set('dashboardSession', session);
    await next();
  };
}
