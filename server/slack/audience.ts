// Who a review is for: its destination under the routing policy (channel, mentions,
// approvers), computed from the repository and the most severe finding. Who pushed and
// authored it, whom the self-approval guard refuses, is people.ts.
import type { Severity } from '../../shared/severity.js';
import { highestSeverity, routeFor, type Destination, type RoutingPolicy } from '../config/routing.js';
import { findingSeverities, type Review } from '../store/reviews.js';
import type { Database } from '../store/sqlite.js';

/** The most severe finding of a stored review. */
export function reviewSeverity(db: Database, reviewId: string): Severity {
  return highestSeverity(findingSeverities(db, reviewId));
}

export function destinationOf(db: Database, policy: RoutingPolicy, review: Pick<Review, 'id' | 'repository'>): Destination {
  return routeFor(policy, review.repository, reviewSeverity(db, review.id));
}
