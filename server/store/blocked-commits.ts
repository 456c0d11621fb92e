// Commits a person blocked. A Block is final for every commit its review covered (the head and
// the commits with findings): no remembered decision, clean run or new review turns such a
// commit green; only a person who lets a later review of it through lifts the Block.
import type { Database } from './sqlite.js';

export interface CoveredBy {
  headSha: string;
  commits: readonly string[];
}

/**
 * The full SHAs a review covers, lower-case, without the cap that commit statuses have: a Block
 * covers every commit its review named, also those past the statuses' limit.
 */
export function coveredCommits(review: CoveredBy): string[] {
  const shas = [review.headSha, ...review.commits].map((s) => s.toLowerCase());
  return [...new Set(shas)].filter((s) => /^([0-9a-f]{40}|[0-9a-f]{64})$/.test(s));
}

export interface Blocked {
  sha: string;
  /** The review whose Block covers it. */
  reviewId: string;
}

/** The first of `shas` a Block covers in `repository`, or undefined. */
export function blockedAmong(db: Database, repository: string, shas: readonly string[]): Blocked | undefined {
  const stmt = db.prepare('SELECT review_id FROM blocked_commits WHERE repository = ? AND sha = ?');
  for (const sha of shas) {
    const r = stmt.get<{ review_id: string }>(repository, sha.toLowerCase());
    if (r) return { sha: sha.toLowerCase(), reviewId: r.review_id };
  }
  return undefined;
}

/** Records a person's Block on every commit the review covers. Call inside its transaction. */
export function blockCommits(db: Database, review: CoveredBy & { id: string; repository: string }, nowMs: number): void {
  const stmt = db.prepare(
    `INSERT INTO blocked_commits (repository, sha, review_id, blocked_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (repository, sha) DO UPDATE SET review_id = excluded.review_id, blocked_at = excluded.blocked_at`,
  );
  const at = new Date(nowMs).toISOString();
  for (const sha of coveredCommits(review)) stmt.run(review.repository, sha, review.id, at);
}

/**
 * A person let a review through (Approve or False positive): the Blocks on its commits are
 * lifted. Returns the SHAs that were blocked. Call inside the decision's transaction.
 */
export function liftBlocks(db: Database, review: CoveredBy & { repository: string }): string[] {
  const stmt = db.prepare('DELETE FROM blocked_commits WHERE repository = ? AND sha = ?');
  return coveredCommits(review).filter((sha) => stmt.run(review.repository, sha).changes > 0);
}
