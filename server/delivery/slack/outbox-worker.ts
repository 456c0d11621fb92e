// The outbox worker: delivers queued Slack calls in order per review, pauses the whole queue
// for Retry-After on a 429, backs off exponentially on other failures, and picks up where it
// left off after a restart (the queue is the database).
import type { KnownBlock } from '@slack/types';
import { DeliveryLoop, type DeliveryTimingOptions } from '../worker-loop.js';
import type { Logger } from '../../log.js';
import { dueMessages, markDelivered, markSending, nextDueAt, postpone, type OutboxRow } from '../../store/outbox.js';
import { getFindings, getReview, setSlackMessage } from '../../store/reviews.js';
import type { Database } from '../../store/sqlite.js';
import { describeSlackError, type SlackApi, type SlackMessage } from '../../slack/client.js';
import { reviewMessage } from '../../slack/messages.js';
import { ChannelPacer } from '../../slack/pacer.js';
import type { People } from '../../slack/people.js';
import { remediationMessage } from '../../slack/remediation.js';

/** The metadata event type that tags every message the outbox posts. */
export const OUTBOX_EVENT_TYPE = 'secretgate_outbox';

/** How far before the recorded send time to search, for clock skew between us and Slack. */
const LOOKBACK_MS = 5 * 60_000;

export interface OutboxWorkerOptions extends DeliveryTimingOptions {
  db: Database;
  slack: SlackApi;
  publicUrl: string;
  /** GitHub's web origin (Config.githubServerUrl) for the review message's links. */
  githubUrl: string;
  logger: Logger;
  /** Least time between two posts to one channel (default 1000 ms; 0 turns pacing off). */
  postIntervalMs?: number;
  /** Says on the review message who of its pushers and authors Slack knows (absent: nothing said). */
  people?: People;
}

/** How long the review message waits for the authors' Slack accounts before it says "not checked". */
const PEOPLE_BUDGET_MS = 3000;

export class OutboxWorker extends DeliveryLoop<OutboxRow> {
  private readonly pacer: ChannelPacer;

  constructor(private readonly options: OutboxWorkerOptions) {
    super({ ...options, passFailedMessage: 'outbox pass failed' });
    this.pacer = new ChannelPacer(options.postIntervalMs ?? 1000);
  }

  protected due(nowMs: number, limit: number): OutboxRow[] {
    return dueMessages(this.options.db, nowMs, limit);
  }

  protected nextDueAt(): number | null {
    return nextDueAt(this.options.db);
  }

  /**
   * True when a post to `channel` must wait for the pacer; the row is then moved to the time it
   * may go (no attempt counted), and rows for other channels go on meanwhile.
   */
  private paced(row: OutboxRow, channel: string): boolean {
    const now = this.now();
    const wait = this.pacer.waitFor(channel, now);
    if (wait > 0) {
      postpone(this.options.db, row.id, now + wait);
      return true;
    }
    this.pacer.posted(channel, now);
    return false;
  }

