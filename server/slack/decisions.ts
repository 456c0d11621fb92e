// What a click means: authorize the user, then decide, or explain (ephemerally) why nothing
// changed. Every refusal is an audit event (through the throttle); every decision wakes the waiting job.
import type { AppDeps } from '../http/deps.js';
import { slackUserOfGithubLogin } from '../config/routing.js';
import { admitNoise, writeNoise } from '../http/audit-noise.js';
import { hasAuditEventWithReason } from '../store/audit.js';
import { enqueue } from '../store/outbox.js';
import { decideReview, type Decision } from '../reviews/decide.js';
import { expireIfOverdue } from '../reviews/expire.js';
import { decisionWords } from '../reviews/wording.js';
import type { Review } from '../store/reviews.js';
import { destinationOf } from './audience.js';
import { selfReview, type ReviewPeople } from './people.js';
import { deciderMrkdwn } from './deciders.js';
import { inertMrkdwn } from './mrkdwn.js';

export interface Clicker {
  userId: string;
  userName?: string;
  /** Where to show ephemeral answers. */
  channel: string | null;
}

export type ClickResult =
  | { kind: 'decided'; review: Review }
  | { kind: 'may_decide'; review: Review }
  | { kind: 'refused'; message: string };

/** Slack wants an answer within 3 s; a slow group lookup must not make us miss it. */
const AUTHORIZE_BUDGET_MS = 2000;

/**
 * Whether `userId` may decide `review`, or `timed_out` when the answer did not come within the
 * budget (a slow usergroups.users.list). The lookup goes on and fills the cache, so a second
 * click moments later is answered at once.
 */
