// Who decided a review, as Slack shows it: a Slack user is a mention; a review cancelled or
// expired through the API (decided_by `token:…` or `oidc:…`), by the deadline or by a
// remembered decision names that in plain, escaped words, never as a bogus `<@token:…>`.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deciderMrkdwn, deciderText } from '../../../server/slack/deciders.js';
import { reviewMessage } from '../../../server/slack/messages.js';
import { actorMrkdwn, actorText } from '../../../server/slack/mrkdwn.js';
import { api, APPROVER, createReview, reviewRequest, startTestServer, type TestServer } from '../../support/server-harness.js';
import { command, posted } from './helpers.js';
import { PUBLIC_URL, sampleFinding, sampleReview } from './review-fixture.js';

describe('deciders in Slack text', () => {
  it.each([
    ['U0APPROVER', '<@U0APPROVER>'],
    ['W0ENTERPRISE', '<@W0ENTERPRISE>'],
    ['token:1a2b3c4d5e6f', 'the job (token 1a2b3c4d5e6f)'],
    ['oidc:acme/api', 'the job (OIDC, acme/api)'],
    ['token:<!channel>', 'the job (token &lt;!channel&gt;)'],
    ['someone <@U1> & co', 'someone &lt;@\u2060U1&gt; &amp; co'],
  ])('renders %s as %s', (actor, text) => {
    expect(actorMrkdwn(actor)).toBe(text);
  });

  it('names the deadline, the job’s own timeout or a remembered decision for the system', () => {
    expect(deciderMrkdwn({ decidedBy: 'system', status: 'expired', decisionReason: 'deadline passed' })).toBe('the deadline');
    expect(deciderMrkdwn({ decidedBy: 'system', status: 'expired', decisionReason: 'job timed out' })).toBe('the job’s own timeout');
    expect(deciderMrkdwn({ decidedBy: 'system', status: 'approved', decisionReason: null })).toBe('a remembered decision');
    expect(deciderMrkdwn({ decidedBy: 'token:abc', status: 'cancelled', decisionReason: 'job cancelled' })).toBe('the job (token abc)');
  });

  it('has a plain-text form for pages and commit statuses, in the same words, unescaped', () => {
    expect(actorText('token:3a39d26500dd')).toBe('the job (token 3a39d26500dd)');
    expect(actorText('oidc:acme/api')).toBe('the job (OIDC, acme/api)');
    expect(actorText('token:<x>')).toBe('the job (token <x>)');
    expect(actorText('U0APPROVER')).toBe('U0APPROVER');
    expect(deciderText({ decidedBy: 'token:abc', status: 'cancelled', decisionReason: 'job cancelled' })).toBe('the job (token abc)');
    expect(deciderText({ decidedBy: 'U0APPROVER', decidedByName: 'Ada', status: 'approved', decisionReason: 'ok' })).toBe('Ada');
    expect(deciderText({ decidedBy: 'U0APPROVER', decidedByName: null, status: 'approved', decisionReason: 'ok' })).toBe('U0APPROVER');
    expect(deciderText({ decidedBy: 'system', status: 'expired', decisionReason: 'job timed out' })).toBe('the job’s own timeout');
    expect(deciderText({ decidedBy: 'system', status: 'expired', decisionReason: null })).toBe('the deadline');
    expect(deciderText({ decidedBy: 'system', status: 'false_positive', decisionReason: null })).toBe('a remembered decision');
  });

  it('never turns a non-user decider into a mention in the review message', () => {
    for (const decidedBy of ['token:1a2b3c4d5e6f', 'oidc:acme/api']) {
      const m = reviewMessage(sampleReview({ status: 'approved', decidedBy, decisionReason: 'ok' }), [sampleFinding()], PUBLIC_URL);
      const text = JSON.stringify(m);
      expect(text).not.toContain('<@');
      expect(text).toContain('by the job (');
    }
  });
});

describe('/secretgate status of a review the API closed', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });
  const tokenId = () => `token:${createHash('sha256').update(t.apiToken).digest('hex').slice(0, 12)}`;

  it('says a cancelled review was cancelled by the job and its token, not by a bogus user', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest());
    await posted(t, review.id);
    expect((await api(t.url, t.apiToken, 'POST', `/api/v1/reviews/${review.id}/cancel`)).json['status']).toBe('cancelled');
    expect(t.db().prepare('SELECT decided_by FROM reviews WHERE id = ?').get<{ decided_by: string }>(review.id)!.decided_by).toBe(tokenId());

    const { text } = await command(t, `status ${review.id}`, APPROVER);
    expect(text).toContain(`*Status*: Cancelled by the job (token ${tokenId().slice('token:'.length)}) <!date^`);
    expect(text).not.toMatch(/<@(?!U|W)/);
    expect(text).not.toContain('<@token');
  });

  it('says a review whose job timed out expired by the job’s own timeout', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest());
    await posted(t, review.id);
    expect((await api(t.url, t.apiToken, 'POST', `/api/v1/reviews/${review.id}/cancel`, { reason: 'timeout' })).json['status']).toBe('expired');
    const { text } = await command(t, `status ${review.id}`, APPROVER);
    expect(text).toContain('*Status*: Expired by the job’s own timeout <!date^');
    expect(text).not.toContain('<@');
  });
});
