// Who decided a review, as Slack mrkdwn: a Slack user is a mention; anyone else becomes
// deciderText's plain words (reviews/wording.ts), made inert. `<@token:…>` would be a bogus mention.
import { deciderText, type Decided } from '../reviews/wording.js';
import { actorMrkdwn, inertMrkdwn } from './mrkdwn.js';

export { deciderText };

/** Who decided, as Slack mrkdwn: a Slack user is a mention; anyone else deciderText's words, made inert. */
export function deciderMrkdwn(review: Decided): string {
  const by = review.decidedBy;
  if (by !== null && by !== 'system') return actorMrkdwn(by);
  return inertMrkdwn(deciderText(review));
}
