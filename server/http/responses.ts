// The JSON shapes the API answers with (shared/contract.ts), built from stored reviews.
import type { ApiError, ReviewResponse } from '../../shared/contract.js';
import { reviewUrl } from '../slack/messages.js';
import type { Review } from '../store/reviews.js';

export function reviewResponse(review: Review, publicUrl: string): ReviewResponse {
  const r: ReviewResponse = {
    id: review.id,
    status: review.status,
    repository: review.repository,
    url: reviewUrl(publicUrl, review.id),
    createdAt: review.createdAt,
    deadline: new Date(review.deadlineMs).toISOString(),
    findings: review.findingCount,
  };
  if (review.status !== 'pending' && review.decidedAt) {
    r.decision = { by: review.decidedBy ?? 'system', at: review.decidedAt };
    if (review.decidedByName) r.decision.byName = review.decidedByName;
    if (review.decisionReason) r.decision.reason = review.decisionReason;
  }
  if (review.remembered) r.remembered = true;
  return r;
}

export function apiError(error: string, message: string): ApiError {
  return { error, message };
}
