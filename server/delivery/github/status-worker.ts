// Delivers the outbox's commit statuses (lane 'github') to GitHub: one commit's statuses in the
// order they were queued, other commits not held up; a 429 or rate-limit 403 pauses the lane,
// other failures back off per row, indefinitely. A status that can never be set (the App is not
// installed, the commit is unknown) is closed with an audit event and, once per review, a reply
// in the review's Slack thread; the review itself decides as usual.
import { DeliveryLoop, type DeliveryTimingOptions } from '../worker-loop.js';
import type { Logger } from '../../log.js';
import { STATUS_CONTEXT } from '../../reviews/commit-statuses.js';
import { appendAudit, hasAuditEventOfType, hasNotInstalledEvent } from '../../store/audit.js';
import { enqueue } from '../../store/outbox.js';
import type { Database } from '../../store/sqlite.js';
import { describeGitHubError, type GitHubApi } from '../../github/client.js';
import {
  dueStatuses,
  markStatusAbandoned,
  markStatusDelivered,
  nextStatusDueAt,
  type StatusRow,
} from '../../store/status-outbox.js';

export interface StatusWorkerOptions extends DeliveryTimingOptions {
  db: Database;
  github: GitHubApi;
  logger: Logger;
  /** Something was queued for Slack (the thread reply about a status that cannot be set). */
  kickSlack: () => void;
}

export class StatusWorker extends DeliveryLoop<StatusRow> {
  constructor(private readonly options: StatusWorkerOptions) {
    super({ ...options, passFailedMessage: 'commit status pass failed' });
  }

  protected due(nowMs: number, limit: number): StatusRow[] {
    return dueStatuses(this.options.db, nowMs, limit);
  }

  protected nextDueAt(): number | null {
    return nextStatusDueAt(this.options.db);
  }

  protected async deliverOne(row: StatusRow): Promise<void> {
    const { db, github, logger } = this.options;
    const m = row.message;
    try {
      await github.setStatus({
        repository: m.repository,
        sha: m.sha,
        state: m.state,
        description: m.description,
        targetUrl: m.targetUrl,
        context: STATUS_CONTEXT,
      });
      markStatusDelivered(db, row.id, this.now());
      logger.info('commit status set', { repository: m.repository, sha: m.sha, state: m.state, reviewId: m.reviewId });
      return;
    } catch (err) {
      const failure = describeGitHubError(err, this.now());
      if (failure.kind === 'rate_limited') {
        this.rateLimited(row.id, failure.reason, failure.retryAfterSeconds);
        logger.warn('github rate limited; commit statuses paused', { outboxId: row.id, retryAfterSeconds: failure.retryAfterSeconds });
        return;
      }
      if (failure.kind === 'permanent') {
        this.abandon(row, failure.reason, failure.notInstalled);
        return;
      }
      const retryInMs = this.retryLater(row.id, row.attempts, failure.reason);
      logger.warn('commit status failed; will retry', {
        outboxId: row.id,
        repository: m.repository,
        sha: m.sha,
        attempt: row.attempts + 1,
        reason: failure.reason,
        retryInMs,
      });
    }
  }

  /** Closes the row, writes the audit event, and tells the review's Slack thread (once per review). */
  private abandon(row: StatusRow, reason: string, notInstalled: boolean): void {
    const { db, logger } = this.options;
    const m = row.message;
    const now = this.now();
    let told = false;
    db.transaction(() => {
      markStatusAbandoned(db, row.id, reason, now);
      const alreadyReported = m.reviewId !== null && hasAuditEventOfType(db, m.reviewId, 'github.status_failed');
      // A missing installation concerns the repository, not the commit: one event per review and
      // state is enough (a review sets each state on up to 20 commits).
      const sameAlready = alreadyReported && notInstalled && hasNotInstalledEvent(db, m.reviewId!, m.state);
      if (!sameAlready) {
        appendAudit(
          db,
          {
            type: 'github.status_failed',
            reviewId: m.reviewId,
            actor: 'system',
            data: { repository: m.repository, sha: m.sha, state: m.state, context: STATUS_CONTEXT, notInstalled, reason },
          },
          now,
        );
      }
      if (m.reviewId !== null && !alreadyReported) {
        const why = notInstalled
          ? `the secretgate GitHub App is not installed on \`${m.repository}\` (or cannot see it)`
          : reason;
        enqueue(
          db,
          {
            kind: 'thread_reply',
            reviewId: m.reviewId,
            text:
              `:warning: Could not set the \`${STATUS_CONTEXT}\` commit status on GitHub: ${why}. ` +
              'The decision still counts for the job, but a branch rule that requires the status will not see it.',
          },
          now,
        );
        told = true;
      }
    });
    if (told) this.options.kickSlack();
    logger.error('commit status cannot be set; given up', { outboxId: row.id, repository: m.repository, sha: m.sha, state: m.state, reviewId: m.reviewId, reason });
  }
}