async function checkApprover(deps: AppDeps, userId: string, review: Review): Promise<'approver' | 'not_approver' | 'timed_out'> {
  // The route the review took decides who may decide it (the policy file, else the defaults).
  const { approvers } = destinationOf(deps.db, deps.config.routing, review);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timed_out'>((resolve) => {
    timer = setTimeout(() => {
      deps.logger.warn('approver check took too long; nothing decided, the clicker is asked to retry', { user: userId, reviewId: review.id });
      resolve('timed_out');
    }, AUTHORIZE_BUDGET_MS);
  });
  try {
    const check = deps.policy.isApprover(userId, review.repository, approvers).then((ok) => (ok ? ('approver' as const) : ('not_approver' as const)));
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The people behind the review; without a resolver (hand-built test apps), the pusher by the policy alone. */
async function peopleOf(deps: AppDeps, review: Review): Promise<ReviewPeople> {
  if (deps.people) return deps.people.of(review, await deps.store.getFindings(review.id), AUTHORIZE_BUDGET_MS);
  const pusher = review.actor ? { name: review.actor, slackUser: slackUserOfGithubLogin(deps.config.routing, review.actor) ?? null, checked: true } : null;
  return Promise.resolve({ pusher, authors: [] });
}

function refuse(
  deps: AppDeps,
  who: Clicker,
  reviewId: string,
  known: boolean,
  type: 'decision.unauthorized' | 'decision.ignored',
  reason: string,
  message: string,
  /**
   * Also said in the review's thread, so the channel sees the attempt: once per person and
   * reason, so repeated clicks do not flood the thread (each is still audited and answered).
   */
  threadNote?: string,
): ClickResult {
  const now = deps.now();
  // Any workspace member can click again and again: past the throttle's share, a refusal is
  // only counted (audit.throttled), and neither answered nor noted, so nothing grows with it.
  const admitted = admitNoise(deps, type);
  deps.db.transaction(() => {
    if (admitted.write && threadNote && known && !hasAuditEventWithReason(deps.db, reviewId, type, who.userId, reason)) {
      enqueue(deps.db, { kind: 'thread_reply', reviewId, text: threadNote }, now);
    }
    writeNoise(
      deps,
      { type, reviewId: known ? reviewId : null, actor: who.userId, data: { reason, ...(known ? {} : { reviewId: reviewId.slice(0, 100) }) } },
      admitted,
    );
    if (admitted.write && who.channel) {
      enqueue(deps.db, { kind: 'ephemeral', reviewId: known ? reviewId : null, channel: who.channel, user: who.userId, text: message }, now);
    }
  });
  if (!admitted.write) return { kind: 'refused', message };
  deps.kickOutbox();
  deps.logger.info('slack action refused', { reviewId: known ? reviewId : null, user: who.userId, reason });
  return { kind: 'refused', message };
}

function finalWords(review: Review): string {
  if (review.status === 'expired') return 'This review expired before anyone decided; nothing changed.';
  if (review.status === 'cancelled') return 'This review was cancelled with its job; nothing changed.';
  return `Already decided: ${decisionWords[review.status]} by ${deciderMrkdwn(review)}. Nothing changed.`;
}

/** What a click or a modal submission asks for. */
export interface Intent {
  decision: Decision;
  reason?: string;
  /**
   * Only check that `who` may decide, and decide nothing: Approve and Block first open a modal
   * that asks why, and their submission (checked again) decides.
   */
  checkOnly?: boolean;
}

/**
 * Checks that `who` may act on the review and that it is still open; then decides, unless
 * `intent.checkOnly`.
 */
export async function actOnReview(deps: AppDeps, who: Clicker, reviewId: string, intent: Intent): Promise<ClickResult> {
  const review = reviewId.length <= 100 ? await deps.store.getReview(reviewId) : undefined;
  if (!review) {
    return refuse(deps, who, reviewId, false, 'decision.ignored', 'unknown review', 'secretgate does not know this review; nothing changed.');
  }
  const attempt = { approved: 'Approve', false_positive: 'False positive', rejected: 'Block' }[intent.decision];
  // Who pushed and authored the commits, looked up while the approver check runs (one budget).
  const people = intent.decision === 'rejected' ? null : peopleOf(deps, review);
  const check = await checkApprover(deps, who.userId, review);
  if (check === 'timed_out') {
    return refuse(
      deps,
      who,
      review.id,
      true,
      'decision.ignored',
      'approver check timed out',
      `secretgate could not check in time whether you may decide (Slack was slow to list the approver group's members). Nothing changed; try again in a moment.`,
    );
  }
  if (check === 'not_approver') {
    return refuse(
      deps,
      who,
      review.id,
      true,
      'decision.unauthorized',
      'not an approver',
      `You are not authorized to decide secretgate reviews for ${inertMrkdwn(review.repository)}. Nothing changed.`,
      review.status === 'pending' ? `:warning: <@${who.userId}> clicked *${attempt}* but is not an approver for this repository. Nothing changed.` : undefined,
    );
  }
  // Approve and False positive both let the push through: whoever pushed or authored its
  // commits may do neither (Block, which fails the job, they may).
  const self = people ? selfReview(await people, who.userId) : 'no';
  if (self === 'author') {
    return refuse(
      deps,
      who,
      review.id,
      true,
      'decision.unauthorized',
      'self-approval: author',
      'You authored commits under review, so another approver has to let them through. You can still Block.',
      review.status === 'pending' ? `:warning: <@${who.userId}> authored these commits and tried to let them through; another approver has to decide.` : undefined,
    );
  }
  if (self === 'unknown') {
    return refuse(
      deps,
      who,
      review.id,
      true,
      'decision.ignored',
      'author check failed',
      'secretgate could not check in time whether you authored these commits (Slack did not answer the e-mail lookup). Nothing changed; try again in a moment.',
    );
  }
  if (self === 'pusher') {
    return refuse(
      deps,
      who,
      review.id,
      true,
      'decision.unauthorized',
      'self-approval',
      'You pushed these commits, so another approver has to let them through. You can still Block.',
      review.status === 'pending' ? `:warning: <@${who.userId}> pushed these commits and tried to let them through; another approver has to decide.` : undefined,
    );
  }
  const expired = review.status === 'pending' && review.deadlineMs <= deps.now();
  if (review.status !== 'pending' || expired) {
    // The expirer has not come round yet; the deadline has passed all the same.
    if (expired) await expireIfOverdue(deps.reviews, review.id);
    const current = (await deps.store.getReview(review.id))!;
    return refuse(deps, who, review.id, true, 'decision.ignored', `review is ${current.status}`, finalWords(current));
  }
  if (intent.checkOnly) return { kind: 'may_decide', review };

  // Wakes the waiting job and kicks delivery after its commit.
  const result = await decideReview(deps.reviews, {
    reviewId: review.id,
    decision: intent.decision,
    by: who.userId,
    ...(who.userName ? { byName: who.userName } : {}),
    ...(intent.reason ? { reason: intent.reason } : {}),
  });
  if (result.outcome === 'unknown') {
    return refuse(deps, who, reviewId, false, 'decision.ignored', 'unknown review', 'secretgate does not know this review; nothing changed.');
  }
  if (result.outcome === 'not_pending') {
    // Someone else's click won the race between our read and our write.
    return refuse(deps, who, review.id, true, 'decision.ignored', `review is ${result.review.status}`, finalWords(result.review));
  }
  deps.logger.info('review decided', { reviewId: review.id, decision: intent.decision, by: who.userId });
  return { kind: 'decided', review: result.review };
}
