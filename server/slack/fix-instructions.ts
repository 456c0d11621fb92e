// The "Fix instructions" button: posts the provider-specific remediation for a review into its
// thread, once per review (later clicks get an ephemeral pointing at the thread). Anyone who
// can see the review message may ask: the steps reveal nothing the message does not.
import type { AppDeps } from '../http/deps.js';
import { admitNoise, writeHeldBack } from '../http/audit-noise.js';
import { appendAudit, hasAuditEventOfType } from '../store/audit.js';
import { enqueue } from '../store/outbox.js';
import { getReview } from '../store/reviews.js';

export type FixOutcome = 'queued' | 'already_posted' | 'unknown_review';

export function requestFixInstructions(deps: AppDeps, reviewId: string, userId: string, channel: string | null): FixOutcome {
  const review = reviewId.length <= 100 ? getReview(deps.db, reviewId) : undefined;
  const now = deps.now();
  const outcome = deps.db.transaction((): FixOutcome => {
    // Anyone can click again and again: the "already there" answers share the throttle, so the
    // outbox does not grow with the clicks (past the share, a click is answered by nothing).
    const tell = (text: string) => {
      const admitted = admitNoise(deps, 'slack.fix_answer');
      if (admitted.summary) writeHeldBack(deps, admitted.summary);
      if (admitted.write && channel) enqueue(deps.db, { kind: 'ephemeral', reviewId: review?.id ?? null, channel, user: userId, text }, now);
    };
    if (!review) {
      tell('secretgate does not know this review.');
      return 'unknown_review';
    }
    if (hasAuditEventOfType(deps.db, review.id, 'review.fix_requested')) {
      tell('The fix instructions for this review are already in its thread.');
      return 'already_posted';
    }
    enqueue(deps.db, { kind: 'remediation', reviewId: review.id, requestedBy: userId }, now);
    appendAudit(deps.db, { type: 'review.fix_requested', reviewId: review.id, actor: userId }, now);
    return 'queued';
  });
  deps.kickOutbox();
  return outcome;
}
