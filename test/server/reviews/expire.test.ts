// expireIfOverdue is the one "expire if overdue, then wake and kick" every reader calls: it
// expires a review once, wakes its waiters once, and leaves a review within its time alone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXPIRED_REPLY } from '../../../server/reviews/wording.js';
import { expireDue, expireForJobTimeout, expireIfOverdue } from '../../../server/reviews/expire.js';
import { openReview } from '../../../server/reviews/open.js';
import { getReview } from '../../../server/store/reviews.js';
import { freshSha, reviewRequest } from '../../support/server-harness.js';
import { fixture, rowCounts, type Fixture } from './fixture.js';

let f: Fixture;
beforeEach(() => {
  f = fixture();
});
afterEach(() => f.close());

const open = async (timeoutSeconds: number) =>
  (await openReview(f.ports, reviewRequest({ headSha: freshSha(), timeoutSeconds }), { requestedBy: 'token:test', requestHash: 'h', channel: 'C0REVIEWS' })).review;

describe('expireIfOverdue', () => {
  it('expires an overdue review once and wakes its waiters once, however many readers find it overdue', async () => {
    const review = await open(60);
    f.ports.woken.length = 0;
    const kicks = f.ports.kicks;
    f.clock.now += 60_000;
    // Three readers at once (the poll, a click, another poll), then one more later.
    const first = await Promise.all([expireIfOverdue(f.ports, review.id), expireIfOverdue(f.ports, review.id), expireIfOverdue(f.ports, review.id)]);
    const later = await expireIfOverdue(f.ports, review.id);
    expect([...first, later].filter(Boolean)).toHaveLength(1);
    expect(f.ports.woken).toEqual([review.id]);
    expect(f.ports.kicks).toBe(kicks + 1);
    expect(getReview(f.db, review.id)).toMatchObject({ status: 'expired', decidedBy: 'system', decisionReason: 'deadline passed' });
    expect(f.count("SELECT COUNT(*) AS n FROM audit_events WHERE review_id = ? AND type = 'review.expired'", review.id)).toBe(1);
    const replies = f.db.prepare("SELECT payload FROM outbox WHERE review_id = ? AND kind = 'thread_reply'").all<{ payload: string }>(review.id);
    expect(replies.map((r) => (JSON.parse(r.payload) as { text: string }).text)).toEqual([EXPIRED_REPLY]);
  });

  it('leaves a review within its time alone: nothing written, nobody woken', async () => {
    const review = await open(60);
    f.ports.woken.length = 0;
    f.clock.now += 59_999;
    const before = rowCounts(f);
    expect(await expireIfOverdue(f.ports, review.id)).toBe(false);
    expect(rowCounts(f)).toEqual(before);
    expect(f.ports.woken).toEqual([]);
    expect(getReview(f.db, review.id)!.status).toBe('pending');
  });

  it('sweeps every overdue review in one transaction and wakes each once; a second sweep finds none', async () => {
    const due = [await open(10), await open(20)];
    const notYet = await open(600);
    f.ports.woken.length = 0;
    f.clock.now += 30_000;
    expect((await expireDue(f.ports)).sort()).toEqual(due.map((r) => r.id).sort());
    expect(await expireDue(f.ports)).toEqual([]);
    expect(f.ports.woken.sort()).toEqual(due.map((r) => r.id).sort());
    expect(getReview(f.db, notYet.id)!.status).toBe('pending');
  });

  it('expires for the job’s own timeout before the deadline, naming the job; a final review is left as it is', async () => {
    const review = await open(600);
    f.ports.woken.length = 0;
    expect(await expireForJobTimeout(f.ports, review.id, 'token:ci')).toMatchObject({ outcome: 'decided', review: { status: 'expired', decisionReason: 'job timed out' } });
    expect(f.db.prepare("SELECT actor FROM audit_events WHERE review_id = ? AND type = 'review.expired'").get<{ actor: string }>(review.id)!.actor).toBe('token:ci');
    expect(await expireForJobTimeout(f.ports, review.id, 'token:ci')).toMatchObject({ outcome: 'not_pending' });
    expect(f.ports.woken).toEqual([review.id]);
  });
});
