// Read-only questions the Slack side asks of the store: the digest's numbers over a window,
// and finding a review from what a person types (an ID, a prefix of one, or its page URL).
import type { ReviewStatus } from '../../shared/decisions.js';
import { getReview, type Review } from './reviews.js';
import type { Database } from './sqlite.js';

export interface RuleFalsePositives {
  ruleId: string;
  /** Findings of this rule in reviews decided in the window. */
  decided: number;
  falsePositives: number;
  /** falsePositives / decided. */
  rate: number;
}

export interface DigestStats {
  fromMs: number;
  toMs: number;
  opened: number;
  /** Reviews answered at once from remembered decisions (never posted). */
  remembered: number;
  approved: number;
  falsePositive: number;
  blocked: number;
  expired: number;
  cancelled: number;
  /** Pending at `toMs`. */
  stillPending: number;
  oldestPending: { id: string; repository: string; createdAt: string; deadlineMs: number } | null;
  /** Rules with at least one false positive, highest rate first. */
  falsePositiveRules: RuleFalsePositives[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The digest's numbers for reviews opened or closed in [fromMs, toMs). */
export function digestStats(db: Database, fromMs: number, toMs: number): DigestStats {
  const from = iso(fromMs);
  const to = iso(toMs);
  const opened = db
    .prepare('SELECT COUNT(*) AS n, COALESCE(SUM(remembered), 0) AS r FROM reviews WHERE created_at >= ? AND created_at < ?')
    .get<{ n: number; r: number }>(from, to)!;
  const closed = db
    .prepare(
      `SELECT status, COUNT(*) AS n FROM reviews
        WHERE decided_at >= ? AND decided_at < ? AND remembered = 0 AND status <> 'pending' GROUP BY status`,
    )
    .all<{ status: ReviewStatus; n: number }>(from, to);
  const count = (s: ReviewStatus) => closed.find((c) => c.status === s)?.n ?? 0;
  // Pending as of `toMs`: created before it and not closed before it.
  const pendingWhere = `created_at < ? AND (status = 'pending' OR decided_at >= ?)`;
  const stillPending = db.prepare(`SELECT COUNT(*) AS n FROM reviews WHERE ${pendingWhere}`).get<{ n: number }>(to, to)!.n;
  const oldest = db
    .prepare(`SELECT id, repository, created_at, deadline_ms FROM reviews WHERE ${pendingWhere} ORDER BY created_at, id LIMIT 1`)
    .get<{ id: string; repository: string; created_at: string; deadline_ms: number }>(to, to);
  const rules = db
    .prepare(
      `SELECT f.rule_id AS ruleId, COUNT(*) AS decided, SUM(r.status = 'false_positive') AS falsePositives
         FROM findings f JOIN reviews r ON r.id = f.review_id
        WHERE r.decided_at >= ? AND r.decided_at < ? AND r.remembered = 0
          AND r.status IN ('approved', 'false_positive', 'rejected')
        GROUP BY f.rule_id HAVING SUM(r.status = 'false_positive') > 0`,
    )
    .all<{ ruleId: string; decided: number; falsePositives: number }>(from, to)
    .map((r) => ({ ...r, rate: r.falsePositives / r.decided }))
    .sort((a, b) => b.rate - a.rate || b.falsePositives - a.falsePositives || a.ruleId.localeCompare(b.ruleId));
  return {
    fromMs,
    toMs,
    opened: opened.n,
    remembered: opened.r,
    approved: count('approved'),
    falsePositive: count('false_positive'),
    blocked: count('rejected'),
    expired: count('expired'),
    cancelled: count('cancelled'),
    stillPending,
    oldestPending: oldest ? { id: oldest.id, repository: oldest.repository, createdAt: oldest.created_at, deadlineMs: oldest.deadline_ms } : null,
    falsePositiveRules: rules,
  };
}

export type ReviewLookup = { kind: 'found'; review: Review } | { kind: 'none' } | { kind: 'ambiguous'; count: number };

/**
 * The review a person means: a full ID, a unique prefix of at least 6 characters, or the URL
 * of its page (`…/reviews/<id>`).
 */
export function findReview(db: Database, typed: string): ReviewLookup {
  let ref = typed.trim().replace(/^<|>$/g, '').split('|')[0]!;
  const fromUrl = /\/reviews\/([^/?#\s]+)/.exec(ref);
  if (fromUrl) ref = decodeURIComponent(fromUrl[1]!);
  if (ref.length === 0 || ref.length > 100) return { kind: 'none' };
  const exact = getReview(db, ref);
  if (exact) return { kind: 'found', review: exact };
  if (ref.length < 6 || !/^[0-9a-f-]+$/i.test(ref)) return { kind: 'none' };
  const ids = db
    .prepare("SELECT id FROM reviews WHERE id >= ? AND id < ? ORDER BY id LIMIT 2")
    .all<{ id: string }>(ref.toLowerCase(), ref.toLowerCase() + '\uffff');
  if (ids.length === 0) return { kind: 'none' };
  if (ids.length > 1) return { kind: 'ambiguous', count: ids.length };
  return { kind: 'found', review: getReview(db, ids[0]!.id)! };
}
