// The Action's API on a real server (loopback port, SQLite file, Slack stand-in).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideReview } from '../../server/reviews/decide.js';
import { OidcIssuer } from '../support/oidc-issuer.js';
import { api, createReview, freshSha, reviewRequest, startTestServer, TEST_API_TOKEN, type TestServer } from '../support/server-harness.js';

describe('review API', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates a pending review and posts it to Slack once', async () => {
    const { status, review } = await createReview(t.url, t.apiToken, reviewRequest());
    expect(status).toBe(201);
    expect(review.status).toBe('pending');
    expect(review.findings).toBe(1);
    expect(review.url).toBe(`https://secretgate.example.test/reviews/${review.id}`);
    await t.slack.waitFor((s) => s.delivered('chat.postMessage').some((c) => JSON.stringify(c.args).includes(review.id)), 5000, 'the review message');
    const posts = t.slack.delivered('chat.postMessage').filter((c) => JSON.stringify(c.args).includes(review.id));
    expect(posts).toHaveLength(1);
    const post = posts[0]!;
    expect(post.args['channel']).toBe('C0REVIEWS');
    // The findings sit in the attachment that carries the severity colour bar.
    const blocks = JSON.stringify([post.args['blocks'], post.args['attachments']]);
    expect(blocks).toContain('"Approve"');
    expect(blocks).toContain('"False positive"');
    expect(blocks).toContain('"Block"');
    expect(blocks).toContain('config/settings.yml:12');
    expect(blocks).toContain('ghp_Ab…(40)');
    expect(blocks).toContain('acme/api');
    expect(blocks).toContain('octocat');
  });

  it('returns the same review for a repeated idempotency key and posts nothing new', async () => {
    const req = reviewRequest();
    const first = await createReview(t.url, t.apiToken, req);
    const second = await createReview(t.url, t.apiToken, req);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.review.id).toBe(first.review.id);
    const count = t.db().prepare("SELECT COUNT(*) AS n FROM reviews WHERE substr(idempotency_key, instr(idempotency_key, ' ') + 1) = ?").get<{ n: number }>(req.idempotencyKey)!.n;
    expect(count).toBe(1);
    const posts = t.db().prepare("SELECT COUNT(*) AS n FROM outbox WHERE review_id = ? AND kind = 'post_review'").get<{ n: number }>(first.review.id)!.n;
    expect(posts).toBe(1);
  });

  it('answers at once, without Slack, when every fingerprint was decided before: a false positive when all were', async () => {
    const first = await createReview(t.url, t.apiToken, reviewRequest());
    const fingerprint = (await t.db().prepare('SELECT fingerprint FROM findings WHERE review_id = ?').get<{ fingerprint: string }>(first.review.id))!.fingerprint;
    await decideReview(t.server.deps.reviews, { reviewId: first.review.id, decision: 'false_positive', by: 'U0APPROVER' });
    await t.slack.waitFor((s) => s.delivered('chat.update').length > 0, 5000, 'the update after the decision');

    const again = reviewRequest();
    again.findings[0]!.fingerprint = fingerprint;
    const second = await createReview(t.url, t.apiToken, again);
    expect(second.review.status).toBe('false_positive');
    expect(second.review.remembered).toBe(true);
    expect(second.review.decision?.by).toBe('system');
    expect(second.review.decision?.reason).toBe('remembered: 0 approved, 1 false positive');
    const outbox = t.db().prepare('SELECT COUNT(*) AS n FROM outbox WHERE review_id = ?').get<{ n: number }>(second.review.id)!.n;
    expect(outbox).toBe(0);
  });

  it('answers approved at once when the findings decided before include one approval', async () => {
    const fingerprintOf = (id: string) => t.db().prepare('SELECT fingerprint FROM findings WHERE review_id = ?').get<{ fingerprint: string }>(id)!.fingerprint;
    const a = await createReview(t.url, t.apiToken, reviewRequest());
    await decideReview(t.server.deps.reviews, { reviewId: a.review.id, decision: 'false_positive', by: 'U0APPROVER' });
    const other = reviewRequest();
    other.findings[0]!.fingerprint = 'f'.repeat(64);
    const b = await createReview(t.url, t.apiToken, other);
    await decideReview(t.server.deps.reviews, { reviewId: b.review.id, decision: 'approved', by: 'U0APPROVER', reason: 'test key' });
    const both = reviewRequest();
    both.findings.push({ ...both.findings[0]!, line: 99 });
    both.findings[0]!.fingerprint = fingerprintOf(a.review.id);
    both.findings[1]!.fingerprint = fingerprintOf(b.review.id);
    const again = await createReview(t.url, t.apiToken, both);
    expect(again.review.status).toBe('approved');
    expect(again.review.decision?.reason).toBe('remembered: 1 approved, 1 false positive');
  });

  it('asks again when only some fingerprints were decided before', async () => {
    const first = await createReview(t.url, t.apiToken, reviewRequest());
    await decideReview(t.server.deps.reviews, { reviewId: first.review.id, decision: 'approved', by: 'U0APPROVER', reason: 'test key' });
    const known = t.db().prepare('SELECT fingerprint FROM findings WHERE review_id = ?').get<{ fingerprint: string }>(first.review.id)!.fingerprint;
    const mixed = reviewRequest();
    mixed.findings.push({ ...mixed.findings[0]!, fingerprint: known, line: 99 });
    const second = await createReview(t.url, t.apiToken, mixed);
    expect(second.review.status).toBe('pending');
    expect(second.review.remembered).toBeUndefined();
  });

  it('does not remember a Block: the same secret is asked about again', async () => {
    // Each review on a commit of its own: a Block is final for its commit, which would ask again anyway.
    const first = await createReview(t.url, t.apiToken, reviewRequest({ headSha: freshSha() }));
    await decideReview(t.server.deps.reviews, { reviewId: first.review.id, decision: 'rejected', by: 'U0APPROVER' });
    const fp = t.db().prepare('SELECT fingerprint FROM findings WHERE review_id = ?').get<{ fingerprint: string }>(first.review.id)!.fingerprint;
    const again = reviewRequest({ headSha: freshSha() });
    again.findings[0]!.fingerprint = fp;
    expect((await createReview(t.url, t.apiToken, again)).review.status).toBe('pending');
  });

  it('wakes a long-poll the moment a decision lands', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest());
    // Asks for 50 s; the test's own 5 s limit fails it unless the decision wakes the poll.
    const poll = api(t.url, t.apiToken, 'GET', `/api/v1/reviews/${review.id}?wait=50`);
    // The poll has reached the server and waits before the decision lands.
    await t.slack.waitFor(() => t.server.deps.waiters.size === 1, 5000, 'the long-poll to wait');
    await decideReview(t.server.deps.reviews, { reviewId: review.id, decision: 'approved', by: 'U0APPROVER', reason: 'rotated already' });
    t.server.deps.waiters.wake(review.id);
    const r = await poll;
    expect(r.status).toBe(200);
    expect(r.json['status']).toBe('approved');
    expect((r.json['decision'] as Record<string, unknown>)['reason']).toBe('rotated already');
    expect(t.server.deps.waiters.size).toBe(0);
  });

  it('caps the wait: a long-poll asking for more than the cap returns pending when the cap runs out', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest());
    const cap = t.server.deps.config.maxWaitSeconds;
    t.server.deps.config.maxWaitSeconds = 1; // the real cap is 60 s; the test's limit is 5 s
    try {
      const r = await api(t.url, t.apiToken, 'GET', `/api/v1/reviews/${review.id}?wait=600`);
      expect(r.status).toBe(200);
      expect(r.json['status']).toBe('pending');
    } finally {
      t.server.deps.config.maxWaitSeconds = cap;
    }
    expect(cap).toBe(60);
  });

  it('answers a pending review at once without wait, and rejects a malformed wait', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest());
    const r = await api(t.url, t.apiToken, 'GET', `/api/v1/reviews/${review.id}`);
    expect(r.json['status']).toBe('pending');
    const bad = await api(t.url, t.apiToken, 'GET', `/api/v1/reviews/${review.id}?wait=soon`);
    expect(bad.status).toBe(400);
    expect(bad.json['message']).toContain('wait');
  });

  it('expires a review at its deadline, wakes its long-poll and updates the Slack message', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ timeoutSeconds: 1 }));
    await t.slack.waitFor((s) => s.delivered('chat.postMessage').some((c) => JSON.stringify(c.args).includes(review.id)), 5000, 'the post');
    const r = await api(t.url, t.apiToken, 'GET', `/api/v1/reviews/${review.id}?wait=30`);
    expect(r.json['status']).toBe('expired');
    expect((r.json['decision'] as Record<string, unknown>)['by']).toBe('system');
    const ts = t.db().prepare('SELECT slack_ts FROM reviews WHERE id = ?').get<{ slack_ts: string }>(review.id)!.slack_ts;
    await t.slack.waitFor((s) => (s.messages.get(ts)?.updates ?? 0) > 0, 5000, 'the expiry update');
    expect(t.slack.messages.get(ts)!.text).toContain('Expired');
    expect(JSON.stringify(t.slack.messages.get(ts)!.blocks)).not.toContain('secretgate_approve');
    const audit = t.db().prepare("SELECT COUNT(*) AS n FROM audit_events WHERE review_id = ? AND type = 'review.expired'").get<{ n: number }>(review.id)!.n;
    expect(audit).toBe(1);
  });

  it('cancels a pending review, and cancelling again changes nothing', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest());
    const poll = api(t.url, t.apiToken, 'GET', `/api/v1/reviews/${review.id}?wait=50`);
    await t.slack.waitFor(() => t.server.deps.waiters.size === 1, 5000, 'the long-poll to wait');
    const c1 = await api(t.url, t.apiToken, 'POST', `/api/v1/reviews/${review.id}/cancel`);
    expect(c1.status).toBe(200);
    expect(c1.json['status']).toBe('cancelled');
    expect((await poll).json['status']).toBe('cancelled');
    const c2 = await api(t.url, t.apiToken, 'POST', `/api/v1/reviews/${review.id}/cancel`);
    expect(c2.json['status']).toBe('cancelled');
    const events = t.db().prepare("SELECT COUNT(*) AS n FROM audit_events WHERE review_id = ? AND type = 'review.cancelled'").get<{ n: number }>(review.id)!.n;
    expect(events).toBe(1);
  });

  it("expires a pending review when its job's own timeout passed (cancel with reason timeout)", async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ timeoutSeconds: 600 }));
    await t.slack.waitFor(() => t.db().prepare('SELECT slack_ts FROM reviews WHERE id = ?').get<{ slack_ts: string | null }>(review.id)?.slack_ts != null, 5000, 'the review message');
    const ts = t.db().prepare('SELECT slack_ts FROM reviews WHERE id = ?').get<{ slack_ts: string }>(review.id)!.slack_ts;
    const poll = api(t.url, t.apiToken, 'GET', `/api/v1/reviews/${review.id}?wait=50`);
    await t.slack.waitFor(() => t.server.deps.waiters.size > 0, 5000, 'the long-poll to wait');
    const caller = t.db().prepare("SELECT actor FROM audit_events WHERE review_id = ? AND type = 'review.created'").get<{ actor: string }>(review.id)!.actor;

    const r = await api(t.url, t.apiToken, 'POST', `/api/v1/reviews/${review.id}/cancel`, { reason: 'timeout' });
    expect(r.status).toBe(200);
    expect(r.json['status']).toBe('expired');
    expect(r.json['decision']).toMatchObject({ by: 'system', reason: 'job timed out' });
    expect((await poll).json['status']).toBe('expired');
    // Again: nothing changes, and it stays expired.
    expect((await api(t.url, t.apiToken, 'POST', `/api/v1/reviews/${review.id}/cancel`, { reason: 'timeout' })).json['status']).toBe('expired');

    const events = t.db().prepare('SELECT type, actor, data FROM audit_events WHERE review_id = ? ORDER BY seq').all<{ type: string; actor: string; data: string | null }>(review.id);
    expect(events.map((e) => e.type)).toEqual(['review.created', 'review.expired']);
    expect(events[1]!.actor).toBe(caller);
    expect(JSON.parse(events[1]!.data ?? '{}')).toMatchObject({ reason: 'job timed out' });
    await t.slack.waitFor(() => [...t.slack.messages.values()].some((m) => m.threadTs === ts), 5000, 'the thread reply');
    const replies = [...t.slack.messages.values()].filter((m) => m.threadTs === ts).map((m) => m.text);
    expect(replies.join('\n')).toContain('Expired: nobody decided before the deadline');
    expect(replies.join('\n')).not.toContain('cancelled');
    await t.slack.waitFor((s) => s.messages.get(ts)!.updates > 0, 5000, 'the message update');
    expect(t.slack.messages.get(ts)!.text).toContain('Expired');
  });

  it('refuses a cancel body it cannot read with 400, and changes nothing', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest());
    const post = (body: string) =>
      fetch(`${t.url}/api/v1/reviews/${review.id}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${t.apiToken}`, 'content-type': 'application/json' }, body });
    const cases: [string, string, string][] = [
      ['{not json', 'invalid_json', 'not valid JSON'],
      ['[]', 'invalid_request', 'body must be a JSON object'],
      ['{"reason":"later"}', 'invalid_request', "reason must be 'cancelled' or 'timeout'"],
      ['{"reason":5}', 'invalid_request', 'reason must be a string'],
    ];
    for (const [body, error, message] of cases) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      const json = (await res.json()) as { error: string; message: string };
      expect(json.error, body).toBe(error);
      expect(json.message, body).toContain(message);
    }
    expect((await post('x'.repeat(2048))).status).toBe(413);
    expect(t.db().prepare('SELECT status FROM reviews WHERE id = ?').get<{ status: string }>(review.id)!.status).toBe('pending');
    // An explicit plain cancel still cancels.
    expect((await post('{"reason":"cancelled"}')).status).toBe(200);
    expect(t.db().prepare('SELECT status FROM reviews WHERE id = ?').get<{ status: string }>(review.id)!.status).toBe('cancelled');
  });

  it('refuses a runUrl that is not a run of the repository on the configured GitHub (400), and links one that is', async () => {
    const refused: [string, string][] = [
      ['https://evil.example/acme/api/actions/runs/1', 'runUrl is on https://evil.example, not on https://github.com'],
      ['https://github.com.evil.example/acme/api/actions/runs/1', 'runUrl is on https://github.com.evil.example'],
      ['http://github.com/acme/api/actions/runs/1', 'runUrl is on http://github.com'],
      ['https://github.com/mallory/phish/actions/runs/1', 'runUrl must be a workflow run of acme/api'],
      ['https://github.com/acme/api/actions/runs/1/../../../../mallory/phish', 'runUrl must be a workflow run of acme/api'],
      ['https://github.com/acme/api/pulls', 'runUrl must be a workflow run of acme/api'],
    ];
    for (const [runUrl, message] of refused) {
      const r = await api(t.url, t.apiToken, 'POST', '/api/v1/reviews', reviewRequest({ runUrl }));
      expect(r.status, runUrl).toBe(400);
      expect(r.json, runUrl).toMatchObject({ error: 'invalid_request' });
      expect(String(r.json['message']), runUrl).toContain(message);
    }
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ runUrl: 'https://github.com/acme/api/actions/runs/42/attempts/2' }));
    await t.slack.waitFor((s) => s.delivered('chat.postMessage').some((c) => JSON.stringify(c.args).includes(review.id)), 5000, 'the review message');
    const post = JSON.stringify(t.slack.delivered('chat.postMessage').find((c) => JSON.stringify(c.args).includes(review.id))!.args);
    expect(post).toContain('<https://github.com/acme/api/actions/runs/42/attempts/2|workflow run>');
  });

  it('does not cancel a decided review', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ headSha: freshSha() })); // its Block stays on its own commit
    await decideReview(t.server.deps.reviews, { reviewId: review.id, decision: 'rejected', by: 'U0APPROVER' });
    const c = await api(t.url, t.apiToken, 'POST', `/api/v1/reviews/${review.id}/cancel`);
    expect(c.json['status']).toBe('rejected');
  });

  it('answers 404 for an unknown review ID, on read and on cancel', async () => {
    const r = await api(t.url, t.apiToken, 'GET', '/api/v1/reviews/00000000-0000-0000-0000-000000000000?wait=5');
    expect(r.status).toBe(404);
    expect(r.json['error']).toBe('not_found');
    const c = await api(t.url, t.apiToken, 'POST', '/api/v1/reviews/nope/cancel');
    expect(c.status).toBe(404);
  });

  it('refuses requests without a valid bearer token', async () => {
    const none = await fetch(`${t.url}/api/v1/reviews`, { method: 'POST', body: '{}' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    const wrong = await api(t.url, 'sg-wrong-token-0123456789abcdef', 'POST', '/api/v1/reviews', reviewRequest());
    expect(wrong.status).toBe(401);
    const read = await api(t.url, 'sg-wrong-token-0123456789abcdef', 'GET', '/api/v1/reviews/x');
    expect(read.status).toBe(401);
  });

  it('rejects malformed bodies with a message naming the field, without echoing values', async () => {
    const notJson = await fetch(`${t.url}/api/v1/reviews`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.apiToken}`, 'content-type': 'application/json' },
      body: '{"idempotencyKey":',
    });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as Record<string, unknown>)['error']).toBe('invalid_json');

    const cases: [Record<string, unknown>, string][] = [
      [{ repository: 'not a repo' }, 'repository'],
      [{ headSha: 'xyz' }, 'headSha'],
      [{ timeoutSeconds: 0 }, 'timeoutSeconds'],
      [{ findings: [] }, 'findings'],
      [{ idempotencyKey: undefined }, 'idempotencyKey'],
    ];
    for (const [patch, field] of cases) {
      const r = await api(t.url, t.apiToken, 'POST', '/api/v1/reviews', { ...reviewRequest(), ...patch });
      expect(r.status, field).toBe(400);
      expect(String(r.json['message'])).toContain(field);
    }
    const badFinding = reviewRequest();
    (badFinding.findings[0] as unknown as Record<string, unknown>)['severity'] = 'ghp_SHOULDNOTBEECHOED';
    const r = await api(t.url, t.apiToken, 'POST', '/api/v1/reviews', badFinding);
    expect(r.status).toBe(400);
    expect(String(r.json['message'])).toContain('findings[0].severity');
    expect(JSON.stringify(r.json)).not.toContain('SHOULDNOTBEECHOED');
  });

  it('refuses a body over the size limit with 413 and stores nothing', async () => {
    const before = t.db().prepare('SELECT COUNT(*) AS n FROM reviews').get<{ n: number }>()!.n;
    const big = reviewRequest();
    big.findings[0]!.description = 'x'.repeat(2 * 1024 * 1024);
    const r = await api(t.url, t.apiToken, 'POST', '/api/v1/reviews', big);
    expect(r.status).toBe(413);
    expect(t.db().prepare('SELECT COUNT(*) AS n FROM reviews').get<{ n: number }>()!.n).toBe(before);
  });

  it('serves a health check; the review page is the dashboard, off without a dashboard token', async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    const { review } = await createReview(t.url, t.apiToken, reviewRequest());
    // Signed-in pages are tested in test/server/dashboard/.
    const page = await fetch(`${t.url}/reviews/${review.id}`);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('SECRETGATE_DASHBOARD_TOKEN');
  });
});

describe('API tokens in hashed form', () => {
  it('accepts a token configured only as sha256:<hex>', async () => {
    const hashed = 'sha256:' + createHash('sha256').update(TEST_API_TOKEN).digest('hex');
    const t = await startTestServer({ env: { SECRETGATE_API_TOKENS: hashed } });
    try {
      const r = await createReview(t.url, TEST_API_TOKEN, reviewRequest());
      expect(r.status).toBe(201);
      const wrong = await api(t.url, hashed, 'GET', `/api/v1/reviews/${r.review.id}`);
      expect(wrong.status).toBe(401);
    } finally {
      await t.close();
    }
  });
});

describe('GitHub OIDC', () => {
  let issuer: OidcIssuer;
  let t: TestServer;
  beforeAll(async () => {
    issuer = await OidcIssuer.start();
    t = await startTestServer({
      env: {
        SECRETGATE_OIDC_ISSUER: issuer.issuer,
        SECRETGATE_OIDC_JWKS_URL: issuer.jwksUrl,
        SECRETGATE_OIDC_AUDIENCE: 'secretgate-test',
        SECRETGATE_OIDC_ALLOWED_REPOS: 'acme/*,solo/one',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await issuer.close();
  });

  it('accepts a token for an allowed repository and scopes reads to it', async () => {
    const jwt = await issuer.token({ repository: 'acme/api' }, { audience: 'secretgate-test' });
    const created = await createReview(t.url, jwt, reviewRequest({ repository: 'acme/api' }));
    expect(created.status).toBe(201);
    expect((await api(t.url, jwt, 'GET', `/api/v1/reviews/${created.review.id}`)).status).toBe(200);

    const other = await issuer.token({ repository: 'acme/web' }, { audience: 'secretgate-test' });
    expect((await api(t.url, other, 'GET', `/api/v1/reviews/${created.review.id}`)).status).toBe(404);
    expect((await api(t.url, other, 'POST', `/api/v1/reviews/${created.review.id}/cancel`)).status).toBe(404);
    // The API token still sees everything.
    expect((await api(t.url, t.apiToken, 'GET', `/api/v1/reviews/${created.review.id}`)).status).toBe(200);
  });

  it('refuses to create a review for another repository than the token names', async () => {
    const jwt = await issuer.token({ repository: 'acme/api' }, { audience: 'secretgate-test' });
    const r = await api(t.url, jwt, 'POST', '/api/v1/reviews', reviewRequest({ repository: 'acme/web' }));
    expect(r.status).toBe(403);
  });

  it('rejects a wrong audience, a wrong issuer, an unlisted repository and an expired token', async () => {
    const cases: [string, Promise<string>][] = [
      ['aud', issuer.token({ repository: 'acme/api' }, { audience: 'someone-else' })],
      ['iss', issuer.token({ repository: 'acme/api' }, { audience: 'secretgate-test', issuer: 'https://evil.example' })],
      ['not in SECRETGATE_OIDC_ALLOWED_REPOS', issuer.token({ repository: 'evil/api' }, { audience: 'secretgate-test' })],
      ['exp', issuer.token({ repository: 'acme/api' }, { audience: 'secretgate-test', expiresIn: '-10m' })],
    ];
    for (const [why, token] of cases) {
      const r = await api(t.url, await token, 'POST', '/api/v1/reviews', reviewRequest({ repository: 'acme/api' }));
      expect(r.status, why).toBe(401);
      expect(String(r.json['message']), why).toContain(why);
    }
  });

  it('rejects a token signed by a key the JWKS does not hold', async () => {
    const { generateKeyPair } = await import('jose');
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await issuer.token({ repository: 'acme/api' }, { audience: 'secretgate-test', key: privateKey });
    const r = await api(t.url, forged, 'POST', '/api/v1/reviews', reviewRequest({ repository: 'acme/api' }));
    expect(r.status).toBe(401);
  });
});

describe('review API with GitHub Enterprise Server configured (GITHUB_SERVER_URL)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: { GITHUB_SERVER_URL: 'https://github.example.test' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('links the configured host in Slack and refuses a run on github.com', async () => {
    const refused = await api(t.url, t.apiToken, 'POST', '/api/v1/reviews', reviewRequest({ runUrl: 'https://github.com/acme/api/actions/runs/7' }));
    expect(refused.status).toBe(400);
    expect(String(refused.json['message'])).toContain('not on https://github.example.test');

    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ runUrl: 'https://github.example.test/acme/api/actions/runs/7', pullRequest: 3 }));
    await t.slack.waitFor((s) => s.delivered('chat.postMessage').some((c) => JSON.stringify(c.args).includes(review.id)), 5000, 'the review message');
    const post = JSON.stringify(t.slack.delivered('chat.postMessage').find((c) => JSON.stringify(c.args).includes(review.id))!.args);
    expect(post).toContain('<https://github.example.test/acme/api|acme/api>');
    expect(post).toContain('<https://github.example.test/acme/api/pull/3|#3>');
    expect(post).toContain('<https://github.example.test/acme/api/actions/runs/7|workflow run>');
    expect(post).not.toContain('https://github.com/');
  });
});
