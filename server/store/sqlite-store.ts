// The Store port on one SQLite connection (better-sqlite3 or node:sqlite, both synchronous).
// Every method runs its statement at once and returns a settled promise. Transactions share
// group commits (batch.ts): those that arrive in one turn of the event loop commit together,
// each in its own savepoint, so one that throws is undone alone. Reads outside a transaction
// wait while a batch is open, so no one sees a write before its COMMIT.
import type { FindingPayload } from '../../shared/contract.js';
import { appendAudit, type AuditInput } from './audit.js';
import { WriteBatcher } from './batch.js';
import { blockCommits, blockedAmong, liftBlocks, type CoveredBy } from './blocked-commits.js';
import { insertCleanRun, type CleanRun } from './clean-runs.js';
import { moveLegacyDecisions } from './legacy-decisions.js';
import { enqueue, type OutboxMessage } from './outbox.js';
import type { Store, StoreTx } from './port.js';
import { remember, rememberedDecisions, type Remembering } from './remembered.js';
import {
  endIfPending,
  getFindings,
  getReview,
  hasIdempotencyKey,
  insertFindings,
  insertReview,
  latestReviewOfCommit,
  nextDeadline,
  overdueReviewIds,
  pendingDeadline,
  pendingReviewsOf,
  reviewByIdempotencyKey,
  type Ending,
  type NewReview,
} from './reviews.js';
import type { Database } from './sqlite.js';
import { enqueueStatus, type StatusMessage } from './status-outbox.js';

/** The port's methods over the connection, each a statement or a few, run at once. */
function operations(db: Database): StoreTx {
  return {
    getReview: async (id: string) => getReview(db, id),
    getFindings: async (reviewId: string) => getFindings(db, reviewId),
    reviewByIdempotencyKey: async (scopedKey: string) => reviewByIdempotencyKey(db, scopedKey),
    hasIdempotencyKey: async (scopedKey: string) => hasIdempotencyKey(db, scopedKey),
    insertReview: async (review: NewReview) => insertReview(db, review),
    insertFindings: async (reviewId: string, findings: readonly FindingPayload[]) => insertFindings(db, reviewId, findings),
    endIfPending: async (id: string, ending: Ending) => endIfPending(db, id, ending),
    pendingDeadline: async (id: string) => pendingDeadline(db, id),
    overdueReviewIds: async (nowMs: number, limit: number) => overdueReviewIds(db, nowMs, limit),
    nextDeadline: async () => nextDeadline(db),
    pendingReviewsOf: async (requestedBy: string, atMost: number) => pendingReviewsOf(db, requestedBy, atMost),
    latestReviewOfCommit: async (repository: string, sha: string) => latestReviewOfCommit(db, repository, sha),
    rememberedDecisions: async (repository: string, fingerprints: readonly string[]) => rememberedDecisions(db, repository, fingerprints),
    remember: async (r: Remembering) => remember(db, r),
    moveLegacyDecisions: async (repository: string, findings: readonly FindingPayload[], nowMs: number) =>
      moveLegacyDecisions(db, repository, findings, nowMs),
    blockedAmong: async (repository: string, shas: readonly string[]) => blockedAmong(db, repository, shas),
    blockCommits: async (review: CoveredBy & { id: string; repository: string }, nowMs: number) => blockCommits(db, review, nowMs),
    liftBlocks: async (review: CoveredBy & { repository: string }) => liftBlocks(db, review),
    insertCleanRun: async (run: CleanRun) => insertCleanRun(db, run),
    appendAudit: async (input: AuditInput, nowMs: number) => appendAudit(db, input, nowMs),
    enqueue: async (message: OutboxMessage, nowMs: number) => enqueue(db, message, nowMs),
    enqueueStatus: async (message: StatusMessage, nowMs: number) => enqueueStatus(db, message, nowMs),
  };
}

export interface SqliteStoreOptions {
  /** At most this many transactions share one COMMIT (default 200). */
  maxBatch?: number;
}

export class SqliteStore implements Store {
  private readonly batches: WriteBatcher;
  private readonly tx: StoreTx;

  constructor(
    readonly db: Database,
    options: SqliteStoreOptions = {},
  ) {
    this.batches = new WriteBatcher(db, options.maxBatch);
    this.tx = operations(db);
    // Outside a transaction, each method first waits for an open batch to finish.
    for (const [name, op] of Object.entries(this.tx) as [keyof StoreTx, (...a: unknown[]) => Promise<unknown>][]) {
      (this as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
        const open = this.batches.idle();
        return open ? open.then(() => op(...args)) : op(...args);
      };
    }
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.batches.run(() => fn(this.tx));
  }
}

// The methods set in the constructor, declared for the type checker.
export interface SqliteStore extends StoreTx {}
