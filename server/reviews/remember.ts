// Remembered decisions: an Approve or False positive a person gave is remembered for each of
// the review's findings (repository + fingerprint), and a later review whose findings are all
// remembered is answered at once, unless one of its commits was blocked (a Block is final
// until a person lets a review of that commit through). Both happen inside the transaction of
// the state change that calls them (open.ts, decide.ts).
import type { CreateReviewRequest } from '../../shared/contract.js';
import type { ReviewStatus } from '../../shared/decisions.js';
import type { Blocked } from '../store/blocked-commits.js';
import { coveredCommits } from '../store/blocked-commits.js';
import type { StoreTx } from '../store/port.js';
import type { Review } from '../store/reviews.js';

export interface Recalled {
  /** The Block that covers one of the commits, if any: then nothing is answered from memory. */
  blocked: Blocked | undefined;
  /** Set when every finding has a remembered decision and no commit is blocked. */
  answer: { status: 'approved' | 'false_positive'; reason: string; counts: { approved: number; false_positive: number } } | null;
}

/**
 * What the remembered decisions say about a new review. Decisions remembered under the old
 * unkeyed fingerprints the request names are carried over first (audited as remembered.rekeyed).
 */
export async function recall(tx: StoreTx, req: CreateReviewRequest, actor: string, nowMs: number): Promise<Recalled> {
  const moved = await tx.moveLegacyDecisions(req.repository, req.findings, nowMs);
  if (moved > 0) await tx.appendAudit({ type: 'remembered.rekeyed', actor, data: { repository: req.repository, count: moved } }, nowMs);
  const known = await tx.rememberedDecisions(req.repository, req.findings.map((f) => f.fingerprint));
  // A commit a person blocked is decided again only by a person, however its findings were
  // decided elsewhere (invariant 4).
  const blocked = await tx.blockedAmong(req.repository, coveredCommits({ headSha: req.headSha, commits: req.commits ?? [] }));
  const allKnown = !blocked && req.findings.length > 0 && req.findings.every((f) => known.has(f.fingerprint));
  if (!allKnown) return { blocked, answer: null };
  const counts = { approved: 0, false_positive: 0 };
  for (const d of known.values()) counts[d]++;
  // Every finding known: the review is answered at once, as a false positive only when every
  // one of them was one (a single approval means a real credential was let through).
  return {
    blocked,
    answer: {
      status: counts.approved === 0 ? 'false_positive' : 'approved',
      reason: `remembered: ${counts.approved} approved, ${counts.false_positive} false positive`,
      counts,
    },
  };
}

/** Audits a review answered from memory, after its review.created event. */
export async function auditRemembered(tx: StoreTx, reviewId: string, counts: Recalled['answer'] & object, nowMs: number): Promise<void> {
  await tx.appendAudit({ type: 'review.remembered', reviewId, actor: 'system', data: { ...counts.counts } }, nowMs);
}

/** A person let the review through: each of its findings is remembered with that decision. A Block is never remembered. */
export async function rememberDecision(tx: StoreTx, review: Review, decision: ReviewStatus, by: string, at: string): Promise<void> {
  if (decision !== 'approved' && decision !== 'false_positive') return;
  const fingerprints = (await tx.getFindings(review.id)).map((f) => f.fingerprint);
  await tx.remember({ repository: review.repository, fingerprints, decision, reviewId: review.id, decidedBy: by, decidedAt: at });
}
