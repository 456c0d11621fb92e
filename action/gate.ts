// The gate: open a review on the approval server, then long-poll until someone decides,
// the timeout passes, or the runner cancels the job. Fail closed is the caller's rule;
// this file only reports what happened, as exactly as it can.
import type { CreateReviewRequest, ReviewResponse } from '../shared/contract.js';
import type { ReviewStatus } from '../shared/decisions.js';
import { apiRetryability, ServerUnreachableError, type ApiClient } from './api-client.js';
import { formatDuration } from './duration.js';
import { defaultRetry, sleep, withRetry, type RetryOptions } from './retry.js';

const minPollMs = 1000;

export interface GateOptions {
  client: ApiClient;
  timeoutSeconds: number;
  /** Aborted when the runner cancels the job (SIGINT/SIGTERM). */
  signal: AbortSignal;
  log: (line: string) => void;
  retry?: RetryOptions;
  /** How long opening the review rides out an outage (default two minutes). */
  openRetryMs?: number;
  /** Longest single long-poll; the server caps it too. */
  maxWaitSeconds?: number;
  /** Extra time after the timeout for the server's own expiry to arrive. */
  graceSeconds?: number;
  /** A poll cut after at least this long is taken for a proxy's idle timeout (default 10 s). */
  cutThresholdMs?: number;
}

export interface GateResult {
  review: ReviewResponse;
  /** The server's status, except `expired` when the Action's own clock ran out first. */
  decision: Exclude<ReviewStatus, 'pending'>;
}

export class JobCancelledError extends Error {
  constructor(readonly review: ReviewResponse | undefined, cancelProblem?: string) {
    super(
      review
        ? `The job was cancelled; review ${review.url} ${cancelProblem ? `could not be cancelled (${cancelProblem})` : 'was cancelled'}.`
        : 'The job was cancelled before a review was opened.',
    );
    this.name = 'JobCancelledError';
  }
}

export async function awaitDecision(request: CreateReviewRequest, options: GateOptions): Promise<GateResult> {
  const { client, signal, log } = options;
  const maxWait = options.maxWaitSeconds ?? 50;
  const cutThresholdMs = options.cutThresholdMs ?? 10_000;
  const retry: RetryOptions = {
    ...(options.retry ?? defaultRetry),
    signal,
    onRetry: (error, attempt, delayMs) =>
      log(`${(error as Error).message}; retrying in ${(delayMs / 1000).toFixed(1)}s (attempt ${attempt + 1}).`),
  };
  let opened: ReviewResponse | undefined;
  let review: ReviewResponse;
  try {
    // A deploy or a crash-restart of the server is ridden out, for two minutes here and until the
    // job's own deadline while waiting; the key makes a retried create one review.
    const openUntil = Date.now() + (options.openRetryMs ?? 120_000);
    review = opened = await withRetry(() => client.createReview(request, signal), apiRetryability, { ...retry, deadlineMs: openUntil });
    // Past the deadline the server expires the review and wakes our poll; the grace covers clock skew.
    const pollUntil = Date.now() + (options.timeoutSeconds + (options.graceSeconds ?? 10)) * 1000;
    if (review.remembered && review.status !== 'pending') {
      log(`Every finding was decided before (${review.status.replace('_', ' ')}); nobody was asked again: ${review.url}`);
    } else if (review.status === 'pending') {
      log(`Review opened: ${review.url}`);
      log(`Waiting up to ${formatDuration(options.timeoutSeconds)} for a decision in Slack.`);
    } else {
      // The same idempotency key again (this step retried within one run attempt).
      log(`Review ${review.url} was already ${review.status.replace('_', ' ')}.`);
    }
    const id = review.id;
    let waitCap = maxWait;
    const poll = async () => {
      const wait = Math.min(waitCap, Math.max(1, Math.ceil((pollUntil - Date.now()) / 1000)));
      const sent = Date.now();
      try {
        return await client.getReview(id, wait, signal);
      } catch (error) {
        // A proxy that cuts idle connections (30 s is common) would cut every long-poll:
        // wait for less than it allows from now on.
        const heldMs = Date.now() - sent;
        if (error instanceof ServerUnreachableError && heldMs >= cutThresholdMs && !signal.aborted) {
          waitCap = Math.max(1, Math.floor(heldMs / 2000));
          log(`The connection was cut after ${(heldMs / 1000).toFixed(0)}s; asking for ${waitCap}s at a time from now on.`);
        }
        throw error;
      }
    };
    while (review.status === 'pending') {
      if (pollUntil - Date.now() <= 0) break;
      const asked = Date.now();
      review = await withRetry(poll, apiRetryability, { ...retry, deadlineMs: pollUntil });
      // A server that answers `pending` at once (past its deadline, before its expirer runs)
      // must not turn the long-poll into a busy loop.
      if (review.status === 'pending' && Date.now() - asked < minPollMs) await sleep(minPollMs, signal);
    }
  } catch (error) {
    if (signal.aborted) throw await cancel(client, opened);
    throw error;
  }
  if (review.status !== 'pending') return { review, decision: review.status };
  // The server has not expired it (its clock, or its expirer, lags): have it expire the review
  // now, so nobody can still approve a review whose job already failed.
  const pending = review;
  const closed = await client.cancelReview(pending.id, 'timeout').catch(() => pending);
  return { review: closed, decision: 'expired' };
}

async function cancel(client: ApiClient, review: ReviewResponse | undefined): Promise<JobCancelledError> {
  if (!review) return new JobCancelledError(undefined);
  try {
    return new JobCancelledError(await client.cancelReview(review.id));
  } catch (error) {
    return new JobCancelledError(review, (error as Error).message);
  }
}
