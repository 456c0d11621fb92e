// What a gate result means for the job: pass or fail, and the sentence that says why.
import type { ReviewResponse } from '../shared/contract.js';
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

export function judgeUnreviewed(items: readonly { kind?: string }[]): Verdict {
  const secrets = items.filter((i) => !i.kind).length;
  const unscanned = items.filter((i) => i.kind === 'unscanned').length;
  const changes = items.length - secrets - unscanned;
  const found = [
    secrets > 0 && plural(secrets, 'possible secret'),
    unscanned > 0 && `${plural(unscanned, 'file')} that could not be scanned`,
    changes > 0 && plural(changes, 'change') + ' to the scan configuration',
  ].filter(Boolean);
  const them = items.length === 1 ? 'it' : 'them';
  return {
    passed: false,
    decision: 'unreviewed',
    message: `Found ${found.join(', ')}. ${
      secrets > 0 ? `Remove ${them} and rotate, allow false positives in .secretgate.toml or .gitleaksignore on the default branch,` : 'Nothing passes unreviewed:'
    } or set server-url to have ${them} reviewed in Slack.`,
  };
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
