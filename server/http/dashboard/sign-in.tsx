// Sign-in with the dashboard token and sign-out. The form carries a signed nonce that must
// equal its cookie (no login CSRF); a good token gets a signed, HttpOnly, SameSite=Strict
// session cookie with an expiry. Every attempt, good or bad, and every sign-out is audited.
import type { Context } from 'hono';
import { auditNoise } from '../audit-noise.js';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { DashboardSessions, SIGN_IN_NONCE_TTL_MS } from '../../auth/session.js';
import type { AppDeps } from '../deps.js';
import { appendAudit, type AuditInput } from '../../store/audit.js';
import { Layout } from './layout.js';
import { safeNextPath, SESSION_COOKIE } from './require-session.js';

export const SIGN_IN_COOKIE = 'secretgate_sign_in';

const userAgent = (c: Context) => (c.req.header('user-agent') ?? '').slice(0, 200);

function audit(deps: AppDeps, input: AuditInput): void {
  deps.db.transaction(() => appendAudit(deps.db, input, deps.now()));
}

function signInForm(c: Context, sessions: DashboardSessions, deps: AppDeps, next: string, error: string | null, status: 200 | 401 | 403) {
  const nonce = sessions.signInNonce();
  setCookie(c, SIGN_IN_COOKIE, nonce, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: deps.config.dashboard.secureCookies,
    path: '/sign-in',
    maxAge: Math.floor(SIGN_IN_NONCE_TTL_MS / 1000),
  });
  return c.html(
    <Layout title="Sign in" nonce={c.get('cspNonce')}>
      <div class="signin">
        <h1>Sign in</h1>
        <p class="sub">Reviews and their audit trail are for approvers and auditors. Enter the dashboard token.</p>
        {error ? (
          <p class="error" role="alert" id="sign-in-error">
            {error}
          </p>
        ) : null}
        <form method="post" action="/sign-in">
          <input type="hidden" name="nonce" value={nonce} />
          <input type="hidden" name="next" value={next} />
          <label for="token">Dashboard token</label>
          <input id="token" name="token" type="password" autocomplete="current-password" required autofocus />
          <button class="primary" type="submit">
            Sign in
          </button>
        </form>
      </div>
    </Layout>,
    status,
  );
}

export function showSignIn(c: Context, sessions: DashboardSessions, deps: AppDeps) {
  const next = safeNextPath(c.req.query('next'));
  if (sessions.read(getCookie(c, SESSION_COOKIE))) return c.redirect(next, 303);
  return signInForm(c, sessions, deps, next, null, 200);
}

export async function signIn(c: Context, sessions: DashboardSessions, deps: AppDeps) {
  const form = await c.req.parseBody();
  const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : undefined);
  const next = safeNextPath(field('next'));
  if (!sessions.isValidSignInNonce(getCookie(c, SIGN_IN_COOKIE), field('nonce'))) {
    auditNoise(deps, { type: 'dashboard.sign_in_failed', actor: null, data: { reason: 'form_expired_or_forged', userAgent: userAgent(c) } });
    return signInForm(c, sessions, deps, next, 'The sign-in form expired or did not come from this server. Try again.', 403);
  }
  if (!sessions.isDashboardToken(field('token') ?? '')) {
    if (auditNoise(deps, { type: 'dashboard.sign_in_failed', actor: null, data: { reason: 'wrong_token', userAgent: userAgent(c) } })) {
      deps.logger.warn('dashboard sign-in refused', { reason: 'wrong_token' });
    }
    return signInForm(c, sessions, deps, next, 'That is not the dashboard token.', 401);
  }
  const { session, cookie } = sessions.issue();
  audit(deps, {
    type: 'dashboard.signed_in',
    actor: DashboardSessions.auditName(session),
    data: { expiresAt: new Date(session.expiresAtMs).toISOString(), userAgent: userAgent(c) },
  });
  deleteCookie(c, SIGN_IN_COOKIE, { path: '/sign-in', secure: deps.config.dashboard.secureCookies });
  setCookie(c, SESSION_COOKIE, cookie, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: deps.config.dashboard.secureCookies,
    path: '/',
    maxAge: Math.floor((session.expiresAtMs - deps.now()) / 1000),
    expires: new Date(session.expiresAtMs),
  });
  return c.redirect(next, 303);
}

export async function signOut(c: Context, sessions: DashboardSessions, deps: AppDeps) {
  const session = c.get('dashboardSession');
  const form = await c.req.parseBody();
  if (!sessions.isValidCsrfToken(session, typeof form['csrf'] === 'string' ? form['csrf'] : undefined)) {
    return c.text('The form did not carry this session’s CSRF token.', 403);
  }
  sessions.revoke(session);
  audit(deps, { type: 'dashboard.signed_out', actor: DashboardSessions.auditName(session) });
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: deps.config.dashboard.secureCookies });
  return c.redirect('/sign-in', 303);
}
