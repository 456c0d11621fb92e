// Every event of a review lands in its thread: Fix instructions (remediation per provider),
// unauthorized attempts, expiry, cancellation, and the half-time reminder that mentions the
// approvers. The server's clock is the test's, so the reminder's moment is exact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, APPROVER, createReview, INTRUDER, reviewRequest, TEST_GROUP } from '../../support/server-harness.js';
import { plantedValues } from '../../support/planted.js';
import { postToSlackRoute } from '../../support/slack-signing.js';
import { auditTypes, click, posted, reviewPost, signedAt, startClockedServer, threadPost, threadPosts, type ClockedServer } from './helpers.js';

const finding = (ruleId: string, file: string, n: number, provider?: string) => ({
  ruleId,
  ...(provider && { provider }),
  description: ruleId,
  severity: 'high' as const,
  file,
  line: n,
  commit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  redacted: 'ab…(40)',
  fingerprint: `sha256:${String(n).padStart(8, '0')}${Math.random().toString(16).slice(2).padEnd(24, '0')}`,
});

describe('review threads', () => {
  let t: ClockedServer;
  beforeAll(async () => {
    t = await startClockedServer({ overrides: { reminderIntervalMs: 3_600_000 } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('Fix instructions posts remediation per provider in the thread, with each provider’s own page, once', async () => {
    const { review } = await createReview(
      t.url,
      t.apiToken,
      reviewRequest({
        findings: [
          // As the Action sends them: each with its rule's provider, a custom rule without one.
          finding('github-pat', 'config/settings.yml', 1, 'github'),
          finding('aws-access-key-id', 'deploy/aws.env', 2, 'aws'),
          finding('stripe-live-secret-key', 'billing/keys.ts', 3, 'stripe'),
          finding('notion-integration-token', 'tools/notion.py', 4, 'notion'),
          finding('slack-bot-token', 'bot/.env', 5, 'slack'),
          finding('my-homegrown-rule', 'lib/secret.txt', 6),
        ],
      }),
    );
    const ts = await posted(t, review.id);
    expect((await click(t, review.id, 'fix', INTRUDER)).status).toBe(200);
    const reply = await threadPost(t.slack, ts, 'How to fix', 'the fix instructions');
    const text = JSON.stringify(reply.args['blocks']);
    for (const url of [
      'https://github.com/settings/tokens',
      'https://console.aws.amazon.com/iam/home#/users',
      'https://dashboard.stripe.com/apikeys',
      'https://www.notion.so/my-integrations',
      'https://api.slack.com/apps',
    ]) {
      expect(text).toContain(url);
    }
    for (const step of ['*Revoke*', '*Rotate*', '*Update*', '*Check the logs*', '*Remove it from history*']) expect(text).toContain(step);
    expect(text).toContain('CloudTrail'); // AWS: where to look for use
    expect(text).toContain('*Credential* (my-homegrown-rule)'); // unknown rule: the generic advice
    expect(text).toContain(`asked by <@${INTRUDER}>`);
    for (const v of plantedValues) expect(reply.rawBody).not.toContain(v);

    // A second click does not post the steps again; it points at the thread.
    expect((await click(t, review.id, 'fix', APPROVER)).status).toBe(200);
    await t.slack.waitFor((s) => s.delivered('chat.postEphemeral').some((c) => c.args['user'] === APPROVER && String(c.args['text']).includes('already in its thread')), 5000, 'the ephemeral');
    expect(threadPosts(t.slack, ts).filter((c) => JSON.stringify(c.args).includes('How to fix'))).toHaveLength(1);
    expect(auditTypes(t, review.id).filter((x) => x === 'review.fix_requested')).toHaveLength(1);
  });

  it('View details is a link to the review page; its click is acknowledged and changes nothing', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest());
    await posted(t, review.id);
    const post = reviewPost(t.slack, review.id)!;
    expect(JSON.stringify(post.args['blocks'])).toContain(`"url":"https://secretgate.example.test/reviews/${review.id}"`);
    const payload = { type: 'block_actions', user: { id: APPROVER }, channel: { id: 'C0REVIEWS' }, actions: [{ type: 'button', action_id: 'secretgate_view', url: `https://secretgate.example.test/reviews/${review.id}` }] };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    expect((await postToSlackRoute(t.url, '/slack/interactions', body, t.signingSecret, signedAt(t))).status).toBe(200);
    expect(auditTypes(t, review.id)).toEqual(['review.created']);
  });

  it('an unauthorized click is said in the thread', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest());
    const ts = await posted(t, review.id);
    await click(t, review.id, 'block', INTRUDER);
    await threadPost(t.slack, ts, `<@${INTRUDER}> clicked *Block* but is not an approver`, 'the unauthorized attempt');

    // Once per person: more clicks are each answered and audited, but not said again.
    await click(t, review.id, 'approve', INTRUDER);
    await click(t, review.id, 'block', INTRUDER);
    const refusedTo = (user: string) => t.slack.delivered('chat.postEphemeral').filter((c) => c.args['user'] === user && String(c.args['text']).includes('not authorized'));
    await t.slack.waitFor(() => refusedTo(INTRUDER).length === 3, 5000, 'three ephemeral refusals');
    expect(auditTypes(t, review.id).filter((x) => x === 'decision.unauthorized')).toHaveLength(3);
    expect(threadPosts(t.slack, ts).filter((c) => JSON.stringify(c.args).includes('is not an approver'))).toHaveLength(1);
  });

  it('expiry and cancellation are said in the thread', async () => {
    const { review: a } = await createReview(t.url, t.apiToken, reviewRequest({ timeoutSeconds: 60 }));
    const { review: b } = await createReview(t.url, t.apiToken, reviewRequest());
    const tsA = await posted(t, a.id);
    const tsB = await posted(t, b.id);
    t.clock.advance(61_000);
    await t.server.expirer.sweep();
    await threadPost(t.slack, tsA, 'Expired: nobody decided before the deadline', 'the expiry note');
    expect((await api(t.url, t.apiToken, 'POST', `/api/v1/reviews/${b.id}/cancel`)).json['status']).toBe('cancelled');
    await threadPost(t.slack, tsB, 'Cancelled: the job was cancelled', 'the cancellation note');
  });

  it('reminds the approvers in the thread once, at half the timeout, while still pending', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ timeoutSeconds: 600 }));
    const { review: decided } = await createReview(t.url, t.apiToken, reviewRequest({ timeoutSeconds: 600 }));
    const ts = await posted(t, review.id);
    await posted(t, decided.id);
    await click(t, decided.id, 'false_positive', APPROVER);

    t.clock.advance(299_000);
    expect(t.server.reminders.sweep()).not.toContain(review.id);
    t.clock.advance(2_000);
    const reminded = t.server.reminders.sweep();
    expect(reminded).toContain(review.id);
    expect(reminded).not.toContain(decided.id);
    const reply = await threadPost(t.slack, ts, 'still waiting for a decision', 'the reminder');
    expect(String(reply.args['text'])).toContain(`<@${APPROVER}> <!subteam^${TEST_GROUP}>`);
    expect(t.server.reminders.sweep()).not.toContain(review.id); // once
    expect(auditTypes(t, review.id).filter((x) => x === 'review.reminded')).toHaveLength(1);
  });
});
