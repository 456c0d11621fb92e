// The `secretgate` commit status: the real server on a loopback port with a real SQLite file,
// Slack and GitHub stand-ins. Each test waits for an outcome (never for a time) and would fail
// if the server set no status at all.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { auditEventsOfReview, verifyAuditChain } from '../../server/store/audit.js';
import { undeliveredStatusCount } from '../../server/store/status-outbox.js';
import { GitHubStandIn, writeAppKey, type AppKey } from '../support/github-standin.js';
import {
  api,
  APPROVER,
  createReview,
  reviewRequest,
  startTestServer,
  tempDir,
  TEST_BOT_TOKEN,
  type TestServer,
} from '../support/server-harness.js';
import { SlackStandIn } from '../support/slack-standin.js';
import { interactionBody, postToSlackRoute, viewSubmissionPayload } from '../support/slack-signing.js';
import { clickThrough } from '../support/slack-clicks.js';

const APP_ID = '4242';
const HEAD = 'c0ffee0000000000000000000000000000000001';
const OTHER = 'c0ffee0000000000000000000000000000000002';
const STATUS_CONTEXT = 'secretgate';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

let dir: string;
let key: AppKey;
beforeEach(() => {
  dir = tempDir('secretgate-github-');
  key = writeAppKey(dir);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
});

async function github(installations: Record<string, number> = { 'acme/api': 77 }, token?: string): Promise<GitHubStandIn> {
  const gh = await GitHubStandIn.start({ appId: APP_ID, publicKey: key.publicKey, installations, ...(token ? { token } : {}) });
  cleanups.push(() => gh.close());
  return gh;
}

async function server(gh: GitHubStandIn, env: Record<string, string> = {}): Promise<TestServer> {
  const t = await startTestServer({
    env: {
      GITHUB_API_URL: gh.apiUrl,
      GITHUB_APP_ID: APP_ID,
      GITHUB_APP_PRIVATE_KEY_FILE: key.file,
      SLACK_CHANNEL_NAME: 'security-reviews',
      ...env,
    },
  });
  cleanups.push(() => t.close());
  return t;
}

/** A click by an approver; Block's modal is submitted with a reason, as Slack would. */
async function click(t: TestServer, reviewId: string, button: 'false_positive' | 'block'): Promise<void> {
  const { click: res, submission } = await clickThrough(t, { reviewId, button, userId: APPROVER, reason: 'live key, rotate it' });
  expect(res.status).toBe(200);
  if (button === 'block') expect(submission?.status).toBe(200);
}

async function approve(t: TestServer, reviewId: string): Promise<void> {
  const res = await postToSlackRoute(
    t.url,
    '/slack/interactions',
    interactionBody(viewSubmissionPayload({ reviewId, userId: APPROVER, reason: 'test fixture, revoked' })),
    t.signingSecret,
  );
  expect(res.status).toBe(200);
}

const states = (gh: GitHubStandIn, sha: string, repository = 'acme/api') => gh.statusesOf(repository, sha).map((s) => s.state);

