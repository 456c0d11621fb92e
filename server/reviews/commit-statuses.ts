// What the `secretgate` commit status says about a review or a clean run, queued in the outbox
// inside the transaction of the state change. Nothing is queued when statuses are off.
import type { StoreTx } from '../store/port.js';
import type { Review } from '../store/reviews.js';
import type { CommitState } from '../store/status-outbox.js';
import { deciderText, reviewPageUrl } from './wording.js';

export const STATUS_CONTEXT = 'secretgate';

/** The head commit and the commits with findings, up to this many per review. */
export const MAX_COMMITS_PER_REVIEW = 20;

export interface CommitStatusSettings {
  publicUrl: string;
  /** Slack channel ID → name, for "waiting for approval in #name"; a channel not listed: "in Slack". */
  channelNames: Record<string, string>;
}

/** The commits a review's status is set on: its head first, then the commits with findings. */
export function reviewedCommits(review: Pick<Review, 'headSha' | 'commits'>): string[] {
  const shas = [review.headSha, ...review.commits].map((s) => s.toLowerCase());
  // GitHub sets statuses on full SHAs only (SHA-1 or SHA-256); an abbreviated one would be refused.
  return [...new Set(shas)].filter((s) => /^([0-9a-f]{40}|[0-9a-f]{64})$/.test(s)).slice(0, MAX_COMMITS_PER_REVIEW);
}

/** GitHub's limit on a status description. */
export const MAX_STATUS_DESCRIPTION = 140;
const fit = (s: string) => (s.length > MAX_STATUS_DESCRIPTION ? `${s.slice(0, MAX_STATUS_DESCRIPTION - 1)}…` : s);

export function reviewStatus(review: Review, settings: CommitStatusSettings, channel?: string): { state: CommitState; description: string } {
  const { state, description } = describeReview(review, settings, channel);
  return { state, description: fit(description) };
}

function describeReview(review: Review, settings: CommitStatusSettings, channel?: string): { state: CommitState; description: string } {
  // A person or the job, in deciderText's words; `system` is said by the outcome itself.
  const by = review.decidedBy && review.decidedBy !== 'system' ? ` by ${deciderText(review)}` : '';
  const findings = `${review.findingCount} finding${review.findingCount === 1 ? '' : 's'}`;
  switch (review.status) {
    case 'pending': {
      const name = channel === undefined ? undefined : settings.channelNames[channel];
      return { state: 'pending', description: `${findings}: waiting for approval in ${name ? `#${name}` : 'Slack'}` };
    }
    case 'approved':
      return {
        state: 'success',
        description: review.remembered ? `${findings}, each approved before` : `${findings} approved${by}`,
      };
    case 'false_positive':
      return { state: 'success', description: `${findings} marked false positive${by}` };
    case 'rejected':
      return { state: 'failure', description: `${findings} blocked${by}` };
    case 'expired':
      return { state: 'failure', description: `${findings}: no decision before the deadline (expired)` };
    case 'cancelled':
      return { state: 'failure', description: `${findings}: review cancelled with its job` };
  }
}

/**
 * Queues the status for the review's current state on each of its commits. Call inside its
 * transaction, after any Block it records or lifts; `channel` is where a new review is posted
 * (named in the pending description). A commit still blocked stays `failure`: a new review of
 * it waits as a failure, and a success is never queued for it.
 */
export async function queueReviewStatus(
  tx: StoreTx,
  settings: CommitStatusSettings | null,
  review: Review,
  nowMs: number,
  channel?: string,
): Promise<void> {
  if (!settings) return;
  const { state, description } = reviewStatus(review, settings, channel);
  for (const sha of reviewedCommits(review)) {
    let shown = { state, description };
    if (state !== 'failure' && (await tx.blockedAmong(review.repository, [sha]))) {
      if (state === 'success') continue;
      shown = { state: 'failure', description: fit(`Blocked before; ${description}`) };
    }
    await tx.enqueueStatus(
      { kind: 'commit_status', repository: review.repository, sha, ...shown, targetUrl: reviewPageUrl(settings.publicUrl, review.id), reviewId: review.id },
      nowMs,
    );
  }
}

/**
 * Queues `success` for a commit the Action scanned and found clean. Call inside its transaction.
 * Nothing for a blocked commit (clean-run.ts refuses that report first).
 */
export async function queueCleanRunStatus(
  tx: StoreTx,
  settings: CommitStatusSettings | null,
  repository: string,
  sha: string,
  runUrl: string | null,
  nowMs: number,
): Promise<void> {
  if (!settings) return;
  if (await tx.blockedAmong(repository, [sha])) return;
  await tx.enqueueStatus(
    { kind: 'commit_status', repository, sha: sha.toLowerCase(), state: 'success', description: 'No secrets found', targetUrl: runUrl, reviewId: null },
    nowMs,
  );
}
