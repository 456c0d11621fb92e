// decideReview: the decision, its audit event, its outbox rows, its Block or remembered
// decisions and its commit statuses commit together, or not at all; then the waiters wake.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideReview } from '../../../server/reviews/decide.js';
import { openReview } from '../../../server/reviews/open.js';
import { verifyAuditChain } from '../../../server/store/audit.js';
import { getReview } from '../../../server/store/reviews.js';
import { freshSha, reviewRequest } from '../../support/server-harness.js';
import { fixture, refuseOutbox, rowCounts, type Fixture } from './fixture.js';

let f: Fixture;
beforeEach(() => {
  f = fixture({ commitStatuses: true });
});
afterEach(() => f.close());

const open = async (overrides: Parameters<typeof reviewRequest>[0] = {}) =>
  (await openReview(f.ports, reviewRequest({ headSha: freshSha(), ...overrides }), { requestedBy: 'token:test', requestHash: 'h', channel: 'C0REVIEWS' })).review;

describe('decideReview', () => {
  it('writes the decision, its audit event, its Slack rows, its statuses and the remembered decisions, then wakes once', async () => {
    const review = await open();
    f.ports.woken.length = 0;
    const result = await decideReview(f.ports, { reviewId: review.id, decision: 'false_positive', by: 'U0APPROVER', reason: 'a test key <!channel>' });
    expect(result).toMatchObject({ outcome: 'decided', review: { status: 'false_positive', decidedBy: 'U0APPROVER' } });
    expect(f.count("SELECT COUNT(*) AS n FROM audit_events WHERE review_id = ? AND type = 'review.decided'", review.id)).toBe(1);
    const rows = f.db.prepare('SELECT kind, payload FROM outbox WHERE review_id = ? ORDER BY id').all<{ kind: string; payload: string }>(review.id);
    expect(rows.map((r) => r.kind)).toEqual(['post_review', 'update_review', 'thread_reply']);
    // The person's reason is made inert: it cannot ping the channel.
    expect(rows[2]!.payload).toContain('&lt;!channel&gt;');
    expect(f.count("SELECT COUNT(*) AS n FROM outbox WHERE lane = 'github' AND payload LIKE '%\"success\"%'")).toBe(1);
    expect(f.count('SELECT COUNT(*) AS n FROM remembered WHERE review_id = ?', review.id)).toBe(1);
    expect(f.ports.woken).toEqual([review.id]);
    expect(verifyAuditChain(f.db).ok).toBe(true);
  });

  it('leaves nothing behind when a write fails mid-transaction: no status, audit event, outbox row, Block or wake', async () => {
    const review = await open();
    f.ports.woken.length = 0;
    const kicks = f.ports.kicks;
    const before = rowCounts(f);
    // The status update, the Block and the audit event are written before the thread reply fails.
    const allow = refuseOutbox(f, 'thread_reply');
    try {
      await expect(decideReview(f.ports, { reviewId: review.id, decision: 'rejected', by: 'U0APPROVER' })).rejects.toThrow(/refuses thread_reply/);
    } finally {
      allow();
    }
    expect(rowCounts(f)).toEqual(before);
    expect(getReview(f.db, review.id)).toMatchObject({ status: 'pending', decidedBy: null });
    expect(f.ports.woken).toEqual([]);
    expect(f.ports.kicks).toBe(kicks);
    expect(verifyAuditChain(f.db).ok).toBe(true);

    // Nothing was half-done: the same decision then goes through whole.
    expect(await decideReview(f.ports, { reviewId: review.id, decision: 'rejected', by: 'U0APPROVER' })).toMatchObject({ outcome: 'decided' });
    expect(f.count('SELECT COUNT(*) AS n FROM blocked_commits WHERE review_id = ?', review.id)).toBe(1);
  });

  it('undoes only the failing decision when it shares a group commit with others', async () => {
    const [a, b] = [await open(), await open()];
    const allow = refuseOutbox(f, 'thread_reply', a.id);
    const auditBefore = f.count('SELECT COUNT(*) AS n FROM audit_events');
    // Both are queued in one turn, so they share one COMMIT, each in its own savepoint.
    const results = await Promise.allSettled([
      decideReview(f.ports, { reviewId: a.id, decision: 'approved', by: 'U0APPROVER' }),
      decideReview(f.ports, { reviewId: b.id, decision: 'approved', by: 'U0APPROVER' }),
    ]);
    allow();
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(getReview(f.db, a.id)!.status).toBe('pending');
    expect(getReview(f.db, b.id)!.status).toBe('approved');
    expect(f.count('SELECT COUNT(*) AS n FROM audit_events') - auditBefore).toBe(1);
    expect(f.count('SELECT COUNT(*) AS n FROM outbox WHERE review_id = ? AND kind = ?', a.id, 'update_review')).toBe(0);
    expect(verifyAuditChain(f.db).ok).toBe(true);
  });

  it('changes nothing on a second click: the first decision stands, and nobody is woken again', async () => {
    const review = await open();
    await decideReview(f.ports, { reviewId: review.id, decision: 'approved', by: 'U0APPROVER' });
    f.ports.woken.length = 0;
    const before = rowCounts(f);
    const again = await decideReview(f.ports, { reviewId: review.id, decision: 'rejected', by: 'U0OTHER' });
    expect(again).toMatchObject({ outcome: 'not_pending', review: { status: 'approved', decidedBy: 'U0APPROVER' } });
    expect(rowCounts(f)).toEqual(before);
    expect(f.ports.woken).toEqual([]);
  });

  it('expires instead of deciding once the deadline has passed, and wakes the waiting job', async () => {
    const review = await open({ timeoutSeconds: 60 });
    f.ports.woken.length = 0;
    f.clock.now += 61_000;
    const result = await decideReview(f.ports, { reviewId: review.id, decision: 'approved', by: 'U0APPROVER' });
    expect(result).toMatchObject({ outcome: 'not_pending', review: { status: 'expired', decidedBy: 'system' } });
    expect(f.count("SELECT COUNT(*) AS n FROM audit_events WHERE review_id = ? AND type = 'review.decided'", review.id)).toBe(0);
    expect(f.ports.woken).toEqual([review.id]);
  });

  it('answers unknown for a review that does not exist, and writes nothing', async () => {
    const before = rowCounts(f);
    expect(await decideReview(f.ports, { reviewId: 'no-such-review', decision: 'approved', by: 'U0APPROVER' })).toEqual({ outcome: 'unknown' });
    expect(rowCounts(f)).toEqual(before);
  });
});
