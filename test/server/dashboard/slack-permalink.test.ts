// The review page's link to its Slack message, on the real server with the Slack stand-in:
// without SECRETGATE_SLACK_WORKSPACE_URL the server learns the workspace from auth.test (on the
// first page that needs it, once), and while Slack cannot answer it links to the channel.
import { afterEach, describe, expect, it } from 'vitest';
import { createReview, reviewRequest, startTestServer, TEST_CHANNEL, type TestServer } from '../../support/server-harness.js';
import { SlackStandIn } from '../../support/slack-standin.js';

const DASHBOARD_TOKEN = 'dash-permalink-token-3e8a1f27c90b';
/** What the stand-in's auth.test answers as the workspace URL. */
const STANDIN_WORKSPACE = 'https://standin.slack.test/';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function signIn(server: TestServer): Promise<string> {
  const form = await fetch(`${server.url}/sign-in`);
  const nonceCookie = /secretgate_sign_in=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1]!;
  const nonce = /name="nonce" value="([^"]+)"/.exec(await form.text())![1]!;
  const res = await fetch(`${server.url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: server.url, cookie: `secretgate_sign_in=${nonceCookie}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ nonce, token: DASHBOARD_TOKEN, next: '/reviews' }).toString(),
  });
  expect(res.status).toBe(303);
  return /secretgate_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
}

/** A review posted to Slack; returns its ID and the ts of its message, once the server has stored it. */
async function postedReview(server: TestServer): Promise<{ id: string; ts: string }> {
  const { review } = await createReview(server.url, server.apiToken, reviewRequest());
  const stored = () =>
    server.db().prepare('SELECT slack_ts FROM reviews WHERE id = ?').get<{ slack_ts: string | null }>(review.id)?.slack_ts ?? null;
  await server.slack.waitFor(() => stored() !== null, 10_000, 'the review message');
  const ts = stored()!;
  // The ts of the message the stand-in holds, so the link below names the real message.
  expect(server.slack.messages.get(ts)?.channel).toBe(TEST_CHANNEL);
  return { id: review.id, ts };
}

async function slackLinkOf(server: TestServer, cookie: string, id: string): Promise<string> {
  const res = await fetch(`${server.url}/reviews/${id}`, { headers: { cookie: `secretgate_session=${cookie}` } });
  expect(res.status).toBe(200);
  const html = await res.text();
  const href = /id="slack-link"[^>]*>[\s\S]*?href="([^"]+)"/.exec(html)?.[1];
  if (!href) throw new Error(`no Slack link on the review page:\n${html.slice(0, 2000)}`);
  return href.replace(/&amp;/g, '&');
}

const authTests = (server: TestServer) => server.slack.calls.filter((c) => c.method === 'auth.test');

describe('Slack permalink on the review page', () => {
  it('learns the workspace from auth.test on first use, once, and links the message itself', async () => {
    t = await startTestServer({ env: { SECRETGATE_DASHBOARD_TOKEN: DASHBOARD_TOKEN } });
    // Nothing asks Slack at startup.
    expect(authTests(t)).toHaveLength(0);
    const cookie = await signIn(t);
    const first = await postedReview(t);
    const second = await postedReview(t);
    expect(await slackLinkOf(t, cookie, first.id)).toBe(`${STANDIN_WORKSPACE}archives/${TEST_CHANNEL}/p${first.ts.replace('.', '')}`);
    expect(await slackLinkOf(t, cookie, second.id)).toBe(`${STANDIN_WORKSPACE}archives/${TEST_CHANNEL}/p${second.ts.replace('.', '')}`);
    expect(first.ts).toMatch(/^\d+\.\d+$/);
    // Asked once, with the bot token, and remembered.
    expect(authTests(t)).toHaveLength(1);
    expect(authTests(t)[0]!.authorized).toBe(true);
  });

  it('prefers SECRETGATE_SLACK_WORKSPACE_URL and never asks Slack then', async () => {
    t = await startTestServer({ env: { SECRETGATE_DASHBOARD_TOKEN: DASHBOARD_TOKEN, SECRETGATE_SLACK_WORKSPACE_URL: 'https://acme.slack.com' } });
    const cookie = await signIn(t);
    const r = await postedReview(t);
    expect(await slackLinkOf(t, cookie, r.id)).toBe(`https://acme.slack.com/archives/${TEST_CHANNEL}/p${r.ts.replace('.', '')}`);
    expect(authTests(t)).toHaveLength(0);
  });

  it('links to the channel while auth.test fails, and learns the workspace once Slack answers again', async () => {
    const clock = { now: Date.now() };
    const slack = await SlackStandIn.start({ token: 'xoxb-1111-2222-standintokenvalue' });
    try {
      t = await startTestServer({ slack, env: { SECRETGATE_DASHBOARD_TOKEN: DASHBOARD_TOKEN }, overrides: { now: () => clock.now } });
      const cookie = await signIn(t);
      const r = await postedReview(t);
      slack.fail({ status: 500, methods: ['auth.test'] });
      const redirect = `https://slack.com/app_redirect?channel=${TEST_CHANNEL}`;
      expect(await slackLinkOf(t, cookie, r.id)).toBe(redirect);
      expect(authTests(t)).toHaveLength(1);
      // A failure is not asked again on every page: the next minute links to the channel at once.
      expect(await slackLinkOf(t, cookie, r.id)).toBe(redirect);
      expect(authTests(t)).toHaveLength(1);
      expect(t.logs.some((l) => l.includes('slack workspace URL unknown'))).toBe(true);

      slack.clearFaults();
      clock.now += 61_000;
      expect(await slackLinkOf(t, cookie, r.id)).toBe(`${STANDIN_WORKSPACE}archives/${TEST_CHANNEL}/p${r.ts.replace('.', '')}`);
      expect(authTests(t)).toHaveLength(2);
    } finally {
      await t?.close();
      t = undefined;
      await slack.close();
    }
  });

  it('starts and serves the page, linking to the channel, when Slack cannot be reached at all', async () => {
    // SLACK_API_URL on a port nothing listens on: the server starts all the same.
    t = await startTestServer({ env: { SECRETGATE_DASHBOARD_TOKEN: DASHBOARD_TOKEN, SLACK_API_URL: 'http://127.0.0.1:9/api/' } });
    const cookie = await signIn(t);
    const { review } = await createReview(t.url, t.apiToken, reviewRequest());
    // Posted before Slack went away, say.
    t.db().prepare('UPDATE reviews SET slack_channel = ?, slack_ts = ? WHERE id = ?').run(TEST_CHANNEL, '1700000000.000100', review.id);
    expect(await slackLinkOf(t, cookie, review.id)).toBe(`https://slack.com/app_redirect?channel=${TEST_CHANNEL}`);
  });
});
