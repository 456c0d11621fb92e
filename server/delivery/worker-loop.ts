// The loop both outbox workers run (Slack messages, GitHub commit statuses): take a lane's due
// rows, deliver them one at a time, and sleep until the next row is due, a pause ends or a kick
// arrives. What a row is, the order it keeps and how it is delivered are the caller's.
import type { Logger } from '../log.js';
import { markFailed } from '../store/outbox.js';
import type { Database } from '../store/sqlite.js';

/** Rows taken from the database in one go. */
const BATCH = 25;

/** The timing settings every outbox worker takes (tests shorten them). */
export interface DeliveryTimingOptions {
  now?: () => number;
  /** First retry delay after an error; doubles per attempt. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Longest sleep between checks even when nothing is due (a safety net, not the mechanism). */
  idleCheckMs?: number;
}

export interface DeliveryLoopSettings extends DeliveryTimingOptions {
  db: Database;
  logger: Logger;
  /** Logged, with the error, when a pass fails unexpectedly. */
  passFailedMessage: string;
}

/** Exponential backoff with ±20 % jitter: base, 2 × base, 4 × base … up to max. */
function retryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  const backoff = Math.min(maxMs, baseMs * 2 ** Math.min(attempts, 20));
  return Math.round(backoff * (0.8 + Math.random() * 0.4));
}

/**
 * A lane's worker extends this and says which rows are due and how one is delivered; the loop
 * gives it start, kick (something was queued), stop (graceful), the lane-wide pause and backoff.
 */
export abstract class DeliveryLoop<Row> {
  protected readonly now: () => number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly idleCheckMs: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private stopped = true;
  private again = false;
  private pausedUntil = 0;
  private current: Promise<void> = Promise.resolve();

  constructor(private readonly settings: DeliveryLoopSettings) {
    this.now = settings.now ?? Date.now;
    this.baseBackoffMs = settings.baseBackoffMs ?? 1000;
    this.maxBackoffMs = settings.maxBackoffMs ?? 5 * 60_000;
    this.idleCheckMs = settings.idleCheckMs ?? 30_000;
  }

  /** The lane's due rows, oldest first, in the order the lane keeps (at most one per key). */
  protected abstract due(nowMs: number, limit: number): Row[];

  /** When the lane's next undelivered row becomes due (ms), or null when there is none. */
  protected abstract nextDueAt(): number | null;

  /** Delivers one row and records the outcome (with rateLimited or retryLater on a failure). */
  protected abstract deliverOne(row: Row): Promise<void>;

  start(): void {
    this.stopped = false;
    this.kick();
  }

  /** Something was queued: run now (or right after the current pass). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** Finishes the call in flight, then stops. Undelivered rows stay queued for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current;
  }

  /**
   * The service asked everyone to wait (a 429): pause the whole lane for `retryAfterSeconds` and
   * put the row back for then, without counting an attempt.
   */
  protected rateLimited(rowId: number, reason: string, retryAfterSeconds: number): void {
    this.pausedUntil = this.now() + retryAfterSeconds * 1000;
    markFailed(this.settings.db, rowId, reason, this.pausedUntil, false);
  }

  /** Any other failure: count the attempt and retry the row after backoff. Returns the delay in ms. */
  protected retryLater(rowId: number, attempts: number, reason: string): number {
    const delay = retryDelayMs(attempts, this.baseBackoffMs, this.maxBackoffMs);
    markFailed(this.settings.db, rowId, reason, this.now() + delay);
    return delay;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.current = this.pass();
    }, Math.max(0, delayMs));
    // The HTTP server keeps the process alive; the worker alone must not.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private async pass(): Promise<void> {
    this.running = true;
    try {
      do {
        this.again = false;
        while (!this.stopped && this.now() >= this.pausedUntil) {
          const rows = this.due(this.now(), BATCH);
          if (rows.length === 0) break;
          for (const row of rows) {
            if (this.stopped || this.now() < this.pausedUntil) break;
            await this.deliverOne(row);
          }
        }
      } while (this.again && !this.stopped);
    } catch (err) {
      this.settings.logger.error(this.settings.passFailedMessage, { error: err });
    } finally {
      this.running = false;
    }
    if (this.stopped) return;
    const next = this.nextDueAt();
    const wakeAt = Math.max(this.pausedUntil, next ?? this.now() + this.idleCheckMs);
    this.schedule(Math.min(wakeAt - this.now(), this.idleCheckMs));
  }
}
