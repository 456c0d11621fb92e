// A sweep on a timer: it runs at start, then again after at most `everyMs`, sooner when the sweep
// asks (the next deadline). A failed sweep is logged and the timer goes on; the timer never keeps
// the process alive by itself.
import type { Logger } from '../log.js';

export interface SweepTimerOptions {
  logger: Logger;
  /** The longest sleep between two sweeps. */
  everyMs: number;
  /** Logged, with the error, when a sweep throws. */
  failedMessage: string;
  /** One sweep (sync or async); `wakeWithin(ms)` brings the next one forward to at most `ms` from now. */
  sweep: (wakeWithin: (ms: number) => void) => unknown;
}

export class SweepTimer {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = true;

  constructor(private readonly options: SweepTimerOptions) {}

  start(): void {
    this.stopped = false;
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    let delay = this.options.everyMs;
    try {
      await this.options.sweep((ms) => {
        delay = Math.min(delay, Math.max(0, ms));
      });
    } catch (err) {
      this.options.logger.error(this.options.failedMessage, { error: err });
    }
    // Stopped while an async sweep ran: no next one.
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), delay);
    (this.timer as { unref?: () => void }).unref?.();
  }
}
