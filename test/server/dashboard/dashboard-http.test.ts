// The dashboard through app.request(): sessions, CSRF, headers, 404/503, filters and exports.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, secretsOf } from '../../../server/config/index.js';
import { auditEvents, verifyAuditChain } from '../../../server/store/audit.js';
import { cancelReview } from '../../../server/reviews/cancel.js';
import { decideReview } from '../../../server/reviews/decide.js';
import { expireForJobTimeout, expireIfOverdue } from '../../../server/reviews/expire.js';
import { testEnv } from '../../support/server-harness.js';
import { appUnderTest, csrfOf, DASHBOARD_TOKEN, ORIGIN, setCookies, signIn, storeReview, type AppUnderTest } from '../../support/app-under-test.js';

let t: AppUnderTest;
beforeEach(() => {
  t = appUnderTest();
});
afterEach(() => t.close());

const get = (path: string, cookie?: string, headers: Record<string, string> = {}) =>
  t.app.request(`${ORIGIN}${path}`, { headers: { ...(cookie ? { cookie: `secretgate_session=${cookie}` } : {}), ...headers } });

const post = (path: string, fields: Record<string, string>, cookie?: string, headers: Record<string, string> = { origin: ORIGIN }) =>
  t.app.request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie: `secretgate_session=${cookie}` } : {}), ...headers },
    body: new URLSearchParams(fields).toString(),
  });

const eventsOfType = (type: string) => [...auditEvents(t.db)].filter((e) => e.type === type);

async function session(): Promise<string> {
  const { cookie } = await signIn(t);
  expect(cookie).toBeTruthy();
  return cookie!;
}

describe('without a session', () => {
  it('redirects every page to sign-in, remembering where it was going, and shows none of it', async () => {
    const id = await storeReview(t, { repository: 'acme/hidden' });
    for (const path of ['/', '/reviews', `/reviews/${id}`, '/reviews?status=pending']) {
      const res = await get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location'), path).toMatch(/^\/sign-in\?next=/);
      expect(await res.text()).not.toContain('acme/hidden');
    }
    expect((await get(`/reviews/${id}`)).headers.get('location')).toBe(`/sign-in?next=${encodeURIComponent(`/reviews/${id}`)}`);
  });

  it('refuses an export and a sign-out with 401 and writes nothing', async () => {
    const before = [...auditEvents(t.db)].length;
    expect((await post('/audit/export', { format: 'jsonl' })).status).toBe(401);
    expect((await post('/sign-out', {})).status).toBe(401);
    expect([...auditEvents(t.db)].length).toBe(before);
  });
});

