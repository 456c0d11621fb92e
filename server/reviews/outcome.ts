// What a state change on an existing review tells its caller.
import type { Review } from '../store/reviews.js';

export type Outcome =
  | { outcome: 'decided'; review: Review }
  /** Already decided, expired or cancelled: nothing changed. */
  | { outcome: 'not_pending'; review: Review }
  | { outcome: 'unknown' };
