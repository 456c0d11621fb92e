// The digest: its counts over a period (opened, approved, false positive, blocked, expired,
// cancelled, still pending and the oldest, false-positive rate by rule) and its schedule (a
// cron expression in a time zone), on a server whose clock the test moves.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreateReviewRequest } from '../../../shared/contract.js';
import { nextDigestAt } from '../../../server/config/digest.js';
import { ChannelPacer } from '../../../server/slack/pacer.js';
import { digestStats } from '../../../server/store/insights.js';
import { api, APPROVER, createReview, reviewRequest } from '../../support/server-harness.js';
import { interactionBody, postToSlackRoute, viewSubmissionPayload } from '../../support/slack-signing.js';
import { click, decide, posted, signedAt, startClockedServer, type ClockedServer } from './helpers.js';

describe('the digest schedule', () => {
  it('reads the cron expression in the configured time zone, across daylight saving time', () => {
    const weekdays9 = { cron: '0 9 * * 1-5', timeZone: 'Europe/Berlin' };
    // Saturday 21 November → Monday 23 November, 09:00 CET = 08:00 UTC.
    expect(new Date(nextDigestAt(weekdays9, Date.parse('2026-11-21T12:00:00Z'))).toISOString()).toBe('2026-11-23T08:00:00.000Z');
    // In June Berlin is on CEST: 09:00 = 07:00 UTC.
    expect(new Date(nextDigestAt(weekdays9, Date.parse('2026-06-09T12:00:00Z'))).toISOString()).toBe('2026-06-10T07:00:00.000Z');
    expect(new Date(nextDigestAt({ cron: '30 17 * * *', timeZone: 'America/New_York' }, Date.parse('2026-11-22T00:00:00Z'))).toISOString()).toBe('2026-11-22T22:30:00.000Z');
  });
});

describe('the digest on a server', () => {
  const START = Date.parse('2026-06-10T05:00:00Z');
  let t: ClockedServer;
  // A server each: the digest counts the whole server.
  beforeEach(async () => {
    t = await startClockedServer({
      startMs: START,
      env: { SECRETGATE_DIGEST_CRON: '0 9 * * *', SECRETGATE_DIGEST_TZ: 'Europe/Berlin', SECRETGATE_DIGEST_CHANNEL: 'C0DIGEST' },
    });
  });
  afterEach(async () => {
    await t.close();
  });

  const finding = (ruleId: string, fingerprint: string) => ({ ...reviewRequest().findings[0]!, ruleId, fingerprint });
  const open = async (req: Partial<CreateReviewRequest> = {}) => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest(req));
    await posted(t, review.id);
    return review.id;
  };

  /** One period's reviews, each way a review ends, two left pending; the oldest pending's ID. */
  async function onePeriod(): Promise<string> {
    const oldest = await open({ repository: 'acme/oldest', timeoutSeconds: 3 * 86_400 });
    t.clock.advance(10 * 60_000);
    const fp = await open({ findings: [finding('github-pat', 'sha256:fp-000000000001')] });
    const approved = await open({ findings: [finding('github-pat', 'sha256:ok-000000000001')] });
    const blocked = await open({ findings: [finding('aws-access-key-id', 'sha256:block-0000000001')] });
    const expiring = await open({ timeoutSeconds: 60 });
    const cancelled = await open();
    await open({ repository: 'acme/still-pending', timeoutSeconds: 3 * 86_400 });

    await click(t, fp, 'false_positive', APPROVER);
    await postToSlackRoute(t.url, '/slack/interactions', interactionBody(viewSubmissionPayload({ reviewId: approved, userId: APPROVER, reason: 'test fixture' })), t.signingSecret, signedAt(t));
    await decide(t, blocked, 'block', APPROVER, 'live key');
    await api(t.url, t.apiToken, 'POST', `/api/v1/reviews/${cancelled}/cancel`);
    t.clock.advance(61_000);
    expect(await t.server.expirer.sweep()).toContain(expiring);
    // The same secret again, in another commit (the default one was blocked above, and a Block
    // is final for its commit): answered from the remembered decision, never posted.
    const elsewhere = { headSha: 'b2c3d4e5f60718293a4b5c6d7e8f9012345678a1', findings: [finding('github-pat', 'sha256:fp-000000000001')] };
    expect((await createReview(t.url, t.apiToken, reviewRequest(elsewhere))).review.status).toBe('false_positive');
    return oldest;
  }

  it('counts one period’s reviews and posts them to the digest channel at 09:00 Berlin time, once', async () => {
    expect(new Date(t.server.digest!.nextAt).toISOString()).toBe('2026-06-10T07:00:00.000Z');
    const oldest = await onePeriod();

    t.clock.now = Date.parse('2026-06-10T06:59:59Z');
    expect(t.server.digest!.check()).toBeNull();
    t.clock.now = Date.parse('2026-06-10T07:00:05Z');
    const stats = t.server.digest!.check()!;
    expect(stats).toMatchObject({
      fromMs: Date.parse('2026-06-09T07:00:00Z'),
      toMs: Date.parse('2026-06-10T07:00:00Z'),
      opened: 8,
      remembered: 1,
      approved: 1,
      falsePositive: 1,
      blocked: 1,
      expired: 1,
      cancelled: 1,
      stillPending: 2,
      oldestPending: { id: oldest, repository: 'acme/oldest' },
      falsePositiveRules: [{ ruleId: 'github-pat', decided: 2, falsePositives: 1, rate: 0.5 }],
    });
    await t.slack.waitFor((s) => s.delivered('chat.postMessage').some((c) => c.args['channel'] === 'C0DIGEST'), 5000, 'the digest post');
    const post = t.slack.delivered('chat.postMessage').find((c) => c.args['channel'] === 'C0DIGEST')!;
    const blocks = JSON.stringify(post.args['blocks']);
    expect(blocks).toContain('secretgate digest');
    expect(blocks).toContain('*Opened*\\n8 (1 answered from remembered decisions)');
    expect(blocks).toContain('*False positive*\\n1 (33% of decisions)');
    expect(blocks).toContain('`github-pat`: 1 of 2 findings false positive (50%)');
    expect(blocks).toContain('acme/oldest');
    expect(String(post.args['text'])).toContain('8 opened, 1 approved, 1 false positive, 1 blocked, 1 expired; 2 pending');

    expect(t.server.digest!.check()).toBeNull(); // once per firing
    expect(new Date(t.server.digest!.nextAt).toISOString()).toBe('2026-06-11T07:00:00.000Z');
    expect(t.db().prepare("SELECT COUNT(*) AS n FROM audit_events WHERE type = 'digest.posted'").get<{ n: number }>()!.n).toBe(1);
  });

  it('leaves out reviews outside the period', async () => {
    await onePeriod();
    const later = digestStats(t.db(), Date.parse('2026-06-10T07:00:00Z'), Date.parse('2026-06-11T07:00:00Z'));
    expect(later).toMatchObject({ opened: 0, approved: 0, falsePositive: 0, blocked: 0, expired: 0, stillPending: 2, falsePositiveRules: [] });
  });
});

