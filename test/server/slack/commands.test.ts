// /secretgate pending | status | audit | digest | help: signed like interactions, answered
// ephemerally; everything but help answers approvers only, and a refusal reveals nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackLimitViolations } from '../../../server/slack/limits.js';
import { appendAudit } from '../../../server/store/audit.js';
import { APPROVER, createReview, freshSha, GROUP_MEMBER, INTRUDER, reviewRequest, startTestServer, type TestServer } from '../../support/server-harness.js';
import { commandBody, postToSlackRoute } from '../../support/slack-signing.js';
import { command, decide, posted } from './helpers.js';

/** A posted review in acme/ledger; its ID. */
async function openReview(t: TestServer, headSha?: string): Promise<string> {
  const id = (await createReview(t.url, t.apiToken, reviewRequest({ repository: 'acme/ledger', ...(headSha ? { headSha } : {}) }))).review.id;
  await posted(t, id);
  return id;
}

describe('/secretgate', () => {
  let t: TestServer;
  /** Pending throughout: no test decides it. */
  let reviewId: string;
  beforeAll(async () => {
    t = await startTestServer();
    reviewId = await openReview(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const refusals = () => t.db().prepare("SELECT actor, data FROM audit_events WHERE type = 'slack.command_refused' ORDER BY seq").all<{ actor: string; data: string }>();

  it('answers help to anyone, ephemerally', async () => {
    const r = await command(t, 'help', INTRUDER);
    expect(r.response_type).toBe('ephemeral');
    for (const sub of ['pending', 'status &lt;review&gt;', 'audit &lt;review&gt;', 'digest', 'help']) expect(r.text).toContain(`/secretgate ${sub}`);
  });

  it.each(['pending', 'digest', 'status', 'audit'])('refuses %s to someone who is not an approver, without details, and audits it', async (sub) => {
    const before = refusals().length;
    const r = await command(t, sub === 'status' || sub === 'audit' ? `${sub} ${reviewId}` : sub, INTRUDER);
    expect(r.response_type).toBe('ephemeral');
    expect(r.text).toContain('Only secretgate approvers');
    expect(JSON.stringify(r)).not.toContain('acme/ledger');
    expect(refusals().length).toBe(before + 1);
    expect(refusals().at(-1)).toMatchObject({ actor: INTRUDER });
  });

  it.each(['status', 'audit'])('gives a non-approver the same %s reply whether or not the review exists', async (sub) => {
    const known = await command(t, `${sub} ${reviewId}`, INTRUDER);
    // An unknown full ID, an unknown prefix and a prefix of the known review: nothing tells them apart.
    for (const typed of ['00000000-0000-4000-8000-000000000000', 'deadbeef', reviewId.slice(0, 8)]) {
      expect(await command(t, `${sub} ${typed}`, INTRUDER)).toEqual(known);
    }
  });

  it('lists pending reviews to an approver and to a member of an approver group', async () => {
    for (const user of [APPROVER, GROUP_MEMBER]) {
      const r = await command(t, 'pending', user);
      expect(r.text).toContain('acme/ledger');
      expect(r.text).toContain(reviewId);
    }
  });

  it('shows a review’s status by ID, by prefix and by link', async () => {
    for (const ref of [reviewId, reviewId.slice(0, 8), `<https://secretgate.example.test/reviews/${reviewId}>`]) {
      const r = await command(t, `status ${ref}`, APPROVER);
      expect(r.text).toContain(`Review ${reviewId}`);
      expect(r.text).toContain('acme/ledger');
      expect(r.text).toContain('config/settings.yml:12');
      expect(r.text).toContain('waiting for a decision');
    }
    expect((await command(t, 'status 00000000-0000-0000-0000-000000000000', APPROVER)).text).toContain('No review');
    expect((await command(t, 'status', APPROVER)).text).toContain('Usage: `/secretgate status &lt;review ID or link&gt;`');
  });

  it('shows a review’s audit trail, decision included', async () => {
    // A review of its own to block: the shared one stays pending for the other tests.
    const blocked = await openReview(t, freshSha());
    await decide(t, blocked, 'block', APPROVER, 'live key');
    const r = await command(t, `audit ${blocked}`, APPROVER);
    expect(r.text).toContain(`Audit trail of review ${blocked}`);
    expect(r.text).toMatch(/`review\.created`[\s\S]*`review\.decided` <@U0APPROVER> \(rejected: live key\)/);
    const status = await command(t, `status ${blocked}`, APPROVER);
    expect(status.text).toMatch(new RegExp(`Blocked by <@${APPROVER}> <!date\\^\\d+\\^\\{date_short_pretty\\} at \\{time\\}\\|[^>]+ UTC>: live key`));
  });

  it('mentions in an audit trail only actors every other reader takes for a Slack user ID', async () => {
    // `U1` is no user ID to SECRETGATE_APPROVERS, the policy file or the review message
    // (test/server/config/slack-ids.test.ts); the audit trail once made it a mention all the same.
    const id = await openReview(t, freshSha());
    for (const actor of ['U1', 'W0GRID']) appendAudit(t.db(), { type: 'review.reminded', reviewId: id, actor }, Date.now());
    const r = await command(t, `audit ${id}`, APPROVER);
    expect(r.text).toContain('`review.reminded` <@W0GRID>');
    expect(r.text).toContain('`review.reminded` U1');
    expect(r.text).not.toContain('<@U1>');
  });

  it('gives an approver the digest of the last 24 hours', async () => {
    // The digest counts the whole server: a server of its own, with one review blocked.
    const own = await startTestServer();
    try {
      await decide(own, await openReview(own), 'block', APPROVER, 'live key');
      const r = await command(own, 'digest', APPROVER);
      expect(r.response_type).toBe('ephemeral');
      const blocks = JSON.stringify(r.blocks);
      expect(blocks).toContain('secretgate digest');
      expect(blocks).toContain('*Blocked*\\n1');
      expect(slackLimitViolations({ blocks: r.blocks ?? [] })).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('keeps every reply within Slack limits', async () => {
    for (const text of ['help', 'pending', `status ${reviewId}`, `audit ${reviewId}`, 'frobnicate']) {
      const r = await command(t, text, APPROVER);
      expect(slackLimitViolations({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: r.text } }] })).toEqual([]);
    }
  });

  it('refuses an unsigned or stale command', async () => {
    const body = commandBody({ text: 'pending', userId: APPROVER });
    expect((await fetch(`${t.url}/slack/commands`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(401);
    const stale = await postToSlackRoute(t.url, '/slack/commands', body, t.signingSecret, { timestampSeconds: Math.floor(Date.now() / 1000) - 600 });
    expect(stale.status).toBe(401);
  });
});
