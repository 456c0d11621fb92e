// What a review can come to, and who decided it: the server stores and reports these, the
// Action turns them into its verdict and its `decision` output.

export type ReviewStatus =
  | 'pending'
  | 'approved'
  | 'false_positive'
  | 'rejected'
  | 'expired'
  | 'cancelled';

/**
 * Why a job closes its review (`POST /api/v1/reviews/:id/cancel`): `cancelled` (the default) when
 * the runner cancelled the job, `timeout` when the job's own timeout passed first. A pending
 * review becomes `cancelled`, or `expired` on a timeout.
 */
export type CancelReason = 'cancelled' | 'timeout';

/** `decision.reason` of a review expired because its job's own timeout passed (`{"reason":"timeout"}`). */
export const JOB_TIMED_OUT = 'job timed out';

export interface DecisionInfo {
  /** Slack user ID, or `system` for expiry/remembered decisions. */
  by: string;
  byName?: string;
  reason?: string;
  at: string;
}
