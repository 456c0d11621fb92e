// Commit statuses in the outbox: rows of lane 'github', written in the same transaction as the
// state change they report, delivered in order per commit (order_key = repository@sha), so a
// later `success` can never be overtaken by the retry of an earlier `pending`.
import type { Database } from './sqlite.js';

export const GITHUB_LANE = 'github';

/** A commit status's state, as GitHub names it. */
export type CommitState = 'pending' | 'success' | 'failure' | 'error';

export interface StatusMessage {
  kind: 'commit_status';
  repository: string;
  sha: string;
  state: CommitState;
  description: string;
  /** The review page, or the run of a clean scan. */
  targetUrl: string | null;
  /** The review the status reports on; null for a clean run. */
  reviewId: string | null;
}

export interface StatusRow {
  id: number;
  message: StatusMessage;
  attempts: number;
}

/** Statuses of one commit go out in the order they were queued. */
export function commitKey(repository: string, sha: string): string {
  return `${repository.toLowerCase()}@${sha.toLowerCase()}`;
}

export function enqueueStatus(db: Database, message: StatusMessage, nowMs: number): number {
  const r = db
    .prepare(
      'INSERT INTO outbox (lane, order_key, review_id, kind, payload, created_at, next_attempt_ms) VALUES (?, ?, NULL, ?, ?, ?, ?)',
    )
    .run(GITHUB_LANE, commitKey(message.repository, message.sha), message.kind, JSON.stringify(message), new Date(nowMs).toISOString(), nowMs);
  return Number(r.lastInsertRowid);
}

/** Due status rows, oldest first, at most one per commit (the oldest undelivered one). */
export function dueStatuses(db: Database, nowMs: number, limit: number): StatusRow[] {
  return db
    .prepare(
      `SELECT o.id, o.payload, o.attempts FROM outbox o
        WHERE o.lane = ? AND o.delivered_at IS NULL AND o.next_attempt_ms <= ?
          AND NOT EXISTS (SELECT 1 FROM outbox p
                           WHERE p.lane = o.lane AND p.order_key = o.order_key AND p.delivered_at IS NULL AND p.id < o.id)
        ORDER BY o.id LIMIT ?`,
    )
    .all<{ id: number; payload: string; attempts: number }>(GITHUB_LANE, nowMs, limit)
    .map((r) => ({ id: r.id, message: JSON.parse(r.payload) as StatusMessage, attempts: r.attempts }));
}

export function nextStatusDueAt(db: Database): number | null {
  return (
    db
      .prepare('SELECT MIN(next_attempt_ms) AS t FROM outbox WHERE lane = ? AND delivered_at IS NULL')
      .get<{ t: number | null }>(GITHUB_LANE)?.t ?? null
  );
}

export function undeliveredStatusCount(db: Database): number {
  return (
    db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE lane = ? AND delivered_at IS NULL').get<{ n: number }>(GITHUB_LANE)?.n ?? 0
  );
}

/** A status row closes and fails like any outbox row (one table): the Slack lane's updates serve both. */
export { markDelivered as markStatusDelivered, markFailed as markStatusFailed } from './outbox.js';

/** Closes a row that can never be delivered; last_error keeps why. */
export function markStatusAbandoned(db: Database, id: number, reason: string, nowMs: number): void {
  db.prepare('UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = ? WHERE id = ?').run(
    new Date(nowMs).toISOString(),
    `abandoned: ${reason}`.slice(0, 500),
    id,
  );
}
