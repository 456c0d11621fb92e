// The audit log: append-only (triggers refuse UPDATE/DELETE) and hash-chained, so an edit or
// a deletion made by going around the triggers is found by verifyAuditChain (a deleted tail
// through the highest seq issued: audit-head.ts).
import { createHash } from 'node:crypto';
import { highestIssuedSeq } from './audit-head.js';
import type { Database } from './sqlite.js';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditType =
  | 'review.created'
  | 'review.remembered'
  | 'review.decided'
  | 'review.expired'
  | 'review.cancelled'
  | 'decision.unauthorized'
  | 'decision.ignored'
  | 'slack.request_rejected'
  | 'slack.app_uninstalled'
  | 'slack.tokens_revoked'
  | 'dashboard.signed_in'
  | 'dashboard.sign_in_failed'
  | 'dashboard.signed_out'
  | 'audit.exported'
  | 'clean_run.reported'
  | 'clean_run.refused'
  | 'github.status_failed'
  | 'review.reminded'
  | 'review.fix_requested'
  | 'slack.command_refused'
  | 'digest.posted'
  | 'audit.throttled'
  | 'api.forbidden'
  | 'api.oidc_refused'
  | 'oidc.repository_pinned'
  | 'oidc.repository_unpinned'
  | 'fingerprint_key.issued'
  | 'remembered.rekeyed';

export interface AuditInput {
  type: AuditType;
  reviewId?: string | null;
  /** Who caused it: a Slack user ID, `token:…`, `oidc:owner/repo`, or `system`. */
  actor?: string | null;
  data?: Record<string, unknown>;
}

