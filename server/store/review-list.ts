// The dashboard's list of reviews: filtered by status, repository and creation time, newest
// first, one page at a time.
import type { ReviewStatus } from '../../shared/decisions.js';
import type { Database, SqlValue } from './sqlite.js';

export const REVIEW_STATUSES: readonly ReviewStatus[] = [
  'pending',
  'approved',
  'false_positive',
  'rejected',
  'expired',
  'cancelled',
];

export interface ReviewFilter {
  status?: ReviewStatus;
  /** `owner/name` matches that repository; `owner` matches every repository of the owner. Case-insensitive. */
  repository?: string;
  /** ISO time; reviews created at or after it. */
  createdFrom?: string;
  /** ISO time; reviews created before it. */
  createdBefore?: string;
}

export interface ReviewListItem {
  id: string;
  repository: string;
  ref: string | null;
  headSha: string;
  status: ReviewStatus;
  findingCount: number;
  createdAt: string;
  actor: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  decisionReason: string | null;
  decidedAt: string | null;
}

interface Row {
  id: string;
  repository: string;
  ref: string | null;
  head_sha: string;
  status: ReviewStatus;
  finding_count: number;
  created_at: string;
  actor: string | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decision_reason: string | null;
  decided_at: string | null;
}

function where(filter: ReviewFilter): { sql: string; params: SqlValue[] } {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  if (filter.status) {
    clauses.push('status = ?');
    params.push(filter.status);
  }
  if (filter.repository) {
    if (filter.repository.includes('/')) {
      clauses.push('repository = ? COLLATE NOCASE');
      params.push(filter.repository);
    } else {
      // substr rather than LIKE, so `_` and `%` in a name match only themselves.
      const owner = filter.repository + '/';
      clauses.push('substr(repository, 1, ?) = ? COLLATE NOCASE');
      params.push(owner.length, owner);
    }
  }
  if (filter.createdFrom) {
    clauses.push('created_at >= ?');
    params.push(filter.createdFrom);
  }
  if (filter.createdBefore) {
    clauses.push('created_at < ?');
    params.push(filter.createdBefore);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export function listReviews(
  db: Database,
  filter: ReviewFilter,
  page: { limit: number; offset: number },
): { items: ReviewListItem[]; total: number } {
  const w = where(filter);
  const total = db.prepare(`SELECT COUNT(*) AS n FROM reviews ${w.sql}`).get<{ n: number }>(...w.params)?.n ?? 0;
  const rows = db
    .prepare(
      `SELECT id, repository, ref, head_sha, status, finding_count, created_at, actor, decided_by, decided_by_name, decision_reason, decided_at
         FROM reviews ${w.sql} ORDER BY created_at DESC, id LIMIT ? OFFSET ?`,
    )
    .all<Row>(...w.params, page.limit, page.offset);
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      repository: r.repository,
      ref: r.ref,
      headSha: r.head_sha,
      status: r.status,
      findingCount: r.finding_count,
      createdAt: r.created_at,
      actor: r.actor,
      decidedBy: r.decided_by,
      decidedByName: r.decided_by_name,
      decisionReason: r.decision_reason,
      decidedAt: r.decided_at,
    })),
  };
}

/** Every repository that has a review, for the filter's suggestions. */
export function reviewedRepositories(db: Database, limit = 500): string[] {
  return db
    .prepare('SELECT DISTINCT repository FROM reviews ORDER BY repository LIMIT ?')
    .all<{ repository: string }>(limit)
    .map((r) => r.repository);
}
