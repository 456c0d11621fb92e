// A Block is final for every commit it covers (invariant 4): the real server on loopback, a real
// SQLite file, the Slack stand-in for the clicks and the GitHub stand-in recording every commit
// status. Each path that could post `success` over a Block's `failure` is tried: a new review
// answered by decisions remembered elsewhere, a clean run of the head, a clean run of a commit
// the blocked review listed. Only a person deciding a later review lifts the Block.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreateReviewRequest } from '../../shared/contract.js';
import { undeliveredStatusCount } from '../../server/store/status-outbox.js';
import { auditEventsOfReview, verifyAuditChain } from '../../server/store/audit.js';
import { openStore } from '../../server/store/db.js';
import { migrations, schemaVersion } from '../../server/store/migrations.js';
import { openDatabase } from '../../server/store/sqlite.js';
import { GitHubStandIn, writeAppKey, type AppKey } from '../support/github-standin.js';
import { api, APPROVER, createReview, reviewRequest, startTestServer, tempDir, type TestServer } from '../support/server-harness.js';
import { clickThrough } from '../support/slack-clicks.js';

const APP_ID = '4343';
const BLOCKED_HEAD = 'b10c0000000000000000000000000000000000a1';
const BLOCKED_LISTED = 'b10c0000000000000000000000000000000000a2';
const ELSEWHERE = 'e15e0000000000000000000000000000000000b1';
const LATER_HEAD = '1a7e0000000000000000000000000000000000c1';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

let key: AppKey;
beforeEach(() => {
  const dir = tempDir('secretgate-block-');
  key = writeAppKey(dir);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
});

async function setup(): Promise<{ gh: GitHubStandIn; t: TestServer }> {
  const gh = await GitHubStandIn.start({ appId: APP_ID, publicKey: key.publicKey, installations: { 'acme/api': 77 } });
  cleanups.push(() => gh.close());
  const t = await startTestServer({ env: { GITHUB_API_URL: gh.apiUrl, GITHUB_APP_ID: APP_ID, GITHUB_APP_PRIVATE_KEY_FILE: key.file } });
  cleanups.push(() => t.close());
  return { gh, t };
}

async function decide(t: TestServer, reviewId: string, button: 'approve' | 'false_positive' | 'block'): Promise<void> {
  const { click, submission } = await clickThrough(t, { reviewId, button, userId: APPROVER, reason: 'decided in a test' });
  expect(click.status).toBe(200);
  if (button !== 'false_positive') expect(submission?.status).toBe(200);
  const r = await api(t.url, t.apiToken, 'GET', `/api/v1/reviews/${reviewId}`);
  expect(r.json['status']).toBe({ approve: 'approved', false_positive: 'false_positive', block: 'rejected' }[button]);
}

const states = (gh: GitHubStandIn, sha: string) => gh.statusesOf('acme/api', sha).map((s) => s.state);
const drained = (gh: GitHubStandIn, t: TestServer, what: string) => gh.waitFor(() => undeliveredStatusCount(t.db()) === 0, 10_000, what);

/**
 * The attack's setting: a review of BLOCKED_HEAD (listing BLOCKED_LISTED) is blocked by a person;
 * later the same finding is marked false positive in a review of another commit, so its
 * fingerprint is remembered as a false positive. Returns the finding and the blocked review.
 */
async function blockedThenRememberedElsewhere(gh: GitHubStandIn, t: TestServer): Promise<{ finding: CreateReviewRequest['findings']; blockedId: string }> {
  const first = reviewRequest({ headSha: BLOCKED_HEAD, commits: [BLOCKED_LISTED] });
  const blocked = await createReview(t.url, t.apiToken, first);
  await decide(t, blocked.review.id, 'block');
  const elsewhere = await createReview(t.url, t.apiToken, { ...reviewRequest({ headSha: ELSEWHERE }), findings: first.findings });
  expect(elsewhere.review.status).toBe('pending');
  await decide(t, elsewhere.review.id, 'false_positive');
  await drained(gh, t, 'the block and the false positive on GitHub');
  expect(states(gh, BLOCKED_HEAD)).toEqual(['pending', 'failure']);
  expect(states(gh, BLOCKED_LISTED)).toEqual(['pending', 'failure']);
  expect(states(gh, ELSEWHERE)).toEqual(['pending', 'success']);
  return { finding: first.findings, blockedId: blocked.review.id };
}

