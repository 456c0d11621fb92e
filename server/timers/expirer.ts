// Turns pending reviews past their deadline into `expired` (reviews/expire.ts: one transaction,
// then the long-polls are woken and delivery kicked). Sleeps until the next deadline (at most a
// second), so expiry is prompt.
import type { Logger } from '../log.js';
import { expireDue } from '../reviews/expire.js';
import type { ReviewPorts } from '../reviews/ports.js';
import { SweepTimer } from './sweep-timer.js';

export interface ExpirerOptions {
  reviews: ReviewPorts;
  logger: Logger;
  maxSleepMs?: number;
}

export class Expirer {
  private readonly now: () => number;
  private readonly timer: SweepTimer;

  constructor(private readonly options: ExpirerOptions) {
    this.now = options.reviews.now;
    this.timer = new SweepTimer({
      logger: options.logger,
      everyMs: options.maxSleepMs ?? 1000,
      failedMessage: 'expiry sweep failed',
      sweep: async (wakeWithin) => {
        // A full batch means there may be more overdue: come back at once.
        if ((await this.sweep()).length === 500) wakeWithin(0);
        const next = await this.options.reviews.store.nextDeadline();
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

  /** Runs one sweep now; returns the IDs it expired (woken and kicked already). */
  async sweep(): Promise<string[]> {
    const ids = await expireDue(this.options.reviews);
    if (ids.length > 0) this.options.logger.info('reviews expired', { count: ids.length, reviewIds: ids.slice(0, 20) });
    return ids;
  }
}
