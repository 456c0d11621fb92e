// Group commit: writes that arrive in the same turn of the event loop share one transaction,
// so one WAL commit covers many requests. Each write runs in its own savepoint, so one that
// throws is undone alone; every caller is answered only after the shared COMMIT, so nothing is
// acknowledged before it is durable. A write may be async as long as it awaits only the
// database (a synchronous driver underneath): the batch runs them one after another.
import type { Database } from './sqlite.js';

interface Op {
  fn: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class WriteBatcher {
  private queue: Op[] = [];
  private scheduled = false;
  /** Settles when the batch being written has committed or rolled back; null when none is. */
  private writing: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    /** At most this many writes share one COMMIT; the rest go in the next. */
    private readonly maxBatch = 200,
  ) {}

  run<T>(fn: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Settles once no batch is being written (reads outside a batch wait for it). */
  idle(): Promise<void> | null {
    return this.writing;
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    // Always from a turn of its own, never inside a caller's chain of promises: nothing else
    // runs on the connection while a batch's transaction is open.
    setImmediate(() => void this.flush());
  }

  /** Commits up to maxBatch of the writes queued now; the rest follow in the next turn. */
  private async flush(): Promise<void> {
    this.scheduled = false;
    const ops = this.queue.splice(0, this.maxBatch);
    if (ops.length === 0) return;
    let done!: () => void;
    this.writing = new Promise((r) => (done = r));
    const { db } = this;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    let failed: { error: unknown } | null = null;
    try {
      db.begin();
      try {
        for (const op of ops) {
          db.prepare('SAVEPOINT batched_write').run();
          try {
            outcomes.push({ ok: true, value: await op.fn() });
            db.prepare('RELEASE batched_write').run();
          } catch (error) {
            db.prepare('ROLLBACK TO batched_write').run();
            db.prepare('RELEASE batched_write').run();
            outcomes.push({ ok: false, error });
          }
        }
      } catch (error) {
        // Only the statements around the writes can throw here: undo the whole batch.
        try {
          db.finish(false);
        } catch {
          // The error that made us roll back is the one worth reporting.
        }
        throw error;
      }
      db.finish(true);
    } catch (error) {
      // BEGIN or COMMIT failed: nothing in the batch happened.
      failed = { error };
    } finally {
      this.writing = null;
      done();
    }
    ops.forEach((op, i) => {
      const o = outcomes[i];
      if (failed) op.reject(failed.error);
      else if (o!.ok) op.resolve(o!.value);
      else op.reject(o!.error);
    });
    if (this.queue.length > 0) this.schedule();
  }
}