describe('sign-in', () => {
  it('refuses a wrong token with 401, sets no session and audits the failure without the token', async () => {
    const { res, cookie } = await signIn(t, 'not-the-dashboard-token-at-all');
    expect(res.status).toBe(401);
    expect(cookie).toBeUndefined();
    expect(await res.text()).toContain('That is not the dashboard token.');
    const failed = eventsOfType('dashboard.sign_in_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.data['reason']).toBe('wrong_token');
    expect(JSON.stringify([...auditEvents(t.db)])).not.toContain('not-the-dashboard-token-at-all');
  });

  it('refuses a token that is a prefix or extension of the real one', async () => {
    expect((await signIn(t, DASHBOARD_TOKEN.slice(0, -1))).cookie).toBeUndefined();
    expect((await signIn(t, DASHBOARD_TOKEN + 'x')).cookie).toBeUndefined();
    expect(eventsOfType('dashboard.sign_in_failed')).toHaveLength(2);
  });

  it('sets a signed, HttpOnly, SameSite=Strict session cookie with an expiry and audits the sign-in', async () => {
    const { res, cookie } = await signIn(t);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/reviews');
    const attrs = setCookies(res).get('secretgate_session')!.attributes;
    expect(attrs).toMatch(/HttpOnly/);
    expect(attrs).toMatch(/SameSite=Strict/);
    expect(attrs).toMatch(/Max-Age=43200/);
    expect(attrs).toMatch(/Expires=Fri, 20 Nov 2026 22:00:00 GMT/);
    expect(attrs).toMatch(/Path=\//);
    expect(attrs).not.toMatch(/Secure/); // the public URL is http here
    expect(cookie).toMatch(/^v1\.[\w-]+\.\d+\.[\w-]+$/);
    expect((await get('/reviews', cookie)).status).toBe(200);
    const ok = eventsOfType('dashboard.signed_in');
    expect(ok).toHaveLength(1);
    expect(ok[0]!.actor).toMatch(/^dashboard:[0-9a-f]{12}$/);
  });

  it('marks cookies Secure when the public URL is https', async () => {
    t.close();
    t = appUnderTest({ SECRETGATE_DASHBOARD_TOKEN: DASHBOARD_TOKEN, SECRETGATE_PUBLIC_URL: 'https://secretgate.example.test/' });
    const form = await get('/sign-in');
    expect(setCookies(form).get('secretgate_sign_in')!.attributes).toMatch(/Secure/);
    const { res } = await signIn(t);
    expect(setCookies(res).get('secretgate_session')!.attributes).toMatch(/Secure/);
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });

  it('refuses a sign-in POST without the form nonce or with a forged one (login CSRF)', async () => {
    const noNonce = await post('/sign-in', { token: DASHBOARD_TOKEN });
    expect(noNonce.status).toBe(403);
    expect(setCookies(noNonce).has('secretgate_session')).toBe(false);
    const forged = 'v1.AAAAAAAAAAAAAAAAAAAAAA.9999999999999.AAAA';
    const withForged = await t.app.request(`${ORIGIN}/sign-in`, {
      method: 'POST',
      headers: { origin: ORIGIN, cookie: `secretgate_sign_in=${forged}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ nonce: forged, token: DASHBOARD_TOKEN }).toString(),
    });
    expect(withForged.status).toBe(403);
    expect(setCookies(withForged).has('secretgate_session')).toBe(false);
    expect(eventsOfType('dashboard.sign_in_failed').map((e) => e.data['reason'])).toEqual(['form_expired_or_forged', 'form_expired_or_forged']);
  });

  it('follows only dashboard paths after sign-in (no open redirect)', async () => {
    for (const next of ['https://evil.example/', '//evil.example/reviews', '/\\evil.example', 'javascript:alert(1)']) {
      const form = await get(`/sign-in?next=${encodeURIComponent(next)}`);
      expect(await form.text()).toContain('name="next" value="/reviews"');
    }
    const id = await storeReview(t);
    const form = await get(`/sign-in?next=${encodeURIComponent(`/reviews/${id}`)}`);
    expect(await form.text()).toContain(`name="next" value="/reviews/${id}"`);
  });
});

describe('session cookies', () => {
  it('refuses an expired session', async () => {
    const cookie = await session();
    t.clock.now += 12 * 3600 * 1000 - 1000;
    expect((await get('/reviews', cookie)).status).toBe(200);
    t.clock.now += 2000;
    const res = await get('/reviews', cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/sign-in/);
  });

  it('refuses a tampered cookie: another expiry, another ID, another MAC, or garbage', async () => {
    const cookie = await session();
    const [v, id, exp, mac] = cookie.split('.') as [string, string, string, string];
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    const tampered = [
      [v, id, String(Number(exp) + 3600 * 1000 * 24 * 365), mac],
      [v, flip(id), exp, mac],
      [v, id, exp, flip(mac)],
      [v, id, exp, mac.slice(0, -2)],
      [v, id, exp, ''],
    ].map((p) => p.join('.'));
    for (const bad of [...tampered, 'garbage', `${cookie}x`]) {
      const res = await get('/reviews', bad);
      expect(res.status, bad).toBe(303);
    }
    expect((await get('/reviews', cookie)).status).toBe(200);
  });

  it('refuses a cookie signed under another dashboard token', async () => {
    const other = appUnderTest({ SECRETGATE_DASHBOARD_TOKEN: 'a-different-dashboard-token-000' });
    try {
      const { cookie } = await signIn(other, 'a-different-dashboard-token-000');
      expect(cookie).toBeTruthy();
      expect((await get('/reviews', cookie)).status).toBe(303);
    } finally {
      other.close();
    }
  });

  it('signs out: the cookie is cleared and the same cookie is refused afterwards', async () => {
    const cookie = await session();
    const csrf = await csrfOf(t, cookie);
    const res = await post('/sign-out', { csrf }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in');
    expect(setCookies(res).get('secretgate_session')!.attributes).toMatch(/Max-Age=0/);
    expect((await get('/reviews', cookie)).status).toBe(303);
    expect(eventsOfType('dashboard.signed_out')).toHaveLength(1);
  });
});

describe('CSRF', () => {
  it('refuses a sign-out or export without the session’s CSRF token, or with another session’s', async () => {
    const cookie = await session();
    const otherCsrf = await csrfOf(t, await session());
    const attempts: Record<string, string>[] = [{}, { csrf: '' }, { csrf: otherCsrf }, { csrf: 'x'.repeat(43) }];
    for (const fields of attempts) {
      expect((await post('/sign-out', fields, cookie)).status).toBe(403);
      expect((await post('/audit/export', { ...fields, format: 'jsonl' }, cookie)).status).toBe(403);
    }
    expect(eventsOfType('dashboard.signed_out')).toHaveLength(0);
    expect(eventsOfType('audit.exported')).toHaveLength(0);
    expect((await get('/reviews', cookie)).status).toBe(200);
  });

  it('refuses a POST from another origin even with a valid token, and one with no origin information', async () => {
    const cookie = await session();
    const csrf = await csrfOf(t, cookie);
    const fields = { csrf, format: 'jsonl' };
    expect((await post('/audit/export', fields, cookie, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('/audit/export', fields, cookie, { origin: 'null' })).status).toBe(403);
    expect((await post('/audit/export', fields, cookie, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post('/audit/export', fields, cookie, {})).status).toBe(403);
    expect((await post('/sign-out', { csrf }, cookie, { origin: 'https://evil.example' })).status).toBe(403);
    expect(eventsOfType('audit.exported')).toHaveLength(0);
    expect((await post('/audit/export', fields, cookie, { 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await post('/audit/export', fields, cookie)).status).toBe(200);
    expect(eventsOfType('audit.exported')).toHaveLength(2);
  });
});

describe('headers', () => {
  it('sends CSP without inline script, no framing, nosniff and a referrer policy on every dashboard response', async () => {
    const cookie = await session();
    const id = await storeReview(t);
    const csrf = await csrfOf(t, cookie);
    const responses = {
      'sign-in form': await get('/sign-in'),
      'redirect to sign-in': await get('/reviews'),
      list: await get('/reviews', cookie),
      review: await get(`/reviews/${id}`, cookie),
      'unknown review': await get('/reviews/nope', cookie),
      export: await post('/audit/export', { csrf, format: 'csv' }, cookie),
      'refused POST': await post('/audit/export', { format: 'csv' }, cookie, { origin: 'https://evil.example' }),
      stylesheet: await get('/dashboard/assets/dashboard.css'),
    };
    for (const [what, res] of Object.entries(responses)) {
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, what).toMatch(/^default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]{24}'; /);
      expect(csp, what).toContain("frame-ancestors 'none'");
      expect(csp, what).toContain("form-action 'self'");
      expect(csp, what).not.toContain('unsafe-inline');
      expect(res.headers.get('x-frame-options'), what).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), what).toBe('same-origin');
    }
    expect(responses.review.headers.get('cache-control')).toBe('no-store');
  });

  it('gives each page a fresh nonce that only its one external script carries', async () => {
    const cookie = await session();
    const a = await get('/reviews', cookie);
    const b = await get('/reviews', cookie);
    const nonceOf = (r: Response) => /'nonce-([^']+)'/.exec(r.headers.get('content-security-policy')!)![1]!;
    expect(nonceOf(a)).not.toBe(nonceOf(b));
    const html = await a.text();
    expect(html.startsWith('<!DOCTYPE html><html lang="en">')).toBe(true); // standards mode
    const scripts = html.match(/<script[^>]*>[\s\S]*?<\/script>/g) ?? [];
    expect(scripts).toEqual([`<script src="/dashboard/assets/local-time.js" nonce="${nonceOf(a)}" defer=""></script>`]);
    expect(html).not.toMatch(/ on[a-z]+="/i);
    expect(html).not.toMatch(/ style="/i);
  });

  it('leaves the API’s responses alone', async () => {
    const res = await t.app.request(`${ORIGIN}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBeNull();
  });
});

describe('pages', () => {
  it('answers 404 for an unknown review and for an absurdly long ID', async () => {
    const cookie = await session();
    const res = await get('/reviews/00000000-0000-0000-0000-000000000000', cookie);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('No such review');
    expect((await get(`/reviews/${'a'.repeat(500)}`, cookie)).status).toBe(404);
  });

  it('escapes what callers sent: a file name with markup is text, not HTML', async () => {
    const cookie = await session();
    const req = {
      findings: [
        {
          ruleId: 'generic-api-key',
          description: '<img src=x onerror=alert(1)>',
          severity: 'medium' as const,
          file: 'src/<script>alert(1)</script>.js',
          line: 3,
          redacted: '"><b>…(20)',
          fingerprint: 'sha256:' + 'ab'.repeat(32),
        },
      ],
    };
    const id = await storeReview(t, req);
    const html = await (await get(`/reviews/${id}`, cookie)).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('"><b>');
    expect(html).toContain('src/&lt;script&gt;alert(1)&lt;/script&gt;.js:3');
    expect(html).toContain('href="https://github.com/acme/api/blob/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678/src/%3Cscript%3Ealert(1)%3C/script%3E.js#L3"');
  });

  it('shows a review’s findings, decision with reason, links and its audit events under a verified chain', async () => {
    const cookie = await session();
    const id = await storeReview(t, { runUrl: 'https://github.com/acme/api/actions/runs/42', pullRequest: 7 });
    t.db.prepare('UPDATE reviews SET slack_channel = ?, slack_ts = ? WHERE id = ?').run('C0REVIEWS', '1700000000.000100', id);
    t.clock.now += 60_000;
    await decideReview(t.reviews, { reviewId: id, decision: 'approved', by: 'U0APPROVER', byName: 'Ada', reason: 'test fixture, rotated' });
    const html = await (await get(`/reviews/${id}`, cookie)).text();
    expect(html).toContain('data-status="approved"');
    expect(html).toContain('Ada (U0APPROVER)');
    expect(html).toContain('Reason: “test fixture, rotated”');
    expect(html).toContain('ghp_Ab…(40)');
    expect(html).toContain('href="https://github.com/acme/api/blob/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678/config/settings.yml#L12"');
    expect(html).toContain('href="https://github.com/acme/api/actions/runs/42"');
    expect(html).toContain('href="https://github.com/acme/api/pull/7"');
    expect(html).toContain('href="https://slack.com/app_redirect?channel=C0REVIEWS"');
    expect(html).toContain('data-chain="verified"');
    expect(html).toMatch(/data-seq="\d+" data-type="review.created"[\s\S]*data-seq="\d+" data-type="review.decided"/);
    expect(html).toContain('<time datetime="2026-11-20T10:01:00.000Z">2026-11-20 10:01:00 UTC</time>');
  });

  it('tells an expiry by the job’s own timeout from one at the deadline', async () => {
    const cookie = await session();
    const byJob = await storeReview(t);
    await expireForJobTimeout(t.reviews, byJob, 'token:ci');
    const html = await (await get(`/reviews/${byJob}`, cookie)).text();
    expect(html).toContain('data-status="expired"');
    expect(html).toContain('the job’s own timeout passed without a decision');
    const atDeadline = await storeReview(t, { timeoutSeconds: 1 });
    t.clock.now += 2000;
    expect(await expireIfOverdue(t.reviews, atDeadline)).toBe(true);
    expect(await (await get(`/reviews/${atDeadline}`, cookie)).text()).toContain('the deadline passed without a decision');
  });

  it('names who asked and who decided in words, with the exact principal ID in the title and in the audit trail', async () => {
    const cookie = await session();
    const id = await storeReview(t);
    await cancelReview(t.reviews, id, 'token:3a39d26500dd');
    const html = await (await get(`/reviews/${id}`, cookie)).text();
    const principal = (raw: string, words: string) => `<span class="principal" title="${raw}" data-principal="${raw}">${words}</span>`;
    expect(html).toContain(principal('token:3a39d26500dd', 'the job (token 3a39d26500dd)'));
    expect(html).toContain(principal('token:test', 'the job (token test)'));
    // Outside attributes, the raw IDs appear only in the audit trail's actor column.
    const [page, trail] = html.split('data-type="review.created"');
    expect(page).not.toMatch(/>[^<]*token:(3a39d26500dd|test)/);
    expect(trail).toContain('<td>token:3a39d26500dd</td>');

    const list = await (await get('/reviews?status=cancelled', cookie)).text();
    expect(list).toContain(principal('token:3a39d26500dd', 'the job (token 3a39d26500dd)'));

    const byJob = await storeReview(t);
    await expireForJobTimeout(t.reviews, byJob, 'token:ci');
    expect(await (await get(`/reviews/${byJob}`, cookie)).text()).toContain(principal('system', 'the job’s own timeout'));
    expect(await (await get('/reviews?status=expired', cookie)).text()).toContain(principal('system', 'the job’s own timeout'));
  });

  it('links GitHub on the configured host, and never a run a caller put on another host', async () => {
    t.close();
    t = appUnderTest({ SECRETGATE_DASHBOARD_TOKEN: DASHBOARD_TOKEN, GITHUB_SERVER_URL: 'https://github.example.test' });
    const cookie = await session();
    // Stored directly, as a review created before runUrl was checked could be.
    const id = await storeReview(t, { runUrl: 'https://evil.example/acme/api/actions/runs/42', pullRequest: 7 });
    const html = await (await get(`/reviews/${id}`, cookie)).text();
    expect(html).toContain('href="https://github.example.test/acme/api"');
    expect(html).toContain('href="https://github.example.test/acme/api/pull/7"');
    expect(html).toContain('href="https://github.example.test/acme/api/blob/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678/config/settings.yml#L12"');
    expect(html).not.toContain('evil.example');
    expect(html).not.toContain('href="https://github.com/');
  });

  it('links the Slack message permalink when the workspace URL is configured', async () => {
    t.close();
    t = appUnderTest({ SECRETGATE_DASHBOARD_TOKEN: DASHBOARD_TOKEN, SECRETGATE_SLACK_WORKSPACE_URL: 'https://acme.slack.com' });
    const cookie = await session();
    const id = await storeReview(t);
    t.db.prepare('UPDATE reviews SET slack_channel = ?, slack_ts = ? WHERE id = ?').run('C0REVIEWS', '1700000000.000100', id);
    const html = await (await get(`/reviews/${id}`, cookie)).text();
    expect(html).toContain('href="https://acme.slack.com/archives/C0REVIEWS/p1700000000000100"');
  });

  it('says so when the chain is broken', async () => {
    const cookie = await session();
    const id = await storeReview(t);
    // Go around the append-only triggers, as an attacker with file access would.
    t.db.exec('DROP TRIGGER audit_events_no_update');
    t.db.prepare("UPDATE audit_events SET actor = 'someone-else' WHERE review_id = ?").run(id);
    expect(verifyAuditChain(t.db).ok).toBe(false);
    const html = await (await get(`/reviews/${id}`, cookie)).text();
    expect(html).toContain('data-chain="broken"');
    expect(html).toContain('Chain broken at event');
    expect(html).not.toContain('Chain verified');
  });

  it('filters the list by status, repository and day, and pages through it', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      t.clock.now = Date.parse('2026-11-01T12:00:00Z') + i * 24 * 3600 * 1000;
      ids.push(await storeReview(t, { repository: i % 3 === 0 ? 'globex/web' : 'acme/api' }, `rev-${String(i).padStart(2, '0')}`));
      if (i === 4) await decideReview(t.reviews, { reviewId: 'rev-04', decision: 'rejected', by: 'U0APPROVER' });
    }
    const cookie = await session();
    const rows = async (query: string) => {
      const html = await (await get(`/reviews${query}`, cookie)).text();
      return { ids: [...html.matchAll(/data-review-id="([^"]+)"/g)].map((m) => m[1]), html };
    };
    const page1 = await rows('');
    expect(page1.ids).toHaveLength(25);
    expect(page1.ids[0]).toBe('rev-29'); // newest first
    expect(page1.html).toContain('1–25 of 30');
    expect(page1.html).toContain('href="/reviews?page=2"');
    expect((await rows('?page=2')).ids).toEqual(['rev-04', 'rev-03', 'rev-02', 'rev-01', 'rev-00']);
    expect((await rows('?status=rejected')).ids).toEqual(['rev-04']);
    expect((await rows('?repository=globex')).ids).toHaveLength(10);
    expect((await rows('?repository=GLOBEX%2Fweb&status=pending')).ids).toHaveLength(10);
    expect((await rows('?repository=acme%2Fapi&from=2026-11-03&to=2026-11-05')).ids).toEqual(['rev-04', 'rev-02']);
    expect((await rows('?status=bogus&from=yesterday')).ids).toHaveLength(25); // malformed filters are dropped
    const filtered = await rows('?status=pending&page=1');
    expect(filtered.html).toContain('href="/reviews?status=pending&amp;page=2"');
    expect((await rows('?status=pending&page=2')).ids).toHaveLength(4);
  });
});

describe('exports', () => {
  it('exports the whole log as JSONL and CSV, each export recorded before its first byte', async () => {
    const cookie = await session();
    const id = await storeReview(t);
    const csrf = await csrfOf(t, cookie);
    const jsonl = await post('/audit/export', { csrf, format: 'jsonl' }, cookie);
    expect(jsonl.status).toBe(200);
    expect(jsonl.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(jsonl.headers.get('content-disposition')).toBe('attachment; filename="secretgate-audit-all-2026-11-20.jsonl"');
    const events = (await jsonl.text()).trim().split('\n').map((l) => JSON.parse(l) as { seq: number; type: string; reviewId: string | null });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((e) => e.type)).toEqual(['dashboard.signed_in', 'review.created', 'audit.exported']);
    expect(events[1]!.reviewId).toBe(id);

    const csv = await post('/audit/export', { csrf, format: 'csv' }, cookie);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toBe('seq,at,type,review_id,actor,data,prev_hash,hash');
    expect(lines.filter((l) => l).length).toBe(1 + 4);
    expect(lines[4]).toMatch(/^4,2026-11-20T10:00:00\.000Z,audit\.exported,,dashboard:[0-9a-f]{12},"\{""format"":""csv"",""scope"":""all""\}",/);
  });

  it('exports one review’s events only, and 404s for an unknown review or a bad format', async () => {
    const cookie = await session();
    const id = await storeReview(t);
    const other = await storeReview(t);
    const csrf = await csrfOf(t, cookie);
    const res = await post('/audit/export', { csrf, format: 'jsonl', review: id }, cookie);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="secretgate-audit-review-${id}-2026-11-20.jsonl"`);
    const events = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as { type: string; reviewId: string });
    expect(events.map((e) => e.type)).toEqual(['review.created', 'audit.exported']);
    expect(events.every((e) => e.reviewId === id)).toBe(true);
    expect(JSON.stringify(events)).not.toContain(other);
    expect((await post('/audit/export', { csrf, format: 'jsonl', review: 'nope' }, cookie)).status).toBe(404);
    expect((await post('/audit/export', { csrf, format: 'xml' }, cookie)).status).toBe(400);
    expect(eventsOfType('audit.exported')).toHaveLength(1);
  });
});

describe('without SECRETGATE_DASHBOARD_TOKEN', () => {
  it('answers 503 on every dashboard path, says how to enable it, and the API still works', async () => {
    t.close();
    t = appUnderTest({});
    const id = await storeReview(t, { repository: 'acme/hidden' });
    for (const res of [await get('/reviews'), await get(`/reviews/${id}`), await get('/sign-in'), await post('/sign-in', { token: 'x' })]) {
      expect(res.status).toBe(503);
      const html = await res.text();
      expect(html).toContain('SECRETGATE_DASHBOARD_TOKEN');
      expect(html).not.toContain('acme/hidden');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
    expect((await t.app.request(`${ORIGIN}/healthz`)).status).toBe(200);
  });
});

describe('configuration', () => {
  const env = (extra: Record<string, string>) => testEnv('http://127.0.0.1:9/api/', '/tmp/x.db', extra);

  it('names SECRETGATE_DASHBOARD_TOKEN when it is too short, without echoing it', () => {
    let err: unknown;
    try {
      loadConfig(env({ SECRETGATE_DASHBOARD_TOKEN: 'short-secret' }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variable).toBe('SECRETGATE_DASHBOARD_TOKEN');
    expect((err as Error).message).not.toContain('short-secret');
  });

  it('validates the session length and the Slack workspace URL, and keeps the token out of logs', () => {
    expect(() => loadConfig(env({ SECRETGATE_DASHBOARD_SESSION_HOURS: '0' }))).toThrow(/SECRETGATE_DASHBOARD_SESSION_HOURS/);
    expect(() => loadConfig(env({ SECRETGATE_SLACK_WORKSPACE_URL: 'http://acme.slack.com' }))).toThrow(/SECRETGATE_SLACK_WORKSPACE_URL/);
    const c = loadConfig(env({ SECRETGATE_DASHBOARD_TOKEN: DASHBOARD_TOKEN, SECRETGATE_DASHBOARD_SESSION_HOURS: '2' }));
    expect(c.dashboard.sessionSeconds).toBe(7200);
    expect(secretsOf(c)).toContain(DASHBOARD_TOKEN);
    expect(loadConfig(env({})).dashboard.token).toBeNull();
  });
});
