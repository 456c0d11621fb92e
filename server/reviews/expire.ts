// Expire: a pending review whose deadline passed ends as `expired` (nobody decided; the job
// fails), or one whose job's own timeout passed first. One transaction writes the status, the
// review.expired audit event, the Slack update and reply and the commit statuses; then the
// long-polls are woken and the delivery workers kicked.
import { JOB_TIMED_OUT } from '../../shared/decisions.js';
import type { StoreTx } from '../store/port.js';
import { queueReviewStatus, type CommitStatusSettings } from './commit-statuses.js';
import type { Outcome } from './outcome.js';
import type { ReviewPorts } from './ports.js';
import { EXPIRED_REPLY } from './wording.js';

/**
 * Why a review expires and who says so (the audit event's actor): the expirer at the deadline,
 * or the job whose own timeout passed first. Either way nobody decided: `decided_by` is `system`.
 */
interface Expiry {
  actor: string;
  reason: string;
}
const DEADLINE_PASSED: Expiry = { actor: 'system', reason: 'deadline passed' };

/** Within a transaction: expires the review if it is still pending; true if it did. */
export async function expireInTx(tx: StoreTx, statuses: CommitStatusSettings | null, id: string, nowMs: number, expiry: Expiry = DEADLINE_PASSED): Promise<boolean> {
  const changed = await tx.endIfPending(id, {
    status: 'expired',
    decidedBy: 'system',
    decidedByName: null,
    reason: expiry.reason,
    decidedAt: new Date(nowMs).toISOString(),
  });
  if (!changed) return false;
  await tx.appendAudit(
    { type: 'review.expired', reviewId: id, actor: expiry.actor, ...(expiry === DEADLINE_PASSED ? {} : { data: { reason: expiry.reason } }) },
    nowMs,
  );
  await tx.enqueue({ kind: 'update_review', reviewId: id }, nowMs);
  await tx.enqueue({ kind: 'thread_reply', reviewId: id, text: EXPIRED_REPLY }, nowMs);
  await queueReviewStatus(tx, statuses, (await tx.getReview(id))!, nowMs);
  return true;
}

/**
 * Expires the review if it is pending and past its deadline (the expirer has not come round
 * yet), then wakes its long-polls and kicks delivery; true if it expired it. Every reader that
 * finds a review overdue calls this one function.
 */
export async function expireIfOverdue(ports: ReviewPorts, id: string): Promise<boolean> {
  const nowMs = ports.now();
  const expired = await ports.store.transaction(async (tx) => {
    const deadline = await tx.pendingDeadline(id);
    return deadline !== undefined && deadline <= nowMs && (await expireInTx(tx, ports.commitStatuses, id, nowMs));
  });
  if (expired) {
    ports.wake(id);
    ports.kick();
  }
  return expired;
}

/** Expires every pending review past its deadline (up to `limit`), wakes them and kicks delivery; returns their IDs. */
export async function expireDue(ports: ReviewPorts, limit = 500): Promise<string[]> {
  const nowMs = ports.now();
  const ids = await ports.store.transaction(async (tx) => {
    const expired: string[] = [];
    for (const id of await tx.overdueReviewIds(nowMs, limit)) {
      if (await expireInTx(tx, ports.commitStatuses, id, nowMs)) expired.push(id);
    }
    return expired;
  });
  for (const id of ids) ports.wake(id);
  if (ids.length > 0) ports.kick();
  return ids;
}

/**
 * Expires a pending review because its job's own timeout passed before the server's deadline
 * (the job already failed as expired; nobody may still decide). A final review is returned unchanged.
 */
export async function expireForJobTimeout(ports: ReviewPorts, id: string, by: string): Promise<Outcome> {
  const nowMs = ports.now();
  const result = await ports.store.transaction(async (tx): Promise<Outcome> => {
    const expired = await expireInTx(tx, ports.commitStatuses, id, nowMs, { actor: by, reason: JOB_TIMED_OUT });
    const review = await tx.getReview(id);
    if (!review) return { outcome: 'unknown' };
    return expired ? { outcome: 'decided', review } : { outcome: 'not_pending', review };
  });
  if (result.outcome === 'decided') {
    ports.wake(id);
    ports.kick();
  }
  return result;
}
