// The outbox: every Slack call is a row written in the same transaction as the state change
// that causes it, so a committed change always gets its message and a rolled-back one never does.
import type { Database } from './sqlite.js';

export type OutboxMessage =
  /** Post the review message to the channel; its ts is saved on the review. */
  | { kind: 'post_review'; reviewId: string; channel: string; mentions?: string[] }
  /** Rewrite the review message from the review's current state (buttons gone once decided). */
  | { kind: 'update_review'; reviewId: string }
  /** A reply in the review message's thread. */
  | { kind: 'thread_reply'; reviewId: string; text: string }
  /** The "Fix instructions" reply: remediation per provider, rendered from the findings. */
  | { kind: 'remediation'; reviewId: string; requestedBy: string }
  /** A message to a channel, tied to no review (the digest). */
  | { kind: 'channel_post'; reviewId: null; channel: string; text: string; blocks?: unknown[] }
  /** A message only `user` sees (not authorized, already decided …). Not ordered with the rest. */
  | { kind: 'ephemeral'; reviewId: string | null; channel: string; user: string; text: string };

export interface OutboxRow {
  id: number;
  message: OutboxMessage;
  attempts: number;
  createdAt: string;
  /** Set when a post was sent whose outcome was not recorded: it may already be in Slack. */
  sentAtMs: number | null;
}

interface RawRow {
  id: number;
  kind: string;
  payload: string;
  attempts: number;
  created_at: string;
  sent_at_ms: number | null;
}

export function enqueue(db: Database, message: OutboxMessage, nowMs: number): number {
  // Ephemerals carry no review ordering: they must not wait behind a message Slack refuses.
  const orderedBy = message.kind === 'ephemeral' ? null : message.reviewId;
  const r = db
    .prepare('INSERT INTO outbox (review_id, kind, payload, created_at, next_attempt_ms) VALUES (?, ?, ?, ?, ?)')
    .run(orderedBy, message.kind, JSON.stringify(message), new Date(nowMs).toISOString(), nowMs);
  return Number(r.lastInsertRowid);
}

/**
 * Undelivered Slack rows (lane 'slack'; GitHub statuses have their own worker, see
 * server/store/status-outbox.ts) that are due, oldest first, at most one per review: a review's messages go
 * out in order (the update needs the post's ts), while other reviews are not held up.
 */
export function dueMessages(db: Database, nowMs: number, limit: number): OutboxRow[] {
  const rows = db
    .prepare(
      `SELECT o.id, o.kind, o.payload, o.attempts, o.created_at, o.sent_at_ms FROM outbox o
        WHERE o.delivered_at IS NULL AND o.next_attempt_ms <= ? AND o.lane = 'slack'
          AND (o.review_id IS NULL OR NOT EXISTS (
                SELECT 1 FROM outbox p
                 WHERE p.review_id = o.review_id AND p.delivered_at IS NULL AND p.id < o.id))
        ORDER BY o.id LIMIT ?`,
    )
    .all<RawRow>(nowMs, limit);
  return rows.map((r) => ({
    id: r.id,
    message: JSON.parse(r.payload) as OutboxMessage,
    attempts: r.attempts,
    createdAt: r.created_at,
    sentAtMs: r.sent_at_ms,
  }));
}

/** When the next undelivered row becomes due (ms), or null when the outbox is empty. */
export function nextDueAt(db: Database): number | null {
  const r = db
    .prepare("SELECT MIN(next_attempt_ms) AS t FROM outbox WHERE delivered_at IS NULL AND lane = 'slack'")
    .get<{ t: number | null }>();
  return r?.t ?? null;
}

/** Recorded (committed) before a post goes out, so that a retry knows to look for it first. */
export function markSending(db: Database, id: number, nowMs: number): void {
  db.prepare('UPDATE outbox SET sent_at_ms = COALESCE(sent_at_ms, ?) WHERE id = ?').run(nowMs, id);
}

/** Moves a row's next attempt later without counting an attempt (pacing, not a failure). */
export function postpone(db: Database, id: number, untilMs: number): void {
  db.prepare('UPDATE outbox SET next_attempt_ms = ? WHERE id = ?').run(untilMs, id);
}

export function markDelivered(db: Database, id: number, nowMs: number): void {
  db.prepare('UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?').run(
    new Date(nowMs).toISOString(),
    id,
  );
}

export function markFailed(db: Database, id: number, error: string, nextAttemptMs: number, countAttempt = true): void {
  db.prepare('UPDATE outbox SET attempts = attempts + ?, last_error = ?, next_attempt_ms = ? WHERE id = ?').run(
    countAttempt ? 1 : 0,
    error.slice(0, 500),
    nextAttemptMs,
    id,
  );
}

export function undeliveredCount(db: Database): number {
  return db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE delivered_at IS NULL').get<{ n: number }>()?.n ?? 0;
}
