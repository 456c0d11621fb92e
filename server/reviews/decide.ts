// Decide: an approver's Approve, False positive or Block on a pending review. One transaction
// writes the decision (compare-and-set: a double click is harmless), the Block or its lifting,
// the remembered decisions, the review.decided audit event, the Slack update and reply and the
// commit statuses; then the long-polls are woken and the delivery workers kicked. Who may
// decide is checked before (http/slack); this records what they decided.
import { expireInTx } from './expire.js';
import { queueReviewStatus } from './commit-statuses.js';
import type { Outcome } from './outcome.js';
import type { ReviewPorts } from './ports.js';
import { rememberDecision } from './remember.js';
import { decidedReply } from './wording.js';

export type Decision = 'approved' | 'false_positive' | 'rejected';

export interface DecideInput {
  reviewId: string;
  decision: Decision;
  /** Slack user ID. */
  by: string;
  byName?: string;
  reason?: string;
}

/** Records a decision if the review is still pending and not past its deadline. */
export async function decideReview(ports: ReviewPorts, input: DecideInput): Promise<Outcome> {
  const nowMs = ports.now();
  let expired = false;
  const result = await ports.store.transaction(async (tx): Promise<Outcome> => {
    const before = await tx.getReview(input.reviewId);
    if (!before) return { outcome: 'unknown' };
    if (before.status === 'pending' && before.deadlineMs <= nowMs) {
      // The expirer has not come round yet; the deadline has passed all the same.
      expired = await expireInTx(tx, ports.commitStatuses, before.id, nowMs);
    }
    const at = new Date(nowMs).toISOString();
    const changed = await tx.endIfPending(input.reviewId, {
      status: input.decision,
      decidedBy: input.by,
      decidedByName: input.byName ?? null,
      reason: input.reason ?? null,
      decidedAt: at,
    });
    if (!changed) return { outcome: 'not_pending', review: (await tx.getReview(input.reviewId))! };

    // A person's decision: a Block covers the review's commits, letting it through lifts theirs.
    if (input.decision === 'rejected') await tx.blockCommits(before, nowMs);
    else await tx.liftBlocks(before);
    await rememberDecision(tx, before, input.decision, input.by, at);
    await tx.appendAudit(
      {
        type: 'review.decided',
        reviewId: input.reviewId,
        actor: input.by,
        data: { decision: input.decision, byName: input.byName ?? null, reason: input.reason ?? null },
      },
      nowMs,
    );
    await tx.enqueue({ kind: 'update_review', reviewId: input.reviewId }, nowMs);
    await tx.enqueue({ kind: 'thread_reply', reviewId: input.reviewId, text: decidedReply(input.decision, input.by, input.reason) }, nowMs);
    const review = (await tx.getReview(input.reviewId))!;
    await queueReviewStatus(tx, ports.commitStatuses, review, nowMs);
    return { outcome: 'decided', review };
  });
  if (result.outcome === 'decided' || expired) {
    ports.wake(input.reviewId);
    ports.kick();
  }
  return result;
}
