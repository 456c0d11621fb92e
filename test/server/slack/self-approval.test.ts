// Nobody lets through commits they authored or pushed. The pusher's GitHub login and each commit
// author's e-mail are mapped to Slack users by the policy file's [identities] (a login or an
// e-mail per line, or a list per Slack user; a GitHub noreply address gives its login) and, for
// e-mails the file does not name, by Slack's users.lookupByEmail. An approver who is an author is
// refused (ephemeral, audited, nothing changes); another approver decides. The review message
// says who the guard cannot place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toFindingPayload } from '../../../action/review-request.js';
import type { Finding } from '../../../action/engine/types.js';
import type { FindingPayload } from '../../../shared/contract.js';
import { parsePolicy, PolicyError } from '../../../server/config/policy-file.js';
import { EMAIL_SCOPE, MANIFEST_SCOPES, SlackStandIn } from '../../support/slack-standin.js';
import { APPROVER, createReview, GROUP_MEMBER, reviewRequest, startTestServer, TEST_BOT_TOKEN, TEST_GROUP, type TestServer } from '../../support/server-harness.js';
import { auditTypes, decide, policyFile, posted, statusOf } from './helpers.js';

/** An approver (member of TEST_GROUP) whom only Slack knows by her e-mail. */
const MONA = 'U0MONA';
const POLICY = `
[identities]
"octo@acme.example" = "${APPROVER}"
${APPROVER} = ["octo-gh"]
`;

const finding = (authorEmail: string | undefined, author = 'Some One', n = Math.random()): FindingPayload => ({
  ruleId: 'github-pat',
  description: 'GitHub personal access token',
  severity: 'high',
  file: 'config/settings.yml',
  line: 12,
  commit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  author,
  ...(authorEmail ? { authorEmail } : {}),
  redacted: 'ghp_Ab…(40)',
  fingerprint: `sha256:${n.toString(16).slice(2).padEnd(40, '0')}`,
});

/** Refusals of `user` on `reviewId` in the audit log, by reason. */
function refusals(t: TestServer, reviewId: string, type = 'decision.unauthorized'): string[] {
  return t
    .db()
    .prepare('SELECT actor, data FROM audit_events WHERE review_id = ? AND type = ? ORDER BY seq')
    .all<{ actor: string; data: string }>(reviewId, type)
    .map((r) => `${r.actor}: ${(JSON.parse(r.data) as { reason: string }).reason}`);
}

async function ephemeralTo(t: TestServer, user: string, text: string): Promise<void> {
  await t.slack.waitFor((s) => s.delivered('chat.postEphemeral').some((c) => c.args['user'] === user && String(c.args['text']).includes(text)), 5000, `the ephemeral to ${user}`);
}

function fieldsOf(t: TestServer, reviewId: string): string {
  const post = t.slack.delivered('chat.postMessage').find((c) => JSON.stringify(c.args).includes(`reviews/${reviewId}`) && !c.args['thread_ts'])!;
  return JSON.stringify((post.args['blocks'] as { fields?: unknown }[]).find((b) => b.fields)!.fields);
}

describe('[identities] in the policy file', () => {
  it('maps logins and e-mails, one per line or as a list per Slack user', () => {
    const p = parsePolicy(POLICY, { channel: 'C0DEFAULT', approvers: { users: [APPROVER], groups: [] } });
    expect(p.emails.get('octo@acme.example')).toBe(APPROVER);
    expect(p.githubUsers.get('octo-gh')).toBe(APPROVER);
  });

  it.each([
    ['[identities]\n"not an identity" = "U0X"', "[identities] has 'not an identity', which is neither a GitHub login nor an e-mail address"],
    ['[identities]\nocto = "alice"', "[identities] octo must be a Slack user ID (U…), got 'alice'"],
    ['[identities]\nocto = ["a@b.example"]', "[identities] 'octo' must be a Slack user ID (U…) when its value is a list"],
  ])('refuses %j', (text, message) => {
    expect(() => parsePolicy(text, { channel: 'C0DEFAULT', approvers: { users: [APPROVER], groups: [] } })).toThrow(new PolicyError(message));
  });

  it('the Action sends each finding’s author e-mail', () => {
    const f = { ruleId: 'x', description: 'd', severity: 'high', file: 'a', line: 1, column: 1, endColumn: 2, author: 'A', email: 'a@acme.example', redacted: 'r', fingerprint: 'f', entropy: 1, gitleaksFingerprint: 'g' } as Finding;
    expect(toFindingPayload(f)).toMatchObject({ author: 'A', authorEmail: 'a@acme.example' });
  });
});

