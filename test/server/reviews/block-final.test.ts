// A Block is final for every commit it covers (invariant 4), through the state changes alone: no
// remembered decision, clean run or second click turns it green; only a person who lets a later
// review of the commit through lifts it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportCleanRun } from '../../../server/reviews/clean-run.js';
import { decideReview } from '../../../server/reviews/decide.js';
import { openReview } from '../../../server/reviews/open.js';
import type { CreateReviewRequest } from '../../../shared/contract.js';
import { freshSha, reviewRequest } from '../../support/server-harness.js';
import { fixture, type Fixture } from './fixture.js';

let f: Fixture;
beforeEach(() => {
  f = fixture({ commitStatuses: true });
});
afterEach(() => f.close());

const open = async (req: CreateReviewRequest) => (await openReview(f.ports, req, { requestedBy: 'token:test', requestHash: req.idempotencyKey, channel: 'C0REVIEWS' })).review;
const statusesOf = (sha: string) =>
  f.db
    .prepare("SELECT payload FROM outbox WHERE lane = 'github' AND order_key LIKE ? ORDER BY id")
    .all<{ payload: string }>(`%@${sha}`)
    .map((r) => (JSON.parse(r.payload) as { state: string }).state);

describe('a Block stays final', () => {
  it('is not undone by a second click, a remembered approval, a new review or a clean run of its commit', async () => {
    const blockedSha = freshSha();
    const first = reviewRequest({ headSha: blockedSha });
    const blocked = await open(first);
    expect(await decideReview(f.ports, { reviewId: blocked.id, decision: 'rejected', by: 'U0APPROVER', reason: 'live key' })).toMatchObject({ outcome: 'decided' });
    // A second click, whoever clicks, changes nothing.
    expect(await decideReview(f.ports, { reviewId: blocked.id, decision: 'approved', by: 'U0OTHER' })).toMatchObject({ outcome: 'not_pending', review: { status: 'rejected' } });

    // The same findings approved in a review of another commit are remembered...
    const elsewhere = await open({ ...reviewRequest({ headSha: freshSha() }), findings: first.findings });
    await decideReview(f.ports, { reviewId: elsewhere.id, decision: 'approved', by: 'U0APPROVER' });
    // ...yet a new review of the blocked commit asks a person again, and says why.
    const again = await open({ ...reviewRequest({ headSha: blockedSha }), findings: first.findings });
    expect(again).toMatchObject({ status: 'pending', remembered: false });
    const reply = f.db.prepare("SELECT payload FROM outbox WHERE review_id = ? AND kind = 'thread_reply'").get<{ payload: string }>(again.id)!.payload;
    expect(reply).toContain('was blocked in an earlier review');

    // A clean run of the blocked commit is refused, and writes nothing.
    expect(await reportCleanRun(f.ports, { repository: 'acme/api', sha: blockedSha }, 'token:test')).toEqual({ conflict: 'rejected', reviewId: blocked.id });
    expect(f.count('SELECT COUNT(*) AS n FROM clean_runs')).toBe(0);
    // The commit never got a success: failure, then the new review waiting as a failure.
    expect(statusesOf(blockedSha)).toEqual(['pending', 'failure', 'failure']);

    // A person letting the new review through lifts the Block.
    await decideReview(f.ports, { reviewId: again.id, decision: 'false_positive', by: 'U0APPROVER' });
    expect(f.count('SELECT COUNT(*) AS n FROM blocked_commits WHERE sha = ?', blockedSha)).toBe(0);
    expect(statusesOf(blockedSha).at(-1)).toBe('success');
  });
});
