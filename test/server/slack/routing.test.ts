// Routing and people: the policy file sends reviews to a channel by repository and severity,
// mentions the route's people, lets only the route's approvers decide, and refuses to let a
// pusher approve their own push. Without a file, SLACK_CHANNEL and SECRETGATE_APPROVERS apply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config/index.js';
import { parsePolicy, PolicyError } from '../../../server/config/policy-file.js';
import { routeFor } from '../../../server/config/routing.js';
import { APPROVER, createReview, GROUP_MEMBER, reviewRequest, startTestServer, testEnv, TEST_GROUP, type TestServer } from '../../support/server-harness.js';
import { auditTypes, click, decide, policyFile, posted, reviewPost, statusOf, threadPost } from './helpers.js';

const fallback = { channel: 'C0DEFAULT', approvers: { users: ['U0DEFAULT'], groups: [] } };
const PUSHER = 'U0PUSHER';

const POLICY = `
[defaults]
mentions = ["<@U0TRIAGE>"]

[[routes]]
repositories = ["acme/prod-*", "acme/payments"]
severities = ["critical", "high"]
channel = "C0CRITICAL"
mentions = ["${TEST_GROUP}", "<@U0ONCALL>"]
approvers = ["${TEST_GROUP}"]

[[routes]]
repositories = ["acme/docs"]
channel = "C0DOCS"

[github_users]
octocat = "${PUSHER}"
`;

function policyProblem(text: string): string {
  try {
    parsePolicy(text, fallback);
  } catch (err) {
    if (err instanceof PolicyError) return err.message;
    throw err;
  }
  return 'accepted';
}

describe('the policy file', () => {
  it('routes by repository glob and severity, first match wins, defaults otherwise', () => {
    const p = parsePolicy(POLICY, fallback);
    expect(routeFor(p, 'acme/prod-api', 'critical')).toMatchObject({ channel: 'C0CRITICAL', mentions: [`<!subteam^${TEST_GROUP}>`, '<@U0ONCALL>'], approvers: { users: [], groups: [TEST_GROUP] }, route: 0 });
    expect(routeFor(p, 'ACME/Payments', 'high').channel).toBe('C0CRITICAL'); // GitHub names ignore case
    expect(routeFor(p, 'acme/prod-api', 'medium')).toMatchObject({ channel: 'C0DEFAULT', mentions: ['<@U0TRIAGE>'], route: null });
    expect(routeFor(p, 'acme/docs', 'low')).toMatchObject({ channel: 'C0DOCS', approvers: fallback.approvers, route: 1 });
    expect(routeFor(p, 'acme/prod-api/extra', 'critical').route).toBeNull();
    expect(p.githubUsers.get('octocat')).toBe(PUSHER);
  });

  it.each([
    ['[[routes]]\nrepositories = ["acme/x"]\nchannel = "#alerts"', "routes[0].channel is malformed: expected a channel ID such as C0123ABCD, got '#alerts'"],
    ['[[routes]]\nrepositories = ["acme"]\nchannel = "C0X1"', "routes[0].repositories has 'acme', expected owner/name globs such as acme/prod-*"],
    ['[[routes]]\nrepositories = []\nchannel = "C0X1"', 'routes[0].repositories is empty: the route would match nothing'],
    ['[[routes]]\nrepositories = ["a/b"]\nseverities = ["urgent"]\nchannel = "C0X1"', "routes[0].severities has 'urgent': expected critical, high, medium or low"],
    ['[[routes]]\nrepositories = ["a/b"]', 'routes[0] sets none of channel, mentions, approvers: it would change nothing'],
    ['[[routes]]\nrepositories = ["a/b"]\napprovers = ["alice"]', "routes[0].approvers has 'alice', which is neither a user ID (U…) nor a user-group ID (S…)"],
    ['[[routes]]\nrepositories = ["a/b"]\napprovers = []', 'routes[0].approvers is empty: nobody could decide'],
    ['[[routes]]\nrepositories = ["a/b"]\nmentions = ["@security"]', "routes[0].mentions has '@security': expected U…, S…, <@U…>, <!subteam^S…>, <!here> or <!channel>"],
    ['[[routes]]\nrepositories = ["a/b"]\nchanel = "C0X1"', "routes[0] has an unknown key 'chanel' (known: repositories, severities, channel, mentions, approvers)"],
    ['[github_users]\noctocat = "alice"', "[github_users] octocat must be a Slack user ID (U…), got 'alice'"],
    ['routes = "x"', 'routes must be an array of tables ([[routes]])'],
    ['[defaults\nchannel = 1', /^is not valid TOML: /],
  ])('refuses %j with an exact message', (text, message) => {
    if (typeof message === 'string') expect(policyProblem(text)).toBe(message);
    else expect(policyProblem(text)).toMatch(message);
  });

  it('needs a default channel and approvers from [defaults] or the environment', () => {
    expect(() => parsePolicy('', {})).toThrow('has no default channel: set [defaults] channel or SLACK_CHANNEL');
    expect(() => parsePolicy('', { channel: 'C0X1' })).toThrow('has no default approvers: set [defaults] approvers or SECRETGATE_APPROVERS');
    expect(parsePolicy('[defaults]\nchannel = "C0FILE"\napprovers = ["U0FILE"]', {}).defaults).toMatchObject({ channel: 'C0FILE', approvers: { users: ['U0FILE'] } });
  });

  it('is named SECRETGATE_POLICY by the configuration, with the file and the problem', () => {
    const env = (extra: Record<string, string>) => testEnv('http://127.0.0.1:9/api/', '/tmp/never.db', extra);
    const problem = (e: Record<string, string | undefined>) => {
      try {
        loadConfig(e);
        return 'accepted';
      } catch (err) {
        if (err instanceof ConfigError) return `${err.variable}: ${err.message}`;
        throw err;
      }
    };
    const bad = policyFile('[[routes]]\nrepositories = ["a/b"]\nchannel = "general"');
    expect(problem(env({ SECRETGATE_POLICY: bad }))).toBe(
      `SECRETGATE_POLICY: SECRETGATE_POLICY (${bad}) routes[0].channel is malformed: expected a channel ID such as C0123ABCD, got 'general'`,
    );
    expect(problem(env({ SECRETGATE_POLICY: '/nonexistent/policy.toml' }))).toBe('SECRETGATE_POLICY: SECRETGATE_POLICY (/nonexistent/policy.toml) cannot be read: ENOENT');
    // With a file whose [defaults] names them, SLACK_CHANNEL and SECRETGATE_APPROVERS may go.
    const full = policyFile('[defaults]\nchannel = "C0FILE"\napprovers = ["U0FILE"]');
    const { SLACK_CHANNEL: _c, SECRETGATE_APPROVERS: _a, ...rest } = env({ SECRETGATE_POLICY: full });
    expect(loadConfig(rest).slack.channel).toBe('C0FILE');
    expect(problem(env({ SLACK_CHANNEL: '' }))).toBe('SLACK_CHANNEL: SLACK_CHANNEL is not set: the ID of the channel review messages go to (C…)');
    expect(problem(env({ SECRETGATE_DIGEST_CRON: '61 * * * *' }))).toMatch(/^SECRETGATE_DIGEST_CRON: SECRETGATE_DIGEST_CRON is not a cron expression such as '0 9 \* \* 1-5': /);
    expect(problem(env({ SECRETGATE_DIGEST_CRON: '0 9 * * *', SECRETGATE_DIGEST_TZ: 'Mars/Olympus' }))).toBe(
      "SECRETGATE_DIGEST_TZ: SECRETGATE_DIGEST_TZ is not a time zone: expected an IANA name such as Europe/Berlin, got 'Mars/Olympus'",
    );
  });
});

