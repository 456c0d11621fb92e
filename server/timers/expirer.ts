// Turns pending reviews past their deadline into `expired`, wakes their long-polls and queues
// the Slack update. Sleeps until the next deadline (at most a second), so expiry is prompt.
import type { Logger } from '../log.js';
import { expireDue, nextDeadline } from '../store/reviews.js';
import type { Database } from '../store/sqlite.js';
import { SweepTimer } from './sweep-timer.js';

export interface ExpirerOptions {
  db: Database;
  logger: Logger;
  onExpired: (ids: string[]) => void;
  now?: () => number;
  maxSleepMs?: number;
}

export class Expirer {
  private readonly now: () => number;
  private readonly timer: SweepTimer;

  constructor(private readonly options: ExpirerOptions) {
    this.now = options.now ?? Date.now;
    this.timer = new SweepTimer({
      logger: options.logger,
      everyMs: options.maxSleepMs ?? 1000,
      failedMessage: 'expiry sweep failed',
      sweep: (wakeWithin) => {
        // A full batch means there may be more overdue: come back at once.
        if (this.sweep().length === 500) wakeWithin(0);
        const next = nextDeadline(this.options.db);
        if (next !== null) wakeWithin(next - this.now());
      },
    });
  }

  start(): void {
    this.timer.start();
  }

  stop(): void {
    this.timer.stop();
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
}
