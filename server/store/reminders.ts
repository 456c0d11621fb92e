// The reviews due a half-time reminder (slack/reminders.ts queues them). SQL only.
import type { Database } from './sqlite.js';

export interface DueReminder {
  id: string;
  repository: string;
  deadlineMs: number;
}

/** Pending reviews past half their time and not yet reminded. */
export function dueReminders(db: Database, nowMs: number, limit = 200): DueReminder[] {
  return db
    .prepare(
      `SELECT r.id, r.repository, r.deadline_ms AS deadlineMs FROM reviews r
        WHERE r.status = 'pending' AND r.deadline_ms > ? AND r.slack_ts IS NOT NULL
          AND (r.deadline_ms + CAST(strftime('%s', r.created_at) AS INTEGER) * 1000
               + CAST(substr(r.created_at, 21, 3) AS INTEGER)) / 2 <= ?
          AND NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.review_id = r.id AND a.type = 'review.reminded')
        ORDER BY r.deadline_ms LIMIT ?`,
    )
    .all<DueReminder>(nowMs, nowMs, limit);
}
