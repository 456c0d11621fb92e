// The API reads its JSON bodies through Hono's validator (readJson + validJson): driven through
// createApp with app.request(), no socket. The body is JSON whatever the Content-Type says, as
// it always was (Hono's validator alone would read `{}` and turn a timeout into a plain cancel).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reviewRequest, TEST_API_TOKEN } from '../support/server-harness.js';
import { appUnderTest, type AppUnderTest } from '../support/app-under-test.js';

let t: AppUnderTest;
beforeEach(() => {
  t = appUnderTest({});
});
afterEach(() => t.close());

const post = (path: string, body: string | undefined, contentType?: string) =>
  t.app.request(`https://secretgate.example.test/api/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_API_TOKEN}`, ...(contentType ? { 'content-type': contentType } : {}) },
    ...(body === undefined ? {} : { body }),
  });
const reviews = () => t.db.prepare('SELECT COUNT(*) AS n FROM reviews').get<{ n: number }>()!.n;
const statusOf = (id: string) => t.db.prepare('SELECT status FROM reviews WHERE id = ?').get<{ status: string }>(id)!.status;

describe('JSON bodies through the validator', () => {
  it('creates a review from a JSON body sent as text/plain or with no Content-Type', async () => {
    for (const type of ['text/plain', undefined, 'application/json; charset=utf-8']) {
      const res = await post('/reviews', JSON.stringify(reviewRequest()), type);
      expect(res.status, String(type)).toBe(201);
    }
    expect(reviews()).toBe(3);
  });

  it('reads a cancel reason sent as text/plain: the review expires, it is not cancelled', async () => {
    const created = (await (await post('/reviews', JSON.stringify(reviewRequest()), 'application/json')).json()) as { id: string };
    const res = await post(`/reviews/${created.id}/cancel`, '{"reason":"timeout"}', 'text/plain');
    expect(res.status).toBe(200);
    expect(statusOf(created.id)).toBe('expired');
  });

  it('reads no body at all as a plain cancel', async () => {
    const created = (await (await post('/reviews', JSON.stringify(reviewRequest()), 'application/json')).json()) as { id: string };
    const res = await post(`/reviews/${created.id}/cancel`, undefined);
    expect(res.status).toBe(200);
    expect(statusOf(created.id)).toBe('cancelled');
  });

  it('answers a body that is not JSON with invalid_json, and one that does not fit with invalid_request naming the field; stores nothing', async () => {
    const notJson = await post('/reviews', '{"idempotencyKey":', 'application/json');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: 'invalid_json', message: 'the body is not valid JSON' });
    const bad = await post('/reviews', JSON.stringify({ ...reviewRequest(), headSha: 'xyz' }), 'application/json');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'invalid_request', message: 'headSha is malformed: expected a commit SHA' });
    const clean = await post('/clean-runs', JSON.stringify({ repository: 'acme/api', sha: 'abc' }), 'application/json');
    expect(clean.status).toBe(400);
    expect(((await clean.json()) as { message: string }).message).toBe('sha is malformed: expected a full commit SHA (40 hex digits)');
    expect(reviews()).toBe(0);
  });
});
