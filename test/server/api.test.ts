import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createReview, reviewRequest, startTestServer, type TestServer } from '../support/server-harness.js';

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
    await t.slack.waitFor((s) => s.delivered('chat.postMessage').length === 1, 5000, 'the review message');
    const post = t.slack.delivered('chat.postMessage')[0]!;
    expect(post.args['channel']).toBe('C0REVIEWS');
    const labels = JSON.stringify(post.args['blocks']);
    expect(labels).toContain('"Approve"');
    expect(labels).toContain('"False positive"');
    expect(labels).toContain('"Block"');
    expect(labels).toContain('config/settings.yml:12');
    expect(labels).toContain('ghp_Ab…(40)');
  });

  it('returns the same review for a repeated idempotency key and posts nothing new', async () => {
    const req = reviewRequest();
    const first = await createReview(t.url, t.apiToken, req);
    const second = await createReview(t.url, t.apiToken, req);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.review.id).toBe(first.review.id);
    const count = t.db().prepare('SELECT COUNT(*) AS n FROM reviews WHERE idempotency_key = ?').get<{ n: number }>(req.idempotencyKey)!.n;
    expect(count).toBe(1);
    const posts = t.db().prepare("SELECT COUNT(*) AS n FROM outbox WHERE review_id = ? AND kind = 'post_review'").get<{ n: number }>(first.review.id)!.n;
    expect(posts).toBe(1);
  });

  it('answers 404 for an unknown review ID', async () => {
    const r = await api(t.url, t.apiToken, 'GET', '/api/v1/reviews/00000000-0000-0000-0000-000000000000');
    expect(r.status).toBe(404);
    expect(r.json['error']).toBe('not_found');
  });
});
