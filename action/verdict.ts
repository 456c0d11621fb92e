// What a gate result means for the job: pass or fail, and the sentence that says why.
import type { ReviewResponse } from '../server/contract.js';
import { formatDuration } from './duration.js';
import type { GateResult } from './gate.js';

export interface Verdict {
  passed: boolean;
  decision: string;
  message: string;
}

export function judgeReview(result: GateResult, timeoutSeconds: number): Verdict {
  const { review, decision } = result;
  const who = decidedBy(review);
  const why = review.decision?.reason ? `: ${review.decision.reason}` : '';
  switch (decision) {
    case 'approved':
      return { passed: true, decision, message: `${review.remembered ? 'Approved before' : 'Approved'}${who}${why}.` };
    case 'false_positive':
      return { passed: true, decision, message: `${review.remembered ? 'Marked false positive before' : 'Marked false positive'}${who}${why}.` };
    case 'rejected':
      return {
        passed: false,
        decision,
        message: `Blocked${who}${why || ' (no reason given)'}. Remove the credential from the commits, rotate it, and push again. Review: ${review.url}`,
      };
    case 'expired':
      return { passed: false, decision, message: `No decision within ${formatDuration(timeoutSeconds)}; the review expired: ${review.url}` };
    case 'cancelled':
      return { passed: false, decision, message: `The review was cancelled${who}: ${review.url}` };
  }
}

function decidedBy(review: ReviewResponse): string {
  const d = review.decision;
  if (!d || d.by === 'system') return '';
  return ` by ${d.byName ? `${d.byName} (${d.by})` : d.by}`;
}

export function judgeUnreviewed(count: number): Verdict {
  return {
    passed: false,
    decision: 'unreviewed',
    message: `Found ${count} possible secret${count === 1 ? '' : 's'}. Remove ${count === 1 ? 'it' : 'them'} and rotate, allow false positives in .secretgate.toml or .gitleaksignore, or set server-url to have findings reviewed in Slack.`,
  };
}
