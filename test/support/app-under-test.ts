// An app for app.request() tests: createApp over real parts (a SQLite file in a temp dir, the
// real config loader) with a clock the test moves. Nothing listens. The dashboard is on by
// default (its sign-in helpers are here too); the Slack and API routes are always there.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { createApp } from '../../server/http/app.js';
import { TokenVerifier } from '../../server/auth/tokens.js';
import { loadConfig } from '../../server/config/index.js';
import type { AppDeps, AppEnv } from '../../server/http/deps.js';
import { silentLogger } from '../../server/log.js';
import { ApproverPolicy } from '../../server/auth/approvers.js';
import type { SlackApi } from '../../server/slack/client.js';
import { ReplayGuard } from '../../server/http/slack/replay.js';
import { loadOrCreateFingerprintKey } from '../../server/store/fingerprint-key.js';
import { openStore } from '../../server/store/db.js';
import { openReview } from '../../server/reviews/open.js';
import type { ReviewPorts } from '../../server/reviews/ports.js';
import type { Database } from '../../server/store/sqlite.js';
import { Waiters } from '../../server/reviews/waiters.js';
import { reviewPortsOn } from './review-ports.js';
import { reviewRequest, tempDir, testEnv } from './server-harness.js';

export const DASHBOARD_TOKEN = 'dash-test-token-5f1c0a9e7b3d2468';
export const ORIGIN = 'http://dashboard.test';

export interface AppUnderTest {
  app: Hono<AppEnv>;
  db: Database;
  /** The state changes' ports over the same database and clock. */
  reviews: ReviewPorts;
  clock: { now: number };
  close(): void;
}

export function appUnderTest(env: Record<string, string> = { SECRETGATE_DASHBOARD_TOKEN: DASHBOARD_TOKEN }): AppUnderTest {
  const dir = tempDir('secretgate-dashboard-');
  const config = loadConfig(testEnv('http://127.0.0.1:9/api/', join(dir, 'secretgate.db'), { SECRETGATE_PUBLIC_URL: `${ORIGIN}/`, ...env }));
  const db = openStore(config.dbPath);
  const clock = { now: Date.parse('2026-11-20T10:00:00Z') };
  const now = () => clock.now;
  const slack = {} as SlackApi; // the dashboard never calls Slack
  const reviews = reviewPortsOn(db, now);
  const deps: AppDeps = {
    config,
    db,
    store: reviews.store,
    reviews,
    logger: silentLogger,
    slack,
    policy: new ApproverPolicy({ users: [], groups: [], groupMembers: async () => [], logger: silentLogger, now }),
    waiters: new Waiters(),
    tokens: new TokenVerifier(config.apiTokens),
    oidc: null,
    replay: new ReplayGuard(now),
    kickOutbox: () => {},
    fingerprintKey: loadOrCreateFingerprintKey(db, now()),
    now,
  };
  return {
    app: createApp(deps),
    db,
    reviews,
    clock,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Stores a review directly (the API's own path is tested elsewhere); returns its ID. */
export async function storeReview(t: AppUnderTest, overrides: Parameters<typeof reviewRequest>[0] = {}, id = `rev-${Math.random().toString(16).slice(2)}`): Promise<string> {
  await openReview(t.reviews, reviewRequest(overrides), { id, requestedBy: 'token:test', requestHash: id, channel: 'C0REVIEWS' });
  return id;
}

/** The `name=value` pairs a response sets, by name. */
export function setCookies(res: Response): Map<string, { value: string; attributes: string }> {
  const out = new Map<string, { value: string; attributes: string }>();
  for (const line of res.headers.getSetCookie()) {
    const [pair, ...attrs] = line.split(';');
    const eq = pair!.indexOf('=');
    out.set(pair!.slice(0, eq).trim(), { value: pair!.slice(eq + 1).trim(), attributes: attrs.join(';').trim() });
  }
  return out;
}

/** Signs in the way a browser would: GET the form, POST it back with its nonce cookie. */
export async function signIn(t: AppUnderTest, token = DASHBOARD_TOKEN): Promise<{ res: Response; cookie: string | undefined }> {
  const form = await t.app.request(`${ORIGIN}/sign-in`);
  const nonceCookie = setCookies(form).get('secretgate_sign_in')!.value;
  const nonce = /name="nonce" value="([^"]+)"/.exec(await form.text())![1]!;
  const res = await t.app.request(`${ORIGIN}/sign-in`, {
    method: 'POST',
    headers: { origin: ORIGIN, cookie: `secretgate_sign_in=${nonceCookie}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ nonce, token, next: '/reviews' }).toString(),
  });
  return { res, cookie: setCookies(res).get('secretgate_session')?.value };
}

/** The CSRF token a signed-in page carries in its forms. */
export async function csrfOf(t: AppUnderTest, cookie: string): Promise<string> {
  const page = await t.app.request(`${ORIGIN}/reviews`, { headers: { cookie: `secretgate_session=${cookie}` } });
  return /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!;
}
