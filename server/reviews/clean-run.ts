// Clean run: the Action found nothing on a commit, so the commit's `secretgate` status becomes
// success. Idempotent per (repository, sha). It cannot override a review of the same commit that
// is not a success, nor a Block on the commit. One transaction writes the clean run, its
// clean_run.reported audit event and its commit status; then delivery is kicked.
import type { CleanRunRequest } from '../../shared/contract.js';
import type { ReviewStatus } from '../../shared/decisions.js';
import { queueCleanRunStatus } from './commit-statuses.js';
import type { ReviewPorts } from './ports.js';

const SUCCESSFUL: readonly ReviewStatus[] = ['approved', 'false_positive'];

export type CleanRunOutcome =
  | 'created'
  /** Reported before: nothing new. */
  | 'known'
  /** A review of the commit that is not a success (or a Block on it) stands: nothing written. */
  | { conflict: ReviewStatus; reviewId: string };

export async function reportCleanRun(ports: ReviewPorts, req: CleanRunRequest, by: string): Promise<CleanRunOutcome> {
  const now = ports.now();
  const outcome = await ports.store.transaction(async (tx): Promise<CleanRunOutcome> => {
    // A Block covers the commit whichever review came after it, until a person lets it through.
    const blocked = await tx.blockedAmong(req.repository, [req.sha]);
    if (blocked) return { conflict: 'rejected', reviewId: blocked.reviewId };
    // The newest review of this very commit decides: a clean claim cannot turn a pending,
    // blocked, expired or cancelled review into a success.
    const latest = await tx.latestReviewOfCommit(req.repository, req.sha);
    if (latest && !SUCCESSFUL.includes(latest.status)) return { conflict: latest.status, reviewId: latest.id };
    const inserted = await tx.insertCleanRun({
      repository: req.repository,
      sha: req.sha,
      reportedBy: by,
      reportedAt: new Date(now).toISOString(),
      ref: req.ref ?? null,
      runUrl: req.runUrl ?? null,
    });
    if (!inserted) return 'known';
    await tx.appendAudit(
      { type: 'clean_run.reported', actor: by, data: { repository: req.repository, sha: req.sha, ref: req.ref ?? null, runUrl: req.runUrl ?? null } },
      now,
    );
    await queueCleanRunStatus(tx, ports.commitStatuses, req.repository, req.sha, req.runUrl ?? null, now);
    return 'created';
  });
  if (outcome === 'created') ports.kick();
  return outcome;
}
