// Reviews and their findings, as rows: SQL only. What a state change writes, and in which
// transaction, is server/reviews/ (one file per state change).
import type { FindingKind, FindingPayload } from '../../shared/contract.js';
import type { ReviewStatus } from '../../shared/decisions.js';
import type { Database, SqlValue } from './sqlite.js';

export interface Review {
  id: string;
  /** The caller's key scoped to the caller: `<requestedBy> <key>`. */
  idempotencyKey: string;
  repository: string;
  ref: string | null;
  headSha: string;
  baseSha: string | null;
  commits: string[];
  pullRequest: number | null;
  runUrl: string | null;
  actor: string | null;
  /** The API caller: `token:<label>` or `oidc:<repository>`. */
  requestedBy: string;
  status: ReviewStatus;
  remembered: boolean;
  findingCount: number;
  createdAt: string;
  deadlineMs: number;
  decidedBy: string | null;
  decidedByName: string | null;
  decisionReason: string | null;
  decidedAt: string | null;
  slackChannel: string | null;
  slackTs: string | null;
}

interface ReviewRow {
  id: string;
  idempotency_key: string;
  repository: string;
  ref: string | null;
  head_sha: string;
  base_sha: string | null;
  commits: string;
  pull_request: number | null;
  run_url: string | null;
  actor: string | null;
  requested_by: string;
  status: ReviewStatus;
  remembered: number;
  finding_count: number;
  created_at: string;
  deadline_ms: number;
  decided_by: string | null;
  decided_by_name: string | null;
  decision_reason: string | null;
  decided_at: string | null;
  slack_channel: string | null;
  slack_ts: string | null;
}

function toReview(r: ReviewRow): Review {
  return {
    id: r.id,
    idempotencyKey: r.idempotency_key,
    repository: r.repository,
    ref: r.ref,
    headSha: r.head_sha,
    baseSha: r.base_sha,
    commits: JSON.parse(r.commits) as string[],
    pullRequest: r.pull_request,
    runUrl: r.run_url,
    actor: r.actor,
    requestedBy: r.requested_by,
    status: r.status,
    remembered: r.remembered === 1,
    findingCount: r.finding_count,
    createdAt: r.created_at,
    deadlineMs: r.deadline_ms,
    decidedBy: r.decided_by,
    decidedByName: r.decided_by_name,
    decisionReason: r.decision_reason,
    decidedAt: r.decided_at,
    slackChannel: r.slack_channel,
    slackTs: r.slack_ts,
  };
}

const nul = (v: string | number | undefined | null): SqlValue => (v === undefined ? null : v);

/** How an idempotency key is stored: scoped to its caller (no caller ID holds a space). */
export function scopedIdempotencyKey(requestedBy: string, key: string): string {
  return `${requestedBy} ${key}`;
}

/** Whether a review was opened under this scoped idempotency key (a retry, not a new review). */
export function hasIdempotencyKey(db: Database, scopedKey: string): boolean {
  return db.prepare('SELECT 1 AS x FROM reviews WHERE idempotency_key = ?').get(scopedKey) !== undefined;
}

export function getReview(db: Database, id: string): Review | undefined {
  const r = db.prepare('SELECT * FROM reviews WHERE id = ?').get<ReviewRow>(id);
  return r && toReview(r);
}

export function getFindings(db: Database, reviewId: string): FindingPayload[] {
  const rows = db
    .prepare('SELECT * FROM findings WHERE review_id = ? ORDER BY position')
    .all<Record<string, string | number | null>>(reviewId);
  return rows.map((r) => {
    const f: FindingPayload = {
      ruleId: String(r['rule_id']),
      description: String(r['description']),
      severity: r['severity'] as FindingPayload['severity'],
      file: String(r['file']),
      line: Number(r['line']),
      redacted: String(r['redacted']),
      fingerprint: String(r['fingerprint']),
    };
    if (r['commit_sha'] != null) f.commit = String(r['commit_sha']);
    if (r['author'] != null) f.author = String(r['author']);
    if (r['kind'] != null) f.kind = r['kind'] as FindingKind;
    if (r['allowed_inline'] === 1) f.allowedInline = true;
    if (r['author_email'] != null) f.authorEmail = String(r['author_email']);
    if (r['provider'] != null) f.provider = String(r['provider']);
    return f;
  });
}

export function listPending(db: Database, limit: number): Review[] {
  return db
    .prepare("SELECT * FROM reviews WHERE status = 'pending' ORDER BY created_at LIMIT ?")
    .all<ReviewRow>(limit)
    .map(toReview);
}

/** The review a caller opened under its scoped key, with the hash of the request that opened it. */
export function reviewByIdempotencyKey(db: Database, scopedKey: string): { review: Review; requestHash: string | null } | undefined {
  const r = db
    .prepare('SELECT * FROM reviews WHERE idempotency_key = ? ORDER BY created_at LIMIT 1')
    .get<ReviewRow & { request_hash: string | null }>(scopedKey);
  return r && { review: toReview(r), requestHash: r.request_hash };
}

/**
 * A review row as it is first written (pending, or answered at once from remembered decisions):
 * a Review without what is known only later (who decided by name, the Slack message), keyed by
 * its scoped idempotency key and carrying the request's hash.
 */