describe('routing on a real server', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: { SECRETGATE_POLICY: policyFile(POLICY), SECRETGATE_APPROVERS: `${APPROVER},${PUSHER}` } });
  });
  afterAll(async () => {
    await t.close();
  });

  const postOf = (reviewId: string) => reviewPost(t.slack, reviewId)!;

  it('posts a critical finding in a production repository to the critical channel, mentioning the security group', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ repository: 'acme/prod-api' }));
    await posted(t, review.id);
    const post = postOf(review.id);
    expect(post.args['channel']).toBe('C0CRITICAL');
    expect(String(post.args['text'])).toContain(`<!subteam^${TEST_GROUP}> <@U0ONCALL>`);
    expect(JSON.stringify(post.args['blocks'])).toContain(`<!subteam^${TEST_GROUP}> <@U0ONCALL> please review.`);
  });

  it('posts other repositories to the default channel with the default mentions', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ repository: 'acme/website' }));
    await posted(t, review.id);
    const post = postOf(review.id);
    expect(post.args['channel']).toBe('C0REVIEWS');
    expect(String(post.args['text'])).toContain('<@U0TRIAGE>');
    expect(String(post.args['text'])).not.toContain('subteam');
  });

  it('lets only the route’s approvers decide: a default approver is refused on a production review, a group member decides', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ repository: 'acme/payments' }));
    const ts = await posted(t, review.id);
    expect((await click(t, review.id, 'false_positive', APPROVER, 'C0CRITICAL')).status).toBe(200);
    expect(statusOf(t, review.id)).toBe('pending');
    expect(auditTypes(t, review.id)).toContain('decision.unauthorized');
    await threadPost(t.slack, ts, `<@${APPROVER}> clicked *False positive* but is not an approver`, 'the unauthorized attempt in the thread');
    expect((await click(t, review.id, 'false_positive', GROUP_MEMBER, 'C0CRITICAL')).status).toBe(200);
    expect(statusOf(t, review.id)).toBe('false_positive');
  });

  it('does not let the pusher approve or mark a false positive, but lets them block', async () => {
    // octocat (the pusher) is U0PUSHER in Slack, and an approver of the default route.
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ repository: 'acme/website', actor: 'OctoCat' }));
    const ts = await posted(t, review.id);
    expect((await click(t, review.id, 'approve', PUSHER)).status).toBe(200);
    expect((await click(t, review.id, 'false_positive', PUSHER)).status).toBe(200);
    expect(statusOf(t, review.id)).toBe('pending');
    const refusals = t.db().prepare("SELECT data FROM audit_events WHERE review_id = ? AND type = 'decision.unauthorized'").all<{ data: string }>(review.id);
    expect(refusals.map((r) => (JSON.parse(r.data) as { reason: string }).reason)).toEqual(['self-approval', 'self-approval']);
    // Both refusals must have arrived: clickThrough takes a refusal that lands after its click
    // for the answer to the Block click, and would then never submit the modal.
    await t.slack.waitFor((s) => s.delivered('chat.postEphemeral').filter((c) => c.args['user'] === PUSHER && String(c.args['text']).includes('another approver')).length === 2, 5000, 'both ephemerals to the pusher');
    await threadPost(t.slack, ts, `<@${PUSHER}> pushed these commits and tried to let them through`, 'the self-approval note in the thread');
    expect(t.slack.delivered('views.open')).toHaveLength(0); // no approval modal for the pusher
    expect((await decide(t, review.id, 'block', PUSHER, 'my own mistake, rotating it')).status).toBe(200);
    expect(statusOf(t, review.id)).toBe('rejected');
  });
});
