// Who decided a review, in words: one wording for Slack (deciderMrkdwn) and for the dashboard and
// commit statuses (deciderText). A Slack user is a mention in Slack and their name (or ID)
// elsewhere; anyone else becomes plain words: an API caller that cancelled its job's review
// (`token:…`, `oidc:…`), the deadline, the job's own timeout, a remembered decision.
// `<@token:…>` would be a bogus mention; `token:3a39…` alone means nothing to a reader.
import { JOB_TIMED_OUT } from '../../shared/decisions.js';
import type { Review } from '../store/reviews.js';
import { actorMrkdwn, actorText, inertMrkdwn } from './mrkdwn.js';

type Decided = Pick<Review, 'decidedBy' | 'status' | 'decisionReason'> & Partial<Pick<Review, 'decidedByName'>>;

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

/** Who decided, as plain text (not escaped): the Slack user's name when known, else deciderMrkdwn's words. */
export function deciderText(review: Decided): string {
  const by = review.decidedBy;
  if (by === null) return 'secretgate';
  if (by === 'system') return systemDecider(review);
  return review.decidedByName ?? actorText(by);
}

/** Who decided, as Slack mrkdwn: a Slack user is a mention; anyone else deciderText's words, made inert. */
export function deciderMrkdwn(review: Decided): string {
  const by = review.decidedBy;
  if (by !== null && by !== 'system') return actorMrkdwn(by);
  return inertMrkdwn(deciderText(review));
}
