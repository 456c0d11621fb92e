// Group commit: writes that arrive in the same turn of the event loop share one transaction,
// so one WAL commit covers many requests. Each write runs in its own savepoint, so one that
// throws is undone alone; every caller is answered only after the shared COMMIT, so nothing is
// acknowledged before it is durable.
import type { Database } from './sqlite.js';

interface Op {
  fn: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class WriteBatcher {
  private queue: Op[] = [];
  private scheduled = false;

  constructor(
    private readonly db: Database,
    /** More than this many queued writes are committed at once rather than waiting for the next turn. */
    private readonly maxBatch = 200,
  ) {}

  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (this.queue.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything queued now. */
  flush(): void {
    this.scheduled = false;
    const ops = this.queue;
    this.queue = [];
    if (ops.length === 0) return;
    const { db } = this;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      db.transaction(() => {
        for (const op of ops) {
          db.prepare('SAVEPOINT batched_write').run();
          try {
            outcomes.push({ ok: true, value: op.fn() });
            db.prepare('RELEASE batched_write').run();
          } catch (error) {
            db.prepare('ROLLBACK TO batched_write').run();
            db.prepare('RELEASE batched_write').run();
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The COMMIT itself failed: nothing in the batch happened.
      for (const op of ops) op.reject(error);
      return;
    }
    ops.forEach((op, i) => {
      const o = outcomes[i]!;
      if (o.ok) op.resolve(o.value);
      else op.reject(o.error);
    });
  }
}
