// Who decided a review, as Slack text. A Slack user becomes a mention; anyone else becomes
// plain, escaped words: an API caller that cancelled or timed out its job's review (`token:…`,
// `oidc:…`), the deadline, a remembered decision. `<@token:…>` would be a bogus mention.
import { JOB_TIMED_OUT, type Review } from '../store/reviews.js';
import { actorMrkdwn } from './mrkdwn.js';

export function deciderMrkdwn(review: Pick<Review, 'decidedBy' | 'status' | 'decisionReason'>): string {
  const by = review.decidedBy;
  if (by === null) return 'secretgate';
  if (by !== 'system') return actorMrkdwn(by);
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
