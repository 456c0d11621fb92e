// Delivers the outbox's commit statuses (lane 'github') to GitHub: one commit's statuses in the
// order they were queued, other commits not held up; a 429 or rate-limit 403 pauses the lane,
// other failures back off per row, indefinitely. A status that can never be set (the App is not
// installed, the commit is unknown) is closed with an audit event and, once per review, a reply
// in the review's Slack thread; the review itself decides as usual.
import type { Logger } from '../log.js';
import { appendAudit } from '../store/audit.js';
import { enqueue } from '../store/outbox.js';
import type { Database } from '../store/sqlite.js';
import { describeGitHubError, type GitHubApi } from './client.js';
import {
  dueStatuses,
  markStatusAbandoned,
  markStatusDelivered,
  markStatusFailed,
  nextStatusDueAt,
  type StatusRow,
} from './status-outbox.js';
import { STATUS_CONTEXT } from './statuses.js';

export interface StatusWorkerOptions {
  db: Database;
  github: GitHubApi;
  logger: Logger;
  /** Something was queued for Slack (the thread reply about a status that cannot be set). */
  kickSlack: () => void;
  now?: () => number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  idleCheckMs?: number;
}

export class StatusWorker {
  private readonly now: () => number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly idleCheckMs: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private stopped = true;
  private again = false;
  private pausedUntil = 0;
  private current: Promise<void> = Promise.resolve();

  constructor(private readonly options: StatusWorkerOptions) {
    this.now = options.now ?? Date.now;
    this.baseBackoffMs = options.baseBackoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
    this.idleCheckMs = options.idleCheckMs ?? 30_000;
  }

  start(): void {
    this.stopped = false;
    this.kick();
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** Finishes the call in flight, then stops; undelivered rows wait for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.current = this.pass();
    }, Math.max(0, delayMs));
    (this.timer as { unref?: () => void }).unref?.();
  }

  private async pass(): Promise<void> {
    this.running = true;
    try {
      do {
        this.again = false;
        while (!this.stopped && this.now() >= this.pausedUntil) {
          const rows = dueStatuses(this.options.db, this.now(), 25);
          if (rows.length === 0) break;
          for (const row of rows) {
            if (this.stopped || this.now() < this.pausedUntil) break;
            await this.deliverOne(row);
          }
        }
      } while (this.again && !this.stopped);
    } catch (err) {
      this.options.logger.error('commit status pass failed', { error: err });
    } finally {
      this.running = false;
    }
    if (this.stopped) return;
    const next = nextStatusDueAt(this.options.db);
    const wakeAt = Math.max(this.pausedUntil, next ?? this.now() + this.idleCheckMs);
    this.schedule(Math.min(wakeAt - this.now(), this.idleCheckMs));
  }

  private async deliverOne(row: StatusRow): Promise<void> {
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
      const now = this.now();
      if (failure.kind === 'rate_limited') {
        this.pausedUntil = now + failure.retryAfterSeconds * 1000;
        markStatusFailed(db, row.id, failure.reason, this.pausedUntil, false);
        logger.warn('github rate limited; commit statuses paused', { outboxId: row.id, retryAfterSeconds: failure.retryAfterSeconds });
        return;
      }
      if (failure.kind === 'permanent') {
        this.abandon(row, failure.reason, failure.notInstalled);
        return;
      }
      const backoff = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** Math.min(row.attempts, 20));
      const jittered = Math.round(backoff * (0.8 + Math.random() * 0.4));
      markStatusFailed(db, row.id, failure.reason, now + jittered);
      logger.warn('commit status failed; will retry', {
        outboxId: row.id,
        repository: m.repository,
        sha: m.sha,
        attempt: row.attempts + 1,
        reason: failure.reason,
        retryInMs: jittered,
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
      const earlier = (sql: string, ...args: string[]) => db.prepare(sql).get<{ x: number }>(...args) !== undefined;
      const alreadyReported =
        m.reviewId !== null &&
        earlier("SELECT 1 AS x FROM audit_events WHERE review_id = ? AND type = 'github.status_failed' LIMIT 1", m.reviewId);
      // A missing installation concerns the repository, not the commit: one event per review and
      // state is enough (a review sets each state on up to 20 commits).
      const sameAlready =
        alreadyReported &&
        notInstalled &&
        earlier(
          `SELECT 1 AS x FROM audit_events WHERE review_id = ? AND type = 'github.status_failed'
              AND json_extract(data, '$.state') = ? AND json_extract(data, '$.notInstalled') = 1 LIMIT 1`,
          m.reviewId!,
          m.state,
        );
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