const refusals = (t: TestServer) =>
  t
    .db()
    .prepare("SELECT review_id, actor, data FROM audit_events WHERE type = 'clean_run.refused' ORDER BY seq")
    .all<{ review_id: string; actor: string; data: string }>()
    .map((r) => ({ reviewId: r.review_id, actor: r.actor, ...(JSON.parse(r.data) as Record<string, unknown>) }));

describe('a Block is final for every commit it covers', () => {
  it('a new review of the blocked head, whose only finding is remembered as a false positive, waits for a person and posts no success', async () => {
    const { gh, t } = await setup();
    const { finding, blockedId } = await blockedThenRememberedElsewhere(gh, t);

    const again = await createReview(t.url, t.apiToken, { ...reviewRequest({ headSha: BLOCKED_HEAD }), findings: finding });
    expect(again.review.status).toBe('pending');
    await drained(gh, t, 'the status of the new review');
    // Still failed: the new review's status is a failure that names it, never a success.
    expect(states(gh, BLOCKED_HEAD)).toEqual(['pending', 'failure', 'failure']);
    const latest = gh.statusesOf('acme/api', BLOCKED_HEAD).at(-1)!;
    expect(latest.description).toMatch(/^Blocked before; 1 finding: waiting for approval/);
    expect(latest.targetUrl).toBe(again.review.url);
    // The approvers are asked, and told why a remembered finding asks again.
    await t.slack.waitFor(
      (s) => s.delivered('chat.postMessage').some((c) => c.args['thread_ts'] && String(c.args['text']).includes('was blocked in an earlier review')),
      10_000,
      'the note in the new review thread',
    );
    const created = auditEventsOfReview(t.db(), again.review.id).find((e) => e.type === 'review.created')!;
    expect(created.data['blocked']).toEqual({ sha: BLOCKED_HEAD, reviewId: blockedId });
    expect(auditEventsOfReview(t.db(), again.review.id).some((e) => e.type === 'review.remembered')).toBe(false);

    // Nor can the job claim the commit clean now that a newer review of it exists.
    const clean = await api(t.url, t.apiToken, 'POST', '/api/v1/clean-runs', { repository: 'acme/api', sha: BLOCKED_HEAD });
    expect(clean.status).toBe(409);
    expect(String(clean.json['message'])).toContain('was blocked');

    // A person deciding the new review is what lets the commit through.
    await decide(t, again.review.id, 'approve');
    await drained(gh, t, 'the approval on GitHub');
    expect(states(gh, BLOCKED_HEAD)).toEqual(['pending', 'failure', 'failure', 'success']);
    expect(verifyAuditChain(t.db()).ok).toBe(true);
  });

  it('a new review that lists a blocked commit among its commits is not answered by remembered decisions either', async () => {
    const { gh, t } = await setup();
    const { finding } = await blockedThenRememberedElsewhere(gh, t);

    const again = await createReview(t.url, t.apiToken, { ...reviewRequest({ headSha: LATER_HEAD, commits: [BLOCKED_LISTED] }), findings: finding });
    expect(again.review.status).toBe('pending');
    await drained(gh, t, 'the status of the new review');
    expect(states(gh, BLOCKED_LISTED)).toEqual(['pending', 'failure', 'failure']);
    // The head it was pushed with is not blocked: it waits, as any review's head does.
    expect(states(gh, LATER_HEAD)).toEqual(['pending']);
  });

  it('refuses a clean run of the blocked head and of a commit the blocked review listed, with 409 and an audit event', async () => {
    const { gh, t } = await setup();
    const { blockedId } = await blockedThenRememberedElsewhere(gh, t);
    const sent = gh.statuses.length;

    const answers = [];
    for (const sha of [BLOCKED_HEAD, BLOCKED_LISTED]) answers.push(await api(t.url, t.apiToken, 'POST', '/api/v1/clean-runs', { repository: 'acme/api', sha }));
    expect(answers.map((r) => r.status)).toEqual([409, 409]);
    for (const r of answers) {
      expect(r.json).toMatchObject({ error: 'conflict' });
      expect(String(r.json['message'])).toContain('was blocked');
    }
    expect(refusals(t)).toEqual([
      { reviewId: blockedId, actor: expect.stringMatching(/^token:/), repository: 'acme/api', sha: BLOCKED_HEAD, status: 'rejected', runUrl: null },
      { reviewId: blockedId, actor: expect.stringMatching(/^token:/), repository: 'acme/api', sha: BLOCKED_LISTED, status: 'rejected', runUrl: null },
    ]);
    expect(t.db().prepare('SELECT COUNT(*) AS n FROM clean_runs').get<{ n: number }>()!.n).toBe(0);
    await drained(gh, t, 'anything queued');
    expect(gh.statuses.length).toBe(sent);
    expect(states(gh, BLOCKED_LISTED)).toEqual(['pending', 'failure']);
  });

  it('a person approving a later review of the listed commit lifts its Block: a clean run is accepted again', async () => {
    const { gh, t } = await setup();
    await blockedThenRememberedElsewhere(gh, t);
    const later = await createReview(t.url, t.apiToken, reviewRequest({ headSha: LATER_HEAD, commits: [BLOCKED_LISTED] }));
    await decide(t, later.review.id, 'false_positive');
    const clean = await api(t.url, t.apiToken, 'POST', '/api/v1/clean-runs', { repository: 'acme/api', sha: BLOCKED_LISTED });
    expect(clean.status).toBe(201);
    await drained(gh, t, 'the statuses after the person decided');
    expect(states(gh, BLOCKED_LISTED)).toEqual(['pending', 'failure', 'failure', 'success', 'success']);
    // The head stays blocked: the later review did not cover it.
    expect((await api(t.url, t.apiToken, 'POST', '/api/v1/clean-runs', { repository: 'acme/api', sha: BLOCKED_HEAD })).status).toBe(409);
  });
});

