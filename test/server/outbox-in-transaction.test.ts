// The outbox row of a state change is written in the change's own transaction (invariant 5): when
// writing it fails, the change is not made either. A trigger in the real database refuses the
// outbox insert; the review (or decision) and its audit event must be rolled back with it, and
// the caller must be told it failed, with nothing half-written left behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/store/audit.js';
import { api, APPROVER, reviewRequest, startTestServer, type TestServer } from '../support/server-harness.js';
import { clickThrough } from '../support/slack-clicks.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

function refuseOutbox(kind: string): () => void {
  t.db().exec(`CREATE TRIGGER refuse_${kind} BEFORE INSERT ON outbox WHEN NEW.kind = '${kind}'
    BEGIN SELECT RAISE(ABORT, 'the outbox refuses ${kind} (test)'); END`);
  return () => t.db().exec(`DROP TRIGGER refuse_${kind}`);
}

const count = (sql: string, ...params: string[]) => t.db().prepare(sql).get<{ n: number }>(...params)!.n;
const counts = () => ({
  reviews: count('SELECT COUNT(*) AS n FROM reviews'),
  findings: count('SELECT COUNT(*) AS n FROM findings'),
  audit: count('SELECT COUNT(*) AS n FROM audit_events'),
  outbox: count('SELECT COUNT(*) AS n FROM outbox'),
  remembered: count('SELECT COUNT(*) AS n FROM remembered'),
});

describe('the outbox row and its state change commit together', () => {
  it('rolls back a new review and its audit event when its Slack post cannot be queued, and answers 500', async () => {
    const request = reviewRequest({ repository: 'acme/outbox-refused' });
    const before = counts();
    const allow = refuseOutbox('post_review');
    let res;
    try {
      res = await api(t.url, t.apiToken, 'POST', '/api/v1/reviews', request);
    } finally {
      allow();
    }
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ error: 'internal' });
    // Nothing of it was written: no review, no finding, no audit event, no outbox row.
    expect(counts()).toEqual(before);
    expect(count('SELECT COUNT(*) AS n FROM reviews WHERE repository = ?', request.repository)).toBe(0);
    // The repository as a whole JSON string: the next test's acme/outbox-refused-decision is not this one.
    expect(count(`SELECT COUNT(*) AS n FROM audit_events WHERE data LIKE '%"acme/outbox-refused"%'`)).toBe(0);
    expect(verifyAuditChain(t.db()).ok).toBe(true);

    // The job's retry (same key, same body) then opens it for real, posted once.
    const retried = await api(t.url, t.apiToken, 'POST', '/api/v1/reviews', request);
    expect(retried.status).toBe(201);
    const id = retried.json['id'] as string;
    await t.slack.waitFor((s) => s.delivered('chat.postMessage').some((c) => c.rawBody.includes(id)), 10_000, 'the review message');
    expect(count("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'post_review' AND review_id = ?", id)).toBe(1);
  });

  it('rolls back a decision and its audit event when the message update cannot be queued', async () => {
    const created = await api(t.url, t.apiToken, 'POST', '/api/v1/reviews', reviewRequest({ repository: 'acme/outbox-refused-decision' }));
    const id = created.json['id'] as string;
    await t.slack.waitFor((s) => s.delivered('chat.postMessage').some((c) => c.rawBody.includes(id)), 10_000, 'the review message');
    const before = counts();
    const allow = refuseOutbox('update_review');
    let submission: Response | null;
    try {
      ({ submission } = await clickThrough(t, { reviewId: id, button: 'approve', userId: APPROVER, reason: 'looks fine' }));
    } finally {
      allow();
    }
    expect(submission).not.toBeNull();
    expect(submission!.status).toBeGreaterThanOrEqual(500);
    expect(counts()).toEqual(before);
    const review = await api(t.url, t.apiToken, 'GET', `/api/v1/reviews/${id}`);
    expect(review.json).toMatchObject({ status: 'pending' });
    expect(count("SELECT COUNT(*) AS n FROM audit_events WHERE review_id = ? AND type = 'review.decided'", id)).toBe(0);
    expect(verifyAuditChain(t.db()).ok).toBe(true);
  });
});
