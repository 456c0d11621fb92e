// The reason an approver types (approving or blocking) is shown in Slack as text: it cannot ping the channel, fake a
// link or mention someone, in the thread reply or anywhere else it is shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVER, createReview, reviewRequest, startTestServer, type TestServer } from '../../support/server-harness.js';
import { interactionBody, postToSlackRoute, viewSubmissionPayload } from '../../support/slack-signing.js';
import { command, posted, threadPost } from './helpers.js';

const REASON = 'rotated <!channel> see <https://evil.example/login|the runbook> & <@U0BOSS>';
// Escaped, and with a word joiner (U+2060) where Slack would auto-link or auto-mention plain text.
const ESCAPED = 'rotated &lt;!channel&gt; see &lt;https:\u2060//evil.\u2060example/login|the runbook&gt; &amp; &lt;@\u2060U0BOSS&gt;';

describe('an approval or block reason in Slack', () => {
  let t: TestServer;
  let reviewId: string;
  let ts: string;
  beforeAll(async () => {
    t = await startTestServer();
    reviewId = (await createReview(t.url, t.apiToken, reviewRequest())).review.id;
    ts = await posted(t, reviewId);
    const res = await postToSlackRoute(t.url, '/slack/interactions', interactionBody(viewSubmissionPayload({ reviewId, userId: APPROVER, reason: REASON })), t.signingSecret);
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('is escaped in the thread reply', async () => {
    const reply = await threadPost(t.slack, ts, 'Approved by', 'the decision reply');
    expect(reply.args['text']).toBe(`Approved by <@${APPROVER}>: ${ESCAPED}`);
  });

  it('is escaped in the updated review message and in /secretgate status', async () => {
    await t.slack.waitFor((s) => s.delivered('chat.update').some((c) => c.args['ts'] === ts), 5000, 'the message update');
    const update = t.slack.delivered('chat.update').filter((c) => c.args['ts'] === ts).at(-1)!;
    expect(JSON.stringify(update.args['blocks'])).toContain(ESCAPED);
    expect((await command(t, `status ${reviewId}`, APPROVER)).text).toContain(ESCAPED);
  });

  it('a block reason is escaped in the thread reply and the updated message too', async () => {
    const blocked = (await createReview(t.url, t.apiToken, reviewRequest())).review.id;
    const blockedTs = await posted(t, blocked);
    const res = await postToSlackRoute(
      t.url,
      '/slack/interactions',
      interactionBody(viewSubmissionPayload({ reviewId: blocked, userId: APPROVER, reason: REASON, button: 'block' })),
      t.signingSecret,
    );
    expect(res.status).toBe(200);
    const reply = await threadPost(t.slack, blockedTs, 'Blocked by', 'the block reply');
    expect(reply.args['text']).toBe(`Blocked by <@${APPROVER}>: ${ESCAPED}`);
    await t.slack.waitFor((s) => s.delivered('chat.update').some((c) => c.args['ts'] === blockedTs), 5000, 'the message update');
    expect(JSON.stringify(t.slack.delivered('chat.update').filter((c) => c.args['ts'] === blockedTs).at(-1)!.args['blocks'])).toContain(ESCAPED);
  });

  it('reaches Slack nowhere unescaped', () => {
    for (const call of t.slack.delivered()) {
      expect(JSON.stringify(call.args)).not.toContain('<!channel>');
      expect(JSON.stringify(call.args)).not.toContain('<https://evil.example');
    }
  });
});