describe('pacing', () => {
  it('spaces posts to one channel by the interval and leaves other channels alone', () => {
    const p = new ChannelPacer(1000);
    expect(p.waitFor('C1', 10_000)).toBe(0);
    p.posted('C1', 10_000);
    expect(p.waitFor('C1', 10_200)).toBe(800);
    expect(p.waitFor('C2', 10_200)).toBe(0);
    expect(p.waitFor('C1', 11_000)).toBe(0);
  });

  it('holds a second post to the same channel until the clock has moved on a second', async () => {
    const t = await startClockedServer({ env: { SECRETGATE_SLACK_POST_INTERVAL_MS: '1000' } });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await createReview(t.url, t.apiToken, reviewRequest())).review.id);
      // With the clock standing still, the first goes out and the others wait for their slot.
      await t.slack.waitFor(() => ids.some((id) => t.db().prepare('SELECT slack_ts FROM reviews WHERE id = ?').get<{ slack_ts: string | null }>(id)?.slack_ts), 5000, 'the first post');
      const waiting = () =>
        t.db().prepare("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'post_review' AND delivered_at IS NULL AND next_attempt_ms = ?").get<{ n: number }>(t.clock.now + 1000)!.n;
      await t.slack.waitFor(() => waiting() === 2, 5000, 'the other two posts to be held');
      expect(t.slack.delivered('chat.postMessage')).toHaveLength(1);
      t.clock.advance(1000);
      t.server.outbox.kick();
      await t.slack.waitFor((s) => s.delivered('chat.postMessage').length === 2, 5000, 'the second post');
      t.clock.advance(1000);
      t.server.outbox.kick();
      await t.slack.waitFor((s) => s.delivered('chat.postMessage').length === 3, 5000, 'the third post');
    } finally {
      await t.close();
    }
  });
});
