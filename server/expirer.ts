// Turns pending reviews past their deadline into `expired`, wakes their long-polls and queues
// the Slack update. Sleeps until the next deadline (at most a second), so expiry is prompt.
import type { Logger } from './log.js';
import { expireDue, nextDeadline } from './store/reviews.js';
import type { Database } from './store/sqlite.js';

export interface ExpirerOptions {
  db: Database;
  logger: Logger;
  onExpired: (ids: string[]) => void;
  now?: () => number;
  maxSleepMs?: number;
}

export class Expirer {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = true;
  private readonly now: () => number;

  constructor(private readonly options: ExpirerOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.stopped = false;
    this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Runs one sweep now; returns the IDs it expired. */
  sweep(): string[] {
    const ids = expireDue(this.options.db, this.now());
    if (ids.length > 0) {
      this.options.logger.info('reviews expired', { count: ids.length, reviewIds: ids.slice(0, 20) });
      this.options.onExpired(ids);
    }
    return ids;
  }

  private tick(): void {
    if (this.stopped) return;
    let delay = this.options.maxSleepMs ?? 1000;
    try {
      // A full batch means there may be more overdue: come back at once.
      if (this.sweep().length === 500) delay = 0;
      const next = nextDeadline(this.options.db);
      if (next !== null) delay = Math.min(delay, Math.max(0, next - this.now()));
    } catch (err) {
      this.options.logger.error('expiry sweep failed', { error: err });
    }
    this.timer = setTimeout(() => this.tick(), delay);
    (this.timer as { unref?: () => void }).unref?.();
  }
}
