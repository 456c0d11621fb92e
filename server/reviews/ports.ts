// What the state changes are given: the store, the wake-ups and the kick that follow a commit,
// the clock, the ID generator and the commit-status settings. server.ts builds one for the
// process; a test builds one around a real SQLite file.
import type { Store } from '../store/port.js';
import type { CommitStatusSettings } from './commit-statuses.js';

export interface ReviewPorts {
  store: Store;
  /** Answers every long-poll waiting on the review (after the commit). */
  wake: (reviewId: string) => void;
  /** Tells the delivery workers that outbox rows were queued (after the commit). */
  kick: () => void;
  now: () => number;
  /** A new review's ID. */
  newId: () => string;
  /** Set when GitHub is configured: each state change then queues its commit statuses. */
  commitStatuses: CommitStatusSettings | null;
}
