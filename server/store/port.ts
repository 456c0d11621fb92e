// The store as server/reviews/ sees it: SQL behind async methods, so that an adapter on a
// synchronous driver (SQLite, sqlite-store.ts) and one on a network database (Postgres: one
// connection per transaction, BEGIN … COMMIT) both fit. The store decides nothing: it reads and
// writes rows; what a state change writes, and together with what, is the domain's.
import type { FindingPayload } from '../../shared/contract.js';
import type { AuditEvent, AuditInput } from './audit.js';
import type { Blocked, CoveredBy } from './blocked-commits.js';
import type { CleanRun } from './clean-runs.js';
import type { OutboxMessage } from './outbox.js';
import type { Remembering, RememberedDecision } from './remembered.js';
import type { Ending, NewReview, Review } from './reviews.js';
import type { StatusMessage } from './status-outbox.js';

/** What a transaction may do: every read and write, seen and committed together. */
export interface StoreTx {
  getReview(id: string): Promise<Review | undefined>;
  getFindings(reviewId: string): Promise<FindingPayload[]>;
  /** The review a caller opened under its scoped idempotency key, with its request's hash. */
  reviewByIdempotencyKey(scopedKey: string): Promise<{ review: Review; requestHash: string | null } | undefined>;
  hasIdempotencyKey(scopedKey: string): Promise<boolean>;
  insertReview(review: NewReview): Promise<void>;
  insertFindings(reviewId: string, findings: readonly FindingPayload[]): Promise<void>;
  /** Ends a pending review (compare-and-set); false when it was no longer pending. */
  endIfPending(id: string, ending: Ending): Promise<boolean>;
  /** A pending review's deadline (ms), or undefined when it is not pending. */
  pendingDeadline(id: string): Promise<number | undefined>;
  overdueReviewIds(nowMs: number, limit: number): Promise<string[]>;
  nextDeadline(): Promise<number | null>;
  /** Pending reviews of one caller, counted up to `atMost`. */
  pendingReviewsOf(requestedBy: string, atMost: number): Promise<number>;
  latestReviewOfCommit(repository: string, sha: string): Promise<{ id: string; status: Review['status'] } | undefined>;

  rememberedDecisions(repository: string, fingerprints: readonly string[]): Promise<Map<string, RememberedDecision>>;
  remember(r: Remembering): Promise<void>;
  /** Moves decisions remembered under old unkeyed fingerprints to the keyed ones; how many moved. */
  moveLegacyDecisions(repository: string, findings: readonly FindingPayload[], nowMs: number): Promise<number>;

  blockedAmong(repository: string, shas: readonly string[]): Promise<Blocked | undefined>;
  blockCommits(review: CoveredBy & { id: string; repository: string }, nowMs: number): Promise<void>;
  liftBlocks(review: CoveredBy & { repository: string }): Promise<string[]>;

  /** False when this commit's clean run was recorded before. */
  insertCleanRun(run: CleanRun): Promise<boolean>;

  /** Appends to the hash-chained audit log (one chain, whoever writes). */
  appendAudit(input: AuditInput, nowMs: number): Promise<AuditEvent>;
  /** A Slack outbox row. */
  enqueue(message: OutboxMessage, nowMs: number): Promise<number>;
  /** A GitHub commit status outbox row. */
  enqueueStatus(message: StatusMessage, nowMs: number): Promise<number>;
}

export interface Store extends StoreTx {
  /** Throws when the database cannot answer (health check). */
  ping(): Promise<void>;
  /**
   * Runs `fn` in one transaction: everything it writes commits together, or nothing does when it
   * throws (the error is rethrown). The promise settles only after the COMMIT, so nothing is
   * acknowledged before it is durable. `fn` awaits only `tx`: no network call inside a
   * transaction (the wake-ups and deliveries come after it).
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
}
