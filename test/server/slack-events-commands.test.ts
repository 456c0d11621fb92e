// /slack/events and /slack/commands on a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVER, createReview, reviewRequest, startTestServer, type TestServer } from '../support/server-harness.js';
import { commandBody, postToSlackRoute } from '../support/slack-signing.js';

describe('/slack/events', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  const postEvent = (event: unknown) =>
    postToSlackRoute(t.url, '/slack/events', JSON.stringify(event), t.signingSecret, { contentType: 'application/json' });
  const lastAudit = () => t.db().prepare('SELECT type, actor, data FROM audit_events ORDER BY seq DESC LIMIT 1').get<{ type: string; actor: string; data: string }>();

  it('answers url_verification with the challenge', async () => {
    const res = await postEvent({ type: 'url_verification', token: 'legacy', challenge: 'c-123' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'c-123' });
  });

  it('refuses an unsigned url_verification', async () => {
    const res = await fetch(`${t.url}/slack/events`, { method: 'POST', body: JSON.stringify({ type: 'url_verification', challenge: 'x' }) });
    expect(res.status).toBe(401);
  });

  it('records app_uninstalled in the audit log', async () => {
    const res = await postEvent({ type: 'event_callback', team_id: 'T0STANDIN', event_id: 'Ev1', event: { type: 'app_uninstalled' } });
    expect(res.status).toBe(200);
    expect(lastAudit()).toMatchObject({ type: 'slack.app_uninstalled', actor: 'slack' });
  });

  it('records tokens_revoked with the IDs, not tokens', async () => {
    const res = await postEvent({
      type: 'event_callback',
      team_id: 'T0STANDIN',
      event_id: 'Ev2',
      event: { type: 'tokens_revoked', tokens: { oauth: ['U0A'], bot: ['B0BOT'] } },
    });
    expect(res.status).toBe(200);
    const a = lastAudit()!;
    expect(a.type).toBe('slack.tokens_revoked');
    expect(JSON.parse(a.data)).toMatchObject({ revokedUserIds: ['U0A'], revokedBotIds: ['B0BOT'], teamId: 'T0STANDIN' });
  });

  it('acknowledges other events and rejects malformed JSON', async () => {
    const before = t.db().prepare('SELECT COUNT(*) AS n FROM audit_events').get<{ n: number }>()!.n;
    expect((await postEvent({ type: 'event_callback', event: { type: 'message' } })).status).toBe(200);
    expect(t.db().prepare('SELECT COUNT(*) AS n FROM audit_events').get<{ n: number }>()!.n).toBe(before);
    const bad = await postToSlackRoute(t.url, '/slack/events', '{oops', t.signingSecret, { contentType: 'application/json' });
    expect(bad.status).toBe(400);
  });
});

describe('/slack/commands', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  // Commands that show reviews answer approvers only (test/server/slack/commands.test.ts).
  const command = async (text: string) => {
    const res = await postToSlackRoute(t.url, '/slack/commands', commandBody({ text, userId: APPROVER }), t.signingSecret);
    expect(res.status).toBe(200);
    return (await res.json()) as { response_type: string; text: string };
  };

  it('/secretgate pending lists the reviews waiting for a decision', async () => {
    expect((await command('pending')).text).toContain('No reviews are waiting');
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ repository: 'acme/payments' }));
    const r = await command('pending');
    expect(r.response_type).toBe('ephemeral');
    expect(r.text).toContain('1 review(s) waiting');
    expect(r.text).toContain('acme/payments');
    expect(r.text).toContain(review.id);
  });

  it('/secretgate help and an unknown subcommand explain the commands', async () => {
    expect((await command('help')).text).toContain('/secretgate pending');
    expect((await command('')).text).toContain('/secretgate pending');
    const unknown = await command('frobnicate');
    expect(unknown.text).toContain("Unknown subcommand 'frobnicate'");
  });

  it('refuses an unsigned command', async () => {
    const res = await fetch(`${t.url}/slack/commands`, { method: 'POST', body: commandBody({ text: 'pending' }) });
    expect(res.status).toBe(401);
  });
});
