// openReview: a new review with its audit event and Slack post in one transaction; a retry
// with the same key is answered with the same review; a review whose findings were all decided
// before is answered from memory, with its own audit event and no post.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cancelReview } from '../../../server/reviews/cancel.js';
import { decideReview } from '../../../server/reviews/decide.js';
import { openReview } from '../../../server/reviews/open.js';
import { verifyAuditChain } from '../../../server/store/audit.js';
import { freshSha, reviewRequest } from '../../support/server-harness.js';
import { fixture, refuseOutbox, rowCounts, type Fixture } from './fixture.js';

let f: Fixture;
beforeEach(() => {
  f = fixture();
});
afterEach(() => f.close());

const opts = { requestedBy: 'token:test', requestHash: 'h', channel: 'C0REVIEWS' };
const auditTypes = (id: string) => f.db.prepare('SELECT type FROM audit_events WHERE review_id = ? ORDER BY seq').all<{ type: string }>(id).map((r) => r.type);

describe('openReview', () => {
  it('writes the review, its findings, review.created and the post; a retry gets the same review and writes nothing', async () => {
    const req = reviewRequest({ headSha: freshSha() });
    const kicks = f.ports.kicks;
    const { review, created } = await openReview(f.ports, req, opts);
    expect(created).toBe(true);
    expect(review).toMatchObject({ status: 'pending', findingCount: req.findings.length, deadlineMs: f.clock.now + req.timeoutSeconds * 1000 });
    expect(auditTypes(review.id)).toEqual(['review.created']);
    expect(f.count("SELECT COUNT(*) AS n FROM outbox WHERE review_id = ? AND kind = 'post_review'", review.id)).toBe(1);
    expect(f.ports.kicks).toBe(kicks + 1);

    const before = rowCounts(f);
    expect(await openReview(f.ports, req, opts)).toMatchObject({ created: false, conflict: false, review: { id: review.id } });
    expect(await openReview(f.ports, req, { ...opts, requestHash: 'another request' })).toMatchObject({ created: false, conflict: true });
    expect(rowCounts(f)).toEqual(before);
  });

  it('rolls the whole review back when its Slack post cannot be queued', async () => {
    const before = rowCounts(f);
    const allow = refuseOutbox(f, 'post_review');
    try {
      await expect(openReview(f.ports, reviewRequest({ headSha: freshSha() }), opts)).rejects.toThrow(/refuses post_review/);
    } finally {
      allow();
    }
    expect(rowCounts(f)).toEqual(before);
    expect(verifyAuditChain(f.db).ok).toBe(true);
  });

  it('answers from memory when every finding was decided before: review.remembered, no post, nobody asked', async () => {
    const first = reviewRequest({ headSha: freshSha() });
    const decided = (await openReview(f.ports, first, opts)).review;
    await decideReview(f.ports, { reviewId: decided.id, decision: 'false_positive', by: 'U0APPROVER' });
    const { review } = await openReview(f.ports, { ...reviewRequest({ headSha: freshSha() }), findings: first.findings }, opts);
    expect(review).toMatchObject({ status: 'false_positive', remembered: true, decidedBy: 'system' });
    expect(auditTypes(review.id)).toEqual(['review.created', 'review.remembered']);
    expect(f.count('SELECT COUNT(*) AS n FROM outbox WHERE review_id = ?', review.id)).toBe(0);
  });
});

describe('cancelReview', () => {
  it('cancels a pending review with its audit event and Slack rows and wakes it; a final review is left as it is', async () => {
    const { review } = await openReview(f.ports, reviewRequest({ headSha: freshSha() }), opts);
    f.ports.woken.length = 0;
    expect(await cancelReview(f.ports, review.id, 'token:test')).toMatchObject({ outcome: 'decided', review: { status: 'cancelled', decidedBy: 'token:test' } });
    expect(auditTypes(review.id)).toEqual(['review.created', 'review.cancelled']);
    expect(f.db.prepare('SELECT kind FROM outbox WHERE review_id = ? ORDER BY id').all<{ kind: string }>(review.id).map((r) => r.kind)).toEqual([
      'post_review',
      'update_review',
      'thread_reply',
    ]);
    const before = rowCounts(f);
    expect(await cancelReview(f.ports, review.id, 'token:test')).toMatchObject({ outcome: 'not_pending' });
    expect(await cancelReview(f.ports, 'no-such-review', 'token:test')).toEqual({ outcome: 'unknown' });
    expect(rowCounts(f)).toEqual(before);
    expect(f.ports.woken).toEqual([review.id]);
  });
});
