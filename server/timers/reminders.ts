// Half-time reminders: a review still pending when half of its time has gone gets a reply in
// its thread that mentions the people who can decide it (the route's mentions and approvers).
// Each review is reminded once; the reminder is an audit event, written in the same
// transaction as the queued reply, so a restart neither loses nor repeats it.
import type { Logger } from '../log.js';
import { approverMentions, type RoutingPolicy } from '../config/routing.js';
import { appendAudit } from '../store/audit.js';
import { enqueue } from '../store/outbox.js';
import { dueReminders } from '../store/reminders.js';
import { isPending } from '../store/reviews.js';
import type { Database } from '../store/sqlite.js';
import { SweepTimer } from './sweep-timer.js';
import { destinationOf } from '../slack/audience.js';
import { slackDate } from '../slack/mrkdwn.js';

/** Each person or group once: `<!subteam^S1|@team>` and `<!subteam^S1>` are the same group. */
export function uniqueMentions(mentions: string[]): string[] {
  const seen = new Set<string>();
  return mentions.filter((m) => {
    const target = m.replace(/\|[^>]*>$/, '>');
    if (seen.has(target)) return false;
    seen.add(target);
    return true;
  });
}

export function reminderText(mentions: string[], deadlineMs: number): string {
  const who = mentions.length > 0 ? `${mentions.join(' ')} ` : '';
  return `:bell: ${who}this review is still waiting for a decision. Half its time has gone: it expires ${slackDate(deadlineMs)}, and the job fails then.`;
}

export interface ReminderOptions {
  db: Database;
  policy: RoutingPolicy;
  logger: Logger;
  kick: () => void;
  now?: () => number;
  /** How often to look (default 5 s). */
  intervalMs?: number;
}

export class Reminders {
  private readonly now: () => number;
  private readonly timer: SweepTimer;

  constructor(private readonly options: ReminderOptions) {
    this.now = options.now ?? Date.now;
    this.timer = new SweepTimer({
      logger: options.logger,
      everyMs: options.intervalMs ?? 5000,
      failedMessage: 'reminder sweep failed',
      sweep: () => this.sweep(),
    });
  }

  start(): void {
    this.timer.start();
  }

  stop(): void {
    this.timer.stop();
  }

  /** Queues every due reminder; returns the review IDs it reminded. */
  sweep(): string[] {
    const { db, policy } = this.options;
    const now = this.now();
    const reminded: string[] = [];
    for (const r of dueReminders(db, now)) {
      const dest = destinationOf(db, policy, r);
      const mentions = uniqueMentions([...dest.mentions, ...approverMentions(dest.approvers)]);
      const done = db.transaction(() => {
        // Re-checked inside the write lock: a decision may have landed since the read.
        if (!isPending(db, r.id)) return false;
        enqueue(db, { kind: 'thread_reply', reviewId: r.id, text: reminderText(mentions, r.deadlineMs) }, now);
        appendAudit(db, { type: 'review.reminded', reviewId: r.id, actor: 'system', data: { mentions } }, now);
        return true;
      });
      if (done) reminded.push(r.id);
    }
    if (reminded.length > 0) {
      this.options.logger.info('reminders queued', { count: reminded.length });
      this.options.kick();
    }
    return reminded;
  }
}
