// Clicks on the review message, end to end: signed requests to a real server, decisions in
// SQLite, Slack calls through @slack/web-api to the stand-in, long-polls woken.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewResponse } from '../../shared/contract.js';
import {
  api,
  APPROVER,
  createReview,
  freshSha,
  GROUP_MEMBER,
  INTRUDER,
  reviewRequest,
  startTestServer,
  type TestServer,
} from '../support/server-harness.js';
import {
  blockActionPayload,
  interactionBody,
  postToSlackRoute,
  signedHeaders,
  viewSubmissionPayload,
  type Button,
} from '../support/slack-signing.js';
import { clickThrough } from '../support/slack-clicks.js';

describe('/slack/interactions', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  const click = (reviewId: string, button: Button, userId: string) =>
    postToSlackRoute(t.url, '/slack/interactions', interactionBody(blockActionPayload({ reviewId, button, userId })), t.signingSecret);

  const status = (id: string) => t.db().prepare('SELECT status FROM reviews WHERE id = ?').get<{ status: string }>(id)?.status;
  const auditTypes = (id: string) =>
    t.db().prepare('SELECT type FROM audit_events WHERE review_id = ? ORDER BY seq').all<{ type: string }>(id).map((r) => r.type);
  const ephemeralsTo = (user: string) => t.slack.delivered('chat.postEphemeral').filter((c) => c.args['user'] === user);

  /** A posted review on a commit of its own: a Block here is final for its commit, and must not reach another test's thread. */
  async function postedReview(): Promise<{ review: ReviewResponse; ts: string }> {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ headSha: freshSha() }));
    let ts = '';
    await t.slack.waitFor(
      () => (ts = t.db().prepare('SELECT slack_ts FROM reviews WHERE id = ?').get<{ slack_ts: string | null }>(review.id)?.slack_ts ?? '') !== '',
      5000,
      'the review message',
    );
    return { review, ts };
  }

  it('an approver marking a false positive decides, wakes the long-poll, updates the message and replies in the thread', async () => {
    const { review, ts } = await postedReview();
    const poll = api(t.url, t.apiToken, 'GET', `/api/v1/reviews/${review.id}?wait=55`);
    await t.slack.waitFor(() => t.server.deps.waiters.size > 0, 5000, 'the long-poll to wait');
    const res = await click(review.id, 'false_positive', APPROVER);
    expect(res.status).toBe(200);
    const woken = await poll;
    expect(woken.json['status']).toBe('false_positive');
    expect((woken.json['decision'] as Record<string, unknown>)['by']).toBe(APPROVER);

    await t.slack.waitFor((s) => s.messages.get(ts)!.updates > 0, 5000, 'the message update');
    const message = t.slack.messages.get(ts)!;
    expect(JSON.stringify(message.blocks)).toContain(`<@${APPROVER}>`);
    expect(JSON.stringify(message.blocks)).not.toContain('secretgate_approve'); // buttons gone
    await t.slack.waitFor((s) => [...s.messages.values()].some((m) => m.threadTs === ts), 5000, 'the thread reply');
    const reply = [...t.slack.messages.values()].find((m) => m.threadTs === ts)!;
    expect(reply.text).toContain('false positive');
    expect(auditTypes(review.id)).toEqual(['review.created', 'review.decided']);
  });

  it('Approve opens a modal asking for a reason; submitting it approves with that reason', async () => {
    const { review } = await postedReview();
    const res = await click(review.id, 'approve', APPROVER);
    expect(res.status).toBe(200);
    expect(status(review.id)).toBe('pending'); // not yet: the reason is asked first
    await t.slack.waitFor((s) => s.delivered('views.open').some((c) => JSON.stringify(c.args).includes(review.id)), 5000, 'the modal');
    const view = t.slack.delivered('views.open').find((c) => JSON.stringify(c.args).includes(review.id))!.args['view'] as Record<string, unknown>;
    expect(view['private_metadata']).toBe(review.id);

    const empty = await postToSlackRoute(t.url, '/slack/interactions', interactionBody(viewSubmissionPayload({ reviewId: review.id, userId: APPROVER, reason: '  ' })), t.signingSecret);
    expect(((await empty.json()) as Record<string, unknown>)['response_action']).toBe('errors');
    expect(status(review.id)).toBe('pending');

    const submit = await postToSlackRoute(
      t.url,
      '/slack/interactions',
      interactionBody(viewSubmissionPayload({ reviewId: review.id, userId: APPROVER, reason: 'test fixture key, revoked' })),
      t.signingSecret,
    );
    expect(submit.status).toBe(200);
    const r = await api(t.url, t.apiToken, 'GET', `/api/v1/reviews/${review.id}`);
    expect(r.json['status']).toBe('approved');
    expect((r.json['decision'] as Record<string, unknown>)['reason']).toBe('test fixture key, revoked');
  });

  it('tells the approver when the modal cannot open, and decides nothing', async () => {
    const { review } = await postedReview();
    t.slack.fail({ status: 500, count: 1, methods: ['views.open'] });
    expect((await click(review.id, 'approve', APPROVER)).status).toBe(200);
    await t.slack.waitFor(() => ephemeralsTo(APPROVER).some((c) => String(c.args['text']).includes('Could not open the approval dialog')), 5000, 'the ephemeral');
    expect(status(review.id)).toBe('pending');
  });

  it('Block keeps its confirm dialog, then opens a modal asking why; submitting it blocks with that reason', async () => {
    const { review, ts } = await postedReview();
    const buttons = (t.slack.messages.get(ts)!.blocks as { type: string; elements?: Record<string, unknown>[] }[]).find((b) => b.type === 'actions')!.elements!;
    const blockButton = buttons.find((e) => e['action_id'] === 'secretgate_block')!;
    expect(blockButton['style']).toBe('danger');
    expect(blockButton['confirm']).toBeDefined();

    const res = await click(review.id, 'block', APPROVER);
    expect(res.status).toBe(200);
    expect(status(review.id)).toBe('pending'); // not yet: the reason is asked first
    await t.slack.waitFor((s) => s.delivered('views.open').some((c) => JSON.stringify(c.args).includes(review.id)), 5000, 'the modal');
    const view = t.slack.delivered('views.open').find((c) => JSON.stringify(c.args).includes(review.id))!.args['view'] as Record<string, unknown>;
    expect(view).toMatchObject({ callback_id: 'secretgate_block_reason', private_metadata: review.id, submit: { text: 'Block' } });
    expect(auditTypes(review.id)).toEqual(['review.created']);

    const submission = (reason: string, userId = APPROVER) =>
      postToSlackRoute(t.url, '/slack/interactions', interactionBody(viewSubmissionPayload({ reviewId: review.id, userId, reason, button: 'block' })), t.signingSecret);
    const empty = await submission('   ');
    expect(await empty.json()).toEqual({ response_action: 'errors', errors: { reason: 'Say why this push is blocked.' } });
    expect(status(review.id)).toBe('pending');

    const reason = 'live key <!channel>; rotate it & remove it from history';
    expect((await submission(reason)).status).toBe(200);
    const r = await api(t.url, t.apiToken, 'GET', `/api/v1/reviews/${review.id}`);
    expect(r.json['status']).toBe('rejected');
    expect(r.json['decision']).toMatchObject({ by: APPROVER, reason });
    expect(t.db().prepare('SELECT decision_reason FROM reviews WHERE id = ?').get<{ decision_reason: string }>(review.id)!.decision_reason).toBe(reason);
    const decided = t.db().prepare("SELECT actor, data FROM audit_events WHERE review_id = ? AND type = 'review.decided'").get<{ actor: string; data: string }>(review.id)!;
    expect(decided.actor).toBe(APPROVER);
    expect(JSON.parse(decided.data)).toMatchObject({ decision: 'rejected', reason });

    const escaped = 'live key &lt;!channel&gt;; rotate it &amp; remove it from history';
    await t.slack.waitFor((s) => s.messages.get(ts)!.updates > 0, 5000, 'the message update');
    expect(JSON.stringify(t.slack.messages.get(ts)!.blocks)).toContain(`*Blocked* by <@${APPROVER}>: ${escaped}`);
    await t.slack.waitFor(() => [...t.slack.messages.values()].some((m) => m.threadTs === ts), 5000, 'the thread reply');
    expect([...t.slack.messages.values()].find((m) => m.threadTs === ts)!.text).toBe(`Blocked by <@${APPROVER}>: ${escaped}`);
  });

  it('Block is authorized on the click and again on the submission', async () => {
    const { review } = await postedReview();
    const opened = () => t.slack.delivered('views.open').filter((c) => JSON.stringify(c.args).includes(review.id)).length;
    // An intruder's click opens no modal.
    const byIntruder = await clickThrough(t, { reviewId: review.id, button: 'block', userId: INTRUDER });
    expect(byIntruder.modal).toBeNull();
    expect(opened()).toBe(0);
    // A forged submission (no modal was ever opened for them) is refused too.
    const forged = await postToSlackRoute(
      t.url,
      '/slack/interactions',
      interactionBody(viewSubmissionPayload({ reviewId: review.id, userId: INTRUDER, reason: 'trust me', button: 'block' })),
      t.signingSecret,
    );
    const answer = (await forged.json()) as { response_action: string; errors: Record<string, string> };
    expect(answer.response_action).toBe('errors');
    expect(answer.errors['reason']).toContain('not authorized');
    expect(status(review.id)).toBe('pending');
    expect(auditTypes(review.id).filter((x) => x === 'decision.unauthorized')).toHaveLength(2);
  });

  it('a member of an approver user group may decide', async () => {
    const { review } = await postedReview();
    const { click: res, submission } = await clickThrough(t, { reviewId: review.id, button: 'block', userId: GROUP_MEMBER, reason: 'live key' });
    expect(res.status).toBe(200);
    expect(submission?.status).toBe(200);
    expect(status(review.id)).toBe('rejected');
    expect(t.slack.delivered('usergroups.users.list').length).toBeGreaterThan(0);
  });

  it('an intruder changes nothing, gets an ephemeral "not authorized", and is audited', async () => {
    const { review } = await postedReview();
    const before = ephemeralsTo(INTRUDER).length;
    for (const button of ['false_positive', 'block', 'approve'] as const) {
      expect((await click(review.id, button, INTRUDER)).status).toBe(200);
    }
    expect(status(review.id)).toBe('pending');
    await t.slack.waitFor(() => ephemeralsTo(INTRUDER).length >= before + 3, 5000, 'three ephemerals');
    expect(String(ephemeralsTo(INTRUDER).at(-1)!.args['text'])).toContain('not authorized');
    expect(auditTypes(review.id).filter((x) => x === 'decision.unauthorized')).toHaveLength(3);
    expect(t.slack.delivered('views.open').some((c) => JSON.stringify(c.args).includes(review.id))).toBe(false);
    // An intruder's modal submission (forged) is refused too.
    const forged = await postToSlackRoute(t.url, '/slack/interactions', interactionBody(viewSubmissionPayload({ reviewId: review.id, userId: INTRUDER, reason: 'trust me' })), t.signingSecret);
    expect(((await forged.json()) as Record<string, unknown>)['response_action']).toBe('errors');
    expect(status(review.id)).toBe('pending');
  });

  it('a second click after a decision changes nothing and says who decided', async () => {
    const { review } = await postedReview();
    await click(review.id, 'false_positive', APPROVER);
    const res = await click(review.id, 'block', GROUP_MEMBER);
    expect(res.status).toBe(200);
    expect(status(review.id)).toBe('false_positive');
    await t.slack.waitFor(() => ephemeralsTo(GROUP_MEMBER).some((c) => String(c.args['text']).includes(APPROVER)), 5000, 'the ephemeral');
    expect(auditTypes(review.id)).toEqual(['review.created', 'review.decided', 'decision.ignored']);
    const replies = [...t.slack.messages.values()].filter((m) => m.threadTs);
    const decidedEvents = t.db().prepare("SELECT COUNT(*) AS n FROM audit_events WHERE review_id = ? AND type = 'review.decided'").get<{ n: number }>(review.id)!.n;
    expect(decidedEvents).toBe(1);
    expect(replies.length).toBeGreaterThan(0);
  });

  it('simultaneous double clicks record exactly one decision', async () => {
    const { review } = await postedReview();
    const results = await Promise.all([
      click(review.id, 'false_positive', APPROVER),
      // Block decides on its modal's submission.
      postToSlackRoute(t.url, '/slack/interactions', interactionBody(viewSubmissionPayload({ reviewId: review.id, userId: APPROVER, reason: 'live key', button: 'block' })), t.signingSecret),
      click(review.id, 'false_positive', GROUP_MEMBER),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const decided = t.db().prepare("SELECT COUNT(*) AS n FROM audit_events WHERE review_id = ? AND type = 'review.decided'").get<{ n: number }>(review.id)!.n;
    expect(decided).toBe(1);
    const ignored = t.db().prepare("SELECT COUNT(*) AS n FROM audit_events WHERE review_id = ? AND type = 'decision.ignored'").get<{ n: number }>(review.id)!.n;
    expect(ignored).toBe(2);
  });

  it('a click on an expired review changes nothing', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ timeoutSeconds: 1 }));
    await new Promise((r) => setTimeout(r, 1200));
    expect((await click(review.id, 'false_positive', APPROVER)).status).toBe(200);
    expect(status(review.id)).toBe('expired');
    expect(auditTypes(review.id)).toContain('decision.ignored');
    expect(auditTypes(review.id)).not.toContain('review.decided');
  });

  it('a click on an unknown review changes nothing and is audited', async () => {
    const before = t.db().prepare('SELECT COUNT(*) AS n FROM audit_events').get<{ n: number }>()!.n;
    const res = await click('11111111-2222-3333-4444-555555555555', 'false_positive', APPROVER);
    expect(res.status).toBe(200);
    const last = t.db().prepare('SELECT type, data FROM audit_events ORDER BY seq DESC LIMIT 1').get<{ type: string; data: string }>()!;
    expect(t.db().prepare('SELECT COUNT(*) AS n FROM audit_events').get<{ n: number }>()!.n).toBe(before + 1);
    expect(last.type).toBe('decision.ignored');
    expect(last.data).toContain('unknown review');
  });

  describe('requests that fail verification get 401, change nothing, and are audited', () => {
    const rejectedCount = () => t.db().prepare("SELECT COUNT(*) AS n FROM audit_events WHERE type = 'slack.request_rejected'").get<{ n: number }>()!.n;

    it.each([
      ['tampered', (h: Record<string, string>) => h, (b: string) => b.replace('false_positive', 'block')],
      ['stale', () => null, (b: string) => b],
      ['unsigned', (h: Record<string, string>) => ({ 'content-type': h['content-type']! }), (b: string) => b],
      ['missing timestamp', (h: Record<string, string>) => ({ 'content-type': h['content-type']!, 'x-slack-signature': h['x-slack-signature']! }), (b: string) => b],
    ] as const)('%s', async (name, headersFor, bodyFor) => {
      const { review } = await postedReview();
      const body = interactionBody(blockActionPayload({ reviewId: review.id, button: 'false_positive', userId: APPROVER }));
      const stale = name === 'stale';
      const headers =
        headersFor(signedHeaders(t.signingSecret, body, stale ? { timestampSeconds: Math.floor(Date.now() / 1000) - 6 * 60 } : {})) ??
        signedHeaders(t.signingSecret, body, { timestampSeconds: Math.floor(Date.now() / 1000) - 6 * 60 });
      const before = rejectedCount();
      const res = await fetch(`${t.url}/slack/interactions`, { method: 'POST', headers, body: bodyFor(body) });
      expect(res.status).toBe(401);
      expect(status(review.id)).toBe('pending');
      expect(rejectedCount()).toBe(before + 1);
    });

    it('a replayed request (same signature, within the window)', async () => {
      const { review } = await postedReview();
      const body = interactionBody(blockActionPayload({ reviewId: review.id, button: 'approve', userId: APPROVER }));
      const headers = signedHeaders(t.signingSecret, body);
      expect((await fetch(`${t.url}/slack/interactions`, { method: 'POST', headers, body })).status).toBe(200);
      const before = rejectedCount();
      const replay = await fetch(`${t.url}/slack/interactions`, { method: 'POST', headers, body });
      expect(replay.status).toBe(401);
      expect(rejectedCount()).toBe(before + 1);
    });
  });

  it('malformed payloads get 400 and change nothing', async () => {
    const { review } = await postedReview();
    const bodies = [
      'nopayload=1',
      'payload=' + encodeURIComponent('{not json'),
      interactionBody([1, 2, 3]),
      interactionBody({ type: 'block_actions', actions: [{ action_id: 'secretgate_block', value: review.id }] }), // no user
      interactionBody({ type: 'block_actions', user: { id: APPROVER }, actions: [{ action_id: 'secretgate_block' }] }), // no review id
      interactionBody({ type: 'view_submission', user: { id: APPROVER }, view: { callback_id: 'secretgate_approve_reason' } }),
      interactionBody({ type: 'view_submission', user: { id: APPROVER }, view: { callback_id: 'secretgate_block_reason' } }), // no review id
      interactionBody({ ...blockActionPayload({ reviewId: review.id, button: 'block', userId: APPROVER }), trigger_id: undefined }), // no modal without a trigger
    ];
    for (const body of bodies) {
      const res = await postToSlackRoute(t.url, '/slack/interactions', body, t.signingSecret);
      expect(res.status, body).toBe(400);
    }
    expect(status(review.id)).toBe('pending');
  });

  it('a body over the size limit gets 413 before anything else', async () => {
    const body = 'payload=' + 'x'.repeat(300 * 1024);
    const res = await postToSlackRoute(t.url, '/slack/interactions', body, t.signingSecret);
    expect(res.status).toBe(413);
  });
});
