// Open: a job asks for a review of its findings. One transaction writes the review, its
// findings, the review.created audit event, the Slack post (or, when every finding was decided
// before, the answer from memory) and the commit statuses; then the delivery workers are kicked.
import type { CreateReviewRequest } from '../../shared/contract.js';
import { scopedIdempotencyKey, type Review } from '../store/reviews.js';
import { queueReviewStatus } from './commit-statuses.js';
import type { ReviewPorts } from './ports.js';
import { auditRemembered, recall } from './remember.js';
import { blockedBeforeReply } from './wording.js';

export interface OpenOptions {
  /** The authenticated caller; its idempotency keys are its own. */
  requestedBy: string;
  /** The request's hash (request-hash.ts): a key reused for another request is a conflict. */
  requestHash: string;
  /** Where the review message goes. */
  channel: string;
  /** Mention markup for the people the routing policy names (`<@U…>`, `<!subteam^S…>`). */
  mentions?: string[];
  /** The new review's ID (default: ports.newId()). */
  id?: string;
}

export interface OpenResult {
  review: Review;
  /** False when the idempotency key matched an existing review (nothing new was written). */
  created: boolean;
  /** The caller used the key before for a different request: `review` is not its answer. */
  conflict: boolean;
}

/**
 * Opens a review, or returns the one an earlier identical request of the same caller with the
 * same key opened; the same key with a different request is a conflict.
 */
export async function openReview(ports: ReviewPorts, req: CreateReviewRequest, opts: OpenOptions): Promise<OpenResult> {
  const scopedKey = scopedIdempotencyKey(opts.requestedBy, req.idempotencyKey);
  const id = opts.id ?? ports.newId();
  const nowMs = ports.now();
  const result = await ports.store.transaction(async (tx): Promise<OpenResult> => {
    const existing = await tx.reviewByIdempotencyKey(scopedKey);
    if (existing) {
      const conflict = existing.requestHash !== null && existing.requestHash !== opts.requestHash;
      return { review: existing.review, created: false, conflict };
    }
    const { blocked, answer } = await recall(tx, req, opts.requestedBy, nowMs);
    const createdAt = new Date(nowMs).toISOString();
    await tx.insertReview({
      id,
      scopedKey,
      repository: req.repository,
      ref: req.ref ?? null,
      headSha: req.headSha,
      baseSha: req.baseSha ?? null,
      commits: req.commits ?? [],
      pullRequest: req.pullRequest ?? null,
      runUrl: req.runUrl ?? null,
      actor: req.actor ?? null,
      requestedBy: opts.requestedBy,
      status: answer ? answer.status : 'pending',
      remembered: answer !== null,
      findingCount: req.findings.length,
      createdAt,
      deadlineMs: nowMs + req.timeoutSeconds * 1000,
      decidedBy: answer ? 'system' : null,
      decisionReason: answer ? answer.reason : null,
      decidedAt: answer ? createdAt : null,
      requestHash: opts.requestHash,
    });
    await tx.insertFindings(id, req.findings);
    await tx.appendAudit(
      {
        type: 'review.created',
        reviewId: id,
        actor: opts.requestedBy,
        data: {
          repository: req.repository,
          ref: req.ref ?? null,
          headSha: req.headSha,
          findings: req.findings.map((f) => ({ ruleId: f.ruleId, file: f.file, line: f.line, fingerprint: f.fingerprint })),
          ...(blocked ? { blocked: { sha: blocked.sha, reviewId: blocked.reviewId } } : {}),
        },
      },
      nowMs,
    );
    if (answer) {
      await auditRemembered(tx, id, answer, nowMs);
    } else {
      await tx.enqueue({ kind: 'post_review', reviewId: id, channel: opts.channel, ...(opts.mentions?.length ? { mentions: opts.mentions } : {}) }, nowMs);
      // Tells the approvers why findings decided before ask again.
      if (blocked) await tx.enqueue({ kind: 'thread_reply', reviewId: id, text: blockedBeforeReply(blocked.sha) }, nowMs);
    }
    const review = (await tx.getReview(id))!;
    await queueReviewStatus(tx, ports.commitStatuses, review, nowMs, opts.channel);
    return { review, created: true, conflict: false };
  });
  // A pending review has a Slack post to send; any new review may have commit statuses.
  if (result.created) ports.kick();
  return result;
}
