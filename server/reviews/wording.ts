// The words every surface uses for a review's outcome and its decider (Slack, the pages, the
// commit statuses), and the thread replies the state changes queue.
import { JOB_TIMED_OUT, type ReviewStatus } from '../../shared/decisions.js';
import { actorMrkdwn, actorText, inertMrkdwn } from '../slack/mrkdwn.js';
import type { Review } from '../store/reviews.js';

export const decisionWords: Record<ReviewStatus, string> = {
  pending: 'Waiting for a decision',
  approved: 'Approved',
  false_positive: 'Marked false positive',
  rejected: 'Blocked',
  expired: 'Expired',
  cancelled: 'Cancelled',
};

export type Decided = Pick<Review, 'decidedBy' | 'status' | 'decisionReason'> & Partial<Pick<Review, 'decidedByName'>>;

/** What `system` stands for as a decider, by the outcome it decided. */
function systemDecider(review: Decided): string {
  switch (review.status) {
    case 'expired':
      return review.decisionReason === JOB_TIMED_OUT ? 'the job’s own timeout' : 'the deadline';
    case 'approved':
    case 'false_positive':
      return 'a remembered decision';
    default:
      return 'secretgate';
  }
}

/**
 * Who decided, as plain text (not escaped): the Slack user's name when known; an API caller
 * (`token:…`, `oidc:…`), the deadline, the job's own timeout or a remembered decision in words.
 */
export function deciderText(review: Decided): string {
  const by = review.decidedBy;
  if (by === null) return 'secretgate';
  if (by === 'system') return systemDecider(review);
  return review.decidedByName ?? actorText(by);
}

/** The thread reply of a person's decision. The reason is typed by a person: inert, it cannot ping the channel or fake a link. */
export function decidedReply(decision: ReviewStatus, by: string, reason: string | undefined): string {
  return `${decisionWords[decision]} by ${actorMrkdwn(by)}${reason ? `: ${inertMrkdwn(reason)}` : ''}`;
}

export const EXPIRED_REPLY = ':alarm_clock: Expired: nobody decided before the deadline, so the job failed. A new push asks again.';
export const CANCELLED_REPLY = ':no_entry_sign: Cancelled: the job was cancelled, so there is nothing left to decide.';

/** Why findings decided before ask again: a commit of the review was blocked. */
export function blockedBeforeReply(sha: string): string {
  return `:no_entry: Commit \`${sha.slice(0, 12)}\` was blocked in an earlier review: only an approver's decision here lets it through, not decisions remembered from other reviews.`;
}

/** The review's page (slack/messages.ts links the same page). */
export function reviewPageUrl(publicUrl: string, id: string): string {
  return `${publicUrl.endsWith('/') ? publicUrl : publicUrl + '/'}reviews/${encodeURIComponent(id)}`;
}
