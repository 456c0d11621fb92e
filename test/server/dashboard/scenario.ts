// A real server with the dashboard on, holding reviews made the way production makes them: the
// engine scans planted credentials, the findings go through the API, and approvers decide by
// signed Slack clicks. Used by the browser test and the no-secrets test.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createDetector } from '../../../action/engine/detect.js';
import { defaultRules } from '../../../action/engine/rules/index.js';
import { toFindingPayload } from '../../../action/review-request.js';
import type { ReviewResponse } from '../../../shared/contract.js';
import { api, APPROVER, createReview, reviewRequest, startTestServer, type TestServer } from '../../support/server-harness.js';
import { plantedSource } from '../../support/planted.js';
import { blockActionPayload, interactionBody, postToSlackRoute, viewSubmissionPayload } from '../../support/slack-signing.js';

export const DASHBOARD_TOKEN = 'dash-browser-token-7c2e91f04ab35d68';
export const HEAD = '9f3c2b1a0e4d5c6b7a8990a1b2c3d4e5f6071829';
export const APPROVAL_REASON = 'Test fixture keys, revoked at the provider';
export const BLOCK_REASON = 'A live deploy key: rotate it, then remove it from history';

export interface Scenario {
  t: TestServer;
  /** Approved with a reason; its findings came from the engine scanning planted credentials. */
  approved: ReviewResponse;
  /** Blocked by a click. */
  blocked: ReviewResponse;
  /** Still waiting. */
  pending: ReviewResponse;
  findingCount: number;
}

async function slackClick(t: TestServer, payload: Record<string, unknown>): Promise<void> {
  const res = await postToSlackRoute(t.url, '/slack/interactions', interactionBody(payload), t.signingSecret);
  if (res.status !== 200) {
    const errors = t.logs.filter((l) => l.includes('"level":"error"')).slice(-3);
    throw new Error(`Slack interaction answered ${res.status}: ${await res.text()}\nserver errors: ${errors.join('')}`);
  }
}

async function waitForStatus(t: TestServer, id: string, status: string): Promise<ReviewResponse> {
  for (let i = 0; i < 20; i++) {
    const r = await api(t.url, t.apiToken, 'GET', `/api/v1/reviews/${id}?wait=1`);
    if (r.json['status'] === status) return r.json as unknown as ReviewResponse;
  }
  throw new Error(`review ${id} did not become ${status}`);
}

/** A port nothing listens on right now, so the public URL can name the server's real address. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((res) => probe.listen(0, '127.0.0.1', res));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((res) => probe.close(() => res()));
  return port;
}

export async function startScenario(env: Record<string, string> = {}): Promise<Scenario> {
  const port = await freePort();
  const t = await startTestServer({
    env: { PORT: String(port), SECRETGATE_PUBLIC_URL: `http://127.0.0.1:${port}/`, SECRETGATE_DASHBOARD_TOKEN: DASHBOARD_TOKEN, ...env },
  });
  try {
    // Fingerprinted as a gate job does: with the key the server hands out for the repository.
    const key = await api(t.url, t.apiToken, 'GET', '/api/v1/fingerprint-key?repository=acme/payments');
    const detector = createDetector({ rules: defaultRules, fingerprintKey: Buffer.from(String(key.json['key']), 'base64') });
    const raw = detector.detect({ file: 'deploy/settings.env', text: plantedSource(), commit: HEAD, author: 'Octo Cat', startLine: 14 });
    if (raw.length < 3) throw new Error(`the engine found only ${raw.length} planted credentials`);
    const findings = raw.map(toFindingPayload);

    const approved = await createReview(
      t.url,
      t.apiToken,
      reviewRequest({
        repository: 'acme/payments',
        ref: 'refs/heads/release/2026-11',
        headSha: HEAD,
        commits: [HEAD],
        pullRequest: 412,
        runUrl: 'https://github.com/acme/payments/actions/runs/11893324/attempts/1',
        actor: 'octocat',
        findings,
      }),
    );
    const blocked = await createReview(t.url, t.apiToken, reviewRequest({ repository: 'acme/web' }));
    const pending = await createReview(t.url, t.apiToken, reviewRequest({ repository: 'globex/infra' }));
    await t.slack.waitFor((s) => s.delivered('chat.postMessage').length >= 3, 10_000, 'the three review messages');

    await slackClick(t, blockActionPayload({ reviewId: approved.review.id, button: 'approve', userId: APPROVER, userName: 'ada.lovelace' }));
    await slackClick(t, viewSubmissionPayload({ reviewId: approved.review.id, userId: APPROVER, reason: APPROVAL_REASON }));
    // Block, like Approve, asks why in a modal; its submission decides.
    await slackClick(t, blockActionPayload({ reviewId: blocked.review.id, button: 'block', userId: APPROVER, userName: 'ada.lovelace' }));
    await slackClick(t, viewSubmissionPayload({ reviewId: blocked.review.id, userId: APPROVER, reason: BLOCK_REASON, button: 'block' }));
    return {
      t,
      approved: await waitForStatus(t, approved.review.id, 'approved'),
      blocked: await waitForStatus(t, blocked.review.id, 'rejected'),
      pending: pending.review,
      findingCount: findings.length,
    };
  } catch (err) {
    await t.close();
    throw err;
  }
}