describe('migration 6: the Blocks already decided', () => {
  const review = (id: string, o: { head: string; commits?: string[]; status: string; by: string; at: string; remembered?: boolean }) => [
    id,
    `key-${id}`,
    'acme/api',
    o.head,
    JSON.stringify(o.commits ?? []),
    'token:x',
    o.status,
    o.remembered ? 1 : 0,
    o.at,
    o.by,
    o.at,
  ];

  it('records each commit whose newest decision by a person was a Block', () => {
    const dir = tempDir('secretgate-block-migration-');
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'v5.db');
    const old = openDatabase(path);
    old.transaction(() => {
      for (const [i, sql] of migrations.slice(0, 5).entries()) {
        old.exec(sql);
        old.exec(`PRAGMA user_version = ${i + 1}`);
      }
      const insert = old.prepare(
        `INSERT INTO reviews (id, idempotency_key, repository, head_sha, commits, requested_by, status, remembered, finding_count,
           created_at, deadline_ms, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, 0, ?, ?)`,
      );
      // Blocked: its head and the commit it listed (upper case, as a caller may send it).
      insert.run(...review('blocked', { head: BLOCKED_HEAD, commits: [BLOCKED_LISTED.toUpperCase(), 'abc1234'], status: 'rejected', by: 'U1', at: '2026-01-01T00:00:00.000Z' }));
      // Later answered by remembered decisions: that lifts nothing.
      insert.run(...review('remembered', { head: BLOCKED_HEAD, status: 'false_positive', by: 'system', remembered: true, at: '2026-01-02T00:00:00.000Z' }));
      // Later let through by a person: lifts the Block on the commit it covered.
      insert.run(...review('approved', { head: LATER_HEAD, commits: [BLOCKED_LISTED], status: 'approved', by: 'U2', at: '2026-01-03T00:00:00.000Z' }));
      // Blocked, then let through by a person on a review of the same head.
      insert.run(...review('old-block', { head: ELSEWHERE, status: 'rejected', by: 'U1', at: '2026-01-01T00:00:00.000Z' }));
      insert.run(...review('new-approval', { head: ELSEWHERE, status: 'approved', by: 'U2', at: '2026-01-04T00:00:00.000Z' }));
    });
    old.close();

    const db = openStore(path);
    cleanups.push(() => db.close());
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.prepare('SELECT repository, sha, review_id, blocked_at FROM blocked_commits ORDER BY sha').all()).toEqual([
      { repository: 'acme/api', sha: BLOCKED_HEAD, review_id: 'blocked', blocked_at: '2026-01-01T00:00:00.000Z' },
    ]);
  });
});