  protected async deliverOne(row: OutboxRow): Promise<void> {
    const { logger } = this.options;
    try {
      await this.deliver(row);
    } catch (err) {
      const failure = describeSlackError(err);
      if (failure.rateLimitedForSeconds !== undefined) {
        // A 429 is Slack asking everyone to wait: pause the whole queue, count no attempt.
        this.rateLimited(row.id, failure.reason, failure.rateLimitedForSeconds);
        logger.warn('slack rate limited; outbox paused', { outboxId: row.id, retryAfterSeconds: failure.rateLimitedForSeconds });
        return;
      }
      const retryInMs = this.retryLater(row.id, row.attempts, failure.reason);
      logger.warn('slack call failed; will retry', {
        outboxId: row.id,
        kind: row.message.kind,
        attempt: row.attempts + 1,
        reason: failure.reason,
        retryInMs,
      });
    }
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const { db, slack, publicUrl, githubUrl, logger } = this.options;
    const m = row.message;
    const done = () => markDelivered(db, row.id, this.now());
    if (m.kind === 'ephemeral') {
      await slack.postEphemeral(m.channel, m.user, m.text);
      return done();
    }
    // Each post waits for its channel's turn before it looks for an earlier send: a row the
    // pacer puts back would otherwise look (and warn when it cannot) once per turn it waited.
    if (m.kind === 'channel_post') {
      if (this.paced(row, m.channel)) return;
      if (await this.findEarlierSend(row, `channel:${m.channel}`, m.channel)) return done();
      markSending(db, row.id, this.now());
      // The store keeps blocks as JSON it does not read; a typed builder (digest.ts) wrote them.
      await slack.postMessage(m.channel, this.tagged({ text: m.text, ...(m.blocks ? { blocks: m.blocks as KnownBlock[] } : {}) }, row, `channel:${m.channel}`));
      return done();
    }
    const review = getReview(db, m.reviewId);
    if (!review) return done();
    switch (m.kind) {
      case 'post_review': {
        if (review.slackTs) return done();
        const record = (channel: string, ts: string) =>
          // Saving the ts and closing the row in one transaction: a restart never posts again.
          db.transaction(() => {
            setSlackMessage(db, review.id, channel, ts);
            done();
          });
        if (this.paced(row, m.channel)) return;
        const earlier = await this.findEarlierSend(row, review.id, m.channel);
        if (earlier) {
          record(m.channel, earlier);
          logger.info('review message was already in slack; not posting again', { reviewId: review.id, outboxId: row.id });
          return;
        }
        const findings = getFindings(db, review.id);
        const people = await this.options.people?.of(review, findings, PEOPLE_BUDGET_MS);
        const message = this.tagged(reviewMessage(review, findings, publicUrl, { mentions: m.mentions ?? [], githubUrl, ...(people ? { people } : {}) }), row, review.id);
        markSending(db, row.id, this.now());
        const posted = await slack.postMessage(m.channel, message);
        record(posted.channel, posted.ts);
        logger.info('review posted to slack', { reviewId: review.id, channel: posted.channel });
        return;
      }
      case 'update_review': {
        if (!review.slackTs || !review.slackChannel) return done();
        const findings = getFindings(db, review.id);
        const people = await this.options.people?.of(review, findings, PEOPLE_BUDGET_MS);
        await slack.updateMessage(review.slackChannel, review.slackTs, reviewMessage(review, findings, publicUrl, { githubUrl, ...(people ? { people } : {}) }));
        return done();
      }
      case 'thread_reply': {
        if (!review.slackTs || !review.slackChannel) return done();
        if (this.paced(row, review.slackChannel)) return;
        if (await this.findEarlierSend(row, review.id, review.slackChannel, review.slackTs)) return done();
        markSending(db, row.id, this.now());
        await slack.postMessage(review.slackChannel, this.tagged({ text: m.text }, row, review.id), review.slackTs);
        return done();
      }
      case 'remediation': {
        if (!review.slackTs || !review.slackChannel) return done();
        if (this.paced(row, review.slackChannel)) return;
        if (await this.findEarlierSend(row, review.id, review.slackChannel, review.slackTs)) return done();
        markSending(db, row.id, this.now());
        const message = remediationMessage(review, getFindings(db, review.id), m.requestedBy, { githubUrl });
        await slack.postMessage(review.slackChannel, this.tagged(message, row, review.id), review.slackTs);
        return done();
      }
    }
  }

  private tagged(message: SlackMessage, row: OutboxRow, reviewId: string): SlackMessage {
    return { ...message, metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { review_id: reviewId, outbox_id: row.id } } };
  }

  /**
   * A post whose send was recorded but whose answer was not (kill -9, timeout, a 5xx after
   * Slack acted) may already be in Slack: look for its metadata tag before posting again. If
   * Slack refuses the lookup (e.g. the app lacks channels:history), post anyway and say so (once per
   * attempt: the caller posts right after it).
   */
  private async findEarlierSend(row: OutboxRow, reviewId: string, channel: string, threadTs?: string): Promise<string | null> {
    if (row.sentAtMs === null) return null;
    try {
      return await this.options.slack.findPosted({
        channel,
        ...(threadTs ? { threadTs } : {}),
        sinceMs: row.sentAtMs - LOOKBACK_MS,
        eventType: OUTBOX_EVENT_TYPE,
        payload: { review_id: reviewId, outbox_id: row.id },
      });
    } catch (err) {
      const failure = describeSlackError(err);
      if (failure.kind !== 'platform') throw err;
      const missingScope = (err as { data?: { error?: string } }).data?.error === 'missing_scope';
      this.options.logger.warn('cannot look for an earlier send; posting again, so the message may appear twice', {
        outboxId: row.id,
        kind: row.message.kind,
        reason: failure.reason,
        ...(missingScope ? { hint: 'add the channels:history scope (groups:history for private channels) to the Slack app for exactly-once posts' } : {}),
      });
      return null;
    }
  }
}