export interface AuditEvent {
  seq: number;
  at: string;
  type: string;
  reviewId: string | null;
  actor: string | null;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

interface AuditRow {
  seq: number;
  at: string;
  type: string;
  review_id: string | null;
  actor: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

/** The hash covers every column but itself, in a fixed order, joined by a separator no value holds unescaped. */
export function hashAuditEvent(prevHash: string, e: Omit<AuditRow, 'hash' | 'prev_hash'>): string {
  const canonical = JSON.stringify([e.seq, e.at, e.type, e.review_id, e.actor, e.data]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/** Appends one event. Call inside the transaction of the state change it records. */
export function appendAudit(db: Database, input: AuditInput, nowMs: number): AuditEvent {
  return db.transaction(() => {
    const last = db
      .prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1')
      .get<{ seq: number; hash: string }>();
    // Numbered after the highest seq ever issued, not after the last row: were the tail
    // deleted, the next event would otherwise reuse its numbers and hide the gap.
    const issued = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").get<{ seq: number }>();
    const row: Omit<AuditRow, 'hash'> = {
      seq: Math.max(Number(issued?.seq ?? 0), last?.seq ?? 0) + 1,
      at: new Date(nowMs).toISOString(),
      type: input.type,
      review_id: input.reviewId ?? null,
      actor: input.actor ?? null,
      data: JSON.stringify(input.data ?? {}),
      prev_hash: last?.hash ?? GENESIS_HASH,
    };
    const hash = hashAuditEvent(row.prev_hash, row);
    db.prepare(
      'INSERT INTO audit_events (seq, at, type, review_id, actor, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(row.seq, row.at, row.type, row.review_id, row.actor, row.data, row.prev_hash, hash);
    return toEvent({ ...row, hash });
  });
}

function toEvent(r: AuditRow): AuditEvent {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(r.data) as Record<string, unknown>;
  } catch {
    data = { unparsable: r.data };
  }
  return {
    seq: r.seq,
    at: r.at,
    type: r.type,
    reviewId: r.review_id,
    actor: r.actor,
    data,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export type ChainVerdict =
  /** `head` is the last event's hash (GENESIS_HASH when empty), `headSeq` its seq (0 when empty). */
  | { ok: true; events: number; head: string; headSeq: number; tailChecked: boolean }
  | { ok: false; events: number; seq: number; reason: string };

/** Walks the chain in order, then checks its end against the highest seq issued; reports the first broken link. */
export function verifyAuditChain(db: Database): ChainVerdict {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (const page of auditPages(db)) {
    for (const r of page) {
      if (r.seq !== expectedSeq) {
        return {
          ok: false,
          events: count,
          seq: r.seq,
          reason: `event ${r.seq} follows event ${expectedSeq - 1}: events ${expectedSeq}..${r.seq - 1} are missing (deleted)`,
        };
      }
      if (r.prev_hash !== prevHash) {
        return {
          ok: false,
          events: count,
          seq: r.seq,
          reason: `event ${r.seq} names a previous hash that is not the hash of event ${r.seq - 1} (an earlier event was changed or removed)`,
        };
      }
      if (hashAuditEvent(r.prev_hash, r) !== r.hash) {
        return { ok: false, events: count, seq: r.seq, reason: `event ${r.seq} does not match its hash (it was edited)` };
      }
      prevHash = r.hash;
      expectedSeq++;
      count++;
    }
  }
  const lastSeq = expectedSeq - 1;
  const issued = highestIssuedSeq(db);
  if (issued !== null && issued > lastSeq) {
    return {
      ok: false,
      events: count,
      seq: lastSeq + 1,
      reason: `events ${lastSeq + 1}..${issued} are missing from the end of the log (deleted): seq ${issued} was issued`,
    };
  }
  if (issued !== null && issued < lastSeq) {
    // SQLite never lets sqlite_sequence fall below a row's seq: someone edited it.
    return {
      ok: false,
      events: issued,
      seq: issued + 1,
      reason: `the record of the highest seq issued says ${issued}, yet the log runs to event ${lastSeq} (sqlite_sequence was edited)`,
    };
  }
  return { ok: true, events: count, head: prevHash, headSeq: lastSeq, tailChecked: issued !== null };
}

/** Reads the log in pages so that a long trail is never held in memory whole. */
export function* auditPages(db: Database, pageSize = 1000): Generator<AuditRow[]> {
  let after = 0;
  for (;;) {
    const page = db
      .prepare('SELECT * FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?')
      .all<AuditRow>(after, pageSize);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]!.seq;
  }
}

export function* auditEvents(db: Database): Generator<AuditEvent> {
  for (const page of auditPages(db)) for (const r of page) yield toEvent(r);
}

export function auditEventsOfReview(db: Database, reviewId: string): AuditEvent[] {
  return db
    .prepare('SELECT * FROM audit_events WHERE review_id = ? ORDER BY seq')
    .all<AuditRow>(reviewId)
    .map(toEvent);
}

/** Whether `actor` already has a `type` event on the review whose data gives `reason`. */
/** Whether the review has an audit event of this type. */
export function hasAuditEventOfType(db: Database, reviewId: string, type: AuditType): boolean {
  return db.prepare('SELECT 1 AS x FROM audit_events WHERE review_id = ? AND type = ? LIMIT 1').get(reviewId, type) !== undefined;
}

/** Whether the review has a github.status_failed event for `state` that says the App is not installed. */
export function hasNotInstalledEvent(db: Database, reviewId: string, state: string): boolean {
  return (
    db
      .prepare(
        `SELECT 1 AS x FROM audit_events WHERE review_id = ? AND type = 'github.status_failed'
            AND json_extract(data, '$.state') = ? AND json_extract(data, '$.notInstalled') = 1 LIMIT 1`,
      )
      .get(reviewId, state) !== undefined
  );
}

export function hasAuditEventWithReason(db: Database, reviewId: string, type: AuditType, actor: string, reason: string): boolean {
  return db
    .prepare('SELECT data FROM audit_events WHERE review_id = ? AND type = ? AND actor = ?')
    .all<{ data: string }>(reviewId, type, actor)
    .some((row) => (JSON.parse(row.data) as { reason?: unknown }).reason === reason);
}

const CSV_COLUMNS = ['seq', 'at', 'type', 'review_id', 'actor', 'data', 'prev_hash', 'hash'] as const;

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes the trail as JSON lines or CSV (RFC 4180), one event per line, in chain order. */
export function* exportAudit(db: Database, format: 'jsonl' | 'csv'): Generator<string> {
  if (format === 'csv') yield CSV_COLUMNS.join(',') + '\r\n';
  for (const page of auditPages(db)) {
    for (const r of page) {
      if (format === 'jsonl') yield JSON.stringify(toEvent(r)) + '\n';
      else yield CSV_COLUMNS.map((c) => csvCell(r[c])).join(',') + '\r\n';
    }
  }
}