describe('the self-approval guard, with e-mail lookups in Slack', () => {
  let slack: SlackStandIn;
  let t: TestServer;
  beforeAll(async () => {
    slack = await SlackStandIn.start({
      token: TEST_BOT_TOKEN,
      userGroups: { [TEST_GROUP]: [GROUP_MEMBER, MONA] },
      scopes: [...MANIFEST_SCOPES, 'users:read', EMAIL_SCOPE],
      users: { 'mona@acme.example': MONA },
    });
    t = await startTestServer({ slack, env: { SECRETGATE_POLICY: policyFile(POLICY) } });
  });
  afterAll(async () => {
    await t.close();
    await slack.close();
  });

  it('refuses an approver who is the mapped author of a commit; another approver decides', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ actor: 'someone-else', findings: [finding(undefined), finding('OCTO@acme.example', 'Octo Cat')] }));
    await posted(t, review.id);
    const opened = t.slack.delivered('views.open').length;
    expect((await decide(t, review.id, 'approve', APPROVER)).status).toBe(200);
    expect((await decide(t, review.id, 'false_positive', APPROVER)).status).toBe(200);
    await ephemeralTo(t, APPROVER, 'You authored commits under review');
    expect(t.slack.delivered('views.open')).toHaveLength(opened); // no approval modal for the author
    expect(statusOf(t, review.id)).toBe('pending');
    expect(refusals(t, review.id)).toEqual([`${APPROVER}: self-approval: author`, `${APPROVER}: self-approval: author`]);
    expect((await decide(t, review.id, 'approve', GROUP_MEMBER)).status).toBe(200);
    expect(statusOf(t, review.id)).toBe('approved');
    expect(auditTypes(t, review.id)).toContain('review.decided');
  });

  it('refuses an approver whose Slack e-mail is a commit author’s; another approver decides', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ actor: 'someone-else', findings: [finding('mona@acme.example', 'Mona Lisa')] }));
    await posted(t, review.id);
    expect((await decide(t, review.id, 'false_positive', MONA)).status).toBe(200);
    await ephemeralTo(t, MONA, 'You authored commits under review');
    expect(statusOf(t, review.id)).toBe('pending');
    expect(refusals(t, review.id)).toEqual([`${MONA}: self-approval: author`]);
    expect(t.slack.delivered('users.lookupByEmail').some((c) => c.args['email'] === 'mona@acme.example')).toBe(true);
    expect((await decide(t, review.id, 'false_positive', APPROVER)).status).toBe(200);
    expect(statusOf(t, review.id)).toBe('false_positive');
  });

  it('knows the login in a GitHub noreply address, and the pusher by a list entry', async () => {
    const byNoreply = (await createReview(t.url, t.apiToken, reviewRequest({ actor: 'someone-else', findings: [finding('12345+Octo-GH@users.noreply.github.com')] }))).review;
    const byPush = (await createReview(t.url, t.apiToken, reviewRequest({ actor: 'octo-gh', findings: [finding(undefined)] }))).review;
    await posted(t, byNoreply.id);
    await posted(t, byPush.id);
    await decide(t, byNoreply.id, 'false_positive', APPROVER);
    await decide(t, byPush.id, 'false_positive', APPROVER);
    expect(refusals(t, byNoreply.id)).toEqual([`${APPROVER}: self-approval: author`]);
    expect(refusals(t, byPush.id)).toEqual([`${APPROVER}: self-approval`]);
    expect([statusOf(t, byNoreply.id), statusOf(t, byPush.id)]).toEqual(['pending', 'pending']);
  });

  it('says on the message which pusher and authors it cannot place in Slack', async () => {
    const { review } = await createReview(
      t.url,
      t.apiToken,
      reviewRequest({ actor: 'stranger-gh', findings: [finding('stranger@elsewhere.example', 'Stranger'), finding('mona@acme.example', 'Mona Lisa')] }),
    );
    await posted(t, review.id);
    const fields = fieldsOf(t, review.id);
    expect(fields).toContain('Stranger _(author not mapped to a Slack user)_');
    expect(fields).toContain('stranger-gh> _(pusher not mapped to a Slack user)_');
    expect(fields).toMatch(/Mona Lisa(,|")/); // Slack knows her: nothing said
    expect(t.slack.calls.some((c) => c.method === 'users.lookupByEmail' && !c.ok)).toBe(true); // users_not_found
  });

  it('changes nothing when Slack cannot say who an author is, and says so', async () => {
    let reviewId = '';
    t.slack.fail({ status: 500, methods: ['users.lookupByEmail'] });
    try {
      const { review } = await createReview(t.url, t.apiToken, reviewRequest({ actor: 'someone-else', findings: [finding('new-person@acme.example', 'New Person')] }));
      reviewId = review.id;
      await posted(t, review.id);
      expect(fieldsOf(t, review.id)).toContain('New Person _(author not checked in Slack)_');
      expect((await decide(t, reviewId, 'false_positive', GROUP_MEMBER)).status).toBe(200);
      await ephemeralTo(t, GROUP_MEMBER, 'could not check in time whether you authored');
      expect(statusOf(t, reviewId)).toBe('pending');
      expect(refusals(t, reviewId, 'decision.ignored')).toEqual([`${GROUP_MEMBER}: author check failed`]);
    } finally {
      t.slack.clearFaults();
    }
    expect((await decide(t, reviewId, 'false_positive', GROUP_MEMBER)).status).toBe(200);
    expect(statusOf(t, reviewId)).toBe('false_positive');
  });
});

describe('the self-approval guard, without users:read.email', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: { SECRETGATE_POLICY: policyFile(POLICY) } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('goes by the policy file alone, says who it cannot place, and tells the operator once', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ actor: 'someone-else', findings: [finding('mona@acme.example', 'Mona Lisa'), finding('octo@acme.example', 'Octo Cat')] }));
    await posted(t, review.id);
    expect(fieldsOf(t, review.id)).toContain('Mona Lisa _(author not mapped to a Slack user)_');
    const lookups = t.slack.calls.filter((c) => c.method === 'users.lookupByEmail');
    expect(lookups.map((c) => c.ok)).toEqual([false]); // missing_scope
    expect(t.logs.filter((l) => l.includes('users:read.email'))).toHaveLength(1);
    await decide(t, review.id, 'false_positive', APPROVER); // the mapped author: refused
    expect(refusals(t, review.id)).toEqual([`${APPROVER}: self-approval: author`]);
    expect((await decide(t, review.id, 'false_positive', GROUP_MEMBER)).status).toBe(200);
    expect(statusOf(t, review.id)).toBe('false_positive');
    expect(t.slack.calls.filter((c) => c.method === 'users.lookupByEmail')).toHaveLength(1); // not asked again
  });
});
