// API tokens confined to repositories (`TOKEN@owner/glob` in SECRETGATE_API_TOKENS), on a real
// server: a scoped token creates and reads only matching reviews; refusals are audited.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../server/store/audit.js';
import { api, createReview, reviewRequest, startTestServer, type TestServer } from '../support/server-harness.js';

const SCOPED = 'sg-scoped-token-acme-api-0123456789';
const HASHED = 'sg-hashed-token-partner-0123456789';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const SHA = 'b'.repeat(40);

describe('API tokens confined to repositories', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      env: { SECRETGATE_API_TOKENS: `sg-test-token-0123456789abcdef, ${SCOPED}@acme/api, ${SCOPED}@acme/lib-*, sha256:${sha256(HASHED)}@partner/*` },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const forbiddenEvents = () => [...auditEvents(t.db())].filter((e) => e.type === 'api.forbidden');

  it('creates and reads reviews of the repositories its patterns match, ignoring case', async () => {
    for (const repository of ['acme/api', 'ACME/lib-core']) {
      const created = await createReview(t.url, SCOPED, reviewRequest({ repository }));
      expect(created.status, repository).toBe(201);
      expect((await api(t.url, SCOPED, 'GET', `/api/v1/reviews/${created.review.id}`)).status).toBe(200);
    }
    expect((await createReview(t.url, HASHED, reviewRequest({ repository: 'partner/tool' }))).status).toBe(201);
  });

  it('refuses to create a review for another repository with 403, stores nothing and audits it', async () => {
    const before = forbiddenEvents().length;
    // Another test opens an acme/web review with the unscoped token: count what this refusal adds.
    const stored = () => t.db().prepare("SELECT COUNT(*) AS n FROM reviews WHERE repository = 'acme/web'").get<{ n: number }>()!.n;
    const storedBefore = stored();
    const r = await api(t.url, SCOPED, 'POST', '/api/v1/reviews', reviewRequest({ repository: 'acme/web' }));
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ error: 'forbidden', message: 'this API token is not allowed for acme/web' });
    expect(stored()).toBe(storedBefore);
    const events = forbiddenEvents().slice(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: `token:${sha256(SCOPED).slice(0, 12)}`,
      data: { method: 'POST', path: '/api/v1/reviews', repository: 'acme/web' },
    });
    const hashed = await api(t.url, HASHED, 'POST', '/api/v1/reviews', reviewRequest({ repository: 'acme/api' }));
    expect(hashed.status).toBe(403);
  });

  it('cannot read or cancel a review of another repository: 404 as for an unknown one, audited', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ repository: 'acme/web' }));
    const before = forbiddenEvents().length;
    expect((await api(t.url, SCOPED, 'GET', `/api/v1/reviews/${review.id}?wait=1`)).status).toBe(404);
    expect((await api(t.url, SCOPED, 'POST', `/api/v1/reviews/${review.id}/cancel`)).status).toBe(404);
    expect((await api(t.url, t.apiToken, 'GET', `/api/v1/reviews/${review.id}`)).json['status']).toBe('pending');
    const events = forbiddenEvents().slice(before);
    expect(events.map((e) => [e.reviewId, e.data['method'], e.data['repository']])).toEqual([
      [review.id, 'GET', 'acme/web'],
      [review.id, 'POST', 'acme/web'],
    ]);
  });

  it('refuses a clean run for another repository', async () => {
    const r = await api(t.url, SCOPED, 'POST', '/api/v1/clean-runs', { repository: 'acme/web', sha: SHA });
    expect(r.status).toBe(403);
    expect(forbiddenEvents().at(-1)!.data).toMatchObject({ path: '/api/v1/clean-runs', repository: 'acme/web' });
  });

  it('leaves an unscoped token free to act for any repository', async () => {
    expect((await createReview(t.url, t.apiToken, reviewRequest({ repository: 'elsewhere/thing' }))).status).toBe(201);
  });

  it('never writes the scoped tokens to the log or the database', async () => {
    // Its own uses of both tokens, allowed and refused, whatever ran before.
    expect((await createReview(t.url, SCOPED, reviewRequest({ repository: 'acme/api' }))).status).toBe(201);
    expect((await api(t.url, SCOPED, 'POST', '/api/v1/reviews', reviewRequest({ repository: 'acme/web' }))).status).toBe(403);
    expect((await createReview(t.url, HASHED, reviewRequest({ repository: 'partner/tool' }))).status).toBe(201);
    expect((await api(t.url, HASHED, 'POST', '/api/v1/reviews', reviewRequest({ repository: 'acme/api' }))).status).toBe(403);
    const everything = JSON.stringify([...auditEvents(t.db())]) + JSON.stringify(t.db().prepare('SELECT * FROM reviews').all()) + t.logs.join('\n');
    expect(everything).not.toContain(SCOPED);
    expect(everything).not.toContain(HASHED);
  });
});