export type NewReview = Omit<Review, 'idempotencyKey' | 'decidedByName' | 'slackChannel' | 'slackTs'> & {
  scopedKey: string;
  requestHash: string;
};

export function insertReview(db: Database, r: NewReview): void {
  db.prepare(
    `INSERT INTO reviews (id, idempotency_key, repository, ref, head_sha, base_sha, commits, pull_request,
       run_url, actor, requested_by, status, remembered, finding_count, created_at, deadline_ms,
       decided_by, decision_reason, decided_at, request_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    r.id,
    r.scopedKey,
    r.repository,
    r.ref,
    r.headSha,
    r.baseSha,
    JSON.stringify(r.commits),
    r.pullRequest,
    r.runUrl,
    r.actor,
    r.requestedBy,
    r.status,
    r.remembered ? 1 : 0,
    r.findingCount,
    r.createdAt,
    r.deadlineMs,
    r.decidedBy,
    r.decisionReason,
    r.decidedAt,
    r.requestHash,
  );
}

export function insertFindings(db: Database, reviewId: string, findings: readonly FindingPayload[]): void {
  const insertFinding = db.prepare(
    `INSERT INTO findings (review_id, position, rule_id, description, severity, file, line, commit_sha,
       author, redacted, fingerprint, kind, allowed_inline, author_email, provider) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  findings.forEach((f, i) =>
    insertFinding.run(
      reviewId,
      i,
      f.ruleId,
      f.description,
      f.severity,
      f.file,
      f.line,
      nul(f.commit),
      nul(f.author),
      f.redacted,
      f.fingerprint,
      nul(f.kind),
      f.allowedInline ? 1 : 0,
      nul(f.authorEmail),
      nul(f.provider),
    ),
  );
}

/** The severities of a stored review's findings, each once. */
export function findingSeverities(db: Database, reviewId: string): { severity: FindingPayload['severity'] }[] {
  return db.prepare('SELECT DISTINCT severity FROM findings WHERE review_id = ?').all<{ severity: FindingPayload['severity'] }>(reviewId);
}

/** How a review leaves `pending`: who or what ended it, when, and why. */
export interface Ending {
  status: Exclude<ReviewStatus, 'pending'>;
  decidedBy: string;
  decidedByName: string | null;
  reason: string | null;
  decidedAt: string;
}

/** Ends a review that is still pending (compare-and-set); false when it was not pending. */
export function endIfPending(db: Database, id: string, e: Ending): boolean {
  return (
    db
      .prepare(
        `UPDATE reviews SET status = ?, decided_by = ?, decided_by_name = ?, decision_reason = ?, decided_at = ?
          WHERE id = ? AND status = 'pending'`,
      )
      .run(e.status, e.decidedBy, e.decidedByName, e.reason, e.decidedAt, id).changes > 0
  );
}

/** The deadline of a review that is still pending, or undefined. */
export function pendingDeadline(db: Database, id: string): number | undefined {
  return db.prepare("SELECT deadline_ms FROM reviews WHERE id = ? AND status = 'pending'").get<{ deadline_ms: number }>(id)?.deadline_ms;
}

/** Pending reviews past their deadline, earliest first. */
export function overdueReviewIds(db: Database, nowMs: number, limit: number): string[] {
  return db
    .prepare("SELECT id FROM reviews WHERE status = 'pending' AND deadline_ms <= ? ORDER BY deadline_ms LIMIT ?")
    .all<{ id: string }>(nowMs, limit)
    .map((r) => r.id);
}

/** The earliest deadline among pending reviews (ms), or null. */
export function nextDeadline(db: Database): number | null {
  return (
    db.prepare("SELECT MIN(deadline_ms) AS t FROM reviews WHERE status = 'pending'").get<{ t: number | null }>()?.t ??
    null
  );
}

/**
 * Pending reviews a caller opened (all replicas: it is counted in the database), up to `atMost`.
 * Triggers keep the count per caller (migration 14), so the cap check every creation makes
 * reads one row.
 */
export function pendingReviewsOf(db: Database, requestedBy: string, atMost: number): number {
  const n = db.prepare('SELECT n FROM pending_per_caller WHERE requested_by = ?').get<{ n: number }>(requestedBy)?.n ?? 0;
  return Math.min(n, atMost);
}

/** Whether the review is still pending. */
export function isPending(db: Database, id: string): boolean {
  return db.prepare("SELECT 1 AS x FROM reviews WHERE id = ? AND status = 'pending'").get<{ x: number }>(id) !== undefined;
}

/** The newest review whose head is this commit, or undefined. */
export function latestReviewOfCommit(db: Database, repository: string, sha: string): { id: string; status: ReviewStatus } | undefined {
  return db
    .prepare('SELECT id, status FROM reviews WHERE repository = ? COLLATE NOCASE AND head_sha = ? ORDER BY created_at DESC LIMIT 1')
    .get<{ id: string; status: ReviewStatus }>(repository, sha);
}

export function setSlackMessage(db: Database, id: string, channel: string, ts: string): void {
  db.prepare('UPDATE reviews SET slack_channel = ?, slack_ts = ? WHERE id = ?').run(channel, ts, id);
}
