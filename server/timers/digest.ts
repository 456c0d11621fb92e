// The digest: on a schedule (a cron expression in a time zone), the numbers of the last period
// go to a channel: reviews opened, approved, marked false positive, blocked, expired; how many
// are still pending and the oldest; and the rules with the highest false-positive rate (the
// ones to tune). The clock is injected, and `check()` runs a due digest, so tests drive it.
import type { KnownBlock } from '@slack/types';
import { Cron } from 'croner';
import type { Logger } from '../log.js';
import { appendAudit } from '../store/audit.js';
import { digestStats, type DigestStats } from '../store/insights.js';
import { enqueue } from '../store/outbox.js';
import type { Database } from '../store/sqlite.js';
import { nextDigestAt, type DigestConfig } from '../config/digest.js';
import type { SlackMessage } from '../slack/client.js';
import { clip, clipMrkdwn, SLACK_LIMITS } from '../slack/limits.js';
import { reviewUrl } from '../slack/messages.js';
import { codeSpan, inertLabel, mrkdwnText, slackDate } from '../slack/mrkdwn.js';

/**
 * The firing of the schedule just before `beforeMs`; null when it has none. The period a digest
 * covers starts here, so an uneven schedule (weekdays only) leaves no gap and no overlap.
 */
export function previousDigestAt(config: Pick<DigestConfig, 'cron' | 'timeZone'>, beforeMs: number): number | null {
  const [previous] = new Cron(config.cron, { timezone: config.timeZone, paused: true }).previousRuns(1, new Date(beforeMs));
  return previous ? previous.getTime() : null;
}

const pct = (r: number) => `${Math.round(r * 100)}%`;
const MAX_RULES = 8;

/** The digest of one period. Its times are Slack date tokens: each reader sees their own time zone. */
export function digestMessage(s: DigestStats, publicUrl: string): SlackMessage {
  const period = `${slackDate(s.fromMs)} – ${slackDate(s.toMs)}`;
  const decided = s.approved + s.falsePositive + s.blocked;
  const fields = [
    `*Opened*\n${s.opened}${s.remembered ? ` (${s.remembered} answered from remembered decisions)` : ''}`,
    `*Approved*\n${s.approved}`,
    `*False positive*\n${s.falsePositive}${decided ? ` (${pct(s.falsePositive / decided)} of decisions)` : ''}`,
    `*Blocked*\n${s.blocked}`,
    `*Expired*\n${s.expired}`,
    `*Cancelled*\n${s.cancelled}`,
  ];
  const pending = s.oldestPending
    ? `*Still pending*: ${s.stillPending}. Oldest: <${reviewUrl(publicUrl, s.oldestPending.id)}|${inertLabel(clip(s.oldestPending.repository, 100))}>, opened ${slackDate(Date.parse(s.oldestPending.createdAt))}.`
    : '*Still pending*: none.';
  const rules = s.falsePositiveRules.slice(0, MAX_RULES).map(
    (r) => `• ${codeSpan(clip(r.ruleId, 80))}: ${r.falsePositives} of ${r.decided} finding${r.decided === 1 ? '' : 's'} false positive (${pct(r.rate)})`,
  );
  const more = s.falsePositiveRules.length > MAX_RULES ? `\n…and ${s.falsePositiveRules.length - MAX_RULES} more rule(s).` : '';
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'secretgate digest', emoji: true } },
    { type: 'context', elements: [mrkdwnText(period)] },
    { type: 'section', fields: fields.map((text) => mrkdwnText(text)) },
    { type: 'section', text: mrkdwnText(clipMrkdwn(pending, SLACK_LIMITS.sectionText)) },
    {
      type: 'section',
      text: mrkdwnText(
        clipMrkdwn(
          rules.length > 0
            ? `*False positives by rule* (the rules to tune):\n${rules.join('\n')}${more}`
            : '*False positives by rule*: none in this period.',
          SLACK_LIMITS.sectionText,
        ),
      ),
    },
  ];
  return {
    text: `secretgate digest: ${s.opened} opened, ${s.approved} approved, ${s.falsePositive} false positive, ${s.blocked} blocked, ${s.expired} expired; ${s.stillPending} pending`,
    blocks,
  };
}

export interface DigestSchedulerOptions {
  db: Database;
  config: DigestConfig;
  publicUrl: string;
  logger: Logger;
  /** Tell the outbox worker something was queued. */
  kick: () => void;
  now?: () => number;
  /** Longest sleep between checks, so a clock that jumps is noticed (and tests stay short). */
  maxSleepMs?: number;
}

/**
 * Posts the digest at each time the cron expression names. The period a digest covers runs
 * back from its firing time to the previous firing (Monday's digest of `0 9 * * 1-5` starts at
 * Friday 09:00). A firing missed while the server was down is skipped, not caught up.
 */
export class DigestScheduler {
  private readonly now: () => number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The firing time the scheduler waits for. */
  nextAt: number;

  constructor(private readonly options: DigestSchedulerOptions) {
    this.now = options.now ?? Date.now;
    this.nextAt = nextDigestAt(options.config, this.now());
  }

  start(): void {
    this.schedule();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Posts the digest if its time has come; returns the stats it posted, if it did. */
  check(): DigestStats | null {
    const now = this.now();
    if (now < this.nextAt) return null;
    const firedAt = this.nextAt;
    // A server that slept through several firings posts once, for the latest one.
    this.nextAt = nextDigestAt(this.options.config, Math.max(now, firedAt));
    // Only a schedule with no earlier firing falls back to the gap to its next one.
    const fromMs = previousDigestAt(this.options.config, firedAt) ?? 2 * firedAt - nextDigestAt(this.options.config, firedAt);
    return this.post(fromMs, firedAt);
  }

  /** Queues a digest for [fromMs, toMs) to the configured channel. */
  post(fromMs: number, toMs: number): DigestStats {
    const { db, config, publicUrl, logger } = this.options;
    const stats = digestStats(db, fromMs, toMs);
    const message = digestMessage(stats, publicUrl);
    db.transaction(() => {
      enqueue(db, { kind: 'channel_post', reviewId: null, channel: config.channel, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) }, this.now());
      appendAudit(db, { type: 'digest.posted', actor: 'system', data: { channel: config.channel, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), opened: stats.opened } }, this.now());
    });
    this.options.kick();
    logger.info('digest queued', { channel: config.channel, opened: stats.opened, pending: stats.stillPending });
    return stats;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      try {
        this.check();
      } catch (err) {
        this.options.logger.error('digest failed', { error: err });
      }
      this.schedule();
    }, Math.max(0, Math.min(this.nextAt - this.now(), this.options.maxSleepMs ?? 60_000)));
    (this.timer as { unref?: () => void }).unref?.();
  }
}