describe('commit status on GitHub', () => {
  it('sets pending when a review opens and success when it is approved, on the head and each commit with findings', async () => {
    const gh = await github();
    const t = await server(gh);
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ headSha: HEAD, commits: [OTHER] }));
    await gh.waitFor(() => states(gh, HEAD).length === 1 && states(gh, OTHER).length === 1, 10_000, 'the pending statuses');

    const pending = gh.statusesOf('acme/api', HEAD)[0]!;
    expect(pending).toMatchObject({ state: 'pending', context: STATUS_CONTEXT, targetUrl: review.url, auth: 'installation:77' });
    expect(pending.description).toContain('waiting for approval in #security-reviews');

    await approve(t, review.id);
    await gh.waitFor(() => states(gh, HEAD).length === 2 && states(gh, OTHER).length === 2, 10_000, 'the success statuses');
    expect(states(gh, HEAD)).toEqual(['pending', 'success']);
    expect(states(gh, OTHER)).toEqual(['pending', 'success']);
    expect(gh.statusesOf('acme/api', HEAD)[1]!.description).toContain('approved');
    // Every status and token call was authenticated by what the App holds; one token served them all.
    expect(gh.calls.every((c) => c.auth !== 'invalid' && c.auth !== 'none')).toBe(true);
    expect(gh.calls.filter((c) => c.path.endsWith('/access_tokens'))).toHaveLength(1);
    // Installation tokens stay in memory: not in the logs, not in the database.
    const issued = [...gh.issuedTokens.keys()];
    expect(issued).toHaveLength(1);
    expect(t.logs.join('\n')).not.toContain(issued[0]);
    await t.server.close();
    expect(readFileSync(t.dbPath).toString('latin1')).not.toContain(issued[0]);
  });

  it('sets success on a false positive and failure on a block', async () => {
    const gh = await github();
    const t = await server(gh);
    const fp = await createReview(t.url, t.apiToken, reviewRequest({ headSha: HEAD }));
    const blocked = await createReview(t.url, t.apiToken, reviewRequest({ headSha: OTHER }));
    await click(t, fp.review.id, 'false_positive');
    await click(t, blocked.review.id, 'block');
    await gh.waitFor(() => states(gh, HEAD).length === 2 && states(gh, OTHER).length === 2, 10_000, 'both decisions on GitHub');
    expect(states(gh, HEAD)).toEqual(['pending', 'success']);
    expect(states(gh, OTHER)).toEqual(['pending', 'failure']);
    expect(gh.statusesOf('acme/api', OTHER)[1]!.description).toContain('blocked');
  });

  it('sets failure when a review expires and when its job cancels it', async () => {
    const gh = await github();
    const t = await server(gh);
    await createReview(t.url, t.apiToken, reviewRequest({ headSha: HEAD, timeoutSeconds: 1 }));
    const cancelled = await createReview(t.url, t.apiToken, reviewRequest({ headSha: OTHER }));
    const r = await api(t.url, t.apiToken, 'POST', `/api/v1/reviews/${cancelled.review.id}/cancel`);
    expect(r.json['status']).toBe('cancelled');
    await gh.waitFor(() => states(gh, HEAD).length === 2 && states(gh, OTHER).length === 2, 15_000, 'expiry and cancel on GitHub');
    expect(states(gh, HEAD)).toEqual(['pending', 'failure']);
    expect(gh.statusesOf('acme/api', HEAD)[1]!.description).toContain('expired');
    expect(states(gh, OTHER)).toEqual(['pending', 'failure']);
  });

  it("sets failure, as for expiry, when the job's own timeout expires the review", async () => {
    const gh = await github();
    const t = await server(gh);
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ headSha: HEAD, timeoutSeconds: 600 }));
    const r = await api(t.url, t.apiToken, 'POST', `/api/v1/reviews/${review.id}/cancel`, { reason: 'timeout' });
    expect(r.json['status']).toBe('expired');
    await gh.waitFor(() => states(gh, HEAD).length === 2, 15_000, 'the expiry on GitHub');
    expect(states(gh, HEAD)).toEqual(['pending', 'failure']);
    expect(gh.statusesOf('acme/api', HEAD)[1]!.description).toContain('expired');
  });

  it('sets success at once for a review whose findings were all decided before', async () => {
    const gh = await github();
    const t = await server(gh);
    const first = reviewRequest({ headSha: HEAD });
    const { review } = await createReview(t.url, t.apiToken, first);
    await click(t, review.id, 'false_positive');
    // The worker is idle again before the remembered review arrives: its creation must wake it.
    await gh.waitFor(() => states(gh, HEAD).length === 2 && undeliveredStatusCount(t.db()) === 0, 10_000, 'the first review on GitHub');
    const again = await createReview(t.url, t.apiToken, { ...reviewRequest({ headSha: OTHER }), findings: first.findings });
    expect(again.review.status).toBe('false_positive');
    await gh.waitFor(() => states(gh, OTHER).length === 1, 10_000, 'the remembered success');
    expect(states(gh, OTHER)).toEqual(['success']);
  });

  it('a clean run reported by the Action becomes success, once, and cannot override a pending review', async () => {
    const gh = await github();
    // The runner's host: the runUrl must be a run on it.
    const t = await server(gh, { GITHUB_SERVER_URL: 'https://github.com' });
    const body = { repository: 'acme/api', sha: HEAD, ref: 'refs/heads/main', runUrl: 'https://github.com/acme/api/actions/runs/1' };
    const first = await api(t.url, t.apiToken, 'POST', '/api/v1/clean-runs', body);
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ repository: 'acme/api', sha: HEAD, commitStatus: true });
    const second = await api(t.url, t.apiToken, 'POST', '/api/v1/clean-runs', body);
    expect(second.status).toBe(200);
    await gh.waitFor(() => states(gh, HEAD).length === 1, 10_000, 'the clean-run status');

    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ headSha: OTHER }));
    const refused = await api(t.url, t.apiToken, 'POST', '/api/v1/clean-runs', { repository: 'acme/api', sha: OTHER });
    expect(refused.status).toBe(409);
    expect(String(refused.json['message'])).toContain('pending');
    await click(t, review.id, 'block');
    await gh.waitFor(() => states(gh, OTHER).length === 2 && undeliveredStatusCount(t.db()) === 0, 10_000, 'the block on GitHub');

    expect(gh.statusesOf('acme/api', HEAD)).toMatchObject([{ state: 'success', context: STATUS_CONTEXT, targetUrl: body.runUrl }]);
    expect(states(gh, OTHER)).toEqual(['pending', 'failure']);
  });

  it('refuses a clean run without credentials, and one with a malformed sha', async () => {
    const gh = await github();
    const t = await server(gh);
    const anonymous = await fetch(`${t.url}/api/v1/clean-runs`, { method: 'POST', body: JSON.stringify({ repository: 'acme/api', sha: HEAD }) });
    expect(anonymous.status).toBe(401);
    const bad = await api(t.url, t.apiToken, 'POST', '/api/v1/clean-runs', { repository: 'acme/api', sha: 'main' });
    expect(bad.status).toBe(400);
    expect(String(bad.json['message'])).toContain('sha');
    expect(gh.calls).toHaveLength(0);
  });

  it('refuses a clean run whose runUrl is not a run of the repository on the configured GitHub, and links one that is', async () => {
    const gh = await github();
    const t = await server(gh, { GITHUB_SERVER_URL: 'https://github.example.com' });
    const refused: [string, string][] = [
      ['https://evil.example/acme/api/actions/runs/1', 'runUrl is on https://evil.example, not on https://github.example.com'],
      ['https://github.com/acme/api/actions/runs/1', 'runUrl is on https://github.com, not on https://github.example.com'],
      ['https://github.example.com.evil.example/acme/api/actions/runs/1', 'runUrl is on https://github.example.com.evil.example'],
      ['https://user:pw@github.example.com/acme/api/actions/runs/1', 'runUrl must not hold a user name or password'],
      ['https://github.example.com/mallory/phish/actions/runs/1', 'runUrl must be a workflow run of acme/api'],
      ['https://github.example.com/acme/api/actions/runs/1/../../../../mallory/phish', 'runUrl must be a workflow run of acme/api'],
      ['https://github.example.com/acme/api/pulls', 'runUrl must be a workflow run of acme/api'],
    ];
    for (const [runUrl, message] of refused) {
      const r = await api(t.url, t.apiToken, 'POST', '/api/v1/clean-runs', { repository: 'acme/api', sha: HEAD, runUrl });
      expect(r.status, runUrl).toBe(400);
      expect(r.json, runUrl).toMatchObject({ error: 'invalid_request' });
      expect(String(r.json['message']), runUrl).toContain(message);
    }
    // Nothing was recorded for the refused reports: no audit event, no status.
    expect(t.db().prepare("SELECT COUNT(*) AS n FROM audit_events WHERE type = 'clean_run.reported'").get<{ n: number }>()!.n).toBe(0);

    const runUrl = 'https://github.example.com/acme/api/actions/runs/42/attempts/2';
    expect((await api(t.url, t.apiToken, 'POST', '/api/v1/clean-runs', { repository: 'acme/api', sha: HEAD, runUrl })).status).toBe(201);
    await gh.waitFor(() => states(gh, HEAD).length === 1, 10_000, 'the clean-run status');
    expect(gh.statusesOf('acme/api', HEAD)).toMatchObject([{ state: 'success', targetUrl: runUrl }]);
  });

  it('delivers statuses in order and exactly once after GitHub answers 500 for a while', async () => {
    const gh = await github();
    gh.fail({ status: 500, count: 6 });
    const t = await server(gh);
    const ids: string[] = [];
    const shas = [HEAD, OTHER, 'c0ffee0000000000000000000000000000000003'];
    for (const sha of shas) ids.push((await createReview(t.url, t.apiToken, reviewRequest({ headSha: sha }))).review.id);
    // Decide while the first statuses are still failing: success and failure queue behind pending.
    await click(t, ids[0]!, 'false_positive');
    await click(t, ids[1]!, 'block');
    await api(t.url, t.apiToken, 'POST', `/api/v1/reviews/${ids[2]}/cancel`);
    await gh.waitFor(() => undeliveredStatusCount(t.db()) === 0, 30_000, 'the statuses to drain');

    expect(gh.calls.filter((c) => c.status === 500).length).toBe(6);
    expect(states(gh, shas[0]!)).toEqual(['pending', 'success']);
    expect(states(gh, shas[1]!)).toEqual(['pending', 'failure']);
    expect(states(gh, shas[2]!)).toEqual(['pending', 'failure']);
  });

  it('never lets a success overtake the retry of an earlier pending on the same commit', async () => {
    const gh = await github();
    // Pending statuses fail until released; a success would go through at once if it could.
    gh.fail({ status: 500, states: ['pending'] });
    const t = await server(gh);
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ headSha: HEAD }));
    await gh.waitFor(() => gh.calls.some((c) => c.status === 500), 10_000, 'the pending refused');
    await click(t, review.id, 'false_positive');
    // Two more refused retries of the pending after the decision: time enough for the worker to
    // have sent the success, had it been allowed to skip ahead.
    const refusedBefore = gh.calls.filter((c) => c.status === 500).length;
    await gh.waitFor(() => gh.calls.filter((c) => c.status === 500).length >= refusedBefore + 2, 10_000, 'two more refused retries');
    expect(gh.statuses).toHaveLength(0);
    gh.clearFaults();
    await gh.waitFor(() => undeliveredStatusCount(t.db()) === 0, 10_000, 'the statuses to drain');
    expect(states(gh, HEAD)).toEqual(['pending', 'success']);
  });

  it('waits out a 429 and then delivers each status once, in order', async () => {
    const gh = await github();
    gh.fail({ status: 429, retryAfterSeconds: 1, count: 2 });
    const t = await server(gh);
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ headSha: HEAD }));
    await click(t, review.id, 'block');
    await gh.waitFor(() => undeliveredStatusCount(t.db()) === 0, 15_000, 'the statuses after the rate limit');
    expect(gh.calls.filter((c) => c.status === 429)).toHaveLength(2);
    expect(states(gh, HEAD)).toEqual(['pending', 'failure']);
  });

  it('fetches a new installation token when the cached one is close to expiry', async () => {
    // Tokens that live four minutes are always inside the five-minute refresh margin.
    const gh = await GitHubStandIn.start({ appId: APP_ID, publicKey: key.publicKey, installations: { 'acme/api': 77 }, tokenLifetimeMs: 4 * 60_000 });
    cleanups.push(() => gh.close());
    const t = await server(gh);
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ headSha: HEAD }));
    await click(t, review.id, 'false_positive');
    await gh.waitFor(() => states(gh, HEAD).length === 2, 10_000, 'both statuses');
    const tokens = gh.calls.filter((c) => c.path.endsWith('/access_tokens'));
    expect(tokens).toHaveLength(2);
    // The installation was looked up once and remembered.
    expect(gh.calls.filter((c) => c.path === '/repos/acme/api/installation')).toHaveLength(1);
    expect(new Set(gh.statusesOf('acme/api', HEAD).map((x) => x.auth))).toEqual(new Set(['installation:77']));
  });

  it('keeps undelivered statuses across a restart and delivers them in order', async () => {
    const gh = await github();
    gh.fail({ status: 503, forMs: 60_000 });
    const shared = tempDir();
    cleanups.push(() => rmSync(shared, { recursive: true, force: true }));
    const env = { GITHUB_API_URL: gh.apiUrl, GITHUB_APP_ID: APP_ID, GITHUB_APP_PRIVATE_KEY_FILE: key.file };
    const slack = await SlackStandIn.start({ token: TEST_BOT_TOKEN });
    cleanups.push(() => slack.close());
    const first = await startTestServer({ env, dir: shared, slack });
    const { review } = await createReview(first.url, first.apiToken, reviewRequest({ headSha: HEAD }));
    await click(first, review.id, 'false_positive');
    await gh.waitFor(() => gh.calls.some((c) => c.status === 503), 10_000, 'a failed status call');
    await first.close();
    expect(gh.statuses).toHaveLength(0);

    gh.clearFaults();
    const second = await startTestServer({ env, dir: shared, slack });
    cleanups.push(() => second.close());
    await gh.waitFor(() => undeliveredStatusCount(second.db()) === 0, 15_000, 'the statuses after restart');
    expect(states(gh, HEAD)).toEqual(['pending', 'success']);
  });

  it('a repository the App is not installed on: the review still decides; the audit log and the Slack thread say why', async () => {
    const gh = await github({ 'acme/other': 5 });
    const t = await server(gh);
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ repository: 'acme/api', headSha: HEAD, commits: [OTHER] }));
    await click(t, review.id, 'false_positive');
    const after = await api(t.url, t.apiToken, 'GET', `/api/v1/reviews/${review.id}`);
    expect(after.json['status']).toBe('false_positive');

    await gh.waitFor(() => undeliveredStatusCount(t.db()) === 0, 10_000, 'the status rows to close');
    const failed = auditEventsOfReview(t.db(), review.id).filter((e) => e.type === 'github.status_failed');
    // One event per state (pending, then success), not one per commit.
    expect(failed.map((e) => e.data['state'])).toEqual(['pending', 'success']);
    expect(failed[0]!.data).toMatchObject({ repository: 'acme/api', sha: HEAD, notInstalled: true });
    expect(String(failed[0]!.data['reason'])).toContain('not installed on acme/api');
    expect(verifyAuditChain(t.db()).ok).toBe(true);

    await t.slack.waitFor(
      () => t.slack.delivered('chat.postMessage').some((c) => c.args['thread_ts'] && String(c.args['text']).includes('not installed')),
      10_000,
      'the thread reply about the missing installation',
    );
    const warnings = t.slack.delivered('chat.postMessage').filter((c) => String(c.args['text']).includes('Could not set'));
    expect(warnings).toHaveLength(1);
    expect(gh.statuses).toHaveLength(0);
    expect(gh.calls.some((c) => c.path === '/repos/acme/api/installation' && c.status === 404)).toBe(true);
  });

  it('notices an App removed after its token was cached, and a new installation afterwards', async () => {
    const gh = await github();
    const t = await server(gh);
    const first = await createReview(t.url, t.apiToken, reviewRequest({ headSha: HEAD }));
    await gh.waitFor(() => states(gh, HEAD).length === 1, 10_000, 'the pending status');

    gh.setInstallation('acme/api', null);
    await click(t, first.review.id, 'false_positive');
    await gh.waitFor(() => undeliveredStatusCount(t.db()) === 0, 10_000, 'the success row to close');
    expect(states(gh, HEAD)).toEqual(['pending']);
    const failed = auditEventsOfReview(t.db(), first.review.id).filter((e) => e.type === 'github.status_failed');
    expect(failed.map((e) => e.data['notInstalled'])).toEqual([true]);

    gh.setInstallation('acme/api', 78);
    await createReview(t.url, t.apiToken, reviewRequest({ headSha: OTHER }));
    await gh.waitFor(() => states(gh, OTHER).length === 1, 10_000, 'the pending status through the new installation');
    expect(gh.statusesOf('acme/api', OTHER)[0]!.auth).toBe('installation:78');
  });

  it('uses a plain token when GITHUB_TOKEN is set instead of an App', async () => {
    const token = 'ghp_standinTokenForStatuses0123456789';
    const gh = await github({}, token);
    const t = await startTestServer({ env: { GITHUB_API_URL: gh.apiUrl, GITHUB_TOKEN: token } });
    cleanups.push(() => t.close());
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ headSha: HEAD }));
    await click(t, review.id, 'block');
    await gh.waitFor(() => states(gh, HEAD).length === 2, 10_000, 'statuses set with the token');
    expect(states(gh, HEAD)).toEqual(['pending', 'failure']);
    expect(gh.statusesOf('acme/api', HEAD).every((s) => s.auth === 'token')).toBe(true);
    expect(gh.statusesOf('acme/api', HEAD)[0]!.description).toContain('waiting for approval in Slack');
    expect(t.logs.join('\n')).not.toContain(token);
    expect(t.logs.some((l) => l.includes('"msg":"commit statuses on"') && l.includes('"githubAuth":"token"'))).toBe(true);
  });
});
