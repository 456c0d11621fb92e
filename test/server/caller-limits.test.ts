// One job credential cannot hold the server: past SECRETGATE_MAX_WAITS_PER_CALLER open
// long-polls, or SECRETGATE_MAX_PENDING_PER_CALLER pending reviews, it gets 429 with
// Retry-After, while other callers go on as before and a retry of a review already opened is
// still answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, APPROVER, createReview, reviewRequest, startTestServer, testEnv, type TestServer } from '../support/server-harness.js';
import { configProblem } from '../support/config-problem.js';
import { decide, posted } from './slack/helpers.js';

const OTHER_TOKEN = 'sg-other-token-0123456789abcdef';

describe('caps per caller', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      env: {
        SECRETGATE_API_TOKENS: `sg-test-token-0123456789abcdef,${OTHER_TOKEN}`,
        SECRETGATE_MAX_WAITS_PER_CALLER: '2',
        SECRETGATE_MAX_PENDING_PER_CALLER: '3',
      },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 with Retry-After to a caller past its pending reviews, and lets it open more once one is decided', async () => {
    const reviews = () => t.db().prepare('SELECT COUNT(*) AS n FROM reviews').get<{ n: number }>()!.n;
    const before = reviews(); // another test opens reviews as another caller
    const first = reviewRequest();
    const ids: string[] = [];
    for (const req of [first, reviewRequest(), reviewRequest()]) ids.push((await createReview(t.url, t.apiToken, req)).review.id);
    const res = await fetch(`${t.url}/api/v1/reviews`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(reviewRequest()),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
    expect(((await res.json()) as { error: string }).error).toBe('too_many_requests');
    expect(reviews()).toBe(before + 3);

    // A retry of a review it opened is answered as before; another caller is not held back.
    expect((await createReview(t.url, t.apiToken, first)).status).toBe(200);
    expect((await createReview(t.url, OTHER_TOKEN, reviewRequest())).status).toBe(201);

    await posted(t, ids[0]!);
    expect((await decide(t, ids[0]!, 'false_positive', APPROVER)).status).toBe(200);
    expect((await createReview(t.url, t.apiToken, reviewRequest())).status).toBe(201);
  });

  it('answers 429 with Retry-After past the open long-polls, at once, and frees the slot when a wait ends', async () => {
    const { review } = await createReview(t.url, OTHER_TOKEN, reviewRequest());
    const waiting = [1, 2].map(() => api(t.url, OTHER_TOKEN, 'GET', `/api/v1/reviews/${review.id}?wait=30`));
    await t.slack.waitFor(() => t.server.deps.waiters.size === 2, 5000, 'two long-polls');

    const over = await fetch(`${t.url}/api/v1/reviews/${review.id}?wait=30`, { headers: { authorization: `Bearer ${OTHER_TOKEN}` } });
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe('10');
    // Asking without waiting is no long-poll: still answered.
    expect((await api(t.url, OTHER_TOKEN, 'GET', `/api/v1/reviews/${review.id}`)).status).toBe(200);

    await posted(t, review.id);
    expect((await decide(t, review.id, 'false_positive', APPROVER)).status).toBe(200);
    for (const r of await Promise.all(waiting)) expect(r).toMatchObject({ status: 200, json: { status: 'false_positive' } });

    // Both slots are free again.
    const next = (await createReview(t.url, OTHER_TOKEN, reviewRequest())).review;
    const again = [1, 2].map(() => api(t.url, OTHER_TOKEN, 'GET', `/api/v1/reviews/${next.id}?wait=1`));
    for (const r of await Promise.all(again)) expect(r.status).toBe(200);
  });

  it('refuses a cap that is not a whole number, naming the variable', () => {
    const env = testEnv('http://127.0.0.1:1/api/', '/tmp/x.db');
    expect(configProblem({ ...env, SECRETGATE_MAX_WAITS_PER_CALLER: '0' })).toBe("SECRETGATE_MAX_WAITS_PER_CALLER: SECRETGATE_MAX_WAITS_PER_CALLER must be a whole number from 1 to 100000, got '0'");
    expect(configProblem({ ...env, SECRETGATE_MAX_PENDING_PER_CALLER: 'lots' })).toBe("SECRETGATE_MAX_PENDING_PER_CALLER: SECRETGATE_MAX_PENDING_PER_CALLER must be a whole number from 1 to 1000000, got 'lots'");
  });
});
