// Cancel: the job was cancelled, so its pending review ends as `cancelled`. One transaction
// writes the status, the review.cancelled audit event, the Slack update and reply and the
// commit statuses; then the long-polls are woken and the delivery workers kicked.
import { queueReviewStatus } from './commit-statuses.js';
import type { Outcome } from './outcome.js';
import type { ReviewPorts } from './ports.js';
import { CANCELLED_REPLY } from './wording.js';

/** Cancels a pending review. A final review is returned unchanged. */
export async function cancelReview(ports: ReviewPorts, id: string, by: string): Promise<Outcome> {
  const nowMs = ports.now();
  const result = await ports.store.transaction(async (tx): Promise<Outcome> => {
    const changed = await tx.endIfPending(id, {
      status: 'cancelled',
      decidedBy: by,
      decidedByName: null,
      reason: 'job cancelled',
      decidedAt: new Date(nowMs).toISOString(),
    });
    const review = await tx.getReview(id);
    if (!review) return { outcome: 'unknown' };
    if (!changed) return { outcome: 'not_pending', review };
    await tx.appendAudit({ type: 'review.cancelled', reviewId: id, actor: by }, nowMs);
    await tx.enqueue({ kind: 'update_review', reviewId: id }, nowMs);
    await tx.enqueue({ kind: 'thread_reply', reviewId: id, text: CANCELLED_REPLY }, nowMs);
    await queueReviewStatus(tx, ports.commitStatuses, review, nowMs);
    return { outcome: 'decided', review };
  });
  if (result.outcome === 'decided') {
    ports.wake(id);
    ports.kick();
  }
  return result;
}
